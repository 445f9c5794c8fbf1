"""Helpers shared by the benchmarks: the labelled examples they repeat, and a timer.

The benchmarks run as scripts (``python bench/checks.py``), which puts this folder on
``sys.path``: they import this module as ``_common``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from fine_prep.record import Example, Message

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "checks" / "labelled.jsonl"


def labelled() -> list[Example]:
    """The labelled set: Hong Kong customer-service examples in English, Chinese and other languages."""
    return [Example.from_dict(json.loads(line)) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def repeated(n: int) -> Iterator[tuple[int, Example, list[Message], str]]:
    """``n`` rounds over the labelled set, for making ``n`` examples of which no two are identical.

    Yields:
        The index, the source example, a copy of its messages to change, and an order number
        that varies with the index (``#HL10000`` ...) to put in the answer.
    """
    base = labelled()
    for i in range(n):
        src = base[i % len(base)]
        yield i, src, [Message(m.role, m.content) for m in src.messages], f"#HL{10000 + i % 90000}"


class Timer:
    """Seconds spent in a ``with`` block: wall time, or CPU time with ``clock=time.process_time``."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.seconds = 0.0
        self._start = 0.0

    def __enter__(self) -> Timer:
        self._start = self.clock()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.seconds = self.clock() - self._start
