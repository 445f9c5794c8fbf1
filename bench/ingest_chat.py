"""Benchmark: WhatsApp ingest of a 500,000-line export, against a bare regex line split.

Writes a synthetic Android export (day-first, 24 h; Cantonese/English messages, multi-line
messages, media placeholders, deleted and system lines, conversations hours apart) to a
temporary folder, then, in this one process:

1. baseline: read the file and match a header regex on every line (what any parser must do);
2. fine-prep: the ``whatsapp`` adapter end to end (two streaming passes, pairing, records).

Prints lines/second for both (wall clock, and CPU time, which is the fairer figure on a shared
machine), their ratio, the peak RSS before and after the adapter run, and the peak of traced
Python memory for a 10x smaller and a 2x smaller export (the adapter streams, so that peak is
bounded by one read block and one conversation, not by the file).

Usage: python bench/ingest_chat.py [--lines 500000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

from fine_prep.config import load_config
from fine_prep.ingest.base import IngestContext, InputFile
from fine_prep.ingest.chat.whatsapp import WhatsAppAdapter
from fine_prep.record import Example

CUSTOMER_LINES = [
    "Hi, 想問吓你哋個 Tieguanyin gift box 仲有冇貨？",
    "Do you deliver to Tai Hang?",
    "好呀 我要兩盒",
    "Can I pick up on Saturday instead?",
    "請問幾點關門？",
    "paid 🙏",
]
STAFF_LINES = [
    "您好，多謝查詢！係呀，而家門市同網店都有 stock。",
    "We do, delivery takes 2 working days and costs HK$40.",
    "收到，訂單編號係 #HL10271。",
    "Sure, we open at 11am on Saturdays.",
    "我哋今日開到晚上七點。",
]


def write_export(path: Path, n_lines: int, seed: int = 7) -> int:
    """Write a WhatsApp export of about ``n_lines`` lines; return the exact count."""
    rnd = random.Random(seed)
    t = datetime(2023, 1, 1, 9, 0)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            f"{t:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. No one outside of "
            "this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        )
        written += 1
        while written < n_lines:
            t += timedelta(hours=rnd.choice((7, 20, 30)))  # a new conversation
            for _ in range(rnd.randint(2, 8)):
                t += timedelta(minutes=rnd.randint(1, 20))
                stamp = f"{t:%d/%m/%Y, %H:%M}"
                r = rnd.random()
                if r < 0.05:
                    fh.write(f"{stamp} - Customer {rnd.randint(1, 50)}: <Media omitted>\n")
                    written += 1
                elif r < 0.07:
                    fh.write(f"{stamp} - Customer {rnd.randint(1, 50)}: This message was deleted\n")
                    written += 1
                elif r < 0.5:
                    who = f"Customer {rnd.randint(1, 50)}"
                    fh.write(f"{stamp} - {who}: {rnd.choice(CUSTOMER_LINES)}\n")
                    written += 1
                    if rnd.random() < 0.2:
                        fh.write(f"{rnd.choice(CUSTOMER_LINES)}\n")
                        written += 1
                else:
                    fh.write(f"{stamp} - Harbour Lane Tea: {rnd.choice(STAFF_LINES)}\n")
                    written += 1
                    if rnd.random() < 0.3:
                        fh.write(f"{rnd.choice(STAFF_LINES)}\n")
                        written += 1
    return written


BASELINE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4}), (\d{1,2}):(\d{2}) - ([^:]+): (.*)")


def baseline(path: Path) -> int:
    """A bare regex split: match a header on every line, keep nothing."""
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            BASELINE.match(line)
            n += 1
    return n


def fine_prep(path: Path) -> tuple[int, int, int]:
    """The adapter end to end; returns (examples, rejects, lines)."""
    config = load_config(None, {"ingest": {"staff": ["Harbour Lane Tea"]}})
    ctx = IngestContext(config)
    item = InputFile(path, path.name, path.read_bytes()[:8192])
    examples = rejects = 0
    for rec in WhatsAppAdapter().read([item], ctx):
        if isinstance(rec, Example):
            examples += 1
        else:
            rejects += 1
    return examples, rejects, ctx.counts["whatsapp-lines"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=500_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "WhatsApp Chat.txt"
        n = write_export(path, args.lines)
        size = path.stat().st_size / 1e6
        print(f"export: {n:,} lines, {size:.1f} MB")
        load_config(None)  # import the plugins once, outside the timings
        t0, c0 = time.perf_counter(), time.process_time()
        baseline(path)
        t_base, c_base = time.perf_counter() - t0, time.process_time() - c0
        rss_before = rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        examples, rejects, lines = fine_prep(path)
        t_fp, c_fp = time.perf_counter() - t0, time.process_time() - c0
        rss_after = rss_mb()
        assert lines == n, (lines, n)
        print(
            f"baseline (regex line split):  {n / t_base:12,.0f} lines/s wall  "
            f"{n / c_base:12,.0f} lines/s CPU  ({t_base:.2f} s)"
        )
        print(
            f"fine-prep whatsapp adapter:   {n / t_fp:12,.0f} lines/s wall  "
            f"{n / c_fp:12,.0f} lines/s CPU  ({t_fp:.2f} s)"
        )
        print(f"ratio fine-prep / baseline:   {t_base / t_fp:12.3f}  (fine-prep takes {t_fp / t_base:.1f}x)")
        print(f"examples {examples:,}, skipped/rejected {rejects:,}")
        print(
            f"peak RSS: {rss_before:.0f} MB before the adapter, {rss_after:.0f} MB after "
            f"(+{rss_after - rss_before:.0f} MB for a {size:.0f} MB file)"
        )
        # Python's own accounting of live memory: flat in the file size when the adapter streams
        # (RSS above also holds the allocator's high-water mark).
        peaks = []
        for part in (args.lines // 10, args.lines // 2):
            small = Path(tmp) / f"part-{part}.txt"
            write_export(small, part)
            tracemalloc.start()
            fine_prep(small)
            peaks.append((part, tracemalloc.get_traced_memory()[1] / 1e6))
            tracemalloc.stop()
        print("traced peak memory: " + ", ".join(f"{mb:.1f} MB for {k:,} lines" for k, mb in peaks))
        verdict = "met" if n / t_fp >= 100_000 else "NOT met (wall; see CPU figure on a busy machine)"
        print(f"goal >= 100,000 lines/s: {verdict}")


if __name__ == "__main__":
    main()
