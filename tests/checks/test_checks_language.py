"""One text's language: scripts, Traditional vs Simplified, Cantonese, langdetect, rules."""

from __future__ import annotations

import pytest

from fine_prep.checks.language import (
    HK_CANTONESE_SHARED,
    LanguagePolicy,
    analyze,
    langdetect_top,
    language_flags,
    script_table,
    system_languages,
)


def test_script_table_comes_from_the_conversion_tables():
    import opencc

    table = script_table()
    assert len(table.traditional) > 2000 and len(table.simplified) > 2000
    assert not table.traditional & table.simplified
    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    # Every marker is one that OpenCC converts; neutral characters are in neither set.
    for c in list(table.traditional)[:300]:
        assert t2s.convert(c) != c
    for c in list(table.simplified)[:300]:
        assert s2t.convert(c) != c
    assert {"這", "們", "係", "說"} <= table.traditional
    assert {"这", "们", "说", "为"} <= table.simplified
    for neutral in "嘅咗喺唔佢哋冇嘢啲我你好着" + "".join(HK_CANTONESE_SHARED):
        assert neutral not in table.traditional and neutral not in table.simplified


@pytest.mark.parametrize(
    "text, lang, script",
    [
        ("你嘅 order 已經 ship 咗，聽日應該收到。", "yue", "Hant"),
        ("我們的店鋪每天上午十時開門，公眾假期除外。", "zh-Hant", "Hant"),
        ("我们的店铺每天上午十点开门，公众假期除外。", "zh-Hans", "Hans"),
        ("佢系由我地大部分人都睇唔到嘅各种系统构成嘅。", "yue", "Hans"),
        ("Thank you for your enquiry. Our shop opens at 10am.", "en", ""),
        ("ご注文ありがとうございます。明日発送します。", "ja", ""),
        ("주문해 주셔서 감사합니다. 내일 발송하겠습니다.", "ko", ""),
        ("Nous avons bien reçu votre commande et nous vous remercions.", "fr", ""),
        ("OK", "unknown", ""),
        ("多謝", "unknown", ""),
        ("<PERSON_1> <HK_PHONE_1> https://example.com/a?b=c", "unknown", ""),
        ("如有疑問，請聯絡仲裁中心。", "zh-Hant", "Hant"),
    ],
)
def test_analyze(text, lang, script):
    res = analyze(text)
    assert (res.lang, res.script) == (lang, script)


def test_code_switching_ratio_and_block():
    mixed = analyze("你嘅 order 已經 ship 咗，聽日應該收到。")
    assert 0.1 < mixed.switch_ratio < 0.3 and mixed.block is None
    block = analyze(
        "可以的，請於七天內聯絡我們。All returned items must be unopened and in their original packaging. 謝謝。"
    )
    assert block.block == {"zh_characters": 14, "en_words": 11, "zh_sentences": 2, "en_sentences": 1}
    parallel = analyze(
        "多謝您的查詢，我們會盡快回覆。\n\nThank you for your enquiry, we will reply to you as soon as we can."
    )
    assert parallel.bilingual and parallel.block is None


def test_langdetect_is_deterministic():
    text = "Pengiriman ke Singapura biasanya memakan waktu lima sampai tujuh hari kerja"
    first = [langdetect_top(text) for _ in range(5)]
    assert len(set(first)) == 1 and first[0][0] == "id"
    assert analyze(text).method in ("langdetect", "stopwords")


def test_system_message_languages():
    assert system_languages("Always reply in English.") == {"en"}
    assert system_languages("請用英文回覆所有查詢。") == {"en"}
    assert system_languages("請用廣東話回答") == {"zh"}
    assert system_languages("Reply in the customer's language.") == frozenset()


def test_policy_from_declared_languages():
    p = LanguagePolicy.from_languages(["en", "zh-Hant", "yue"])
    assert (p.families, p.script, p.families_declared, p.script_declared) == (
        frozenset({"en", "zh"}),
        "Hant",
        True,
        True,
    )
    both = LanguagePolicy.from_languages(["zh-Hant", "zh-Hans"])
    assert both.script == "" and both.families == {"zh"}
    assert LanguagePolicy.from_languages([]).families == frozenset()


def test_rules_on_a_conversation():
    policy = LanguagePolicy.from_languages(["en", "zh-Hant", "yue"])
    msgs = [
        ("system", analyze("你是茶莊的客服助理。")),
        ("user", analyze("請問你們的營業時間是甚麼？")),
        ("assistant", analyze("您好，我们每天上午十点开门，晚上八点关门。")),
        ("user", analyze("Do you deliver to Macau on Sundays?")),
        ("assistant", analyze("Yes, we deliver to Macau every day including Sundays.")),
    ]
    flags = language_flags(msgs, policy)
    assert [(f.code, f.severity, f.details["message"]) for f in flags] == [
        ("script-mismatch", "warn", 2),
        ("simplified-in-traditional", "error", 2),
    ]
    assert "Simplified" in flags[1].message and "declared" in flags[1].message
