"""Split examples into train/validation by group and write them in a provider's format.

The split is by *unit*: examples that share ``meta.group`` (an email thread, a chat
conversation, a group merged by the dedup stage) or that are near-duplicates of each other
(their whole texts, as the validation gate measures leakage, or their substantial answers; see
:class:`AnswerLinks`) are one unit, and a unit goes to one side only, so no thread and no near-duplicate straddles the split.
Units are ordered by a seeded hash of their key and put in validation until the share of
examples reaches ``val_fraction``: the same input and seed always give the same split.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_prep.errors import InputError
from fine_prep.providers.base import PROVIDERS, CannotExpress, Provider
from fine_prep.record import Example, Reject, atomic_output, dumps

TRAIN = "train.jsonl"
VALIDATION = "validation.jsonl"
SPLIT_VERSION = "group-unit-split-v1"
NEAR_DUPLICATE_THRESHOLD = 0.8  # the dedup stage's default Jaccard threshold


def split_key(example: Example) -> str:
    """The group an example is split by: its ``meta.group`` (thread, conversation, cluster)."""
    return str(example.meta.get("group") or example.id)


def _unit_order(key: str, seed: int) -> bytes:
    return hashlib.sha256(f"{seed}:{key}".encode("utf-8", "surrogatepass")).digest()


def plan_split(
    groups: Sequence[str],
    val_fraction: float,
    seed: int,
    links: Iterable[tuple[int, int]] = (),
) -> tuple[list[bool], dict[str, int]]:
    """Decide the side of every example.

    Args:
        groups: the group key of each example (``meta.group`` or its id).
        val_fraction: share of examples wanted in validation, in ``[0, 1)``.
        seed: seed of the unit order.
        links: pairs of example positions that must share a side (near-duplicates).

    Returns:
        ``(in_validation per example, counts)`` where counts has ``units``, ``validation_units``
        and ``merged_by_near_duplicates`` (groups joined to another group by a link).

    Raises:
        InputError: ``val_fraction`` is not in ``[0, 1)``.
    """
    from fine_prep.dedup.cluster import UnionFind

    if not 0.0 <= val_fraction < 1.0:
        raise InputError(f"--val-fraction must be at least 0 and below 1, got {val_fraction}")
    n = len(groups)
    uf = UnionFind(n)
    first: dict[str, int] = {}
    for i, g in enumerate(groups):
        j = first.setdefault(g, i)
        if j != i:
            uf.union(i, j)
    before = len({uf.find(i) for i in range(n)})
    for a, b in links:
        uf.union(a, b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    # A unit's key is the smallest group key in it: independent of input order.
    units = sorted(members.values(), key=lambda m: _unit_order(min(groups[i] for i in m), seed))
    side = [False] * n
    counts = {"units": len(units), "validation_units": 0, "merged_by_near_duplicates": before - len(units)}
    if val_fraction <= 0 or len(units) < 2:
        return side, counts
    # At least one example in validation, never all of them.
    target = min(max(1, round(val_fraction * n)), n - 1)
    taken = 0
    for unit in units:
        if taken >= target:
            break
        if taken + len(unit) > target:
            continue  # too big for what is left; a later, smaller unit may fit
        for i in unit:
            side[i] = True
        taken += len(unit)
        counts["validation_units"] += 1
    return side, counts


class AnswerLinks:
    """Collects the sketches of each example and finds the pairs that must share a side.

    Two :class:`~fine_prep.dedup.leakage.TextSketches` indexes (exact copies after
    normalisation, and near-duplicates: LSH candidates confirmed by exact Jaccard):

    * the whole non-system text, measured as the validation gate measures leakage, so a split
      made here never fails the gate (short templated replies included);
    * the answer alone, but only answers of ``SUBSTANTIAL_TOKENS`` (30 words or Han characters)
      or more: a template reply sent to differently worded questions stays on one side, while
      stock answers ("Thank you!") to different questions would chain every thread into one
      unit and the split could not be made (the dedup stage does the same).

    Memory per example: a 16-byte digest per index, and a signature (512 bytes) and hashed
    shingle set (4 bytes a shingle) per sketched text.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        from fine_prep.dedup.leakage import TextSketches
        from fine_prep.dedup.stage import SUBSTANTIAL_TOKENS

        self.threshold = threshold
        self.answers = TextSketches(min_tokens=SUBSTANTIAL_TOKENS)
        self.whole = TextSketches()

    def add(self, answer: str, whole: str) -> None:
        """Sketch the next example by its answer and its whole non-system text (message order)."""
        self.answers.add(answer)
        self.whole.add(whole)

    def links(self) -> list[tuple[int, int]]:
        """Pairs of positions that are (near-)duplicates by either index."""
        return [(i, j) for index in (self.answers, self.whole) for i, j, _ in index.pairs(self.threshold)]


@dataclass
class ExportResult:
    """Counts of an export."""

    provider: str
    train: int = 0
    validation: int = 0
    rejects: list[Reject] = field(default_factory=list)
    groups: Counter[str] = field(default_factory=Counter)
    split: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "train": self.train,
            "validation": self.validation,
            "rejected": len(self.rejects),
            "groups": {"train": self.groups["train"], "validation": self.groups["validation"]},
            "split": self.split,
        }


def export(
    examples: Iterable[Example],
    out_dir: str | Path,
    provider_name: str,
    val_fraction: float,
    seed: int,
    *,
    near_duplicates: bool = True,
) -> ExportResult:
    """Write ``train.jsonl`` and ``validation.jsonl`` into ``out_dir`` (atomically).

    Two passes: the provider lines are spooled to a temporary file while the groups (and the
    examples' MinHash sketches) are collected, then the split is planned and the lines are
    written to their side. Memory holds one group key and the sketches of each example.

    Args:
        examples: canonical examples (read once).
        out_dir: the folder to write into.
        provider_name: a registered provider.
        val_fraction: share of examples, by unit, put in validation (``[0, 1)``).
        seed: seed of the split.
        near_duplicates: also keep near-duplicate answers on one side (see the module).

    Raises:
        InputError: unknown provider, a bad fraction, or the folder cannot be written.
    """
    from fine_prep.config import load_builtins

    load_builtins()  # providers register on import
    try:
        provider: Provider = PROVIDERS.get(provider_name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None
    if not 0.0 <= val_fraction < 1.0:
        raise InputError(f"--val-fraction must be at least 0 and below 1, got {val_fraction}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(provider.name)
    groups: list[str] = []
    answers = AnswerLinks() if near_duplicates else None
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
        for ex in examples:
            try:
                line = provider.write(ex)
            except CannotExpress as exc:
                result.rejects.append(
                    Reject(
                        stage="export",
                        code="provider-cannot-express",
                        message=f"{provider.name}: {exc}",
                        source=ex.source,
                        id=ex.id,
                        example=ex,
                    )
                )
                continue
            groups.append(split_key(ex))
            if answers is not None:
                whole = "\n".join(m.content for m in ex.messages if m.role != "system")
                answers.add("\n".join(ex.texts("assistant")), whole)
            spool.write(dumps(line) + "\n")
        links = answers.links() if answers is not None else []
        del answers
        side, counts = plan_split(groups, val_fraction, seed, links)
        result.split = {"method": SPLIT_VERSION, "seed": seed, "val_fraction": val_fraction, **counts}
        seen: dict[str, str] = {}
        spool.seek(0)
        with atomic_output(out / TRAIN) as train, atomic_output(out / VALIDATION) as val:
            for i, text in enumerate(spool):
                name = "validation" if side[i] else "train"
                if groups[i] not in seen:
                    seen[groups[i]] = name
                    result.groups[name] += 1
                (val if side[i] else train).write(text)
                if side[i]:
                    result.validation += 1
                else:
                    result.train += 1
    return result
