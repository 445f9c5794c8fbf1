"""Benchmark of the pre-upload gate (``fine-prep validate``) against the raw JSON-parse floor.

Generates an OpenAI chat JSONL file (default 500 MB; English, Traditional Chinese and mixed
texts of varied length, no personal data), then measures in the same process:

1. the floor: read every line and parse it with orjson (and with the stdlib ``json``);
2. the gate's format checks only (``token_count = off``, no PII scan, no near-duplicates);
3. the gate with limits (exact o200k token counts) and exact duplicates, without the PII scan;
4. the same with the residual PII scan (on the first ``--pii-mb`` MB if given: it is slower).

Prints lines/s and MB/s of each and the ratio to the orjson floor (goal: format checks within 3x).

Usage:
    /work/venv/bin/python bench/validate.py [--mb 500] [--pii-mb 50] [--keep PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import orjson

from fine_prep.config import load_config
from fine_prep.providers.validate import validate_file

EN = (
    "Thank you for your order of our Tieguanyin oolong. We ship within three working days and "
    "you will receive a tracking number by e-mail once the parcel leaves our Sheung Wan shop. "
    "Brewing tip: rinse the leaves once with water at 95 degrees, then steep for 45 seconds. "
)
ZH = "多謝你嘅訂單。我哋會喺三個工作天內寄出，寄出後會用電郵通知你追蹤編號。沖泡建議：先用九十五度熱水洗茶一次，再浸四十五秒。"
SYSTEM = "You are the customer-service assistant of Harbour Lane Tea Co., a tea shop in Sheung Wan."


def make_line(rng: random.Random, i: int) -> bytes:
    def text(n: int) -> str:
        src = ZH if rng.random() < 0.35 else EN
        start = rng.randrange(len(src) // 2)
        body = (src[start:] + src) * (1 + n // len(src))
        return f"[{i}] " + body[: max(20, n)]

    msgs = [{"role": "system", "content": SYSTEM}]
    for _ in range(rng.choice((1, 1, 1, 2))):
        msgs.append({"role": "user", "content": text(rng.randrange(60, 400))})
        msgs.append({"role": "assistant", "content": text(rng.randrange(100, 900))})
    return orjson.dumps({"messages": msgs}) + b"\n"


def generate(path: Path, mb: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    target = mb << 20
    written = 0
    i = 0
    with path.open("wb") as fh:
        buf = []
        while written < target:
            line = make_line(rng, i)
            buf.append(line)
            written += len(line)
            i += 1
            if len(buf) >= 4096:
                fh.write(b"".join(buf))
                buf = []
        fh.write(b"".join(buf))
    return i


def head(path: Path, out: Path, mb: int) -> None:
    with path.open("rb") as src, out.open("wb") as dst:
        n = 0
        for line in src:
            dst.write(line)
            n += len(line)
            if n >= mb << 20:
                break


def floor(path: Path, loads) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    n = 0
    with path.open("rb") as fh:
        for line in fh:
            loads(line)
            n += 1
    return time.perf_counter() - t, n


def gate(path: Path, **validate: object) -> tuple[float, int, object]:
    cfg = load_config(None, {"validate": {"near_duplicates": False, **validate}})
    t = time.perf_counter()
    report = validate_file(str(path), "openai", cfg)
    return time.perf_counter() - t, report.examples, report


def peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def show(name: str, seconds: float, lines: int, mb: float, base: float | None) -> None:
    ratio = f"  {seconds / base:5.2f}x floor" if base else ""
    print(f"{name:<44} {seconds:8.2f} s {lines / seconds:>10,.0f} lines/s {mb / seconds:8.1f} MB/s{ratio}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=500, help="size of the generated file in MB")
    ap.add_argument(
        "--pii-mb", type=int, default=0, help="run the PII scan on the first N MB only (0: whole file)"
    )
    ap.add_argument("--keep", default=None, help="write the generated file here and keep it")
    ap.add_argument("--quick", action="store_true", help="floor and format checks only (for multi-GB files)")
    ap.add_argument(
        "--repeat", type=int, default=3, help="interleaved runs of the floor and the format checks"
    )
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(tmp.name) / "bench.jsonl"
    if not path.exists():
        t = time.perf_counter()
        n = generate(path, args.mb)
        print(f"generated {path} ({n:,} lines) in {time.perf_counter() - t:.1f} s")
    mb = os.path.getsize(path) / (1 << 20)
    print(f"file: {mb:,.1f} MB, python {sys.version.split()[0]}, orjson {orjson.__version__}")
    floor(path, orjson.loads)  # warm the page cache
    # The floor and the format checks run interleaved, best of --repeat each: a busy shared
    # machine slows whichever run it catches, and the minimum is the least disturbed one.
    floors, fmts, stdlib = [], [], []
    for _ in range(args.repeat):
        floors.append(floor(path, orjson.loads))
        fmts.append(gate(path, token_count="off", pii_scan=False)[:2])
        stdlib.append(floor(path, json.loads))
    base, n = min(floors)
    show(f"floor: read + orjson.loads (best of {args.repeat})", base, n, mb, None)
    t, n = min(stdlib)
    show(f"floor: read + json.loads, stdlib (best of {args.repeat})", t, n, mb, base)
    t, n = min(fmts)
    show(f"gate: format checks + exact duplicates (best of {args.repeat})", t, n, mb, base)
    print(
        f"  runs: floor {', '.join(f'{x:.2f}' for x, _ in floors)} s; format {', '.join(f'{x:.2f}' for x, _ in fmts)} s"
    )
    if args.quick:
        print(f"peak memory (max RSS) of this process: {peak_mb():,.0f} MB")
        return 0
    t, n, _ = gate(path, token_count="estimate", pii_scan=False)
    show("gate: + token estimate (all providers)", t, n, mb, base)
    t, n, rep = gate(path, pii_scan=False)
    show("gate: + exact o200k tokens (openai default)", t, n, mb, base)
    pii_path = path
    if args.pii_mb and args.pii_mb < mb:
        pii_path = Path(tmp.name) / "head.jsonl"
        head(path, pii_path, args.pii_mb)
        pmb = os.path.getsize(pii_path) / (1 << 20)
        b2, n2 = floor(pii_path, orjson.loads)
        t, n, _ = gate(pii_path, pii_scan=False)
        show(f"[first {pmb:.0f} MB] gate without PII scan", t, n, pmb, b2)
        t, n, _ = gate(pii_path, pii_scan=True)
        show(f"[first {pmb:.0f} MB] gate with PII scan", t, n, pmb, b2)
    else:
        t, n, _ = gate(path, pii_scan=True)
        show("gate: + residual PII scan", t, n, mb, base)
    print(f"verdict of the full gate: {'FAIL' if rep.failed else 'PASS'}, {len(rep.findings)} findings")  # type: ignore[attr-defined]
    print(f"peak memory (max RSS) of this process: {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
