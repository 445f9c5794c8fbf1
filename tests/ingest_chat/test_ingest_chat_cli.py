"""``fine-prep ingest`` on chat exports through the CLI: exit codes, outputs, summaries."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fine_prep.cli.app import main

DATA = Path(__file__).resolve().parent.parent / "data" / "chat"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_ingest_sample_whatsapp(sample_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    src = sample_data / "chat" / "whatsapp_harbourlane.txt"
    res = CliRunner().invoke(main, ["ingest", str(src), "--staff", "Harbour Lane Tea", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = _rows(out)
    assert len(rows) == 9
    assert {r["source"]["adapter"] for r in rows} == {"whatsapp"}
    assert all(r["id"].startswith("wa-") for r in rows)
    rejects = _rows(tmp_path / "pairs.rejects.jsonl")
    assert [r["code"] for r in rejects] == ["no-staff-reply"]
    assert "9 examples, 1 not kept" in res.output


def test_ingest_chinese_sample_with_inferred_staff(sample_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "zh.jsonl"
    res = CliRunner().invoke(
        main, ["ingest", str(sample_data / "chat" / "whatsapp_zh_hk.txt"), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "staff inferred as the speaker who wrote the most text" in res.output
    assert "港灣茶莊" not in res.output and "陳小姐" not in res.output  # no names in the summary
    assert len(_rows(out)) == 3


def test_forced_adapter_on_wrong_file_exits_2(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a chat\n", encoding="utf-8")
    for adapter in ("whatsapp", "telegram", "slack", "chat-table"):
        res = CliRunner().invoke(
            main, ["ingest", str(notes), "--adapter", adapter, "-o", str(tmp_path / "o.jsonl")]
        )
        assert res.exit_code == 2, (adapter, res.output)
        assert "notes.txt" in res.output


def test_slack_export_folder_and_telegram_together(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(
        main,
        [
            "ingest",
            str(DATA / "slack" / "export_folder" / "export"),
            str(DATA / "telegram" / "single_chat" / "result.json"),
            "--staff",
            "lantau",
            "--staff",
            "user2",
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    adapters = sorted({r["source"]["adapter"] for r in _rows(out)})
    assert adapters == ["slack", "telegram"]
    # every example of one conversation carries the same group, for the split
    assert all(r["meta"]["group"].startswith(("sl-conv-", "tg-conv-")) for r in _rows(out))


def test_qa_csv_stays_with_qa_table(sample_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "qa.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(sample_data / "qa" / "faq_pairs.csv"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert {r["source"]["adapter"] for r in _rows(out)} == {"qa-table"}


def test_inferred_staff_gives_the_same_pairs_as_configured(sample_data: Path, tmp_path: Path) -> None:
    src = str(sample_data / "chat" / "whatsapp_harbourlane.txt")
    runner = CliRunner()
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert runner.invoke(main, ["ingest", src, "--staff", "Harbour Lane Tea", "-o", str(a)]).exit_code == 0
    assert runner.invoke(main, ["ingest", src, "-o", str(b)]).exit_code == 0
    assert _rows(a) == _rows(b)
