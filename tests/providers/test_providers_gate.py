"""The gate beyond format rules: limits, duplicates, leakage, residual PII, flags, cost, fail_on."""

from __future__ import annotations

import builtins
import json
import sys
import types
from pathlib import Path

import pytest

from fine_prep.errors import InputError
from fine_prep.providers.base import PROVIDERS
from fine_prep.providers.openai import count_text
from fine_prep.providers.validate import cookbook_epochs, validate_file
from fine_prep.record import Example, Message, Source, dumps
from tests.providers.helpers_providers import DISTINCT, gate_config


def chat(user: str, assistant: str, **extra: object) -> dict:
    return {
        "messages": [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}],
        **extra,
    }


def write(path: Path, rows: list) -> str:
    path.write_text("".join((r if isinstance(r, str) else dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_exact_tokens_follow_the_cookbook_rule(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", [chat(u, a) for u, a in DISTINCT])
    report = validate_file(path, "openai", gate_config())
    expected = [3 + 2 * 3 + count_text("user", "o200k_base") + count_text("assistant", "o200k_base")
                + count_text(u, "o200k_base") + count_text(a, "o200k_base") for u, a in DISTINCT]  # fmt: skip
    assert list(report.files[0].tokens) == expected
    assert report.exact_tokens
    s = report.files[0].to_dict()
    assert s["tokens_total"] == sum(expected)
    assert s["tokens_per_role"]["user"] == sum(count_text(u, "o200k_base") for u, _ in DISTINCT)


def test_estimates_are_labelled(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", [{"system": "s", **chat(u, a)} for u, a in DISTINCT])
    report = validate_file(path, "anthropic-bedrock", gate_config())
    assert not report.exact_tokens
    assert "(estimated;" in report.cost["assumptions"]


def test_token_cap_is_an_error_where_the_provider_rejects(tmp_path: Path) -> None:
    rows = [chat(u, a) for u, a in DISTINCT]
    rows[3] = chat("long", "茶" * 33000)  # ~33,000 tokens by the CJK-aware estimate
    path = write(tmp_path / "t.jsonl", rows)
    bedrock = validate_file(path, "anthropic-bedrock", gate_config())
    (f,) = [f for f in bedrock.findings if f.code == "too-many-tokens"]
    assert (f.line, f.severity) == (4, "error") and "estimate" in f.message
    # TRL truncates at max_length: a warning there
    hf = validate_file(path, "hf-messages", gate_config())
    assert {(f.line, f.severity) for f in hf.findings if f.code == "too-many-tokens"} == {(4, "warn")}


def test_minimum_counts_and_file_size(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", [chat(u, a) for u, a in DISTINCT])
    report = validate_file(path, "anthropic-bedrock", gate_config(min_examples=0))
    (f,) = [f for f in report.findings if f.code == "too-few-examples"]
    assert (f.line, f.severity) == (0, "error") and "32" in f.message
    # the OpenAI minimum is 10 [C]: 12 examples pass
    assert not [f for f in validate_file(path, "openai", gate_config(min_examples=0)).findings]
    big = tmp_path / "big.jsonl"
    row = dumps(chat("x" * 1000, "y" * 1000)) + "\n"
    big.write_text(row * 600, encoding="utf-8")  # ~1.2 MB
    report = validate_file(str(big), "openai", gate_config(max_file_mb=1))
    assert [f.code for f in report.findings if f.code == "file-too-large"] == ["file-too-large"]


def test_one_enormous_line_is_a_finding_or_unusable(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    huge.write_bytes(b'{"messages": "' + b"x" * (2 << 20) + b'"}')
    with pytest.raises(InputError, match="no JSON object"):
        validate_file(str(huge), "openai", gate_config(max_line_mb=1))
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(
        dumps(chat("a", "b")).encode()
        + b"\n"
        + b"[" * (2 << 20)
        + b"\n"
        + dumps(chat("c", "d")).encode()
        + b"\n"
    )
    report = validate_file(str(mixed), "openai", gate_config(max_line_mb=1))
    assert [(f.line, f.code) for f in report.findings] == [(2, "line-too-long")]
    assert report.examples == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\n\n  \n", "no JSON object"),
        (b"\x00\x01\x02binary", "binary data"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
        (b"PK\x03\x04zipdata", "compressed archive"),
        (b"question,answer\nhi,yes\n", "no JSON object"),
    ],
)
def test_unusable_files_raise_one_line_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        validate_file(str(path), "openai", gate_config())
    assert "\n" not in str(err.value)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        validate_file(str(tmp_path), "openai", gate_config())
    with pytest.raises(InputError, match="no such file"):
        validate_file(str(tmp_path / "nope.jsonl"), "openai", gate_config())
    with pytest.raises(InputError, match="unknown provider"):
        validate_file(str(tmp_path), "nope", gate_config())


def test_exact_duplicates_and_exact_leakage(tmp_path: Path) -> None:
    rows = [chat(u, a) for u, a in DISTINCT]
    train = write(tmp_path / "train.jsonl", [*rows, rows[2]])
    val = write(tmp_path / "val.jsonl", [chat("new question", "new answer"), rows[5]])
    report = validate_file(train, "openai", gate_config(), validation_path=val)
    assert [(f.line, f.code, f.file) for f in report.findings] == [
        (13, "duplicate", ""),
        (2, "leakage", val),
    ]
    assert report.failed  # leakage fails by default; a duplicate only warns
    assert "line 3" in report.findings[0].message and "line 6" in report.findings[1].message


def test_validation_file_limits(tmp_path: Path) -> None:
    rows = [{"messages": chat(f"q{i} {u}", f"a{i} {a}")["messages"]} for i in range(3) for u, a in DISTINCT]
    train = write(tmp_path / "train.jsonl", rows)
    val = write(tmp_path / "val.jsonl", [chat("other", "thing")])
    report = validate_file(train, "anthropic-bedrock", gate_config(min_examples=0), validation_path=val)
    codes = {(f.file, f.code) for f in report.findings}
    assert (val, "too-few-examples") in codes  # Bedrock validation needs 32 records [C]
    assert ("", "too-few-examples") not in codes  # 36 training records are enough


def test_mixed_formats_in_one_together_file(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", [chat("a", "b"), {"prompt": "p", "completion": "c"}, {"text": "t"}])
    report = validate_file(path, "together", gate_config())
    assert [(f.line, f.code) for f in report.findings] == [(2, "mixed-formats"), (3, "mixed-formats")]


def test_canonical_flags_are_reported(tmp_path: Path) -> None:
    flag = {"check": "language", "code": "script-mismatch", "severity": "warn", "message": "x"}
    path = write(tmp_path / "t.jsonl", [{"instruction": "q", "output": "a", "flags": [flag]}])
    report = validate_file(path, "alpaca", gate_config())
    assert [(f.line, f.code, f.severity) for f in report.findings] == [
        (1, "unknown-key", "warn"),
        (1, "flagged-language", "warn"),
    ]
    assert "script-mismatch" in report.findings[1].message


def test_fail_on_and_allow(tmp_path: Path) -> None:
    rows = [chat(u, a) for u, a in DISTINCT]
    path = write(tmp_path / "t.jsonl", [*rows, rows[0]])
    assert not validate_file(path, "openai", gate_config()).failed
    strict = validate_file(path, "openai", gate_config(fail_on=["error", "duplicate"]))
    assert strict.failed and {f.severity for f in strict.findings} == {"error"}
    assert validate_file(path, "openai", gate_config(fail_on=["warn"])).failed
    bad = write(tmp_path / "bad.jsonl", [*rows, chat("q", " ")])
    assert validate_file(bad, "openai", gate_config()).failed
    allowed = validate_file(bad, "openai", gate_config(allow=["empty-content"]))
    assert not allowed.failed and {f.severity for f in allowed.findings} == {"warn"}


def test_jsonschema_option_agrees(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", [chat("a", "b"), {"messages": [{"role": "bot", "content": "x"}]}])
    report = validate_file(path, "openai", gate_config(jsonschema=True))
    assert {(f.line, f.code) for f in report.findings if f.code in ("schema", "unknown-role")} == {
        (2, "schema"),
        (2, "unknown-role"),
    }


def test_cost_estimate_uses_epochs_and_the_dated_price_table(tmp_path: Path) -> None:
    assert [cookbook_epochs(n) for n in (5, 10, 33, 34, 1000, 8334, 20000)] == [20, 10, 3, 3, 3, 2, 1]
    path = write(tmp_path / "t.jsonl", [chat(u, a) for u, a in DISTINCT])
    report = validate_file(path, "openai", gate_config())
    c = report.cost
    assert c["epochs"] == cookbook_epochs(12) == 8
    assert c["trained_tokens"] == c["billable_tokens"] * 8 == sum(report.files[0].tokens) * 8
    assert c["estimated_usd"] == round(c["trained_tokens"] * 25.0 / 1e6, 2)
    assert c["prices_as_of"] in c["assumptions"] and "x 8 epochs" in c["assumptions"]
    cfg = gate_config(epochs=2, price_per_million={"openai": 3.0})
    c2 = validate_file(path, "openai", cfg).cost
    assert (c2["epochs"], c2["usd_per_million"]) == (2, 3.0)


# ---------------------------------------------------------------------------- sibling modules


class FakeScanner:
    """Stands in for fine_prep.pii.scan.ResidualScanner: finds the digits 12345678."""

    def __init__(self, config: object) -> None:
        self.config = config

    def scan(self, text: str) -> list[tuple[str, int, int]]:
        i = text.find("12345678")
        return [("HK_PHONE", i, i + 8)] if i >= 0 else []


def test_residual_pii_with_a_fake_scanner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("fine_prep.pii.scan")
    fake.ResidualScanner = FakeScanner  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fine_prep.pii.scan", fake)
    rows = [chat(u, a) for u, a in DISTINCT]
    rows[4] = chat("call me on 12345678 please", "ok")
    path = write(tmp_path / "t.jsonl", rows)
    report = validate_file(path, "openai", gate_config(pii_scan=True))
    (f,) = report.findings
    assert (f.line, f.code, f.severity) == (5, "pii-hk-phone", "error")
    assert "12345678" not in f.message and "turn 1 (user)" in f.message
    assert report.failed and report.checks["residual-pii"] == "on"


def test_missing_sibling_modules_are_said_not_pretended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_siblings(name: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if name in ("fine_prep.pii.scan", "fine_prep.dedup.leakage"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_siblings)
    path = write(tmp_path / "t.jsonl", [chat(u, a) for u, a in DISTINCT])
    report = validate_file(path, "openai", gate_config(pii_scan=True, near_duplicates=True))
    assert report.checks == {"residual-pii": "unavailable", "near-duplicates": "unavailable"}
    assert any("personal data: NOT checked" in n for n in report.notes)
    assert any("near-duplicates and near-copy leakage: NOT checked" in n for n in report.notes)


def test_near_duplicates_and_leakage_with_fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("fine_prep.dedup.leakage")
    calls = {}

    def find_near_duplicates(items, threshold=0.8):  # type: ignore[no-untyped-def]
        calls.setdefault("near", []).append((len(items), threshold))
        return [("1", "3", 0.91), ("2", "3", 0.85)] if len(items) > 2 else [("1", "2", 0.8)]

    def find_leakage(train_items, other_items, threshold=0.8):  # type: ignore[no-untyped-def]
        calls["leak"] = (len(train_items), len(other_items))
        return [("4", "1", 0.88)]

    fake.find_near_duplicates = find_near_duplicates  # type: ignore[attr-defined]
    fake.find_leakage = find_leakage  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fine_prep.dedup.leakage", fake)
    train = write(tmp_path / "train.jsonl", [chat(u, a) for u, a in DISTINCT])
    val = write(tmp_path / "val.jsonl", [chat("x", "y"), chat("z", "w")])
    report = validate_file(train, "openai", gate_config(near_duplicates=True), validation_path=val)
    assert calls == {"near": [(12, 0.8), (2, 0.8)], "leak": (12, 2)}
    assert [(f.file, f.line, f.code, f.severity) for f in report.findings] == [
        ("", 3, "near-duplicate", "warn"),  # one finding per line, the closest pair
        (val, 2, "near-duplicate", "warn"),
        (val, 1, "leakage", "error"),
    ]
    assert "line 1 (similarity 0.91)" in report.findings[0].message


def test_real_residual_scanner_on_planted_values(tmp_path: Path) -> None:
    pytest.importorskip("fine_prep.pii.scan")
    rows = [chat(u, a) for u, a in DISTINCT]
    rows[1] = chat("My HKID is A123456(3), email chan.taiman@example.com", "Thanks, noted.")
    path = write(tmp_path / "t.jsonl", rows)
    report = validate_file(path, "openai", gate_config(pii_scan=True))
    codes = {(f.line, f.code) for f in report.findings}
    assert (2, "pii-hk-id") in codes and (2, "pii-email-address") in codes
    assert report.failed
    assert not any("A123456" in f.message or "chan.taiman" in f.message for f in report.findings)


def test_real_near_duplicates_and_leakage(tmp_path: Path) -> None:
    pytest.importorskip("fine_prep.dedup.leakage")
    long_q = "Could you tell me how long delivery to Kowloon Tong takes for a two kilogram order of oolong?"
    long_a = "Orders to Kowloon are delivered by SF Express within two working days; we e-mail the tracking number."
    rows = [chat(u, a) for u, a in DISTINCT] + [chat(long_q, long_a)]
    near = chat(long_q.replace("oolong", "oolong tea"), long_a)
    train = write(tmp_path / "train.jsonl", [*rows, near])
    val = write(
        tmp_path / "val.jsonl", [chat(long_q.replace("two", "three"), long_a), chat("brand new", "text")]
    )
    report = validate_file(train, "openai", gate_config(near_duplicates=True), validation_path=val)
    got = {(f.file, f.line, f.code) for f in report.findings}
    assert ("", 14, "near-duplicate") in got
    assert (val, 1, "leakage") in got
    assert report.failed


def test_export_then_validate_sample_data_faq(tmp_path: Path, sample_data: Path) -> None:
    """Real input: the sample FAQ table, ingested, exported for every provider, passes the format rules."""
    from fine_prep.config import load_config
    from fine_prep.export import export
    from fine_prep.ingest.sources import Sources

    csv = sample_data / "qa" / "faq_pairs.csv"
    assert csv.is_file()
    cfg = load_config(None, {"run": {"workers": 1}})
    with Sources([str(csv)], cfg) as sources:
        examples = [e for e in sources.read(strict=False) if isinstance(e, Example)]
    assert len(examples) >= 20
    for name in PROVIDERS.names():
        out = tmp_path / name
        result = export(examples, out, name, 0.2, 13)
        assert result.rejects == []
        report = validate_file(
            str(out / "train.jsonl"), name, gate_config(), validation_path=str(out / "validation.jsonl")
        )
        limits = ("too-few-examples",)  # Bedrock wants 32 validation records: 25 FAQ rows are too few
        fmt = [f for f in report.findings if f.severity == "error" and not f.code.startswith("pii-")]
        fmt = [f for f in fmt if f.code not in limits]
        assert fmt == [], (name, fmt[:3])
        assert report.examples == len(examples)


def test_writers_keep_roles_and_weights() -> None:
    ex = Example(
        "t-1",
        [
            Message("system", "S"),
            Message("user", "q1"),
            Message("assistant", "a1"),
            Message("user", "q2"),
            Message("assistant", "a2"),
        ],  # fmt: skip
        Source("t", "t"),
        meta={"loss": "last"},
    )
    assert PROVIDERS.get("openai").write(ex)["messages"][2] == {
        "role": "assistant",
        "content": "a1",
        "weight": 0,
    }
    assert "weight" not in PROVIDERS.get("hf-messages").write(ex)["messages"][2]
    assert PROVIDERS.get("alpaca").write(ex) == {
        "instruction": "q2", "input": "", "output": "a2", "system": "S", "history": [["q1", "a1"]]
    }  # fmt: skip
    assert PROVIDERS.get("anthropic-bedrock").write(ex)["system"] == "S"
    assert PROVIDERS.get("vertex-gemini").write(ex)["contents"][1] == {
        "role": "model",
        "parts": [{"text": "a1"}],
    }
    assert PROVIDERS.get("sharegpt").write(ex)["conversations"][0] == {"from": "human", "value": "q1"}
    completion = PROVIDERS.get("openai-completion").write(ex)
    assert completion["completion"] == " a2\n" and completion["prompt"].endswith("\n\n###\n\n")
    assert json.loads(dumps(completion)) == completion


def test_near_duplicate_check_is_skipped_with_a_note_over_its_memory_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("fine_prep.dedup.leakage")
    fake.find_near_duplicates = lambda items, threshold=0.8: pytest.fail("must not run")  # type: ignore[attr-defined]
    fake.find_leakage = lambda a, b, threshold=0.8: pytest.fail("must not run")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fine_prep.dedup.leakage", fake)
    train = write(tmp_path / "train.jsonl", [chat(u, a) for u, a in DISTINCT])
    val = write(tmp_path / "val.jsonl", [chat("x", "y")])
    report = validate_file(
        train, "openai", gate_config(near_duplicates=True, near_max_mb=0), validation_path=val
    )
    assert report.checks["near-duplicates"] == "skipped"
    assert any("near-duplicates NOT checked" in n for n in report.notes)
    assert any("near-copy leakage: NOT checked" in n for n in report.notes)


def test_encoding_setting_does_not_change_the_registered_provider(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", [chat(u, a) for u, a in DISTINCT])
    registered = PROVIDERS.get("openai")
    before = registered.encoding_name  # type: ignore[attr-defined]
    report = validate_file(path, "openai", gate_config(encoding="cl100k_base"))
    assert registered.encoding_name == before == "o200k_base"  # type: ignore[attr-defined]
    u, a = DISTINCT[0]
    expected = 3 + 2 * 3 + sum(count_text(t, "cl100k_base") for t in ("user", "assistant", u, a))
    assert report.files[0].tokens[0] == expected


def test_findings_do_not_quote_content_used_as_keys_or_flags(tmp_path: Path) -> None:
    secret = "Chan Tai Man 9123 4567"
    flag = {"check": secret, "code": "x@example.com", "severity": "warn", "message": secret}
    rows = [chat(u, a) for u, a in DISTINCT]
    rows[0] = {**rows[0], secret: 1, "flags": [flag]}
    rows[1]["messages"][0][secret] = 1
    path = write(tmp_path / "t.jsonl", rows)
    report = validate_file(path, "openai", gate_config())
    messages = [f.message for f in report.findings]
    assert any("unknown top-level key of 22 characters" in m for m in messages)
    assert any("messages[0] has unknown key of 22 characters" in m for m in messages)
    assert "flagged-check" in {f.code for f in report.findings}
    assert not any(secret in m or "9123" in m or "example.com" in m for m in messages)
    ok = write(tmp_path / "ok.jsonl", [{**chat(u, a), "extra_field": 1} for u, a in DISTINCT])
    assert "'extra_field'" in validate_file(ok, "openai", gate_config()).findings[0].message


def test_a_role_made_of_content_is_not_printed(tmp_path: Path) -> None:
    rows = [chat(u, a) for u, a in DISTINCT]
    rows[0]["messages"].append({"role": "Chan Tai Man", "content": "call 9123 4567"})
    path = write(tmp_path / "t.jsonl", rows)
    report = validate_file(path, "openai", gate_config())
    roles = report.files[0].to_dict()["tokens_per_role"]
    assert set(roles) == {"user", "assistant", "other"}
    assert "Chan" not in json.dumps(report.to_dict(20))
