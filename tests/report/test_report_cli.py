"""``fine-prep report``: the report from a canonical JSONL file, summaries and rejects."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fine_prep.cli.app import main
from fine_prep.record import dumps


def _canonical(path: Path, example_factory) -> None:  # type: ignore[no-untyped-def]
    a = example_factory(
        "Is the shop open on Sunday?", "Yes, 11am to 7pm.", id="t-00000000000a", meta={"pii": {}}
    )
    a.add_flag("style", "style-outlier", "warn", "unlike the dataset's en answers: exclamations")
    b = example_factory("我想問吓幾時到貨？", "预计下星期到货。", id="t-00000000000b")  # not redacted
    b.add_flag("language", "script-mismatch", "warn", "user is Traditional Chinese, assistant is Simplified")
    c = example_factory(id="t-00000000000c", meta={"pii": {"PERSON": 1}})
    lines = [dumps(x.to_dict()) for x in (a, b, c)] + ['{"id": "broken"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_report_command_writes_html_json_md(tmp_path, example_factory, sample_run) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "checked.jsonl"
    _canonical(src, example_factory)
    out, js, md = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.md"
    run_dir = Path(sample_run.out_dir)
    res = CliRunner().invoke(
        main,
        [
            "report",
            str(src),
            "-o",
            str(out),
            "--json-out",
            str(js),
            "--md-out",
            str(md),
            "--summary",
            str(run_dir / "report.json"),
            "--rejects",
            str(run_dir / "rejects.jsonl"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "report: not ready" in res.output  # 2 of 3 examples flagged: over 30%
    rep = json.loads(js.read_text(encoding="utf-8"))
    assert [s["name"] for s in rep["stages"]][:4] == ["ingest", "redact", "dedup", "check"]
    assert rep["examples"]["count"] == 3 and rep["examples"]["flagged"] == 2
    assert rep["read_errors"] == 1
    rows = {r["id"]: r for r in rep["table"]}
    assert rows["t-00000000000a"]["answer"] == "Yes, 11am to 7pm."  # redacted: excerpt shown
    assert rows["t-00000000000b"]["answer"] is None  # never redacted: no text
    assert rep["rejects"] == len((run_dir / "rejects.jsonl").read_text(encoding="utf-8").splitlines())
    html = out.read_text(encoding="utf-8")
    assert "预计" not in html and "Yes, 11am to 7pm." in html
    assert md.read_text(encoding="utf-8").startswith("## fine-prep dataset report")


def test_report_command_without_summaries_and_bad_summary(tmp_path, example_factory) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    _canonical(src, example_factory)
    res = CliRunner().invoke(main, ["report", str(src), "-o", str(tmp_path / "r.html"), "-q"])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "no redact stage ran" in html and 'id="funnel"' in html
    bad = tmp_path / "s.json"
    bad.write_text('{"no": "name"}', encoding="utf-8")
    res = CliRunner().invoke(
        main, ["report", str(src), "-o", str(tmp_path / "r2.html"), "--summary", str(bad)]
    )
    assert res.exit_code == 2 and "not a stage summary" in res.output
    res = CliRunner().invoke(
        main, ["report", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "r3.html")]
    )
    assert res.exit_code == 2
