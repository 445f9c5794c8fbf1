"""The README's first command, end to end on sample_data, then the gate on what it wrote."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fine_prep.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_readme_run_on_sample_data_then_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        [
            "run",
            str(ROOT / "sample_data"),
            "-o",
            str(out),
            "--config",
            str(ROOT / "sample_data" / "fine-prep.toml"),
            "--workers",
            "1",
            "--quiet",
        ],
    )
    assert res.exit_code == 0, res.output
    names = {p.name for p in out.iterdir()}
    assert {
        "train.jsonl",
        "validation.jsonl",
        "rejects.jsonl",
        "report.json",
        "report.html",
        "manifest.json",
    } <= names
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    stages = [s["name"] for s in report["stages"]]
    assert stages[:4] == ["ingest", "redact", "dedup", "check"]
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    codes = {r["code"] for r in rejects}
    # what sample_data/README.md plants: auto-reply, bounce, empty CSV answer, duplicates
    assert {"auto-reply", "bounce", "empty-answer", "exact-duplicate", "near-duplicate"} <= codes
    assert all(r["source"] and r["source"]["path"].startswith(str(ROOT / "sample_data")) for r in rejects)
    # the gate passes on what run wrote, with the run's allow-list taken from its manifest
    res = runner.invoke(
        main,
        [
            "validate",
            str(out / "train.jsonl"),
            "--provider",
            "openai",
            "--validation-file",
            str(out / "validation.jsonl"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "allow-list of 6 business strings taken from the run's manifest.json" in res.output
    # without that allow-list the shop's own hotline would be a residual phone number
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    res = runner.invoke(main, ["validate", str(out / "train.jsonl"), "--config", str(empty)])
    assert res.exit_code == 1 and "pii-hk-phone" in res.output


def test_run_over_every_real_world_corpus_file(tmp_path: Path, corpora: Path) -> None:
    """Malformed MIME, encrypted PDFs, deep quotes on one line, odd file names: the run goes on,
    and every file it could not use is in the rejects with a reason."""
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(corpora), "-o", str(out), "--workers", "2", "--quiet"])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    ingest = report["stages"][0]
    assert ingest["name"] == "ingest" and ingest["out"] > 150
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (
        len(rejects)
        == sum(s["rejected"] + s["skipped"] for s in report["stages"]) + report["export"]["rejected"]
    )
    assert all(r["code"] and r["message"] and r["source"]["path"].startswith(str(corpora)) for r in rejects)
    assert {"encrypted-pdf", "auto-reply"} <= {r["code"] for r in rejects}


def test_rejects_in_the_output_folder_do_not_name_the_chat_contact(tmp_path: Path) -> None:
    # WhatsApp names its export after the other party; the rejects (made before redaction,
    # so they carry the path and a message naming it) must not repeat that name.
    src = tmp_path / "WhatsApp Chat with Jane Doe.txt"
    src.write_text(
        "exported by phone 9123 4567\n"
        "12/03/2024, 14:05 - Jane Doe: Hi, do you have oolong?\n"
        "12/03/2024, 14:07 - Harbour Lane Tea: Yes, we have three kinds of oolong in stock.\n"
        "12/03/2024, 14:09 - Jane Doe: Thanks\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main,
        ["run", str(src), str(src), "-o", str(out), "--staff", "Harbour Lane Tea", "--workers", "1", "-q"],
    )
    assert res.exit_code == 0, res.output
    text = (out / "rejects.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(x) for x in text.splitlines()]
    assert rows and all("WhatsApp Chat with" in r["source"]["path"] for r in rows)
    for output in out.iterdir():
        body = output.read_text(encoding="utf-8", errors="replace")
        assert "Jane Doe" not in body and "9123 4567" not in body, output.name
