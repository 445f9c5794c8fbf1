"""Style features, profiles, outliers and the mixed-style warning."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.checks import style
from fine_prep.checks.language import analyze
from fine_prep.checks.stage import example_facts
from fine_prep.record import Example, Message, Source

TITLES = ["Mr Chan", "Ms Wong", "Mrs Lee", "Mr Ho", "Ms Lam", "Dr Cheung", "Mr Tsang", "Ms Yip"]
SIGN_OFFS = ["Best regards,", "Kind regards,", "Yours sincerely,", "Best regards,"]
ZH_NAMES = ["陳先生", "黃小姐", "李太太", "何先生", "林小姐", "張先生"]
ZH_CLOSINGS = ["祝 生活愉快", "此致", "順祝 商祺", "祝 生活愉快"]
# The planted casual replies: chat habits in a formal mailbox.
CASUAL = [
    "hey!! yeah we got it lol 😂 just drop by whenever 👍",
    "Hiya! no worries, we'll sort it out tmr 😊 gonna be quick",
    "haha yep it's in stock!! come grab it anytime 🙌",
    "yo thx for the order!! it's on the way, should be there soon 🚚",
    "hey there! ya the shop's open til 8, see ya 👋",
    "ok cool!! gonna ship it today lol, no worries 👌",
    "哈哈收到！聽日寄俾你啦 😂 唔使客氣喇",
    "hello呀！好快到㗎啦，放心啦 👍👍",
]


def _ex(i: int, user: str, answer: str) -> Example:
    return Example(
        f"st-{i:04d}",
        [Message("user", user), Message("assistant", answer)],
        Source("test", "style.jsonl", ref=str(i)),
    )


@pytest.fixture(scope="module")
def formal_bodies(labelled):
    en = [e for e in labelled if e.meta["kind"] == "consistent-en"]
    zh = [e for e in labelled if e.meta["kind"] == "consistent-zh-hant"]
    return (
        [(e.messages[0].content, e.messages[-1].content) for e in en],
        [(e.messages[0].content, e.messages[-1].content) for e in zh],
    )


def formal_set(formal_bodies) -> list[Example]:
    """House style: formal English and Chinese mail replies (greeting, body, sign-off)."""
    en, zh = formal_bodies
    out = []
    for i, (q, body) in enumerate(en):
        title = TITLES[i % len(TITLES)]
        sign = SIGN_OFFS[i % len(SIGN_OFFS)]
        answer = f"Dear {title},\n\nThank you for your email. {body}\n\n{sign}\nHarbour Lane Tea Co."
        out.append(_ex(i, q, answer))
    for j, (q, body) in enumerate(zh):
        name = ZH_NAMES[j % len(ZH_NAMES)]
        close = ZH_CLOSINGS[j % len(ZH_CLOSINGS)]
        body = body.removeprefix("您好，")
        answer = f"{name}您好：\n\n多謝您的查詢。{body}\n\n{close}\n港灣茶莊 客戶服務部 敬上"
        out.append(_ex(100 + j, q, answer))
    return out


def test_planted_casual_answers_are_all_flagged(formal_bodies, check_runner):
    formal = formal_set(formal_bodies)
    casual = [
        _ex(500 + k, "Is my order ready?" if k < 6 else "我張單幾時到？", a) for k, a in enumerate(CASUAL)
    ]
    exs = formal + casual
    check_runner(exs)
    for ex in casual:
        warns = [f for f in ex.flags if f.check == "style" and f.severity == "warn"]
        assert warns, ex.id
        assert warns[0].details["features"] or warns[0].details["register"] == "casual"
    false_alarms = [e.id for e in formal if any(f.check == "style" and f.severity == "warn" for f in e.flags)]
    assert len(false_alarms) <= 0.05 * len(formal), false_alarms


def test_flag_explains_the_features(formal_bodies, check_runner):
    exs = formal_set(formal_bodies) + [_ex(900, "Is it ready?", CASUAL[0])]
    check_runner(exs)
    flag = next(f for f in exs[-1].flags if f.code == "style-outlier")
    features = {d["feature"] for d in flag.details["features"]}
    assert {"emoji", "slang", "greeting"} <= features
    assert "emoji" in flag.message and "typical" in flag.message
    assert CASUAL[0][:10] not in flag.message


def test_mixed_style_warning_names_both_groups(formal_bodies, check_runner):
    formal = formal_set(formal_bodies)[:40]
    casual = [_ex(700 + k, "Is my order ready?", CASUAL[k % 6] + f" #{k}") for k in range(14)]
    exs = formal + casual
    _, _, summary = check_runner(exs)
    mixed = summary["mixed_style"]
    assert mixed["warning"] is True
    groups = mixed["groups"]
    assert groups["casual"]["size"] == 14
    assert set(groups["casual"]["ids"]) == {e.id for e in casual}
    assert groups["formal"]["size"] >= 35
    assert "formal" in mixed["message"] and "casual" in mixed["message"]
    # The minority group is flagged one by one, and the majority is not.
    for ex in casual:
        assert any(f.code == "style-minority" for f in ex.flags), ex.id
    assert not any(f.code == "style-minority" for e in formal for f in e.flags)


def test_no_mixed_warning_on_a_consistent_set(formal_bodies, check_runner):
    _, _, summary = check_runner(formal_set(formal_bodies))
    assert summary["mixed_style"]["warning"] is False
    prof = summary["style_profile"]["en"]
    assert prof["greeting"]["dear"] == 1.0
    assert prof["register"]["formal"] == prof["answers"]


def test_style_reference_defines_the_house_style(formal_bodies, check_runner, tmp_path):
    """With a casual house style, the formal answers are the ones off style."""
    ref = tmp_path / "approved.jsonl"
    with ref.open("w", encoding="utf-8") as fh:
        for k in range(12):
            fh.write(json.dumps({"text": CASUAL[k % 6]}, ensure_ascii=False) + "\n")
    formal = formal_set(formal_bodies)[:10]
    casual = [_ex(800 + k, "Is my order ready?", CASUAL[k % 6]) for k in range(10)]
    _, _, summary = check_runner(formal + casual, check={"style_reference": str(ref)})
    for ex in formal:
        assert any(f.code == "off-house-style" for f in ex.flags), ex.id
    for ex in casual:
        assert not any(f.code == "off-house-style" for f in ex.flags), ex.id
    assert summary["style_reference"]["en"]["register"]["casual"] == 12


def test_style_reference_must_hold_answers(check_runner, tmp_path, formal_bodies):
    from fine_prep.errors import InputError

    empty = tmp_path / "empty.jsonl"
    empty.write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match="no approved answers"):
        check_runner(formal_set(formal_bodies)[:3], check={"style_reference": str(empty)})


@pytest.mark.parametrize(
    "text, greeting, signoff, register",
    [
        ("Dear Ms Wong,\n\nYour order has shipped.\n\nBest regards,\nKaren", "dear", "regards", "formal"),
        ("hey!! yeah it's here lol 😂", "hey", "none", "casual"),
        ("陳先生您好：\n\n您的訂單已寄出。\n\n祝 生活愉快", "nin-hao", "ci-zhi", "formal"),
        ("Hi Peter, it is ready for pickup.", "hi", "none", "neutral"),
        ("收到,聽日寄俾你啦,唔該晒!", "none", "none", "casual"),
    ],
)
def test_features_of_answers(text, greeting, signoff, register):
    f = style.features(text, analyze(text).family)
    assert (f.greeting, f.signoff, f.register) == (greeting, signoff, register)


def test_full_and_half_width_punctuation_in_chinese():
    full = style.features("您好，訂單已寄出。請留意短訊通知！", "zh")
    half = style.features("您好,訂單已寄出.請留意短訊通知!", "zh")
    assert full.halfwidth_share == 0.0
    assert half.halfwidth_share == 1.0
    assert style.features("Hello, it is ready.", "en").halfwidth_share is None


def test_markdown_casing_and_honorifics():
    f = style.features("## Steps\n- Rinse twice\n- Steep **45 s**\n1. Pour", "en")
    assert f.markdown >= 4
    g = style.features("Dear Mr Chan and Ms Lee, 陳先生 and 黃小姐 will attend.", "en")
    assert g.honorifics == 4
    h = style.features("PLEASE NOTE THE SHOP IS CLOSED ON MONDAY AND TUESDAY", "en")
    assert h.uppercase_share == 1.0


def test_robust_stats_ignore_a_few_extremes():
    values = [10.0] * 20 + [11.0] * 20 + [9.0] * 20 + [1000.0] * 3
    stats = style.feature_stats(values)
    assert stats.median == 10.0
    assert abs(stats.z(1000.0)) > 100
    assert abs(stats.z(11.0)) < 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_feature_extractor_never_raises(text):
    f = style.features(text, "en")
    assert f.length >= 0
    res = analyze(text)
    assert res.lang
    assert 0.0 <= res.switch_ratio <= 0.5
    facts = example_facts(_ex(1, text or "q", text))
    assert facts.style.register in ("formal", "casual", "neutral")


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("你嘅order已經ship咗，。!?\n 我们這个 hello 😂Dear 先生"), max_size=200)
)
def test_feature_extractor_never_raises_on_mixed_script(text):
    style.features(text, "zh")
    analyze(text).to_dict()


def test_empty_answer_is_a_length_error(check_runner):
    exs = [_ex(1, "Is it ready?", "   \n"), _ex(2, "Is it ready?", "Yes, it is ready for pickup today.")]
    kept, result, _ = check_runner(exs)
    # Severity error: `run` drops it (kind skipped, with the code); the check command keeps it.
    assert [e.id for e in kept] == ["st-0002"]
    assert [(r.code, r.kind) for r in result.rejects] == [("empty-answer", "skipped")]
    exs = [_ex(1, "Is it ready?", "   \n"), _ex(2, "Is it ready?", "Yes, it is ready for pickup today.")]
    kept, result, _ = check_runner(exs, check={"drop": []})
    assert [e.id for e in kept] == ["st-0001", "st-0002"]
    assert [f.code for f in kept[0].flags] == ["empty-answer"]


def test_features_are_linear_on_one_long_unpunctuated_line() -> None:
    # A 400 KB page or a deep '>>>>' quote on one line once made the sentence regex backtrack
    # quadratically (minutes); linear matching takes milliseconds.
    from fine_prep.checks.style import features

    text = "word " * 60_000 + "\n" + "字" * 60_000
    f = features(text, "en")
    assert f.length == 120_000 and f.sentence_length == 60_000
