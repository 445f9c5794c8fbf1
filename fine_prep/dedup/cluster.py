"""Union-find over confirmed pairs, and the rule for which copy of a cluster is kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

KEEP_RULES = ("longest-clean", "first", "smallest-id")


class UnionFind:
    """Disjoint sets over ``0..n-1`` with path halving and union by size."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        """The root of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        """Merge the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def components(self, items: Iterable[int]) -> list[list[int]]:
        """The sets (of two or more) among ``items``, each sorted, in order of first member."""
        by_root: dict[int, list[int]] = {}
        for i in items:
            by_root.setdefault(self.find(i), []).append(i)
        comps = [sorted(m) for m in by_root.values() if len(m) > 1]
        comps.sort(key=lambda m: m[0])
        return comps


def keep_key(rule: str, index: int, record_id: str, bad_flags: int, answer_len: int) -> tuple[Any, ...]:
    """Sort key of a cluster member: the smallest key is kept.

    Args:
        rule: ``longest-clean`` (fewest warn/error flags, then the longest answer, then the
            smallest id), ``first`` (earliest in the input) or ``smallest-id``.
        index: position in the input.
        record_id: the example's id (ties are broken by it, so the choice never depends on
            input order unless ``first`` asks for that).
        bad_flags: number of ``warn``/``error`` flags.
        answer_len: characters of the (stripped) assistant text.

    Returns:
        A tuple to minimise.

    Raises:
        ValueError: unknown rule.
    """
    if rule == "longest-clean":
        return (bad_flags, -answer_len, record_id)
    if rule == "first":
        return (index,)
    if rule == "smallest-id":
        return (record_id,)
    raise ValueError(f"unknown keep rule {rule!r} (known: {', '.join(KEEP_RULES)})")


def choose(members: Sequence[int], key: Any) -> int:
    """The member with the smallest ``key(member)``."""
    return min(members, key=key)
