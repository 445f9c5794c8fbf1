"""The report of a real run over sample_data: the verdict, the funnel, charts and the table."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from report_helpers import readme_table

from fine_prep.report import build_report, verdict
from fine_prep.report.verdict import count_verdict


def _report(run) -> dict:  # type: ignore[no-untyped-def]
    return json.loads((Path(run.out_dir) / "report.json").read_text(encoding="utf-8"))


def test_run_writes_every_report_file(sample_run) -> None:  # type: ignore[no-untyped-def]
    out = Path(sample_run.out_dir)
    for name in ("report.json", "report.html", "report.md", "manifest.json"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
        assert name in sample_run.outputs
    assert sample_run.outputs[-1] == "manifest.json"  # written last: it hashes the others


def test_verdict_reasons_match_the_sample_data(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    v = rep["verdict"]
    clean = rep["export"]["train"] + rep["export"]["validation"]
    # Fewer than 300 clean examples: never "ready"; 50..299 is "not yet", under 50 "not ready".
    assert v["status"] == ("not yet" if clean >= 50 else "not ready")
    checks = {c["key"]: c for c in v["checks"]}
    assert checks["count"]["status"] == "warn" and str(clean) in checks["count"]["text"]
    assert checks["validation"]["status"] == "ok" and rep["export"]["validation"] > 0
    assert set(checks) >= {"count", "flagged", "pii", "duplicates", "language", "style", "validation"}
    for c in v["checks"]:
        if c["status"] != "ok":
            assert c["text"] in v["reasons"]


def test_funnel_counts_the_planted_skips_and_duplicates(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    f = rep["funnel"]
    stages = {s["name"]: s for s in rep["stages"]}
    assert f["ingested"] == stages["ingest"]["in"]
    removed = {(r["stage"], r["code"]): r["count"] for r in f["removed"]}
    # sample_data/README.md "Skipped or rejected at ingest": the auto-reply and the bounce.
    kinds = {k for _, _, k, _ in readme_table("planted-skips")}
    assert {"auto-reply", "bounce"} <= kinds
    assert removed[("ingest", "auto-reply")] == 1 and removed[("ingest", "bounce")] == 1
    assert sum(r["count"] for r in f["removed"]) == rep["rejects"]
    # Every row of the rejects file is counted once.
    lines = (Path(sample_run.out_dir) / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert rep["rejects"] == len(lines)
    # Duplicates: the planted clusters A-D and the exact group E1 (README "Duplicates").
    planted = {v for _, _, _, v in readme_table("planted-duplicates")}
    d = f["duplicates"]
    assert d["clusters"] == len(planted) == 5
    assert d["removed"] == d["exact"] + d["near"] == stages["dedup"]["in"] - stages["dedup"]["out"]


def test_redacted_counts_per_type_and_no_values(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    red = rep["funnel"]["redacted"]
    planted = Counter(k for _, _, k, _ in readme_table("planted-pii"))
    assert red["PERSON"] > 0 and red["EMAIL_ADDRESS"] > 0 and red["HK_PHONE"] > 0
    assert red.get("HK_ID", 0) + red.get("HKID", 0) >= planted["HKID"] - 1  # one HKID sits in a skipped reply
    assert rep["charts"]["pii"] == dict(sorted(red.items(), key=lambda kv: (-kv[1], kv[0])))
    assert rep["examples"]["residual_pii"] == {}


def test_flagged_examples_include_the_planted_language_and_style_findings(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    flagged = [r for r in rep["table"] if r["kind"] == "flagged"]
    assert len(flagged) == rep["examples"]["flagged"] > 0
    by_code = Counter(c for r in flagged for c in r["codes"])
    assert by_code["script-mismatch"] == 1  # the only Simplified Chinese reply
    # The casual reply is a style outlier; its excerpt is the planted text (no personal data in it).
    casual = next(v for _, _, k, v in readme_table("planted-language-style") if k == "casual-register")
    assert any(casual in (r["answer"] or "") and "style-outlier" in r["codes"] for r in flagged)
    for r in flagged:  # excerpts come from redacted examples, and a source says where to look
        assert r["answer"] is not None and r["source"].startswith("sample_data/")


def test_rejects_before_redaction_have_no_text(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    early = [r for r in rep["table"] if r["kind"] != "flagged" and r["stage"] == "ingest"]
    assert early
    for r in early:
        assert r["question"] is None and r["answer"] is None and r["source"]
    late = [r for r in rep["table"] if r["stage"] == "dedup"]
    assert late and all(r["answer"] for r in late)  # after redact: redacted excerpts


def test_charts_cover_lengths_languages_and_clusters(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    ch = rep["charts"]
    n = rep["examples"]["count"]
    assert sum(ch["answer_length"].values()) == sum(ch["question_length"].values()) == n
    assert ch["answer_language"].get("zh-Hans") == 1
    assert sum(ch["duplicate_clusters"].values()) == rep["funnel"]["duplicates"]["clusters"]
    assert ch["style_outliers"]


def test_tokens_and_cost_come_from_the_gate(sample_run) -> None:  # type: ignore[no-untyped-def]
    rep = _report(sample_run)
    t = rep["tokens"]
    files = {f["file"]: f for f in t["files"]}
    assert files["train.jsonl"]["examples"] == rep["export"]["train"]
    assert t["total_tokens"] == sum(f["tokens"] for f in t["files"]) > 0
    assert t["cost"]["estimated_usd"] >= 0 and t["passed"] is True


def test_markdown_is_short_and_carries_the_verdict(sample_run) -> None:  # type: ignore[no-untyped-def]
    md = (Path(sample_run.out_dir) / "report.md").read_text(encoding="utf-8")
    rep = _report(sample_run)
    assert "Not yet" in md and f"{rep['export']['train']} train" in md
    assert len(md.splitlines()) < 40


def test_html_is_self_contained_and_declares_utf8(sample_run) -> None:  # type: ignore[no-untyped-def]
    html = (Path(sample_run.out_dir) / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "Noto Sans CJK TC" in html and "Microsoft JhengHei" in html
    # No external resource: no src/href to another place, no @import, no CDN.
    assert not re.search(r'\b(src|href)\s*=\s*"(?!#)', html)
    assert "@import" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert 'id="verdict"' in html and "港灣茶莊" in html  # Chinese text kept as text


def test_report_grows_with_the_stages_that_ran(config, example_factory) -> None:  # type: ignore[no-untyped-def]
    """Only an ingest summary: no redaction, dedup or check sections, and the verdict says so."""
    from fine_prep.report.html import render_html

    rep = build_report(
        examples=[example_factory(id=f"t-{i:012d}") for i in range(3)],
        stages=[
            {
                "name": "ingest",
                "in": 3,
                "out": 3,
                "rejected": 0,
                "skipped": 0,
                "flagged": 0,
                "seconds": 0.1,
                "counts": {},
                "reasons": {},
                "details": {},
            }
        ],
        rejects=[],
        export=None,
        inputs=["x"],
        config=config,
    )
    assert "redacted" not in rep["funnel"] and "duplicates" not in rep["funnel"]
    assert "pii" not in rep["charts"] and "duplicate_clusters" not in rep["charts"]
    checks = {c["key"]: c for c in rep["verdict"]["checks"]}
    assert checks["pii"]["status"] == "fail" and "no redact stage" in checks["pii"]["text"]
    assert rep["verdict"]["status"] == "not ready"
    html = render_html(rep)
    assert "Personal data replaced" not in html and "Duplicate clusters" not in html
    # Not redacted: the table would show no text (there are no flags here, so no table at all).
    assert 'id="items"' not in html


@pytest.mark.parametrize(
    ("clean", "status"),
    [(0, "fail"), (49, "fail"), (50, "warn"), (299, "warn"), (300, "warn"), (499, "warn"), (500, "ok")],
)
def test_count_rules_of_thumb(clean: int, status: str) -> None:
    assert count_verdict(clean)[0] == status
    assert verdict(clean)[0] == {"ok": "ready", "warn": "not yet", "fail": "not ready"}[status]
