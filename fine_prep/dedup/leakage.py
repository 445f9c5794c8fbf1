"""Leakage and contamination: near-duplicates within one file, or between two sets.

``fine-prep dedup --against FILE...`` drops (or flags) training examples that near-duplicate a
held-out evaluation set or a previous training set; the validation gate calls
:func:`find_near_duplicates` and :func:`find_leakage` on the texts of provider files. LSH
candidates are confirmed with the exact Jaccard of the texts' hashed shingle sets; only the
sketches are held (about 1 KB a text), never the shingles.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from fine_prep.dedup.minhash import PREFILTER_MARGIN, SignatureMaker, confirmed_pairs, exact_jaccard, stack
from fine_prep.dedup.normalize import normalize
from fine_prep.dedup.shingles import grams, key_digest, normalized_tokens, token_key
from fine_prep.errors import InputError

NUM_PERM = 128
SHINGLE_SIZE = 2


class TextSketches:
    """Sketches of texts, added one at a time, and their exact and near-duplicate pairs.

    What the gate compares (:func:`find_near_duplicates`, :func:`find_leakage`) and what the
    train/validation split keeps together (``fine_prep.export``) is this one measure, so a split
    made by fine-prep never fails the gate's leakage check. Memory per text: a 16-byte digest,
    one signature and its hashed shingle set (about 1 KB), never the text.

    Args:
        num_perm: MinHash permutations.
        shingle_size: tokens per shingle.
        min_tokens: texts with fewer tokens (words or Han characters) are added as empty: they
            duplicate nothing (the split's answer index skips short stock answers this way).
    """

    def __init__(
        self, num_perm: int = NUM_PERM, shingle_size: int = SHINGLE_SIZE, min_tokens: int = 0
    ) -> None:
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.min_tokens = min_tokens
        self.maker = SignatureMaker(num_perm)
        self.digests: list[bytes | None] = []
        self.has: list[int] = []
        self.sigs: list[Any] = []
        self.sets: list[Any] = []

    def add(self, text: str) -> None:
        """Sketch the next text (position ``len(self.digests)``)."""
        norm = normalize(text)
        toks = normalized_tokens(norm)
        key = token_key(norm) if len(toks) >= self.min_tokens else ""
        i = len(self.digests)
        # an empty text duplicates nothing (it is a format problem elsewhere)
        self.digests.append(key_digest(key) if key else None)
        if not key:
            return
        sketch = self.maker.sketch(grams(toks, self.shingle_size))
        if sketch is not None:
            self.has.append(i)
            self.sigs.append(sketch[0])
            self.sets.append(sketch[1])

    def pairs(self, threshold: float, labels: np.ndarray | None = None) -> list[tuple[int, int, float]]:
        """Exact (normalised) and near-duplicate pairs as ``(i, j, similarity)``, ``i < j``.

        With ``labels`` only pairs with different labels are returned; exact copies are paired
        with the first copy of each label.
        """
        out: dict[tuple[int, int], float] = {}
        firsts: dict[bytes, dict[int, int]] = {}
        for i, d in enumerate(self.digests):
            if d is None:
                continue
            lab = int(labels[i]) if labels is not None else 0
            seen = firsts.setdefault(d, {})
            for other_lab, j in seen.items():
                if labels is None or other_lab != lab:
                    out[(j, i)] = 1.0
            seen.setdefault(lab, i)
        if len(self.has) >= 2:
            mat = stack(self.sigs, self.num_perm)
            sub_labels = labels[self.has] if labels is not None else None
            # Candidates a little below the threshold too: the estimate is noisy, the check is exact.
            pairs, _ = confirmed_pairs(
                [mat], max(0.0, threshold - PREFILTER_MARGIN), groups=sub_labels, lsh_threshold=threshold
            )
            sims = exact_jaccard(self.sets, pairs)
            for (a, b), sim in zip(pairs.tolist(), sims.tolist(), strict=True):
                i, j = sorted((self.has[a], self.has[b]))
                if sim >= threshold and (i, j) not in out:
                    out[(i, j)] = sim
        return [(i, j, round(sim, 4)) for (i, j), sim in sorted(out.items())]


def _pairs(texts: list[str], labels: np.ndarray | None, threshold: float) -> list[tuple[int, int, float]]:
    """Exact (normalised) and near-duplicate pairs among ``texts``, as ``(i, j, similarity)``."""
    sketches = TextSketches()
    for t in texts:
        sketches.add(t)
    return sketches.pairs(threshold, labels)


def find_near_duplicates(
    items: list[tuple[str, str]], threshold: float = 0.8
) -> list[tuple[str, str, float]]:
    """Exact and near-duplicate pairs within one set.

    Args:
        items: ``(key, text)``; keys are opaque (the gate passes line numbers as strings).
        threshold: Jaccard similarity (of ``cjk-shingles-v1`` shingles) at or above which two
            texts are near-duplicates.

    Returns:
        ``(key_a, key_b, similarity)`` with ``key_a`` before ``key_b`` in ``items``; exact
        duplicates after normalisation have similarity 1.0 and every later copy is paired with
        the first one. Empty texts are never reported.
    """
    texts = [t for _, t in items]
    return [(items[i][0], items[j][0], s) for i, j, s in _pairs(texts, None, threshold)]


def find_leakage(
    train: list[tuple[str, str]], other: list[tuple[str, str]], threshold: float = 0.8
) -> list[tuple[str, str, float]]:
    """Pairs of a training item and an item of another set (validation, evaluation) that are
    exact or near-duplicates.

    Args:
        train: ``(key, text)`` of the training set.
        other: ``(key, text)`` of the other set.
        threshold: Jaccard similarity threshold.

    Returns:
        ``(train_key, other_key, similarity)``, sorted by position in ``train`` then ``other``.
    """
    texts = [t for _, t in train] + [t for _, t in other]
    labels = np.array([0] * len(train) + [1] * len(other), dtype=np.int64)
    n = len(train)
    out = []
    for i, j, s in _pairs(texts, labels, threshold):
        a, b = (i, j) if i < n else (j, i)
        out.append((train[a][0], other[b - n][0], s))
    out.sort(key=lambda r: (r[0], r[1]))
    return out


# ------------------------------------------------------------------------- reading sets


def texts_of(obj: Any) -> tuple[str, str] | None:
    """The user and assistant text of one JSONL record in the canonical or a provider format.

    Understands ``messages`` (canonical, openai, mistral, together, hf-messages, bedrock),
    ``contents`` (vertex-gemini), ``conversations`` (sharegpt), ``prompt``/``completion`` and
    ``instruction``/``input``/``output`` (alpaca).

    Returns:
        ``(user, assistant)``, or ``None`` when the record has neither.
    """
    if not isinstance(obj, dict):
        return None
    user: list[str] = []
    asst: list[str] = []

    def add(role: Any, text: Any) -> None:
        if not isinstance(text, str):
            return
        if role in ("user", "human", "prompter"):
            user.append(text)
        elif role in ("assistant", "gpt", "model", "bot"):
            asst.append(text)

    if isinstance(obj.get("messages"), list):
        for m in obj["messages"]:
            if isinstance(m, dict):
                content = m.get("content")
                if isinstance(content, list):  # bedrock-style [{"text": ...}]
                    content = "\n".join(c.get("text", "") for c in content if isinstance(c, dict))
                add(m.get("role"), content)
    elif isinstance(obj.get("contents"), list):
        for m in obj["contents"]:
            if isinstance(m, dict) and isinstance(m.get("parts"), list):
                text = "\n".join(p.get("text", "") for p in m["parts"] if isinstance(p, dict))
                add(m.get("role"), text)
    elif isinstance(obj.get("conversations"), list):
        for m in obj["conversations"]:
            if isinstance(m, dict):
                add(m.get("from"), m.get("value"))
    elif "completion" in obj or "prompt" in obj:
        add("user", obj.get("prompt"))
        add("assistant", obj.get("completion"))
    elif "output" in obj or "instruction" in obj:
        add("user", "\n".join(str(obj.get(k) or "") for k in ("instruction", "input")).strip())
        add("assistant", obj.get("output"))
    if not user and not asst:
        return None
    return "\n".join(user), "\n".join(asst)


def read_set(path: str) -> Iterator[tuple[int, str, str]]:
    """``(line, user, assistant)`` of every usable record of a JSONL file (any format above).

    Lines that are not JSON or hold neither text are skipped: a held-out set is only compared
    against, never rewritten.

    Raises:
        InputError: the file cannot be read.
    """
    from fine_prep.record import iter_lines

    for line in iter_lines(path):
        if line.error is not None:
            continue
        got = texts_of(line.value)
        if got is not None:
            yield line.number, got[0], got[1]


def read_sets(paths: Sequence[str]) -> list[tuple[str, int, str, str]]:
    """Every record of every file, as ``(path, line, user, assistant)``.

    Raises:
        InputError: a file cannot be read or holds no usable record.
    """
    out = []
    for p in paths:
        rows = [(p, n, u, a) for n, u, a in read_set(p)]
        if not rows:
            raise InputError(f"{p}: no record with user or assistant text to compare against")
        out.extend(rows)
    return out
