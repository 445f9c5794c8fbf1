"""``cjk-shingles-v1``: shingles that work for English, Chinese and text that mixes them.

A text is normalised (:func:`fine_prep.dedup.normalize.normalize`), digit runs are masked, and it
is cut into tokens: every Han / kana / Hangul character is a token of its own, every run of other
letters and digits is a token, punctuation is dropped. Shingles are n-grams over that token stream,
so space-separated text gets word n-grams, Chinese gets character n-grams and mixed text gets both
(also across the boundary). Texts with fewer tokens than ``n`` are one shingle (the whole token
sequence): they match only a text with the same tokens, never everything short. An empty text has
no shingles and never enters the near-duplicate index.
"""

from __future__ import annotations

import hashlib
import re

from fine_prep.dedup.normalize import normalize

SHINGLES_VERSION = "cjk-shingles-v1"

# Unicode blocks whose scripts are written without spaces between words: CJK Unified
# Ideographs (+ Extension A, compatibility, Extensions B..H in planes 2-3), Hiragana and
# Katakana, Hangul syllables, Bopomofo.
_CJK = "\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_DIGITS = re.compile(r"\d+")


def tokens(text: str, mask_digits: bool = True) -> list[str]:
    """The token stream of a text (see the module docstring).

    Args:
        text: raw text (normalised here).
        mask_digits: replace each run of digits by ``0``, so template replies that differ only
            in an order number, date or amount still match.

    Returns:
        Tokens in text order.
    """
    return normalized_tokens(normalize(text), mask_digits)


def normalized_tokens(norm: str, mask_digits: bool = True) -> list[str]:
    """:func:`tokens` of a text already passed through :func:`normalize`."""
    if mask_digits:
        norm = _DIGITS.sub("0", norm)
    return _TOKEN.findall(norm)


def shingles(text: str, n: int = 3, mask_digits: bool = True) -> list[bytes]:
    """The shingles of a text, UTF-8 encoded (ready for a hash function).

    Args:
        text: raw text.
        n: tokens per shingle (words, or Han characters).
        mask_digits: see :func:`tokens`.

    Returns:
        The distinct shingles in first-seen order; one shingle for texts shorter than ``n``
        tokens; none for a text without tokens.
    """
    return grams(tokens(text, mask_digits), n)


def token_key(norm: str) -> str:
    """The exact-duplicate key of a normalised text: its tokens, digits kept, joined by spaces.

    Two texts with the same key differ only in case, width, punctuation and spacing (``，`` and
    ``, `` alike), which is what "exact duplicate after normalisation" means here.
    """
    return " ".join(_TOKEN.findall(norm))


def key_digest(key: str) -> bytes:
    """A 16-byte digest of an exact-duplicate key (:func:`token_key`, or keys joined by ``\\x1f``)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def grams(toks: list[str], n: int = 3, prefix: str = "") -> list[bytes]:
    """Shingles of a token stream (see :func:`shingles`).

    Args:
        toks: tokens from :func:`tokens`.
        n: tokens per shingle.
        prefix: put before every shingle (keeps two texts' shingles apart in one set).

    Returns:
        Distinct UTF-8 shingles in first-seen order.
    """
    if not toks:
        return []
    if len(toks) <= n:
        return [(prefix + " ".join(toks)).encode()]
    out = [prefix + " ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)]
    return [g.encode() for g in dict.fromkeys(out)]


def jaccard(a: set[bytes] | list[bytes], b: set[bytes] | list[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty sets).

    Args:
        a: shingles of the first text.
        b: shingles of the second text.

    Returns:
        |a ∩ b| / |a ∪ b|.
    """
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
