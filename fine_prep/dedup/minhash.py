"""MinHash signatures (datasketch) and banded LSH over signature matrices (numpy).

Signatures come from one ``datasketch.MinHash`` reset per text (what ``MinHash.bulk`` does, less
the copy of a sketch per text; permutations computed once). Shingles are hashed once with
``zlib.crc32`` (a C function) and datasketch's ``affine32`` scheme mixes the integers with the
MurmurHash3 finaliser before the permutations. Only ``uint32`` values are kept: ``4 * num_perm``
bytes of signature per text (the payload a ``LeanMinHash`` serialises, without an object per
record) and, for exact confirmation of candidates, the sorted distinct shingle hashes (4 bytes per
shingle).

Banding is done here on a ``(records, num_perm)`` matrix instead of ``datasketch.MinHashLSH``:
the index's per-band Python dicts of keys cost hundreds of bytes per record per band, which at a
million records is several gigabytes; sorting one ``uint64`` band key per record per band costs 8
bytes. Bands and rows default to a search like datasketch's own (``datasketch.lsh._optimal_param``
minimises the areas under the false-positive and false-negative curves), constrained towards
recall because every candidate is confirmed before anything is dropped.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for "no shingle seen" (affine32 scheme)
# LSH candidates whose estimated Jaccard is this far below the threshold are not checked exactly:
# about four standard errors of the estimate at 128 permutations (sqrt(0.16 / 128) = 0.035).
PREFILTER_MARGIN = 0.15
# Recall matters more than candidate volume: candidates are confirmed, misses are final. A pair
# exactly at the threshold becomes a candidate with at least this probability.
RECALL_AT_THRESHOLD = 0.95


class SignatureMaker:
    """Turns shingle lists into MinHash signatures.

    Args:
        num_perm: permutations (signature length).
        seed: seed of the permutations; every process with the same seed makes the same
            signatures, so worker count never changes a result.
    """

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        try:
            from datasketch import MinHash
        except ImportError as exc:  # pragma: no cover - datasketch is a dependency
            raise RuntimeError("the dedup stage needs datasketch: pip install datasketch") from exc
        self.num_perm = num_perm
        self.seed = seed
        # The shingles are hashed here (crc32, once per shingle); datasketch gets the integers
        # with ``int`` as its hash function, so the same hashes also give the exact shingle set.
        self._template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme="affine32")

    def sketch(self, shingles: list[bytes]) -> tuple[np.ndarray, bytes] | None:
        """The signature and the hashed shingle set of one text (``None`` without shingles).

        Returns:
            ``(signature, set)``: ``uint32`` hash values of length ``num_perm``, and the sorted
            distinct crc32 values of the shingles as bytes (4 per shingle), for exact Jaccard.
        """
        if not shingles:
            return None
        crc = zlib.crc32
        hv = [crc(s) for s in shingles]
        m = self._template
        m.clear()
        m.update_batch(hv)
        return m.hashvalues.astype(np.uint32, copy=False), np.unique(np.array(hv, dtype=np.uint32)).tobytes()

    def signatures(self, shingle_lists: Sequence[list[bytes]]) -> list[np.ndarray | None]:
        """One signature per shingle list (``None`` for an empty list).

        Args:
            shingle_lists: shingles of each text.

        Returns:
            ``uint32`` arrays of length ``num_perm``, or ``None`` where there are no shingles.
        """
        out: list[np.ndarray | None] = []
        for sh in shingle_lists:
            got = self.sketch(sh)
            out.append(None if got is None else got[0])
        return out


def exact_jaccard(sets: Sequence[bytes | None], pairs: np.ndarray) -> np.ndarray:
    """Exact Jaccard of hashed shingle sets (from :meth:`SignatureMaker.sketch`) for each pair.

    Two missing sets (empty texts) are identical (1.0); one missing set matches nothing (0.0).
    crc32 collisions between two different shingles of a pair are possible but rare (2**-32
    per pair of shingles) and only ever raise a similarity slightly.
    """
    out = np.empty(len(pairs), dtype=np.float64)
    cache: dict[int, np.ndarray] = {}

    def arr(i: int) -> np.ndarray | None:
        got = cache.get(i)
        if got is None and sets[i] is not None:
            got = cache[i] = np.frombuffer(sets[i], dtype=np.uint32)  # type: ignore[arg-type]
        return got

    for k, (a, b) in enumerate(pairs.tolist()):
        x, y = arr(a), arr(b)
        if x is None or y is None:
            out[k] = 1.0 if x is None and y is None else 0.0
            continue
        # Both are sorted and distinct: look x up in y (cheaper than intersect1d's sort).
        pos = np.searchsorted(y, x)
        pos[pos == len(y)] = 0
        inter = int(np.count_nonzero(y[pos] == x))
        out[k] = inter / (len(x) + len(y) - inter)
        if len(cache) > 100_000:
            cache.clear()
    return out


def _fp(threshold: float, bands: int, rows: int, sides: int) -> float:
    s = np.linspace(0.0, threshold, 201)
    return float(np.trapezoid(1 - (1 - s ** (rows * sides)) ** bands, s))


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int, sides: int = 1) -> tuple[int, int]:
    """Bands and rows (per side) for a Jaccard threshold.

    Like ``datasketch.lsh._optimal_param`` it searches every ``(bands, rows)`` that fits the
    signature and integrates the collision curve ``1 - (1 - s**(rows*sides))**bands`` (a band
    takes ``rows`` values from each of ``sides`` signatures). Unlike it, it requires a pair at
    exactly the threshold to be found with probability >= :data:`RECALL_AT_THRESHOLD` and, among
    those settings, takes the one with the smallest false-positive area.

    Args:
        threshold: Jaccard threshold.
        num_perm: signature length (per side).
        sides: 1 (assistant text) or 2 (user and assistant text, both must agree).

    Returns:
        ``(bands, rows)`` with ``bands * rows <= num_perm``.
    """
    best, opt = float("inf"), (num_perm, 1)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            if 1 - (1 - threshold ** (r * sides)) ** b < RECALL_AT_THRESHOLD:
                continue
            err = _fp(threshold, b, r, sides)
            if err < best:
                best, opt = err, (b, r)
    return opt


def _through(side: np.ndarray, subset: np.ndarray | None) -> bool:
    """Is ``side`` a full matrix to be read through ``subset`` (see :func:`candidate_pairs`)?"""
    return subset is not None and side.shape[0] != len(subset)


def candidate_pairs(
    sides: Sequence[np.ndarray],
    bands: int,
    rows: int,
    seed: int = 0,
    groups: np.ndarray | None = None,
    subset: np.ndarray | None = None,
) -> np.ndarray:
    """Pairs of rows that share at least one band (LSH candidates).

    Each band's key hashes ``rows`` values from every side (so with two sides a pair collides
    only when both texts agree on that band). Rows with equal keys are sorted by a per-band
    pseudo-random order, and each row is paired with its predecessor and with the first row of
    its bucket: a bucket of k rows gives at most 2k pairs, never k², and different bands pair
    different members of a big bucket.

    Args:
        sides: one or two ``(n, num_perm)`` ``uint32`` signature matrices with the same rows.
        bands: number of bands.
        rows: rows per band per side.
        seed: seed of the within-bucket orders.
        groups: optional ``int`` label per row; only pairs with different labels are returned
            (used to look for pairs across two sets).
        subset: optional sorted row indices: band only these rows, without copying a matrix.
            A side with more rows than ``subset`` is read through it; a side with exactly
            ``len(subset)`` rows is taken as already aligned to it. Pairs and ``groups`` are
            then positions in ``subset``.

    Returns:
        ``(m, 2)`` ``int64`` array of distinct pairs ``(i, j)`` with ``i < j``, sorted.
    """
    n = sides[0].shape[0] if subset is None else len(subset)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    rng = np.random.default_rng(seed)
    found: list[np.ndarray] = []
    for band in range(bands):
        cols = slice(band * rows, (band + 1) * rows)
        key = np.zeros(n, dtype=np.uint64)
        for side in sides:
            block = (side[:, cols] if not _through(side, subset) else side[subset, cols]).astype(np.uint64)
            # A random odd multiplier per column: a linear hash mod 2^64 of the band's values.
            coef = rng.integers(1, 2**63, size=block.shape[1], dtype=np.uint64) * np.uint64(2) + np.uint64(1)
            key = key * np.uint64(0x9E3779B97F4A7C15) + (block * coef).sum(axis=1, dtype=np.uint64)
        tiebreak = rng.permutation(n)
        order = np.lexsort((tiebreak, key))
        ks = key[order]
        same = ks[1:] == ks[:-1]
        if not same.any():
            continue
        pos = np.arange(n)
        start = np.concatenate(([True], ~same))
        head = np.maximum.accumulate(np.where(start, pos, 0))
        follower = ~start
        a = np.concatenate((order[:-1][same], order[head[follower]]))
        b = np.concatenate((order[1:][same], order[pos[follower]]))
        found.append(np.stack((np.minimum(a, b), np.maximum(a, b)), axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    if groups is not None:
        pairs = pairs[groups[pairs[:, 0]] != groups[pairs[:, 1]]]
    codes = np.unique(pairs[:, 0] * np.int64(n) + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


def estimate(sig: np.ndarray, pairs: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    """Estimated Jaccard of each pair: the share of positions where two signatures agree.

    Args:
        sig: ``(n, num_perm)`` signatures.
        pairs: ``(m, 2)`` row indices.
        chunk: pairs compared at once (bounds temporary memory).

    Returns:
        ``float64`` similarities, one per pair.
    """
    out = np.empty(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), chunk):
        p = pairs[s : s + chunk]
        # count_nonzero, not mean: mean would make a float64 copy of the whole comparison.
        out[s : s + chunk] = np.count_nonzero(sig[p[:, 0]] == sig[p[:, 1]], axis=1) / sig.shape[1]
    return out


def stack(signatures: Sequence[np.ndarray | None], num_perm: int) -> np.ndarray:
    """A ``(n, num_perm)`` matrix; a missing signature becomes the empty-set signature.

    Two empty texts then agree everywhere (both empty: identical), an empty and a non-empty
    text agree nowhere.
    """
    out = np.full((len(signatures), num_perm), EMPTY, dtype=np.uint32)
    for i, s in enumerate(signatures):
        if s is not None:
            out[i] = s
    return out


def confirmed_pairs(
    sides: Sequence[np.ndarray],
    threshold: float,
    bands: int = 0,
    rows: int = 0,
    groups: np.ndarray | None = None,
    seed: int = 0,
    lsh_threshold: float | None = None,
    subset: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """LSH candidates whose estimated Jaccard reaches ``threshold`` on every side.

    Args:
        sides: one or two ``(n, num_perm)`` signature matrices with the same rows.
        threshold: Jaccard threshold.
        bands: LSH bands (0: :func:`lsh_params`).
        rows: rows per band per side (0: :func:`lsh_params`).
        groups: see :func:`candidate_pairs`.
        seed: seed of the within-bucket orders.
        lsh_threshold: the threshold the automatic bands and rows are chosen for (default
            ``threshold``; a caller that confirms exactly afterwards passes its real threshold
            here and a lower ``threshold`` as a cheap pre-filter).
        subset: see :func:`candidate_pairs` (pairs are positions in ``subset``).

    Returns:
        ``(pairs, sims)``: ``(m, 2)`` pairs and the ``(m,)`` smallest similarity over the sides.
    """
    num_perm = sides[0].shape[1]
    if not bands or not rows:
        lt = threshold if lsh_threshold is None else lsh_threshold
        auto_b, auto_r = lsh_params(round(lt, 4), num_perm, len(sides))
        bands, rows = bands or auto_b, rows or auto_r
    rows = min(rows, num_perm)
    bands = min(bands, num_perm // rows)
    pairs = candidate_pairs(sides, bands, rows, seed=seed, groups=groups, subset=subset)
    if not len(pairs):
        return pairs, np.zeros(0, dtype=np.float64)

    def rows_of(side: np.ndarray, p: np.ndarray) -> np.ndarray:
        return subset[p] if _through(side, subset) else p  # type: ignore[index]

    sims = estimate(sides[0], rows_of(sides[0], pairs))
    for side in sides[1:]:
        keep = sims >= threshold
        pairs, sims = pairs[keep], sims[keep]
        sims = np.minimum(sims, estimate(side, rows_of(side, pairs)))
    keep = sims >= threshold
    return pairs[keep], sims[keep]
