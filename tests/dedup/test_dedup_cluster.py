"""Union-find, the keep rule, and LSH parameter choice."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.dedup.cluster import UnionFind, choose, keep_key
from fine_prep.dedup.minhash import SignatureMaker, candidate_pairs, exact_jaccard, lsh_params, stack
from fine_prep.dedup.shingles import jaccard, shingles


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 40), st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=60))
def test_union_find_matches_a_naive_closure(n, edges):
    edges = [(a % n, b % n) for a, b in edges]
    uf = UnionFind(n)
    for a, b in edges:
        uf.union(a, b)
    label = list(range(n))
    changed = True
    while changed:  # naive transitive closure
        changed = False
        for a, b in edges:
            m = min(label[a], label[b])
            if label[a] != m or label[b] != m:
                label[a] = label[b] = m
                changed = True
    for i in range(n):
        for j in range(n):
            assert (uf.find(i) == uf.find(j)) == (label[i] == label[j])
    comps = uf.components(range(n))
    assert all(len(c) > 1 and c == sorted(c) for c in comps)
    assert [c[0] for c in comps] == sorted(c[0] for c in comps)


def test_keep_key_rules():
    members = [0, 1, 2]
    ids = ["b", "a", "c"]
    bad = [0, 1, 0]
    length = [10, 50, 10]

    def by(rule):
        return choose(members, lambda i: keep_key(rule, i, ids[i], bad[i], length[i]))

    assert by("longest-clean") == 0  # 1 is longest but flagged; 0 and 2 tie, "b" < "c"
    assert by("first") == 0
    assert by("smallest-id") == 1
    with pytest.raises(ValueError, match="unknown keep rule"):
        keep_key("random", 0, "x", 0, 0)


def test_lsh_params_find_a_pair_at_the_threshold_with_high_probability():
    for sides in (1, 2):
        for t in (0.5, 0.7, 0.8, 0.9):
            b, r = lsh_params(t, 128, sides)
            assert b * r <= 128
            assert 1 - (1 - t ** (r * sides)) ** b >= 0.95
            # and something well below the threshold rarely collides
            assert 1 - (1 - (t - 0.3) ** (r * sides)) ** b < 0.5


def test_signatures_estimate_jaccard_and_sets_give_it_exactly():
    texts = [
        "we ship to macau within three working days by sf express and the fee is eighty dollars",
        "we ship to macau within four working days by sf express and the fee is eighty dollars",
        "完全不同的一段中文文字，講述茶葉的儲存方法同埋沖泡溫度",
    ]
    sh = [shingles(t, 2) for t in texts]
    maker = SignatureMaker(128, 1)
    sk = [maker.sketch(s) for s in sh]
    assert maker.sketch([]) is None
    mat = stack([x[0] for x in sk], 128)
    assert mat.dtype == np.uint32 and mat.shape == (3, 128) and mat.nbytes == 3 * 512
    pairs = np.array([[0, 1], [0, 2]])
    exact = exact_jaccard([x[1] for x in sk], pairs)
    assert exact[0] == pytest.approx(jaccard(sh[0], sh[1]))
    assert exact[1] == 0.0
    est = (mat[0] == mat[1]).mean()
    assert abs(est - exact[0]) < 0.15
    # A second maker (another process) makes the same signatures.
    again = SignatureMaker(128, 1).sketch(sh[0])
    assert again is not None and (again[0] == sk[0][0]).all()
    assert exact_jaccard([None, None, b""], np.array([[0, 1]]))[0] == 1.0


def test_candidate_pairs_buckets_are_linear_not_quadratic():
    # 2,000 identical signatures: one bucket per band; pairs stay O(n) per band.
    mat = np.zeros((2000, 128), dtype=np.uint32)
    pairs = candidate_pairs([mat], bands=4, rows=8)
    assert len(pairs) <= 2 * 2000 * 4
    uf = UnionFind(2000)
    for a, b in pairs.tolist():
        uf.union(a, b)
    assert len({uf.find(i) for i in range(2000)}) == 1  # still all connected
    labels = np.arange(2000) % 2
    cross = candidate_pairs([mat], bands=4, rows=8, groups=labels)
    assert all(labels[a] != labels[b] for a, b in cross.tolist())
