"""The redact stage, `fine-prep redact`, the residual scanner, offline tldextract, and no leaks."""

from __future__ import annotations

import json
import logging
import socket

import pytest
from click.testing import CliRunner

from fine_prep.pii.scan import ResidualScanner
from fine_prep.pii.stage import RedactConfig
from fine_prep.record import Example, Message, Source

PLANTED = {
    "HK_ID": "A123456(3)",
    "HK_PHONE": "9123 4567",
    "EMAIL_ADDRESS": "kelvin.lee@netvigator.com",
    "CREDIT_CARD": "4111 1111 1111 1111",
    "HK_BANK_ACCOUNT": "004-123-456789",
    "HK_PASSPORT": "K12345678",
    "PERSON": "陳大文",
    "PERSON_TITLE": "黃小姐",
}
USER = (
    f"Hi, I'm Kelvin Lee. HKID {PLANTED['HK_ID']}, phone {PLANTED['HK_PHONE']}, email {PLANTED['EMAIL_ADDRESS']}, "
    f"card {PLANTED['CREDIT_CARD']}, refund to account {PLANTED['HK_BANK_ACCOUNT']}, passport {PLANTED['HK_PASSPORT']}. "
    f"我係{PLANTED['PERSON']}，{PLANTED['PERSON_TITLE']}介紹嘅。"
)
ASSISTANT = "Dear Kelvin Lee, thanks for ordering Iron Goddess Oolong (HK$268). Harbour Lane Tea Co."
VALUES = list(PLANTED.values()) + ["Kelvin Lee", "Kelvin", "91234567", "4111111111111111"]


def _rows(n: int = 3) -> list[dict]:
    return [
        Example(
            f"t-{i:012d}",
            [Message("user", USER), Message("assistant", ASSISTANT)],
            Source("test", "in.jsonl", ref=str(i)),
        ).to_dict()
        for i in range(n)
    ]


def test_stage_meta_and_counts(redact_stage):
    ex = Example.from_dict(_rows(1)[0])
    result = redact_stage.process([ex])
    out = result.kept[0]
    text = json.dumps(out.to_dict(), ensure_ascii=False)
    for v in VALUES:
        assert v not in text
    assert out.meta["pii"]["PERSON"] >= 2
    for entity in PLANTED:
        assert out.meta["pii"].get(entity, 0) >= 1, entity
        assert result.counts[f"entity:{entity}"] >= 1
    assert result.counts["recognizer:HkidRecognizer"] == 1
    assert result.counts["recognizer:ChineseNameRecognizer"] >= 2
    assert "Harbour Lane Tea Co." in out.messages[1].content
    assert "HK$268" in out.messages[1].content and "Iron Goddess Oolong" in out.messages[1].content
    for key in result.counts:
        assert not any(v in key for v in VALUES)


def test_meta_counts_survive_a_second_run(redact_stage):
    ex = Example.from_dict(_rows(1)[0])
    once = redact_stage.process([ex]).kept[0]
    first = dict(once.meta["pii"])
    twice = redact_stage.process([Example.from_dict(once.to_dict())]).kept[0]
    assert twice.meta["pii"] == first
    assert [m.content for m in twice.messages] == [m.content for m in once.messages]


def test_entities_can_be_switched_off():
    from fine_prep.pii.stage import RedactStage

    stage = RedactStage(RedactConfig(entities=("HK_ID",), model=""))
    out = stage.process([Example.from_dict(_rows(1)[0])]).kept[0]
    assert PLANTED["HK_ID"] not in out.messages[0].content
    assert PLANTED["HK_PHONE"] in out.messages[0].content


def test_hash_mode_needs_salt():
    from fine_prep.errors import ConfigError
    from fine_prep.pii.stage import RedactStage

    with pytest.raises(ConfigError, match="salt"):
        RedactStage(RedactConfig(mode="hash"))


def test_stage_registered():
    from fine_prep.config import load_builtins
    from fine_prep.stage import STAGES

    load_builtins()
    spec = STAGES.get("redact")
    assert (spec.kind, spec.order, spec.redacts) == ("example", 20, True)


def test_cli_redact_replaces_everything_and_leaks_nothing(tmp_path, caplog):
    from fine_prep.cli.app import main

    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in _rows()) + "\n{broken\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(
        main, ["redact", str(src), "-o", str(out), "--workers", "1", "--keep", "Harbour Lane Tea Co."]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 3
    outputs = [out.read_text("utf-8"), result.output, caplog.text]
    rejects = tmp_path / "out.rejects.jsonl"
    if rejects.exists():
        outputs.append(rejects.read_text("utf-8"))
    for blob in outputs:
        for v in VALUES:
            assert v not in blob
    assert "redact:" in result.output and "HK_ID 3" in result.output
    assert all(r["messages"][1]["content"].endswith("Harbour Lane Tea Co.") for r in rows)


def test_errors_do_not_quote_values():
    from fine_prep.errors import ConfigError
    from fine_prep.pii.engine import PiiEngine

    with pytest.raises(ConfigError) as err:
        PiiEngine(entities=("HK_ID", PLANTED["PERSON"]))
    # The unknown entity name is user config, not input data; input values never reach errors.
    assert "unknown entity type" in str(err.value)


def test_residual_scanner_api():
    scanner = ResidualScanner(None)
    assert {"HK_ID", "HK_PHONE", "EMAIL_ADDRESS", "CREDIT_CARD", "HK_BANK_ACCOUNT", "HK_PASSPORT"} <= set(
        ResidualScanner.entity_types
    )
    hits = scanner.scan(USER)
    found = {USER[s:e]: t for t, s, e in hits}
    for entity in (
        "HK_ID",
        "HK_PHONE",
        "EMAIL_ADDRESS",
        "CREDIT_CARD",
        "HK_BANK_ACCOUNT",
        "HK_PASSPORT",
        "PERSON_TITLE",
    ):
        assert found.get(PLANTED[entity]) == entity, (entity, found.values())
    assert all(isinstance(t, str) and isinstance(s, int) and isinstance(e, int) for t, s, e in hits)


def test_residual_scanner_quiet_on_redacted_text(redact_stage):
    out = redact_stage.process([Example.from_dict(_rows(1)[0])]).kept[0]
    scanner = ResidualScanner(RedactConfig())
    assert scanner.scan(out.messages[0].content) == []
    assert ResidualScanner(RedactConfig(keep=("9123 4567",))).scan("hotline 9123-4567") == []


def test_residual_scanner_uses_config_entities():
    from fine_prep.config import Config

    cfg = Config({"redact": RedactConfig(entities=("EMAIL_ADDRESS",))})
    assert [t for t, _, _ in ResidualScanner(cfg).scan(USER)] == ["EMAIL_ADDRESS"]


def test_email_check_never_touches_network(monkeypatch, tmp_path):
    """tldextract must use its bundled suffix-list snapshot: no socket, no cache file."""
    from fine_prep.pii import rules

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    rules._tld_extractor.cache_clear()
    assert rules.email_valid("someone@mail.gmail.com") is True
    assert rules.email_valid("someone@shop.com.hk") is True
    assert rules.email_valid("ada@harbourlanetea.example") is None
    assert attempts == []
    assert not (tmp_path / "cache").exists() and not (tmp_path / "xdg").exists()


def test_long_document_is_analysed_in_pieces(pii_engine):
    # Three NER pieces (the engine cuts at 20,000 characters, far below spaCy's 1,000,000 limit);
    # names in the last piece keep their offsets.
    from fine_prep.pii.engine import _pieces

    filler = "We sell Iron Goddess Oolong at HK$268 per tin.\n" * 1000
    text = filler + "Regards,\nPeter Chan Tai Man, 9123 4567"
    found = pii_engine.analyze([text])[0]
    got = {(m.entity, text[m.start : m.end]) for m in found}
    assert ("PERSON", "Peter Chan Tai Man") in got and ("HK_PHONE", "9123 4567") in got
    pieces = _pieces(text, 20_000)
    assert len(pieces) == 3 and "".join(p for _, p in pieces) == text
    assert all(text[off : off + len(p)] == p for off, p in pieces)


def test_long_unbroken_runs_do_not_stall_ner(redact_stage):
    # A deep '>>>>' quote on one 40 KB line made spaCy's tokenizer take about a minute; the run
    # is blanked for NER (offsets kept), so names around it are still found and it takes ms.
    text = "Dear Mary Chan,\n" + ">" * 40_000 + "\nCall Peter Wong on 9123 4567."
    ex = Example("t-long", [Message("user", "hi"), Message("assistant", text)], Source("t", "p"))
    out = redact_stage.process([ex]).kept[0].messages[1].content
    assert "Mary Chan" not in out and "Peter Wong" not in out and "9123 4567" not in out
    assert ">" * 40_000 in out


def test_many_candidates_are_resolved_without_pairwise_checks():
    # 16,000 title references in one text: the overlap checks were pairwise (seconds per
    # scan, growing with the square); with sorted spans it is a fraction of a second.
    from fine_prep.config import load_config
    from fine_prep.pii.rules import Match, SpanSet, resolve

    text = "陳先生" * 16_000
    hits = ResidualScanner(load_config(None, {})).scan(text)
    assert len(hits) == 16_000
    spans = SpanSet()
    spans.add(10, 20)
    assert spans.overlaps(15, 30) and spans.overlaps(0, 11) and not spans.overlaps(20, 25)
    kept = resolve(
        [Match("PERSON", 0, 5, 0.5, "a"), Match("HK_ID", 3, 9, 1.0, "b"), Match("PERSON", 9, 12, 0.5, "a")]
    )
    assert [(m.entity, m.start) for m in kept] == [("HK_ID", 3), ("PERSON", 9)]


def test_the_spacy_model_is_loaded_once_per_process(pii_engine, redact_stage) -> None:  # type: ignore[no-untyped-def]
    # Every engine of a process (one per stage build) shares the one loaded pipeline.
    assert pii_engine.nlp is not None
    assert redact_stage.engine.nlp is pii_engine.nlp
