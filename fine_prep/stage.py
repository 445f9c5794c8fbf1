"""The stage protocol: per-example stages over batches, whole-set stages as map + reduce + apply.

Stages are pure over what they are handed: no files, no globals, no printing. Costly set-up
(an NLP engine, compiled patterns) happens once in the constructor, which the pipeline calls once
per worker process. A stage registers a :class:`StageSpec` in :data:`STAGES`; ``run`` chains
every registered stage whose ``order`` is set, in that order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from fine_prep.config import Config
from fine_prep.record import Example, Reject
from fine_prep.registry import Registry


@dataclass
class StageResult:
    """What a stage returns for one batch: the examples it kept, its rejects, and counters."""

    kept: list[Example]
    rejects: list[Reject] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


@runtime_checkable
class Stage(Protocol):
    """A per-example stage: a pure function of a batch."""

    name: str

    def process(self, batch: list[Example]) -> StageResult:
        """Process one batch."""
        ...


@runtime_checkable
class SetStage(Protocol):
    """A whole-set stage, split so that a distributed engine could run the same functions.

    ``map`` computes one feature per example (in worker processes), ``reduce`` turns all the
    features into a state (clusters, thresholds), ``apply`` uses that state on each batch.
    """

    name: str

    def map(self, batch: list[Example]) -> list[Any]:
        """One picklable feature per example, in batch order."""
        ...

    def reduce(self, ids: list[str], features: list[Any]) -> Any:
        """Combine every example's feature into the state ``apply`` needs."""
        ...

    def apply(self, batch: list[Example], state: Any) -> StageResult:
        """Keep, flag or reject the examples of one batch given the state."""
        ...

    def summary(self, state: Any) -> dict[str, Any]:
        """Stage-level facts for the report (clusters, profiles); never personal data."""
        ...


@dataclass(frozen=True)
class StageSpec:
    """How to build a stage, and where it sits in ``run``.

    Attributes:
        name: kebab-case name (also the command that runs it alone).
        kind: ``example`` (a :class:`Stage`) or ``set`` (a :class:`SetStage`).
        build: a module-level function taking the :class:`Config` (picklable, so workers can
            call it).
        order: position in ``run`` (lower first); ``None`` keeps it out of ``run``.
        redacts: the stage removes personal data; rejects written after it may carry text.
        description: one line for ``--help`` and the report.
    """

    name: str
    kind: str
    build: Callable[[Config], Any]
    order: int | None = None
    redacts: bool = False
    description: str = ""


STAGES: Registry[StageSpec] = Registry("stage")


def run_order() -> list[StageSpec]:
    """The registered stages that ``run`` chains, in order."""
    from fine_prep.config import load_builtins

    load_builtins()
    specs = [spec for _, spec in STAGES.items() if spec.order is not None]
    return sorted(specs, key=lambda s: (s.order, s.name))
