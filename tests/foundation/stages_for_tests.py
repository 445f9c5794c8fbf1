"""Small real stages used by the pipeline tests (importable by spawned workers)."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from fine_prep.config import Config
from fine_prep.record import Example, Reject
from fine_prep.stage import StageResult, StageSpec


class UpperStage:
    """Upper-cases assistant text; rejects examples whose user text is 'drop'; counts pids."""

    name = "upper"

    def __init__(self) -> None:
        self.pid = os.getpid()

    def process(self, batch: list[Example]) -> StageResult:
        kept, rejects = [], []
        for ex in batch:
            if ex.messages[0].content == "drop":
                rejects.append(Reject("upper", "asked-to-drop", "the user said drop", ex.source, ex.id))
                continue
            for m in ex.messages:
                if m.role == "assistant":
                    m.content = m.content.upper()
            if "flag" in ex.messages[0].content:
                ex.add_flag("style", "test-flag", "warn", "flagged by the test stage")
            kept.append(ex)
        return StageResult(kept, rejects, Counter({f"pid-{self.pid}": len(batch)}))


class LengthSetStage:
    """Whole-set stage: rejects examples longer than the median answer length."""

    name = "longest"

    def map(self, batch: list[Example]) -> list[Any]:
        return [len(ex.messages[-1].content) for ex in batch]

    def reduce(self, ids: list[str], features: list[Any]) -> Any:
        ordered = sorted(features)
        return ordered[len(ordered) // 2]

    def apply(self, batch: list[Example], state: Any) -> StageResult:
        kept = [ex for ex in batch if len(ex.messages[-1].content) <= state]
        rejects = [
            Reject("longest", "too-long", "longer than the median", ex.source, ex.id, kind="skipped")
            for ex in batch
            if len(ex.messages[-1].content) > state
        ]
        return StageResult(kept, rejects)

    def summary(self, state: Any) -> dict[str, Any]:
        return {"median": state}


def build_upper(config: Config) -> UpperStage:
    return UpperStage()


def build_longest(config: Config) -> LengthSetStage:
    return LengthSetStage()


UPPER = StageSpec("upper", "example", build_upper)
LONGEST = StageSpec("longest", "set", build_longest)
