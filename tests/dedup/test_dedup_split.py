"""The group-aware train/validation split of ``export``: groups and near-duplicate clusters never
straddle it, the fraction is met by units, the seed decides."""

from __future__ import annotations

import json
import random

import pytest
from helpers_dedup import base_tokens, example, render, words
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.dedup.leakage import find_leakage
from fine_prep.errors import InputError
from fine_prep.export import export, plan_split


def _read(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _answers(rows):
    return [next(m["content"] for m in r["messages"] if m["role"] == "assistant") for r in rows]


def _dataset(seed: int = 3):
    """Threads of several examples, and near-duplicate answers spread over different threads."""
    rng = random.Random(seed)
    exs = []
    langs = ("en", "zh", "mixed")
    templates = [base_tokens(rng, langs[t % 3], 60) for t in range(15)]
    for i in range(200):
        thread = f"thread-{i // 4}"  # four examples per thread
        if i % 5 == 0:
            # a template answer, resent in other threads with one token changed
            t = (i // 5) % 15
            toks = list(templates[t])
            toks[i % len(toks)] = "changed"
            ans = render(toks, langs[t % 3])
        else:
            ans = " ".join(words(rng, 40))
        exs.append(example(f"s{i:03d}", " ".join(words(rng, 6)), ans, group=thread))
    return exs


def test_no_group_and_no_near_duplicate_straddles_the_split(tmp_path):
    exs = _dataset()
    res = export(exs, tmp_path, "openai", 0.2, 13)
    train, val = _read(tmp_path / "train.jsonl"), _read(tmp_path / "validation.jsonl")
    assert len(train) + len(val) == 200 and res.train == len(train) and res.validation == len(val)
    assert 0.15 * 200 <= len(val) <= 0.2 * 200  # the fraction, by whole units
    # No near-duplicate between the two files (the gate's own check agrees).
    leaks = find_leakage(list(enumerate(_answers(train))), list(enumerate(_answers(val))))
    assert leaks == []
    # No thread on both sides.
    side = {}
    for name, rows in (("train", train), ("val", val)):
        for r in rows:
            ans = next(m["content"] for m in r["messages"] if m["role"] == "assistant")
            ex = next(e for e in exs if e.texts("assistant")[0] == ans)
            assert side.setdefault(ex.meta["group"], name) == name
    assert res.split["merged_by_near_duplicates"] > 0
    assert res.to_dict()["split"]["method"] == "group-unit-split-v1"


def test_without_near_duplicate_links_the_templates_can_straddle(tmp_path):
    # The same data split by groups alone leaks: that is what the links prevent.
    exs = _dataset()
    export(exs, tmp_path, "openai", 0.2, 13, near_duplicates=False)
    train, val = _read(tmp_path / "train.jsonl"), _read(tmp_path / "validation.jsonl")
    assert find_leakage(list(enumerate(_answers(train))), list(enumerate(_answers(val)))) != []


def test_split_is_deterministic_and_seeded(tmp_path):
    exs = _dataset()
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    export(exs, a, "openai", 0.2, 13)
    export(list(reversed(exs)), b, "openai", 0.2, 13)
    export(exs, c, "openai", 0.2, 14)
    ids = lambda p: sorted(_answers(_read(p / "validation.jsonl")))  # noqa: E731
    assert ids(a) == ids(b)  # input order does not decide
    assert ids(a) != ids(c)  # the seed does


def test_fraction_edges(tmp_path):
    exs = _dataset()[:20]
    res = export(exs, tmp_path / "zero", "openai", 0.0, 1)
    assert res.validation == 0 and res.train == 20
    with pytest.raises(InputError):
        export(exs, tmp_path / "one", "openai", 1.0, 1)
    one_group = [example(f"o{i}", "q", " ".join(words(random.Random(i), 40)), group="same") for i in range(5)]
    res = export(one_group, tmp_path / "single", "openai", 0.5, 1)
    assert res.validation == 0  # one unit cannot be split


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=15), min_size=2, max_size=80),
    st.lists(st.tuples(st.integers(0, 79), st.integers(0, 79)), max_size=30),
    st.floats(min_value=0.0, max_value=0.9),
    st.integers(0, 5),
)
def test_plan_split_keeps_units_whole(groups, links, fraction, seed):
    n = len(groups)
    keys = [f"g{g}" for g in groups]
    links = [(a % n, b % n) for a, b in links]
    side, counts = plan_split(keys, fraction, seed, links)
    for a, b in links:
        assert side[a] == side[b]
    for i in range(n):
        for j in range(n):
            if keys[i] == keys[j]:
                assert side[i] == side[j]
    taken = sum(side)
    assert taken <= max(1, round(fraction * n))
    assert taken < n
    if fraction == 0:
        assert taken == 0
    assert counts["validation_units"] <= counts["units"]


def test_exact_duplicate_short_examples_stay_together(tmp_path):
    # Short answers are not linked by similarity, but a repeated question-and-answer is.
    exs = [
        example(f"r{i:02d}", f"question {i} {words(random.Random(i), 3)}", "Thanks!", group=f"g{i}")
        for i in range(30)
    ]
    exs += [
        example(f"d{i}", "Is the shop open on Sunday?", "Yes, 11am to 6pm.", group=f"dup{i}")
        for i in range(6)
    ]
    res = export(exs, tmp_path, "openai", 0.3, 2)
    val = _answers(_read(tmp_path / "validation.jsonl"))
    train = _answers(_read(tmp_path / "train.jsonl"))
    dup = "Yes, 11am to 6pm."
    assert val.count(dup) in (0, 6) and train.count(dup) in (0, 6)
    assert res.split["merged_by_near_duplicates"] == 5
    # The stock "Thanks!" answers (different questions) were not tied together.
    assert val.count("Thanks!") > 0 and train.count("Thanks!") > 0


def test_split_never_fails_the_gates_leakage_check_on_short_templates(tmp_path):
    # Short templated replies (under the 30-token "substantial answer" bar) that differ only in
    # numbers: the gate calls them near-copies, so the split must keep them on one side.
    import json

    from fine_prep.dedup.leakage import find_leakage
    from fine_prep.export import export
    from fine_prep.record import Example, Message, Source

    exs = []
    for i in range(40):
        q = f"Hi, I am <PERSON_1>, order #HL{10000 + i} for jasmine tea {i}, call me on <HK_PHONE_1>?"
        a = f"Dear <PERSON_1>, order #HL{10000 + i} ships in {i % 7 + 1} days, item {i} variant {i * 7919}."
        exs.append(
            Example(
                f"t-{i:03d}",
                [Message("user", q), Message("assistant", a)],
                Source("t", "p"),
                {"group": f"g{i}"},
            )
        )
    export(exs, tmp_path, "openai", 0.3, 13)

    def items(name):
        rows = [json.loads(x) for x in (tmp_path / name).read_text(encoding="utf-8").splitlines()]
        return [(str(n), "\n".join(m["content"] for m in r["messages"])) for n, r in enumerate(rows, 1)]

    assert find_leakage(items("train.jsonl"), items("validation.jsonl")) == []
