"""PRIVACY: no planted personal value of sample_data appears in any file ``run`` writes.

The planted values are the README's ``planted-pii`` (names, phones, HKIDs, addresses, cards,
accounts, e-mails in the text) and ``planted-senders`` (From-header names and addresses, chat
speaker names) tables. The search is a plain substring search over each output file.
"""

from __future__ import annotations

import pytest
from report_helpers import readme_table

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
    if "redact" not in STAGES:
        pytest.skip("the 'redact' stage is not registered in fine_prep.stage.STAGES yet (fine_prep/pii/)")


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
