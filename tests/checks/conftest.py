"""Fixtures of the check tests: the labelled set and a way to run the stage in-process."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fine_prep.checks.stage import CheckStage
from fine_prep.config import load_config
from fine_prep.record import Example

DATA = Path(__file__).resolve().parent.parent / "data" / "checks"


def run_check(examples: Sequence[Example], **overrides: dict) -> tuple[list[Example], object, dict]:
    """Map, reduce and apply the check stage over examples in this process.

    Returns the kept examples, the stage result and the stage summary.
    """
    cfg = load_config(None, {"run": {"workers": 1}, **overrides})
    stage = CheckStage(cfg)
    exs = list(examples)
    state = stage.reduce([e.id for e in exs], stage.map(exs))
    result = stage.apply(exs, state)
    return result.kept, result, stage.summary(state)


@pytest.fixture(scope="session")
def labelled() -> list[Example]:
    """The labelled set (tests/data/checks/labelled.jsonl), read fresh once per session."""
    with (DATA / "labelled.jsonl").open(encoding="utf-8") as fh:
        return [Example.from_dict(json.loads(line)) for line in fh if line.strip()]


@pytest.fixture
def check_runner() -> Callable[..., tuple[list[Example], object, dict]]:
    return run_check
