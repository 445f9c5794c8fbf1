"""Threading: Message-ID / In-Reply-To / References, then subject + participants + time window.

The header rule is the core of JWZ's algorithm (https://www.jwz.org/doc/threading.html):
messages that reference each other, directly or through a shared ancestor that may itself be
missing from the export, are one thread. Messages with neither header whose subject carries a
reply prefix are attached to the latest earlier message with the same normalised subject,
a shared participant, and a time within the window.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

# Reply/forward prefixes (RFC 5322 section 3.6.5 "Re:", plus what clients localise it to:
# Outlook zh-TW 回覆/轉寄, zh-CN 答复/回复/转发, German AW/WG, Nordic SV/VS, Italian R/I
# (MimeKit fixture issue358: "R: R: R: I:"), French TR, Dutch Antw/Doorst) and list tags.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|doorst|tr|r|i|rif|res|enc|odp|přes|"
    r"回覆|回复|答复|答覆|轉寄|转发|轉發|轉送|回應|覆)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*|"
    r"\[[^\]\n]{1,40}\]\s*)+",
    re.IGNORECASE,
)
_REPLY = re.compile(
    r"^\s*(?:\[[^\]\n]{1,40}\]\s*)*(?:re|aw|sv|vs|antw|r|rif|res|odp|回覆|回复|答复|答覆|回應|覆)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and list tags, case-folded, spaces collapsed."""
    return _SPACE.sub(" ", _PREFIX.sub("", subject or "")).strip().casefold()


def is_reply_subject(subject: str) -> bool:
    """Whether the subject starts with a reply prefix (``Re:``, ``回覆:``, ``答复:`` …)."""
    return bool(_REPLY.match(subject or ""))


class UnionFind:
    """Disjoint sets over hashable keys (path halving; iterative, so deep chains are safe).

    Only keys that point to another key are stored: a key alone in its set costs nothing.
    """

    def __init__(self) -> None:
        self._parent: dict[Hashable, Hashable] = {}

    def find(self, key: Hashable) -> Hashable:
        """The representative of ``key``'s set (a key never seen is its own)."""
        parent = self._parent
        while True:
            p = parent.get(key, key)
            if p == key:
                return key
            gp = parent.get(p, p)
            if gp != p:
                parent[key] = gp  # path halving
            key = gp

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Deterministic: the lexically smaller root wins.
            if rb < ra:  # type: ignore[operator]
                ra, rb = rb, ra
            self._parent[rb] = ra

    def union_all(self, key: Hashable, others: Iterable[Hashable]) -> None:
        for other in others:
            self.union(key, other)
