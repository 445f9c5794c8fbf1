"""`fine-prep check`, the drop policy of `run`, and the sample data's planted items."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from fine_prep.cli.app import main
from fine_prep.config import load_config
from fine_prep.pipeline import Pipeline
from fine_prep.record import Example, Message, Source
from fine_prep.stage import STAGES, run_order

ROWS = [
    ("請問你哋幾點開門？", "我哋每日上午十點開門，晚上八點關門。"),
    ("請問你們的營業時間是甚麼？", "您好，我们每天上午十点开门，晚上八点关门。"),
    ("我張單幾時到？", "你嘅 order 已經 ship 咗，聽日應該收到。"),
    ("Do you ship to Macau?", "Yes, we ship to Macau within three working days."),
]


def _write(path: Path, rows=ROWS, bad_line: bool = False) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, (q, a) in enumerate(rows):
            ex = Example(f"cli-{i}", [Message("user", q), Message("assistant", a)], Source("t", "in.jsonl"))
            fh.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
            if bad_line and i == 0:
                fh.write("{not json\n")


def test_stage_is_registered_for_run():
    spec = STAGES.get("check")
    assert (spec.kind, spec.order) == ("set", 40)
    assert "check" in [s.name for s in run_order()]


def test_check_command_flags_and_never_drops(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, bad_line=True)
    res = CliRunner().invoke(main, ["check", str(src), "-o", str(out), "--languages", "en,zh-Hant,yue", "-q"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["cli-0", "cli-1", "cli-2", "cli-3"]
    by_id = {r["id"]: r for r in rows}
    codes = {f["code"]: f["severity"] for f in by_id["cli-1"]["flags"]}
    # An error flag, and still kept: the check command never drops.
    assert codes["simplified-in-traditional"] == "error"
    assert codes["script-mismatch"] == "warn"
    assert by_id["cli-1"]["meta"]["language"] == "zh-Hans"
    assert by_id["cli-2"]["flags"] == [] and by_id["cli-2"]["meta"]["language"] == "yue"
    # The unreadable line went to the rejects, with its line number and no content.
    rejects = [json.loads(x) for x in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [2]


def test_check_command_summary_on_stderr(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src)
    res = CliRunner().invoke(main, ["check", str(src), "-o", str(out), "--languages", "en,zh-Hant,yue"])
    assert res.exit_code == 0
    assert "check: 4 examples, 1 flagged" in res.output
    assert "simplified-in-traditional 1" in res.output


def test_check_command_help_has_example():
    res = CliRunner().invoke(main, ["check", "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output and "--style-reference" in res.output


def test_check_command_missing_reference_is_usage_error(tmp_path):
    src = tmp_path / "in.jsonl"
    _write(src)
    res = CliRunner().invoke(
        main, ["check", str(src), "-o", str(tmp_path / "o.jsonl"), "--style-reference", "nope"]
    )
    assert res.exit_code == 2


def test_run_drops_errors_and_keeps_warnings(tmp_path):
    """In `run`, [check].drop = ["error"]: the Simplified answer is skipped with its codes."""
    cfg = load_config(None, {"run": {"workers": 1}, "dataset": {"languages": ["en", "zh-Hant", "yue"]}})
    exs = [
        Example(f"r-{i}", [Message("user", q), Message("assistant", a)], Source("t", "x"))
        for i, (q, a) in enumerate(ROWS)
    ]
    exs.append(Example("r-9", [Message("user", "你哋有冇送貨去澳門？")], Source("t", "x")))
    exs[-1].messages.append(Message("assistant", "Yes, we deliver to Macau within three working days."))
    pipe = Pipeline(cfg, tmp_path)
    spool = pipe.feed(iter(exs))
    out = pipe.run_stage(STAGES.get("check"), spool, 1)
    kept = {e.id: e for e in out.examples()}
    assert set(kept) == {"r-0", "r-2", "r-3", "r-9"}
    assert [f.code for f in kept["r-9"].flags] == ["answer-language-mismatch"]  # a warning: kept
    rejects = list(pipe.rejects.rows())
    assert len(rejects) == 1
    r = rejects[0]
    assert (r["id"], r["stage"], r["kind"], r["code"]) == (
        "r-1",
        "check",
        "skipped",
        "simplified-in-traditional",
    )
    assert r["details"]["codes"] == ["simplified-in-traditional"]
    summary = pipe.summaries[-1]
    assert summary.skipped == 1 and summary.flagged == 1  # flagged and kept
    d = summary.details
    assert d["chinese_scripts"]["simplified"] == 1
    assert set(d) >= {
        "language_mix",
        "script_mix",
        "chinese_scripts",
        "style_profile",
        "outliers",
        "mixed_style",
    }


# ---------------------------------------------------------------------------- sample data


def _planted(readme: Path) -> list[tuple[str, str, str]]:
    text = readme.read_text(encoding="utf-8")
    table = text.split("<!-- table: planted-language-style -->", 1)[1]
    rows = []
    for line in table.splitlines()[3:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows.append((cells[0], cells[2], cells[3][1:-1]))
    return rows


@pytest.fixture(scope="module")
def sample_checked(sample_data):
    from fine_prep.ingest.sources import Sources

    cfg = load_config(
        None,
        {
            "run": {"workers": 1},
            "ingest": {"staff": ["@harbourlanetea.example", "Harbour Lane Tea", "港灣茶莊"]},
        },
    )
    with Sources([str(sample_data)], cfg) as src:
        exs = [e for e in src.read(strict=False) if isinstance(e, Example)]
    from fine_prep.checks.stage import CheckStage

    stage = CheckStage(cfg)
    state = stage.reduce([e.id for e in exs], stage.map(exs))
    stage.apply(exs, state)
    return exs, stage.summary(state)


def _holding(exs: list[Example], value: str) -> list[Example]:
    norm = re.sub(r"\s+", " ", value)
    return [e for e in exs if any(norm in re.sub(r"\s+", " ", t) for t in e.texts("assistant"))]


def test_sample_data_planted_language_and_style(sample_data, sample_checked):
    exs, summary = sample_checked
    planted = _planted(sample_data / "README.md")
    kinds = {k for _, k, _ in planted}
    assert {"script-mismatch", "casual-register", "code-switch-consistent"} <= kinds
    seen = 0
    for _file, kind, value in planted:
        found = _holding(exs, value)
        if not found:
            continue  # a value in a reply the ingest did not pair (counted below)
        seen += 1
        for ex in found:
            lang = {f.code for f in ex.flags if f.check == "language"}
            warn_style = [f for f in ex.flags if f.check == "style" and f.severity != "info"]
            if kind == "script-mismatch":
                assert "script-mismatch" in lang, ex.id
            elif kind == "casual-register":
                assert warn_style, ex.id
                assert "emoji" in warn_style[0].message
            else:  # code-switch-consistent, cantonese-question-written-answer
                assert lang == set(), (ex.id, kind)
                assert warn_style == [], (ex.id, kind)
    assert seen >= 0.8 * len(planted)
    assert summary["chinese_scripts"]["simplified"] == 1
