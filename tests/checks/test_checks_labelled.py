"""The language check on the labelled set: precision and recall of its flags."""

from __future__ import annotations

import copy
from collections import Counter

import pytest

from fine_prep.checks.language import CODES

HK_LANGUAGES = ["en", "zh-Hant", "yue"]

KINDS = {
    "consistent-en",
    "consistent-zh-hant",
    "consistent-yue",
    "code-switched",
    "consistent-yue-zh",
    "simplified-answer",
    "simplified-both",
    "en-answer-to-zh",
    "en-answer-to-yue",
    "zh-answer-to-en",
    "language-switch",
    "undeclared",
    "system-allows-en",
    "bilingual",
    "short",
    "multi-turn",
}


@pytest.fixture(scope="module")
def flagged(labelled):
    """The labelled set after the check, with the HK policy declared (run once per module)."""
    from fine_prep.checks.stage import CheckStage
    from fine_prep.config import load_config

    exs = copy.deepcopy(labelled)
    stage = CheckStage(load_config(None, {"run": {"workers": 1}, "dataset": {"languages": HK_LANGUAGES}}))
    state = stage.reduce([e.id for e in exs], stage.map(exs))
    stage.apply(exs, state)
    return exs, stage.summary(state)


def test_labelled_set_has_every_kind(labelled):
    kinds = Counter(e.meta["kind"] for e in labelled)
    assert len(labelled) >= 250
    assert kinds["code-switched"] >= 40
    assert set(kinds) == KINDS
    expected = {code for e in labelled for code in e.meta["expect"]}
    # The reverse rule needs a Simplified dataset: test_traditional_in_a_simplified_dataset.
    assert expected == set(CODES) - {"traditional-in-simplified"}, "every rule has positive examples"


def test_language_flags_precision_and_recall(flagged):
    exs, _ = flagged
    tp = fp = fn = 0
    per_code: Counter[str] = Counter()
    for ex in exs:
        got = {f.code for f in ex.flags if f.check == "language"}
        want = set(ex.meta["expect"])
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        for code in got ^ want:
            per_code[code] += 1
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert precision >= 0.90, (precision, per_code)
    assert recall >= 0.90, (recall, per_code)


def test_code_switched_answers_are_never_flagged(flagged):
    exs, _ = flagged
    switched = [e for e in exs if e.meta["kind"] == "code-switched"]
    assert len(switched) >= 40
    for ex in switched:
        assert [f.code for f in ex.flags if f.check == "language"] == [], ex.id
        assert [f.code for f in ex.flags if f.severity != "info"] == [], ex.id
        assert ex.meta["language"] in ("yue", "zh-Hant", "zh"), ex.id
    # Most of them carry Cantonese grammar words; a few read as standard written Chinese.
    assert sum(e.meta["language"] == "yue" for e in switched) >= 0.9 * len(switched)


def test_every_flag_names_its_reason_without_text(flagged):
    exs, summary = flagged
    for ex in exs:
        texts = [m.content for m in ex.messages]
        for f in ex.flags:
            assert f.message and f.code
            for t in texts:
                # A message states languages and counts; it never quotes the example.
                assert t[:12] not in f.message or len(t) < 3
    assert summary["flags"]["simplified-in-traditional"] >= 20
    assert summary["policy"]["languages_from"] == "config"


def test_meta_language_records_the_result(flagged):
    exs, summary = flagged
    by_kind = {}
    for ex in exs:
        by_kind.setdefault(ex.meta["kind"], []).append(ex)
    assert {e.meta["language"] for e in by_kind["consistent-en"]} == {"en"}
    assert {e.meta["language"] for e in by_kind["consistent-yue"]} == {"yue"}
    assert {e.meta["language"] for e in by_kind["simplified-answer"]} == {"zh-Hans"}
    assert {e.meta["language"] for e in by_kind["short"]} <= {"unknown", "zh", "zh-Hant", "en", "yue"}
    detail = by_kind["code-switched"][0].meta["language_detail"]
    assistant = detail["messages"][-1]
    assert assistant["role"] == "assistant"
    assert assistant["code_switch_ratio"] > 0
    assert assistant["chinese_script"] == "Hant"
    assert set(assistant["scripts"]) == {"han", "latin"}
    mix = summary["language_mix"]["answers"]
    assert mix["yue"] >= 70 and mix["en"] >= 40
    assert summary["chinese_scripts"]["simplified"] >= 26
    assert summary["code_switched_messages"] >= 45


def test_without_declared_languages_the_majority_decides(labelled, check_runner):
    """No [dataset].languages: the dominant script is inferred; flags are warnings, not errors."""
    exs = copy.deepcopy([e for e in labelled if e.meta["kind"] != "simplified-both"])
    check_runner(exs)
    simp = [e for e in exs if e.meta["kind"] == "simplified-answer"]
    for ex in simp:
        flags = {f.code: f.severity for f in ex.flags if f.check == "language"}
        assert flags.get("simplified-in-traditional") == "warn", ex.id
        assert flags.get("script-mismatch") == "warn", ex.id
    switched = [e for e in exs if e.meta["kind"] == "code-switched"]
    assert all(not [f for f in e.flags if f.check == "language"] for e in switched)


def test_cross_language_setting_allows_bilingual_desk(labelled, check_runner):
    exs = copy.deepcopy([e for e in labelled if e.meta["kind"] in ("en-answer-to-zh", "zh-answer-to-en")])
    check_runner(exs, dataset={"languages": HK_LANGUAGES}, check={"cross_language": True})
    assert all(not [f for f in e.flags if f.code == "answer-language-mismatch"] for e in exs)


def test_traditional_in_a_simplified_dataset(labelled, check_runner):
    kinds = ("simplified-both", "consistent-zh-hant")
    exs = copy.deepcopy([e for e in labelled if e.meta["kind"] in kinds])
    check_runner(exs, dataset={"languages": ["zh-Hans"]})
    for ex in exs:
        codes = {f.code: f.severity for f in ex.flags if f.check == "language"}
        if ex.meta["kind"] == "simplified-both":
            assert codes == {}, ex.id
        else:
            assert codes == {"traditional-in-simplified": "error"}, ex.id
