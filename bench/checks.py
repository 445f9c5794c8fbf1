"""Benchmark of the check stage (language + style) against bare langdetect.

Prints:

1. the whole ``check`` stage through the pipeline with 2 worker processes (map in the workers;
   reduce, apply, spooling and JSON in the main process): examples/s end to end;
2. the stage's per-example work (``map``: every message's language and the answer's style) in
   this process: examples/s on one core;
3. the baseline, in this same process over the same examples: bare ``langdetect`` (seed 0) on
   every message, which gives a language and nothing else: examples/s, and the ratio 2 / 3;
4. agreement of the two on the messages both call a language (the fast paths must not change
   langdetect's answer where langdetect is reliable: Latin-script prose).

Examples are the labelled set (tests/data/checks/labelled.jsonl, 271 Hong Kong customer-service
examples in English, Traditional Chinese, Cantonese, code-switched, Simplified and other
languages), repeated with half the answers wrapped as formal mail (greeting, sign-off) and a
varying order number so no two are identical.

Usage:
    python bench/checks.py               # 20,000 examples
    python bench/checks.py --n 5000      # quick
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import Timer, repeated

from fine_prep.checks.language import analyze, langdetect_top
from fine_prep.checks.stage import CheckStage
from fine_prep.config import load_config
from fine_prep.pipeline import Pipeline
from fine_prep.record import Example, Message, Source
from fine_prep.stage import STAGES


def make_examples(n: int) -> list[Example]:
    out = []
    families: dict[str, str] = {}
    for i, _src, msgs, order in repeated(n):
        answer = msgs[-1].content
        family = families.setdefault(answer, analyze(answer).family)
        if i % 2 and family in ("en", "zh"):
            if family == "en":
                answer = f"Dear Customer,\n\n{answer} Your order number is {order}.\n\nBest regards,\nCustomer Care"
            else:
                answer = f"您好：\n\n{answer}訂單編號：{order}。\n\n祝 生活愉快\n港灣茶莊 客戶服務部"
        else:
            answer = f"{answer} ({order})"
        msgs[-1] = Message("assistant", answer)
        out.append(Example(f"b-{i:07d}", msgs, Source("bench", "bench.jsonl", ref=str(i))))
    return out


class _Clock:
    """CPU seconds the main process spends in the stage's reduce and apply (the serial part)."""

    def __init__(self) -> None:
        self.serial = 0.0

    def wrap(self) -> None:
        for name in ("reduce", "apply"):
            orig = getattr(CheckStage, name)

            def timed(stage, *args, _orig=orig, **kwargs):
                start = time.process_time()
                try:
                    return _orig(stage, *args, **kwargs)
                finally:
                    self.serial += time.process_time() - start

            setattr(CheckStage, name, timed)


def run_pipeline(examples: list[Example], workers: int, clock: _Clock) -> dict[str, float]:
    """Run the stage through the pipeline; wall time and CPU time of the main process and workers."""
    cfg = load_config(None, {"run": {"workers": workers, "batch_size": 1000}})
    with tempfile.TemporaryDirectory() as tmp:
        pipe = Pipeline(cfg, Path(tmp))
        spool = pipe.feed(iter(examples))
        clock.serial = 0.0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu, start = time.process_time(), time.perf_counter()
        out = pipe.run_stage(STAGES.get("check"), spool, 1)
        wall, main_cpu = time.perf_counter() - start, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert out.count == len(examples)
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return {"wall": wall, "main": main_cpu, "workers": workers_cpu, "serial": clock.serial}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="examples for the stage runs")
    ap.add_argument("--baseline-n", type=int, default=3000, help="examples for the langdetect baseline")
    args = ap.parse_args()

    examples = make_examples(args.n)
    msgs = sum(len(e.messages) for e in examples)
    print(f"examples: {len(examples)} ({msgs} messages)")

    # Warm-up: langdetect's profiles and the script table load once per process.
    langdetect_top("warm up the language profiles")
    stage = CheckStage(load_config(None, {"run": {"workers": 1}}))

    clock = _Clock()
    clock.wrap()
    r = run_pipeline(examples, 2, clock)
    n = len(examples)
    print(f"check stage, 2 workers, end to end: {n / r['wall']:,.0f} examples/s wall ({r['wall']:.1f} s)")
    print(
        f"  load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (others' jobs slow wall time)"
    )
    print(
        f"  CPU: main {r['main']:.1f} s (reduce+apply {r['serial']:.1f} s), workers {r['workers']:.1f} s "
        f"(incl. start-up), {1000 * (r['main'] + r['workers']) / n:.2f} ms per example"
    )
    # On 2 idle cores: the map phase takes the larger of the workers' share and the main
    # process's reading; reduce and apply follow in the main process alone.
    ideal = max(r["workers"] / 2, r["main"] - r["serial"]) + r["serial"]
    print(f"  from CPU time, on 2 idle cores: {n / ideal:,.0f} examples/s")

    # Single-process figures use CPU time (process_time): other jobs on the machine do not
    # change them, and both sides of the ratio are measured the same way.
    sub = examples[: args.baseline_n]
    with Timer(time.process_time) as t_map:
        for i in range(0, len(sub), 1000):
            stage.map(sub[i : i + 1000])
    map_rate = len(sub) / t_map.seconds
    print(f"check map (language + style), 1 process: {map_rate:,.0f} examples per CPU second")

    detected = []
    with Timer(time.process_time) as t_base:
        for ex in sub:
            for m in ex.messages:
                detected.append(langdetect_top(m.content)[0])
    base_rate = len(sub) / t_base.seconds
    print(f"baseline bare langdetect per message, 1 process: {base_rate:,.0f} examples per CPU second")
    print(f"ratio check map / langdetect (same process, 1 core): {map_rate / base_rate:.1f}x")

    texts = [m.content for ex in sub for m in ex.messages]
    ours = [analyze(t) for t in texts]
    agree: Counter[str] = Counter()
    differ: set[str] = set()
    for text, res, ld in zip(texts, ours, detected, strict=True):
        if res.method == "stopwords":
            same = ld == res.lang
            agree[f"stopword fast path ({res.lang}), langdetect {'agrees' if same else 'differs'}"] += 1
            if not same:
                differ.add(text)
        if res.family == "zh" and ld in ("zh-Hant", "zh-Hans", "ko", "ja"):
            agree["zh by script, langdetect says " + ld] += 1
    for k, v in sorted(agree.items()):
        print(f"  {k}: {v}")
    print(f"  distinct texts where they differ: {len(differ)} (e.g. {sorted(differ)[:3]})")


if __name__ == "__main__":
    main()
