"""Benchmark of the report: aggregation (pandas, residual personal-data scan) and HTML rendering.

Prints, over the same synthetic examples in this one process:

1. ``build_report`` (one pass over the examples: lengths, flags, residual scan; pandas
   grouping; the verdict): examples/s;
2. ``render_html`` + ``render_markdown`` of that report: seconds and page size (the table is
   capped at ``[report].max_rows`` rows);
3. the baseline: serialising the same examples to canonical JSONL text (``to_dict`` +
   ``dumps``), the least any stage that touches every example does: examples/s, and the
   ratio 1 / 3 (how many baseline passes one report costs);
4. the share of (1) spent in the residual scan (``fine_prep.pii.scan``).

Examples are tests/data/checks/labelled.jsonl (Hong Kong customer-service pairs in English,
Chinese and Cantonese) repeated with a varying order number; 15% carry a style flag and all
carry ``meta.pii`` (as after the redact stage), so every flagged one gets an excerpt.

Usage:
    python bench/report.py             # 20,000 examples
    python bench/report.py --n 5000    # quick
"""

from __future__ import annotations

import argparse

from _common import Timer, repeated

from fine_prep.config import load_config
from fine_prep.record import Example, Message, dumps
from fine_prep.report import build_report
from fine_prep.report.html import render_html
from fine_prep.report.markdown import render_markdown


def make_examples(n: int) -> list[Example]:
    out = []
    for i, src, msgs, order in repeated(n):
        msgs[-1] = Message("assistant", f"{msgs[-1].content} ({order})")
        ex = Example(f"bx-{i:012x}", msgs, src.source, meta={"pii": {}, "language": "en"})
        if i % 7 == 0:
            ex.add_flag("style", "style-outlier", "warn", "unlike the dataset's answers: exclamations 3.0")
        out.append(ex)
    return out


def stages(n: int) -> list[dict]:
    def s(name: str, **kw: object) -> dict:
        return {
            "name": name,
            "in": n,
            "out": n,
            "rejected": 0,
            "skipped": 0,
            "flagged": 0,
            "seconds": 0.0,
            "counts": {},
            "reasons": {},
            "details": {},
            **kw,
        }

    return [s("ingest"), s("redact", counts={"entity:PERSON": n // 3}), s("dedup"), s("check")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    args = ap.parse_args()
    cfg = load_config(None, {"run": {"workers": 1}})
    examples = make_examples(args.n)
    export = {
        "provider": "openai",
        "train": args.n,
        "validation": 0,
        "rejected": 0,
        "groups": {"train": args.n, "validation": 0},
    }

    build_report(examples[:50], stages(50), [], export, ["x"], cfg)  # warm-up: imports, pandas
    with Timer() as timer:
        rep = build_report(examples, stages(args.n), [], export, ["bench"], cfg)
    t_build = timer.seconds

    with Timer() as timer:
        page = render_html(rep)
        render_markdown(rep)
    t_html = timer.seconds

    with Timer() as timer:
        size = sum(len(dumps(ex.to_dict())) for ex in examples)
    t_base = timer.seconds

    from fine_prep.pii.scan import ResidualScanner

    scanner = ResidualScanner(None)
    with Timer() as timer:
        for ex in examples:
            for m in ex.messages:
                scanner.scan(m.content)
    t_scan = timer.seconds

    n = args.n
    print(f"examples: {n} ({size / 1e6:.1f} MB as canonical JSONL); table rows: {len(rep['table'])}")
    print(f"1. build_report: {t_build:.2f}s, {n / t_build:,.0f} examples/s")
    print(f"2. render_html + markdown: {t_html:.2f}s, report.html {len(page.encode()) / 1e6:.2f} MB")
    print(
        f"3. baseline to_dict+dumps: {t_base:.2f}s, {n / t_base:,.0f} examples/s; ratio build/baseline: "
        f"{t_build / t_base:.1f}x the time"
    )
    print(f"4. residual scan alone: {t_scan:.2f}s ({100 * t_scan / t_build:.0f}% of build_report)")


if __name__ == "__main__":
    main()
