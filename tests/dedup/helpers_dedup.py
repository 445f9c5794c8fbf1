"""Shared helpers of the dedup tests: text generators and running the stage on a file."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from fine_prep.config import load_config
from fine_prep.pipeline import run_file_stage
from fine_prep.record import Example, Message, Source, write_jsonl

SYL = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
HAN = [chr(0x4E00 + i * 7) for i in range(2500)]


def words(rng: random.Random, k: int) -> list[str]:
    """k pseudo-words (unrelated texts share almost no shingles)."""
    return ["".join(rng.choices(SYL, k=rng.randint(2, 3))) for _ in range(k)]


def base_tokens(rng: random.Random, lang: str, k: int) -> list[str]:
    """k tokens of English-like words, Han characters, or a mix of both."""
    if lang == "en":
        return words(rng, k)
    if lang == "zh":
        return rng.choices(HAN, k=k)
    out = []
    for i in range(k):
        out.append(rng.choice(HAN) if i % 3 else words(rng, 1)[0])
    return out


def render(toks: list[str], lang: str) -> str:
    """Tokens back to text: spaces between words, none between Han characters."""
    out = ""
    for t in toks:
        is_han = len(t) == 1 and "\u4e00" <= t <= "\u9fff"
        if out and not (is_han and (out[-1] >= "\u4e00")) and not (is_han and lang == "zh"):
            out += " "
        out += t
    return out


def example(eid: str, user: str, assistant: str, **meta: Any) -> Example:
    return Example(
        eid,
        [Message("user", user), Message("assistant", assistant)],
        Source("test", "test.jsonl", ref=eid),
        meta=dict(meta),
    )


def run_dedup(
    tmp_path: Path,
    examples: list[Example],
    workers: int = 1,
    batch_size: int = 256,
    name: str = "in",
    **dedup: Any,
) -> dict[str, Any]:
    """Run the registered ``dedup`` stage over a JSONL file through the pipeline."""
    src = tmp_path / f"{name}.jsonl"
    write_jsonl(src, [ex.to_dict() for ex in examples])
    out, rej = tmp_path / f"{name}.out.jsonl", tmp_path / f"{name}.rejects.jsonl"
    cfg = load_config(None, {"run": {"workers": workers, "batch_size": batch_size}, "dedup": dedup})
    summaries = run_file_stage("dedup", str(src), str(out), str(rej), cfg)
    kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    rejects = (
        [json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()] if rej.exists() else []
    )
    return {
        "kept": kept,
        "kept_ids": [k["id"] for k in kept],
        "rejects": rejects,
        "summary": summaries[-1].to_dict(),
        "out_bytes": out.read_bytes(),
        "rejects_bytes": rej.read_bytes() if rej.exists() else b"",
    }
