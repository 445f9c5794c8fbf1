"""Recall, precision and must-keep survival of a detector on a labelled set.

Used by the tests (thresholds) and ``bench/pii.py`` (reporting). A gold value counts as
redacted when predicted spans of a compatible type cover all its non-space characters; for
addresses 80% is enough (what is left is then a district, which alone identifies nobody,
reference §5.1). ``PERSON`` and ``PERSON_TITLE`` are compatible with each other.

Person names are reported separately for Latin (``PERSON (en)``) and Chinese
(``PERSON (zh)``) values.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMPATIBLE = {"PERSON": {"PERSON", "PERSON_TITLE"}, "PERSON_TITLE": {"PERSON", "PERSON_TITLE"}}
COVERAGE = {"HK_ADDRESS": 0.8}


@dataclass
class Scores:
    """Per-type counts; ``recall()`` and ``precision()`` derive the ratios."""

    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    keep_total: int = 0
    keep_survived: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.gold[kind] if self.gold[kind] else float("nan")

    def precision(self, kind: str) -> float:
        return self.correct[kind] / self.predicted[kind] if self.predicted[kind] else float("nan")

    def keep_rate(self) -> float:
        return self.keep_survived / self.keep_total if self.keep_total else float("nan")

    def table(self) -> str:
        """A plain-text table of recall and precision per type."""
        kinds = sorted(set(self.gold) | set(self.predicted))
        lines = [f"{'type':<18} {'gold':>5} {'recall':>7} {'pred':>5} {'precision':>9}"]
        for k in kinds:
            lines.append(
                f"{k:<18} {self.gold[k]:>5} {self.recall(k):>7.3f} {self.predicted[k]:>5} {self.precision(k):>9.3f}"
            )
        lines.append(f"{'must-keep':<18} {self.keep_total:>5} {self.keep_rate():>7.3f}")
        return "\n".join(lines)


def load_set(path: str | Path) -> list[dict[str, Any]]:
    """The labelled records of an evaluation JSONL file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _gold_kind(rec_text: str, span: dict[str, Any]) -> str:
    if span["type"] == "PERSON":
        value = rec_text[span["start"] : span["end"]]
        return "PERSON (zh)" if any("\u4e00" <= c <= "\u9fff" for c in value) else "PERSON (en)"
    return str(span["type"])


def score(
    records: Iterable[dict[str, Any]],
    predict: Callable[[list[str]], list[list[tuple[str, int, int]]]],
) -> Scores:
    """Score ``predict`` (texts -> spans ``(type, start, end)`` per text) on labelled records."""
    records = list(records)
    preds = predict([r["text"] for r in records])
    s = Scores()
    for rec, pred in zip(records, preds, strict=True):
        text = rec["text"]
        for g in rec["spans"]:
            kind = _gold_kind(text, g)
            s.gold[kind] += 1
            ok_types = COMPATIBLE.get(g["type"], {g["type"]})
            chars = [i for i in range(g["start"], g["end"]) if not text[i].isspace()]
            covered = {i for t, ps, pe in pred if t in ok_types for i in range(ps, pe)}
            share = sum(1 for i in chars if i in covered) / max(1, len(chars))
            if share >= COVERAGE.get(g["type"], 1.0) - 1e-9:
                s.found[kind] += 1
            else:
                s.misses.append((kind, rec["id"], rec["lang"]))
        for t, ps, pe in pred:
            s.predicted[t] += 1
            if any(
                ps < g["end"] and g["start"] < pe and t in COMPATIBLE.get(g["type"], {g["type"]})
                for g in rec["spans"]
            ):
                s.correct[t] += 1
        for k in rec["keep"]:
            s.keep_total += 1
            at = text.find(k)
            if at >= 0 and not any(ps < at + len(k) and at < pe for _, ps, pe in pred):
                s.keep_survived += 1
    return s
