"""PRIVACY: no planted personal value of sample_data appears in any file ``run`` writes.

The planted values are the README's ``planted-pii`` (names, phones, HKIDs, addresses, cards,
accounts, e-mails in the text) and ``planted-senders`` (From-header names and addresses, chat
speaker names) tables. The search is a plain substring search over each output file.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from report_helpers import readme_table, sample_config

from fine_prep.config import load_builtins
from fine_prep.stage import STAGES

OUTPUTS = (
    "report.html",
    "report.json",
    "report.md",
    "manifest.json",
    "rejects.jsonl",
    "train.jsonl",
    "validation.jsonl",
)


def _planted() -> list[tuple[str, str, str, str]]:
    return readme_table("planted-pii") + readme_table("planted-senders")


def _require_redact() -> None:
    load_builtins()
    # Fail, not skip: a redact stage that stopped registering must not silence these tests.
    assert "redact" in STAGES, "the 'redact' stage is not registered in fine_prep.stage.STAGES"


def test_the_planted_tables_are_read() -> None:
    rows = _planted()
    kinds = {k for _, _, k, _ in rows}
    assert {"PERSON", "HK_PHONE", "HKID", "EMAIL_ADDRESS", "ADDRESS", "HEADER_EMAIL"} <= kinds
    assert all(v and "`" not in v for _, _, _, v in rows)


@pytest.mark.parametrize("name", OUTPUTS)
def test_no_planted_value_in_output(sample_run, name: str) -> None:  # type: ignore[no-untyped-def]
    _require_redact()
    path = sample_run.out_dir / name
    assert path.is_file(), f"{name} was not written"
    text = path.read_text(encoding="utf-8")
    leaks = sorted(
        {f"{kind} planted at {file} {loc}" for file, loc, kind, value in _planted() if value in text}
    )
    assert not leaks, f"{name} holds {len(leaks)} planted personal value(s): " + "; ".join(leaks)


def test_no_planted_value_in_the_review_sheet(sample_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _require_redact()
    from click.testing import CliRunner

    from fine_prep.cli.app import main

    sheet = tmp_path / "review.csv"
    res = CliRunner().invoke(main, ["review-sheet", str(sample_run.out_dir), "-o", str(sheet), "-q"])
    assert res.exit_code == 0, res.output
    text = sheet.read_text(encoding="utf-8-sig")
    leaks = sorted(
        {f"{kind} planted at {file} {loc}" for file, loc, kind, value in _planted() if value in text}
    )
    assert not leaks, "review sheet leaks: " + "; ".join(leaks)


def test_source_references_and_reasons_are_masked_in_the_table() -> None:
    """Paths, refs and reasons never pass the redact stage: a WhatsApp export's contact name
    and what the residual scanner finds (a phone in a heading) are masked."""
    from fine_prep.report import ReportConfig
    from fine_prep.report.aggregate import aggregate

    rejects = [
        {
            "stage": "ingest",
            "code": "empty-section",
            "kind": "skipped",
            "message": "notes.md: call Mr Chan on 9123 4567",
            "source": {"adapter": "markdown", "path": "in/notes.md", "ref": "Call 9123 4567 or jane@mail.hk"},
        },
        {
            "stage": "ingest",
            "code": "empty-answer",
            "kind": "skipped",
            "message": "no answer",
            "source": {"adapter": "whatsapp", "path": "in/WhatsApp Chat with Jane Doe.txt", "line": 4},
        },
    ]
    table = aggregate([], [], rejects, ReportConfig(), scan=False)["table"]
    text = repr(table)
    for value in ("9123 4567", "jane@mail.hk", "Jane Doe", "Mr Chan"):
        assert value not in text
    assert table[0]["source"] == "in/notes.md Call <HK_PHONE> or <EMAIL_ADDRESS>"
    assert table[1]["source"] == "in/WhatsApp Chat with ….txt line 4"


def test_the_manifest_does_not_record_the_hash_salt(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fine_prep.report.manifest import SALT_SET, build_manifest, manifest_text

    config = sample_config(redact={"mode": "hash", "salt": "s3cret-salt"})
    result = SimpleNamespace(
        stages=[],
        config=config,
        out_dir=tmp_path,
        outputs=[],
        inputs=[],
        export=SimpleNamespace(to_dict=dict),
    )
    manifest = build_manifest(result)
    assert manifest["config"]["redact"]["salt"] == SALT_SET
    assert "s3cret-salt" not in manifest_text(manifest)
    assert config.to_dict()["redact"]["salt"] == "s3cret-salt"  # the run's own config is untouched
