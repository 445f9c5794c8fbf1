"""Normalisation and ``cjk-shingles-v1`` shingling: examples and hypothesis properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.dedup.normalize import normalize
from fine_prep.dedup.shingles import SHINGLES_VERSION, grams, jaccard, shingles, tokens


def test_normalize_folds_width_case_space_and_cjk_punctuation():
    assert normalize("ＨＥＬＬＯ，　Ｗｏｒｌｄ！") == normalize("hello, world!")
    assert normalize("Order  #123\n\n Thanks\t") == "order #123 thanks"
    # Chinese and ASCII punctuation normalise alike; zero-width marks disappear.
    assert normalize("您好。「多謝」，請問、") == normalize('您好."多謝",請問,')
    assert normalize("多\u200b謝") == "多謝"
    assert normalize("") == ""


def test_tokens_split_han_characters_and_keep_words():
    assert tokens("多謝您 order #HL10234 好") == ["多", "謝", "您", "order", "hl0", "好"]
    assert tokens("Hello, WORLD!") == ["hello", "world"]
    assert tokens("Order 12345", mask_digits=False) == ["order", "12345"]
    assert tokens("  ,,, ！！") == []


def test_shingles_word_char_and_mixed():
    assert shingles("we ship to macau", n=2) == [b"we ship", b"ship to", b"to macau"]
    assert shingles("港灣茶莊", n=2) == ["港 灣".encode(), "灣 茶".encode(), "茶 莊".encode()]
    mixed = shingles("請 check 吓", n=2)
    assert mixed == ["請 check".encode(), "check 吓".encode()]
    assert SHINGLES_VERSION == "cjk-shingles-v1"


def test_short_and_empty_texts_are_explicit():
    # Below the shingle size: one shingle of the whole token sequence, not nothing.
    assert shingles("Thanks!", n=3) == [b"thanks"]
    assert shingles("Thanks!", n=3) != shingles("Cheers!", n=3)
    assert shingles("", n=3) == []
    assert shingles("!!! 。。。", n=3) == []


def test_jaccard():
    assert jaccard([b"a", b"b"], [b"b", b"c"]) == 1 / 3
    assert jaccard([], []) == 1.0
    assert jaccard([b"a"], []) == 0.0


TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ 019，。！？「」　ＡＢＣ１２\u3000\t\n港灣茶莊多謝您好ｱ") + ["\u200b", "Ｈ", "ß"]
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_width_and_case_variants_shingle_alike(text):
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    assert shingles(wide, 2) == shingles(text, 2)
    assert shingles(text.upper(), 2) == shingles(text.lower(), 2)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=5))
def test_shingles_are_deterministic_distinct_and_nonempty_iff_tokens(text, n):
    sh = shingles(text, n)
    assert sh == shingles(text, n)
    assert len(sh) == len(set(sh))
    toks = tokens(text)
    assert bool(sh) == bool(toks)
    assert sh == grams(toks, n)
    if 0 < len(toks) <= n:
        assert len(sh) == 1
    # No shingle carries whitespace at its ends or punctuation inside tokens.
    for g in sh:
        s = g.decode()
        assert s == s.strip()
        assert "，" not in s and "。" not in s and "," not in s


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_jaccard_is_symmetric_and_bounded(a, b):
    sa, sb = shingles(a, 2), shingles(b, 2)
    j = jaccard(sa, sb)
    assert j == jaccard(sb, sa)
    assert 0.0 <= j <= 1.0
    assert jaccard(sa, sa) == 1.0
