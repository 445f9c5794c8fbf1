"""The language check on real text: HKCanCor, CTCPC and the Chinese copywriting guidelines."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from fine_prep.checks.language import analyze
from fine_prep.record import Example, Message, Source

HK_LANGUAGES = ["en", "zh-Hant", "yue"]
ZH = ("yue", "zh-Hant", "zh")


def _hkcancor(corpora: Path) -> list[str]:
    path = corpora / "text-cantonese" / "hkcancor" / "hkcancor_utterances_sample.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["text"] or "" for row in csv.DictReader(fh, delimiter="\t")]


def _ctcpc(corpora: Path) -> list[str]:
    path = corpora / "text-cantonese" / "ctcpc" / "ctcpc_yue_sentences_sample.txt"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _han_majority(text: str) -> bool:
    res = analyze(text)
    return res.han >= 4 and res.han >= res.latin_words


def _as_answers(texts: list[str], question: str) -> list[Example]:
    return [
        Example(
            f"c-{i:04d}",
            [Message("user", question), Message("assistant", t)],
            Source("corpus", "x", ref=str(i)),
        )
        for i, t in enumerate(texts)
    ]


def test_hkcancor_is_recognised_as_cantonese(corpora):
    texts = _hkcancor(corpora)
    assert len(texts) >= 250
    langs = Counter(analyze(t).lang for t in texts)
    known = {k: v for k, v in langs.items() if k != "unknown"}
    # Spoken Cantonese transcripts: Cantonese (or Traditional Chinese), never Simplified.
    assert sum(v for k, v in known.items() if k in ZH) >= 0.99 * sum(known.values()), langs
    assert langs["yue"] >= 0.8 * sum(known.values()), langs
    for t in texts:
        if _han_majority(t):
            res = analyze(t)
            assert res.family == "zh" and res.script != "Hans", t


def test_hkcancor_answers_are_not_flagged(corpora, check_runner):
    texts = [t for t in _hkcancor(corpora) if _han_majority(t)]
    exs = _as_answers(texts, "你哋琴日去咗邊度玩呀？")
    check_runner(exs, dataset={"languages": HK_LANGUAGES})
    flagged = [e.id for e in exs if any(f.check == "language" for f in e.flags)]
    assert flagged == []
    assert all(e.meta["language"] in ZH for e in exs)


def test_ctcpc_written_cantonese(corpora, check_runner):
    texts = _ctcpc(corpora)
    assert len(texts) >= 250
    results = [analyze(t) for t in texts]
    known = [r for r in results if r.lang != "unknown"]
    zh = [r for r in known if r.lang in ZH]
    assert len(zh) >= 0.97 * len(known)
    # The sample has a few sentences really written in Simplified (README: "includes ...
    # Standard-Chinese-looking sentences"); they are a small minority.
    assert sum(r.script in ("Hans", "mixed") for r in known) <= 0.02 * len(known)
    han = [t for t in texts if _han_majority(t)]
    exs = _as_answers(han, "呢句廣東話點講？")
    check_runner(exs, dataset={"languages": HK_LANGUAGES})
    flagged = [e for e in exs if any(f.check == "language" for f in e.flags)]
    assert len(flagged) <= 0.02 * len(exs)
    for ex in flagged:  # the only reason is a Simplified (or mixed) sentence
        assert {f.code for f in ex.flags if f.check == "language"} <= {
            "simplified-in-traditional",
            "script-mismatch",
        }


@pytest.fixture(scope="module")
def guidelines(corpora) -> dict[str, str]:
    folder = corpora / "documents-markdown" / "sparanoid-chinese-copywriting-guidelines"
    return {v: (folder / f"README.{v}.md").read_text(encoding="utf-8") for v in ("zh-Hant", "zh-Hans", "en")}


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize("variant, script", [("zh-Hant", "Hant"), ("zh-Hans", "Hans")])
def test_guidelines_script_of_each_version(guidelines, variant, script):
    whole = analyze(guidelines[variant])
    assert (whole.lang, whole.script) == (variant, script)
    scripted = [r for r in map(analyze, _paragraphs(guidelines[variant])) if r.family == "zh" and r.script]
    right = sum(r.script == script for r in scripted)
    # The Traditional version quotes two Simplified examples on purpose; nothing else is off.
    assert right >= 0.95 * len(scripted) and len(scripted) >= 50


def test_guidelines_english_version(guidelines):
    paras = [analyze(p) for p in _paragraphs(guidelines["en"])]
    english = [p for p in paras if p.lang == "en"]
    assert len(english) >= 25
    # The English version shows Chinese examples: those paragraphs are Chinese, not a guess.
    assert all(
        p.lang in ("en", "unknown", "zh-Hant", "zh-Hans", "zh") for p in paras if p.han >= p.latin_words
    )


def test_guidelines_simplified_in_a_traditional_dataset(guidelines, check_runner):
    hans = [p for p in _paragraphs(guidelines["zh-Hans"]) if analyze(p).script == "Hans"]
    hant = [p for p in _paragraphs(guidelines["zh-Hant"]) if analyze(p).script == "Hant"]
    exs = _as_answers(hans, "請問中文排版有甚麼規則？") + _as_answers(hant, "請問中文排版有甚麼規則？")
    for i, ex in enumerate(exs):
        ex.id = f"g-{i:04d}"
    check_runner(exs, dataset={"languages": ["zh-Hant"]})
    for ex in exs[: len(hans)]:
        codes = {f.code: f.severity for f in ex.flags if f.check == "language"}
        assert codes.get("simplified-in-traditional") == "error", ex.id
        assert "script-mismatch" in codes
    assert not any(f.check == "language" for ex in exs[len(hans) :] for f in ex.flags)


def test_tldr_pages_zh_and_zh_tw(corpora):
    base = corpora / "documents-markdown" / "tldr-pages"
    for page in ("cp.md", "curl.md"):
        hans = analyze((base / "pages.zh" / "common" / page).read_text(encoding="utf-8"))
        hant = analyze((base / "pages.zh_TW" / "common" / page).read_text(encoding="utf-8"))
        en = analyze((base / "pages" / "common" / page).read_text(encoding="utf-8"))
        assert (hans.lang, hant.lang, en.lang) == ("zh-Hans", "zh-Hant", "en"), page


@pytest.mark.parametrize(
    "folder, name, lang",
    [
        ("alfonsrv-mail-parser-reply", "email_danish_1.txt", "da"),
        ("alfonsrv-mail-parser-reply", "email_swedish_1.txt", "sv"),
        ("alfonsrv-mail-parser-reply", "email_pl_1_1.txt", "pl"),
        ("alfonsrv-mail-parser-reply", "email_nl_1_1.txt", "nl"),
        ("alfonsrv-mail-parser-reply", "email_ja_1_1.txt", "ja"),
        ("crisp-email-reply-parser", "email_customer_quote_header_3.txt", "fr"),
        ("github-email_reply_parser", "email_1_2.txt", "en"),
        ("github-email_reply_parser", "email_BlackBerry.txt", "en"),
    ],
)
def test_real_mail_in_other_languages(corpora, folder, name, lang):
    """Real replies from mail-parser test suites: the language a dataset would not declare."""
    text = (corpora / "email-quoted-replies" / folder / name).read_text(encoding="utf-8", errors="replace")
    assert analyze(text).lang == lang
