"""Split examples into train/validation by group and write them in a provider's format."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_prep.errors import InputError
from fine_prep.providers.base import PROVIDERS, CannotExpress, Provider
from fine_prep.record import Example, Reject, atomic_output, dumps

TRAIN = "train.jsonl"
VALIDATION = "validation.jsonl"


def split_key(example: Example) -> str:
    """The group an example is split by: its ``meta.group`` (thread, conversation, cluster)."""
    return str(example.meta.get("group") or example.id)


def in_validation(group: str, fraction: float, seed: int) -> bool:
    """Deterministic, order-independent assignment of a group to validation."""
    if fraction <= 0:
        return False
    h = hashlib.sha256(f"{seed}:{group}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64 < fraction


@dataclass
class ExportResult:
    """Counts of an export."""

    provider: str
    train: int = 0
    validation: int = 0
    rejects: list[Reject] = field(default_factory=list)
    groups: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "train": self.train,
            "validation": self.validation,
            "rejected": len(self.rejects),
            "groups": {"train": self.groups["train"], "validation": self.groups["validation"]},
        }


def export(
    examples: Iterable[Example],
    out_dir: str | Path,
    provider_name: str,
    val_fraction: float,
    seed: int,
) -> ExportResult:
    """Write ``train.jsonl`` and ``validation.jsonl`` into ``out_dir`` (atomically).

    Raises:
        InputError: unknown provider or the folder cannot be written.
    """
    try:
        provider: Provider = PROVIDERS.get(provider_name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(provider.name)
    seen: dict[str, str] = {}
    with atomic_output(out / TRAIN) as train, atomic_output(out / VALIDATION) as val:
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
            group = split_key(ex)
            side = "validation" if in_validation(group, val_fraction, seed) else "train"
            if group not in seen:
                seen[group] = side
                result.groups[side] += 1
            (val if side == "validation" else train).write(dumps(line) + "\n")
            if side == "validation":
                result.validation += 1
            else:
                result.train += 1
    return result
