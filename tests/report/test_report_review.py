"""The review loop: review-sheet writes the flagged examples; run --decisions applies them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_helpers import ROOT, STAFF, run_sample

from fine_prep.cli.app import main
from fine_prep.errors import InputError
from fine_prep.report.review import SHEET_COLUMNS, read_decisions


def _sheet(out_dir: Path, tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "review.csv"
    res = CliRunner().invoke(main, ["review-sheet", str(out_dir), "-o", str(path)])
    assert res.exit_code == 0, res.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheet programs then read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and list(rows[0]) == list(SHEET_COLUMNS)
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(SHEET_COLUMNS))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def decided(sample_run, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A filled sheet (drop the Simplified reply, keep one style outlier, one unknown id) and
    two runs with it: one through the CLI, one through the library."""
    tmp = tmp_path_factory.mktemp("review")
    rows = _sheet(Path(sample_run.out_dir), tmp)
    drop = next(r for r in rows if "script-mismatch" in r["codes"])
    keep = next(r for r in rows if "style-outlier" in r["codes"] and r["id"] != drop["id"])
    drop["decision"], keep["decision"] = "drop", "KEEP "
    extra = dict.fromkeys(SHEET_COLUMNS, "")
    extra.update(id="em-000000000000", decision="drop")
    sheet = tmp / "decisions.csv"
    _write(sheet, [*rows, extra])
    cli_out = tmp / "cli"
    args = ["run", "sample_data", "-o", str(cli_out), "--workers", "1", "--decisions", str(sheet)]
    for s in STAFF:
        args += ["--staff", s]
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        res = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    lib = run_sample(tmp / "lib", review={"decisions": str(sheet)})
    return {
        "drop": drop["id"],
        "keep": keep["id"],
        "cli": cli_out,
        "cli_result": res,
        "lib": lib,
        "rows": rows,
    }


def test_sheet_lists_every_flagged_example_once(sample_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = _sheet(Path(sample_run.out_dir), tmp_path)
    report = json.loads((Path(sample_run.out_dir) / "report.json").read_text(encoding="utf-8"))
    assert len(rows) == report["examples"]["flagged"] == len({r["id"] for r in rows})
    assert all(r["decision"] == "" and r["answer"] for r in rows)
    # The sheet from the report.json file itself is the same.
    again = tmp_path / "again.csv"
    assert (
        CliRunner()
        .invoke(main, ["review-sheet", str(Path(sample_run.out_dir) / "report.json"), "-o", str(again)])
        .exit_code
        == 0
    )
    assert again.read_bytes() == (tmp_path / "review.csv").read_bytes()


def test_run_applies_decisions_and_the_report_counts_them(decided, sample_run) -> None:  # type: ignore[no-untyped-def]
    res = decided["cli_result"]
    assert res.exit_code == 0, res.output
    assert "report:" in res.output and "report.html" in res.output and "verdict:" in res.output
    rep = json.loads((decided["cli"] / "report.json").read_text(encoding="utf-8"))
    base = json.loads((Path(sample_run.out_dir) / "report.json").read_text(encoding="utf-8"))
    d = rep["decisions"]
    assert (d["keep"], d["drop"], d["applied"], d["unmatched"]) == (1, 1, 2, 1)
    assert rep["examples"]["flagged"] == base["examples"]["flagged"] - 1
    assert rep["examples"]["flagged_open"] == base["examples"]["flagged_open"] - 2
    clean = rep["export"]["train"] + rep["export"]["validation"]
    assert clean == base["export"]["train"] + base["export"]["validation"] - 1
    rejects = [
        json.loads(x) for x in (decided["cli"] / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    dropped = [r for r in rejects if r["code"] == "reviewer-drop"]
    assert [r["id"] for r in dropped] == [decided["drop"]] and dropped[0]["stage"] == "review"
    kept = next(r for r in rep["table"] if r["id"] == decided["keep"])
    assert kept["decision"] == "keep"
    html = (decided["cli"] / "report.html").read_text(encoding="utf-8")
    assert "Reviewer decisions applied" in html
    assert "reviewer decisions" in (decided["cli"] / "report.md").read_text(encoding="utf-8")


def test_decisions_are_applied_reproducibly(decided) -> None:  # type: ignore[no-untyped-def]
    a = json.loads((decided["cli"] / "manifest.json").read_text(encoding="utf-8"))
    b = json.loads((Path(decided["lib"].out_dir) / "manifest.json").read_text(encoding="utf-8"))
    assert a["outputs"] == b["outputs"]
    assert a["reproducibility"]["content_digest"] == b["reproducibility"]["content_digest"]
    assert a["decisions"]["sha256"] == b["decisions"]["sha256"]


def test_bad_decisions_file_is_a_usage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,decision\nem-1,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv:2: decision must be keep, drop or empty"):
        read_decisions(str(bad))
    both = tmp_path / "both.csv"
    both.write_text("id,decision\nem-1,keep\nem-1,drop\n", encoding="utf-8")
    with pytest.raises(InputError, match="both keep and drop"):
        read_decisions(str(both))
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("id,verdict\nem-1,keep\n", encoding="utf-8")
    with pytest.raises(InputError, match="'id' and 'decision' columns"):
        read_decisions(str(nocol))
    assert read_decisions(str(_blank(tmp_path))) == {}


def _blank(tmp_path: Path) -> Path:
    p = tmp_path / "blank.csv"
    p.write_text("\ufeffID,Decision,note\nem-1,,\nem-2, ,x\n", encoding="utf-8")
    return p


def test_missing_decisions_file_exits_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(
        main, ["run", "x", "-o", str(tmp_path / "o"), "--decisions", str(tmp_path / "none.csv")]
    )
    assert res.exit_code == 2
