"""``fine-prep ingest`` on mail through the CLI: exit codes, summary, forced adapters."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fine_prep.cli.app import main


def test_ingest_sample_mailbox(sample_data: Path, tmp_path: Path) -> None:
    box = sample_data / "mail" / "support.mbox"
    assert box.exists(), "sample_data/mail/support.mbox is missing"  # a skip would hide it
    out = tmp_path / "pairs.jsonl"
    result = CliRunner().invoke(
        main, ["ingest", str(box), "--staff", "@harbourlanetea.example", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "36 examples" in result.output
    assert "auto-reply 1" in result.output and "bounce 1" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(r["source"]["adapter"] == "mbox" and r["source"]["ref"].startswith("<") for r in rows)
    assert all(r["meta"]["group"].startswith("th-") for r in rows)
    rejects = [json.loads(x) for x in (tmp_path / "pairs.rejects.jsonl").read_text().splitlines()]
    assert {r["code"] for r in rejects} == {"auto-reply", "bounce"}


def test_inferred_staff_is_reported(sample_data: Path, tmp_path: Path) -> None:
    box = sample_data / "mail" / "support.mbox"
    assert box.exists(), "sample_data/mail/support.mbox is missing"  # a skip would hide it
    result = CliRunner().invoke(main, ["ingest", str(box), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 0, result.output
    assert "@harbourlanetea.example" in result.output and "mailbox owner" in result.output


def test_unreadable_pst_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "store.pst"
    bad.write_bytes(b"!BDN" + b"\0" * 600)
    result = CliRunner().invoke(main, ["ingest", str(bad), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2
    assert "store.pst" in result.output and "readpst" in result.output
