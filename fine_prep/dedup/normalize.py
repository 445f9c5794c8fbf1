"""Text normalisation before hashing: NFKC, case, whitespace, CJK punctuation.

Two texts that differ only in full-width vs half-width forms, letter case, runs of whitespace or
Chinese vs ASCII punctuation normalise to the same string, so they are exact duplicates.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC already folds the full-width ASCII block (U+FF01..U+FF5E) to ASCII and U+2026 to "...";
# these CJK punctuation marks survive NFKC, so they are mapped here (Unicode blocks
# "CJK Symbols and Punctuation" U+3000..U+303F and "General Punctuation" U+2000..U+206F).
_PUNCT = {
    "\u3002": ".",  # 。 ideographic full stop
    "\uff61": ".",  # ｡ half-width ideographic full stop
    "\u3001": ",",  # 、 ideographic comma
    "\uff64": ",",  # ､ half-width ideographic comma
    "\u300c": '"',  # 「
    "\u300d": '"',  # 」
    "\u300e": '"',  # 『
    "\u300f": '"',  # 』
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u3010": "[",  # 【
    "\u3011": "]",  # 】
    "\u3008": "<",  # 〈
    "\u3009": ">",  # 〉
    "\u300a": "<",  # 《
    "\u300b": ">",  # 》
    "\u3014": "(",  # 〔
    "\u3015": ")",  # 〕
    "\u2014": "-",  # — em dash
    "\u2013": "-",  # – en dash
    "\u2015": "-",  # ― horizontal bar
    "\u30fc": "-",  # ー prolonged sound mark used as a dash in CJK text
    "\u00b7": ".",  # · middle dot
    "\u30fb": ".",  # ・ katakana middle dot
    "\u301c": "~",  # 〜 wave dash
}
# Zero-width characters that NFKC keeps but that change nothing a reader sees.
_INVISIBLE = {"\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None}
_TABLE = str.maketrans({**_PUNCT, **_INVISIBLE})
_SPACE = re.compile(r"\s+")

NORMALIZER_VERSION = "nfkc-casefold-punct-v1"


def normalize(text: str) -> str:
    """Canonical form of a text for hashing.

    NFKC (full-width letters, digits and ASCII punctuation become half-width), CJK punctuation
    mapped to its ASCII counterpart, zero-width characters removed, case folded, every run of
    whitespace collapsed to one space, ends stripped. Idempotent.

    Args:
        text: any text.

    Returns:
        The normalised text.
    """
    # NFKC first: it folds full-width forms and turns e.g. U+FE51 (small ideographic comma) into
    # U+3001, which the table then maps. casefold can produce text that is not NFKC any more
    # (e.g. U+1E9E -> "ss" is fine, but some folds decompose), so check and redo only then.
    text = unicodedata.normalize("NFKC", text).casefold()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", text.translate(_TABLE)).strip()
