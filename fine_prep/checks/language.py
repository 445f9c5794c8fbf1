"""Language of each message: scripts, Traditional vs Simplified, Cantonese, code-switching.

Hong Kong text mixes English, Traditional Chinese, written Cantonese and code-switching between
them ("你嘅 order 已經 ship 咗"). A general detector does badly there: langdetect calls that
sentence English, calls much written Cantonese Korean, and cannot tell Cantonese from standard
written Chinese. So this module decides
in layers, cheapest first, and records which layer decided (``method``):

1. ``short``: too little text to say anything (``unknown``, never a guess).
2. ``script``: Han-majority text is Chinese; which Chinese comes from a real conversion table
   (characters that CC-CEDICT lists as only Traditional or only Simplified, confirmed by
   OpenCC's own character tables) and from Cantonese markers. Kana means Japanese, Hangul Korean.
3. ``stopwords``: Latin text whose words are plainly English function words is English; one
   whose function words are plainly French, German, Spanish, Italian, Portuguese, Dutch or
   Indonesian is that language (langdetect costs about 5 ms a call; this costs microseconds).
4. ``langdetect`` (seed fixed at 0, so results are deterministic): everything else (Danish,
   Polish, Cyrillic, mixed Latin text, ...), trusted only for 6+ words at probability 0.8+.

:func:`language_flags` holds the rules that compare messages (question vs answer, the
dataset's languages and script); :mod:`fine_prep.checks.stage` runs them over a dataset.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

VERSION = "hk-language-v1"

# ---------------------------------------------------------------------------- character classes

# CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B-H (SIP/TIP), and the
# ideographic iteration mark; Unicode 15 blocks (unicode.org/charts).
HAN_RANGES = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
KANA_RANGES = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff"
HANGUL_RANGES = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
LATIN_RANGES = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"

# Han characters one by one; Latin words (with inner apostrophes: don't, we're); kana and
# Hangul characters; and words of any other letters (Cyrillic, Thai, Arabic, ...), looked for
# only when a quick search finds such a letter at all.
# HAN_CHAR and LATIN_WORD are the units of length for style.py too.
HAN_CHAR = re.compile(f"[{HAN_RANGES}]")
LATIN_WORD = re.compile(rf"[{LATIN_RANGES}]+(?:['\u2019][{LATIN_RANGES}]+)*")
_KANA_CHAR = re.compile(f"[{KANA_RANGES}]")
_HANGUL_CHAR = re.compile(f"[{HANGUL_RANGES}]")
_OTHER_WORD = re.compile(rf"[^\W\d_{HAN_RANGES}{LATIN_RANGES}{KANA_RANGES}{HANGUL_RANGES}]+")
_RARE = re.compile(rf"[^\W\d_{HAN_RANGES}{LATIN_RANGES}]")

# Things that are not language: links, addresses, redaction placeholders (<PERSON_1>,
# [HK_PHONE]), @handles, and codes that mix letters with digits (SF1234567, HK$300, 10am).
_NOT_LANGUAGE = re.compile(
    r"https?://\S+|www\.\S+|(?<!\S)[^\s@]+@[^\s@]+\.\S+|<[A-Z][A-Z0-9_]*>|\[[A-Z][A-Z0-9_]*\]|@\w+"
    r"|\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]+\b"
)

# A sentence ends at a full stop, question or exclamation mark (full- or half-width), a
# semicolon, or a line break. A half-width full stop must be followed by space or the end, so
# that "3.5" and "e.g." stay inside the sentence.
_SENTENCE_END = re.compile(r"[。！？；\n!?;]+|\.(?=\s|$)")

# Cantonese markers: characters and words of written Cantonese that standard written Chinese
# does not use (Snow, D. (2004) "Cantonese as Written Language", ch. 3; Wikipedia "Written
# Cantonese", section "Cantonese-specific characters"; HKCanCor's most frequent particles).
# 係 counts only outside the standard words 關係/聯係/係數.
CANTONESE_MARKERS = (
    "嘅 咗 喺 唔 佢 哋 冇 嘢 啲 嚟 畀 俾 噉 咁 嗰 乜 咩 嘞 囉 喎 㗎 嗮 晒 啱 睇 攞 諗 搵 揾 咪 吖 噃 咋 "
    "𡃉 𠻹 嚿 冚 氹 嘥 瞓 嘈 而家 點解 邊個 邊度 呢度 呢個 呢啲 嗰度 唔該 係咪 得閒 琴日 聽日 今日 "
    "尋日 返工 揸 食咗 咁樣 點樣 幾多 乜嘢 邊啲 靚 冇問題 唔使 唔好 呀 啦 喇 蚊 仲 埋 下晝 個鐘 "
    "兩個鐘 添 落單 都得 就得"
).split()
# Standard written Chinese counterparts (的 是 他 們 沒有 不 這 那 在 了 ...), the words that
# Cantonese replaces with the markers above (same sources).
STANDARD_MARKERS = "的 是 他 她 們 们 沒有 没有 沒 没 不 這 这 那 在 了 東西 东西 看 什麼 什么 為什麼 为什么 現在 现在".split()
# English words common in HK code-switching are content words; function words show an English
# sentence (Leech, Rayson & Wilson (2001) "Word Frequencies in Written and Spoken English", top
# function words).
ENGLISH_FUNCTION_WORDS = frozenset(
    "the and of to a in is are was were be been will would can could should you your we our us "
    "it its this that these those for with on at from by as if or but not no have has had do does "
    "did i me my he she they them their there here what when where which who how please thank "
    "thanks hello dear regards sincerely an about any all so just also may shall yes within into "
    "than then up out more very because before after each other over under only some".split()
)
# Function words of the other Latin-script languages common in Hong Kong business mail, from
# the Snowball project's stop word lists (snowballstem.org/algorithms/*/stop.txt; Indonesian
# from Tala (2003) "A Study of Stemming Effects on Information Retrieval in Bahasa Indonesia").
# A text whose function words are plainly one of these is tagged without langdetect; a text
# where they are mixed or few goes to langdetect. Their presence also keeps a text off the
# English fast path.
OTHER_FUNCTION_WORDS = {
    "fr": "le la les des du de et est une un que qui pas pour avec nous vous dans sur ce cette au aux votre nos",
    "de": "der die das und ist nicht ein eine ich sie wir mit den dem zu auf für von sich auch es ihre haben",
    "es": "el la los las y en es por para con una un lo del que se no su al como hacemos sí",
    "it": "il lo la di che per non della e un una sono con del gli le al nel siamo",
    "pt": "o a os as de que não com uma um para por em do da dos das é nós",
    "nl": "de het een van en ik niet dat is op te zijn met voor wij",
    "id": "yang dan ini itu dengan untuk tidak ada saya kami anda di ke dari akan biasanya",
}
_OTHER_WORDS = {lang: frozenset(words.split()) for lang, words in OTHER_FUNCTION_WORDS.items()}
_NOT_ENGLISH = frozenset().union(*_OTHER_WORDS.values()) - ENGLISH_FUNCTION_WORDS

_CANTO_RE = re.compile("|".join(sorted((re.escape(m) for m in CANTONESE_MARKERS), key=len, reverse=True)))
_CANTO_KAI = re.compile(r"(?<![關联聯联])係(?!數|数)")
# Standard words that contain a one-character marker in another sense (仲裁 arbitration, 埋葬
# bury, 添加 add, 蚊子 mosquito): each match takes one marker back.
_CANTO_FALSE = re.compile("仲裁|仲介|埋葬|埋伏|埋怨|掩埋|埋藏|增添|添加|添置|蚊子|蚊蟲|蚊虫")
_STANDARD_RE = re.compile("|".join(sorted((re.escape(m) for m in STANDARD_MARKERS), key=len, reverse=True)))

# Too little text to judge (the issue: short texts are "unknown", not a guess).
MIN_HAN = 4
MIN_LATIN_WORDS = 3
MIN_LATIN_LETTERS = 12
# langdetect's answer is used only for this many words and this probability.
LANGDETECT_MIN_WORDS = 6
LANGDETECT_MIN_PROB = 0.8
# A block of English inside a Chinese message (not code-switched words): a sentence of at least
# this many words, with English function words in it. The Chinese side of a block is any
# Chinese sentence of MIN_HAN characters.
BLOCK_LATIN_WORDS = 6


# ---------------------------------------------------------------------------- Traditional vs Simplified


class ScriptTable:
    """Which Han characters are only Traditional and which only Simplified.

    A character is a Traditional marker when CC-CEDICT (via hanzidentifier's sets) lists it as a
    Traditional form and never as a Simplified one, and OpenCC's ``t2s`` changes it; a Simplified
    marker the reverse with ``s2t``. Requiring both tables to agree drops the characters the two
    disagree on (着, 嗰, 衞), which Hong Kong text uses in both scripts. Characters in both sets
    (我, 你, 嘅, 咗) are neutral.
    """

    def __init__(self) -> None:
        import opencc
        from hanzidentifier import helpers

        trad = helpers.TRADITIONAL_CHARACTERS
        simp = helpers.SIMPLIFIED_CHARACTERS
        trad_only = sorted(c for c in trad - simp if len(c) == 1)
        simp_only = sorted(c for c in simp - trad if len(c) == 1)
        # One conversion call per table; a newline between characters stops OpenCC's phrase
        # tables from matching across them.
        t2s = opencc.OpenCC("t2s").convert("\n".join(trad_only)).split("\n")
        s2t = opencc.OpenCC("s2t").convert("\n".join(simp_only)).split("\n")
        self.traditional = frozenset(c for c, s in zip(trad_only, t2s, strict=True) if s != c)
        self.simplified = frozenset(
            c for c, t in zip(simp_only, s2t, strict=True) if t != c and c not in HK_CANTONESE_SHARED
        )

    def count(self, han: str) -> tuple[int, int]:
        """(Traditional-only, Simplified-only) characters in a string of Han characters."""
        t = s = 0
        trad, simp = self.traditional, self.simplified
        for c in han:
            if c in trad:
                t += 1
            elif c in simp:
                s += 1
        return t, s


# Characters that are Simplified forms of other characters but that written Cantonese in Hong
# Kong uses in Traditional text with their own sense: 吓 (haa5, "a bit": 睇吓, 試吓) and 揾
# (wan2, the common variant of 搵 "look for"). Both occur in HKCanCor's Traditional
# transcripts (Luke & Wong 2015); counting them as Simplified flags correct Cantonese.
HK_CANTONESE_SHARED = frozenset("吓揾")

_TABLE: ScriptTable | None = None
_TABLE_LOCK = threading.Lock()


def script_table() -> ScriptTable:
    """The process-wide :class:`ScriptTable`, built on first use (about 0.2 s)."""
    global _TABLE
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                _TABLE = ScriptTable()
    return _TABLE


# ---------------------------------------------------------------------------- langdetect

_LANGDETECT_READY = False


def langdetect_top(text: str) -> tuple[str, float]:
    """langdetect's best language and probability, deterministic (``DetectorFactory.seed = 0``).

    Returns ``("unknown", 0.0)`` when langdetect finds no features in the text.
    """
    global _LANGDETECT_READY
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    if not _LANGDETECT_READY:
        # Fixed seed: langdetect samples n-grams at random (its README, "Basic usage").
        DetectorFactory.seed = 0
        _LANGDETECT_READY = True
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return "unknown", 0.0
    return _LANGDETECT_TAGS.get(best.lang, best.lang), float(best.prob)


# langdetect names Chinese by region; we name it by script (BCP 47 script subtags).
_LANGDETECT_TAGS = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}


# ---------------------------------------------------------------------------- one message


@dataclass(slots=True)
class Sentence:
    """The counts of one sentence, enough to find blocks of another language."""

    lang: str  # "zh", "en", "latin" (Latin, not English-looking), "other" or ""
    han: int
    latin_words: int
    function_words: int
    new_line: bool = False  # a line break separates it from the sentence before


@dataclass(slots=True)
class TextLanguage:
    """What one text is written in.

    Attributes:
        lang: ``en``, ``zh-Hant``, ``zh-Hans``, ``zh`` (Chinese with no script-specific
            character), ``yue`` (written Cantonese), ``ja``, ``ko``, another langdetect code,
            or ``unknown``.
        script: for Chinese, ``Hant``, ``Hans``, ``mixed``, or ``""`` (neutral/none).
        method: which layer decided: ``short``, ``script``, ``stopwords``, ``langdetect``.
        han, latin_words, other: units per script (a Han character, a Latin word, another word).
        traditional, simplified: Traditional-only and Simplified-only characters.
        cantonese, standard: Cantonese and standard-written-Chinese marker counts.
        switch_ratio: share of units in the minority of Han vs Latin (0 = one language only).
        block: whole sentences of both Chinese and English switching mid-paragraph, e.g.
            ``{"zh_characters": 14, "en_words": 11, "zh_sentences": 2, "en_sentences": 1}``;
            ``None`` when the other language only appears as words (code-switching).
        bilingual: both languages in whole sentences, but structured: one language per line or
            paragraph, or two halves of comparable size.
        present: language families with whole sentences in the text (``zh``, ``en``).
        confidence: langdetect's probability, or 1.0 for the rule-based layers.
    """

    lang: str
    script: str = ""
    method: str = "short"
    han: int = 0
    latin_words: int = 0
    other: int = 0
    traditional: int = 0
    simplified: int = 0
    cantonese: int = 0
    standard: int = 0
    switch_ratio: float = 0.0
    block: dict[str, Any] | None = None
    bilingual: bool = False
    present: frozenset[str] = frozenset()
    confidence: float = 1.0
    sentences: list[Sentence] = field(default_factory=list, repr=False)

    @property
    def family(self) -> str:
        """The language without its script: ``zh`` for every Chinese (Cantonese included)."""
        if self.lang in ("zh-Hant", "zh-Hans", "zh", "yue"):
            return "zh"
        return self.lang.split("-")[0]

    def scripts(self) -> dict[str, float]:
        """Shares of Han, Latin and other units (rounded, summing to about 1)."""
        total = self.han + self.latin_words + self.other
        if not total:
            return {}
        out = {"han": self.han / total, "latin": self.latin_words / total, "other": self.other / total}
        return {k: round(v, 3) for k, v in out.items() if v}

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``meta``: counts and tags only, never text."""
        out: dict[str, Any] = {"lang": self.lang, "method": self.method, "scripts": self.scripts()}
        if self.script:
            out["chinese_script"] = self.script
            out["traditional_chars"] = self.traditional
            out["simplified_chars"] = self.simplified
        if self.cantonese or self.standard:
            out["cantonese_markers"] = self.cantonese
            out["standard_markers"] = self.standard
        if self.switch_ratio:
            out["code_switch_ratio"] = round(self.switch_ratio, 3)
        if self.block:
            out["block"] = self.block
        if self.bilingual:
            out["bilingual"] = True
        if self.method == "langdetect":
            out["confidence"] = round(self.confidence, 3)
        return out


def _sentence(text: str) -> Sentence:
    han = len(HAN_CHAR.findall(text))
    latin = LATIN_WORD.findall(text)
    other = len(_OTHER_WORD.findall(text)) if _RARE.search(text) else 0
    fw = sum(1 for w in latin if w.lower() in ENGLISH_FUNCTION_WORDS)
    nl = len(latin)
    if han >= 2 and han >= nl * 0.5:
        lang = "zh"
    elif nl and nl >= other:
        lang = "en" if fw else "latin"
    elif other:
        lang = "other"
    elif han:
        lang = "zh"
    else:
        lang = ""
    return Sentence(lang, han, nl, fw)


def _sentences(clean: str) -> list[Sentence]:
    """Per-sentence counts, with whether a line break comes before each sentence."""
    out: list[Sentence] = []
    pos = 0
    line_break = False
    for m in _SENTENCE_END.finditer(clean + "\n"):
        part = clean[pos : m.start()]
        gap = m.group()
        pos = m.end()
        sent = _sentence(part) if part and not part.isspace() else None
        if sent is None or not (sent.han or sent.latin_words):
            line_break = line_break or "\n" in gap or "\n" in part
            continue
        sent.new_line = line_break or "\n" in part[: len(part) - len(part.lstrip())]
        line_break = "\n" in gap
        out.append(sent)
    return out


def analyze(text: str) -> TextLanguage:
    """Describe the language of one text (a message's content). Never raises on any string.

    Args:
        text: the message content.

    Returns:
        A :class:`TextLanguage`; ``lang`` is ``unknown`` for texts too short to judge.
    """
    clean = _NOT_LANGUAGE.sub(" ", text)
    han_chars = HAN_CHAR.findall(clean)
    latin_words = LATIN_WORD.findall(clean)
    kana = hangul = other = 0
    if _RARE.search(clean):
        kana = len(_KANA_CHAR.findall(clean))
        hangul = len(_HANGUL_CHAR.findall(clean))
        other = len(_OTHER_WORD.findall(clean))
    nh, nl = len(han_chars), len(latin_words)
    # Sentences matter only where two scripts meet (blocks of one inside the other).
    sentences = _sentences(clean) if nh and nl else []
    res = TextLanguage("unknown", han=nh, latin_words=nl, other=other + kana + hangul, sentences=sentences)
    letters = sum(len(w) for w in latin_words)
    if nh < MIN_HAN and (nl < MIN_LATIN_WORDS or letters < MIN_LATIN_LETTERS) and kana + hangul + other < 4:
        return res
    total = nh + nl
    if nh and nl:
        res.switch_ratio = min(nh, nl) / total
    if hangul and hangul >= 0.3 * (nh + hangul):
        res.lang, res.method = "ko", "script"
    elif kana and kana >= 0.1 * (nh + kana) and kana >= 2:
        res.lang, res.method = "ja", "script"
    elif nh >= 2:
        _chinese(res, "".join(han_chars))
    if res.lang == "unknown":
        _latin_or_other(res, clean, latin_words, han_chars)
    if res.lang != "unknown":
        _blocks(res)
    return res


def _chinese(res: TextLanguage, han_text: str) -> None:
    """Chinese if Han is the matrix; sets the script and Cantonese-vs-standard counts."""
    nh, nl = res.han, res.latin_words
    res.cantonese = max(
        0,
        len(_CANTO_RE.findall(han_text))
        + len(_CANTO_KAI.findall(han_text))
        - len(_CANTO_FALSE.findall(han_text)),
    )
    res.standard = len(_STANDARD_RE.findall(han_text))
    # Han is the matrix when it has as many units as Latin, or 40% as many when Cantonese
    # grammar words carry the sentence ("我哋 send 咗 invoice 俾你 check"): in HK code-switching
    # the matrix language is Cantonese with English insertions (Li, D.C.S. (2000) "Cantonese-
    # English code-switching research in Hong Kong: a Y2K review", World Englishes 19(3)).
    if not (nh >= nl or (res.cantonese and nh >= 0.4 * nl)):
        return
    t, s = script_table().count(han_text)
    res.traditional, res.simplified = t, s
    if t and s:
        # A stray character of the other script (a name, a quoted product) does not make a
        # text mixed; four to one does not count as mixed.
        res.script = "Hant" if t >= 4 * s else "Hans" if s >= 4 * t else "mixed"
    else:
        res.script = "Hant" if t else "Hans" if s else ""
    res.method = "script"
    if res.cantonese and res.cantonese >= 0.5 * res.standard:
        res.lang = "yue"
    elif res.script in ("Hant", "Hans"):
        res.lang = f"zh-{res.script}"
    else:
        res.lang = "zh"


def _latin_or_other(res: TextLanguage, clean: str, latin_words: list[str], han_chars: list[str]) -> None:
    nl = len(latin_words)
    if nl and nl >= res.other:
        lower = [w.lower() for w in latin_words]
        fw = sum(1 for w in lower if w in ENGLISH_FUNCTION_WORDS)
        foreign = sum(1 for w in lower if w in _NOT_ENGLISH)
        if fw >= 2 and fw >= 0.2 * nl and foreign * 2 <= fw:
            res.lang, res.method = "en", "stopwords"
            return
        if nl >= LANGDETECT_MIN_WORDS and foreign:
            hits = sorted(
                ((sum(1 for w in lower if w in ws), lang) for lang, ws in _OTHER_WORDS.items()), reverse=True
            )
            (top, lang), (second, _) = hits[0], hits[1]
            if top >= 3 and top >= 2 * second and top >= 0.2 * nl:
                res.lang, res.method = lang, "stopwords"
                return
    if nl < LANGDETECT_MIN_WORDS and res.other < LANGDETECT_MIN_WORDS:
        return  # too short for langdetect's answer to count (see below): unknown, no call
    # langdetect sees the text without its Han characters, which it would otherwise weigh.
    text = clean
    if han_chars:
        text = re.sub(f"[{HAN_RANGES}]+", " ", clean)
    lang, prob = langdetect_top(text)
    res.method, res.confidence = "langdetect", prob
    # langdetect guesses on fragments (a link text, a product list); its answer counts only for
    # a text of sentence size that it is sure about.
    enough = nl >= LANGDETECT_MIN_WORDS or res.other >= LANGDETECT_MIN_WORDS
    res.lang = lang if prob >= LANGDETECT_MIN_PROB and enough else "unknown"


def _blocks(res: TextLanguage) -> None:
    """Find blocks of two languages: whole sentences of each, not code-switched words."""
    if not res.sentences:
        res.present = frozenset({res.family})
        return
    zh = [s for s in res.sentences if s.lang == "zh" and s.han >= MIN_HAN]
    en = [
        s
        for s in res.sentences
        if s.lang == "en" and s.latin_words >= BLOCK_LATIN_WORDS and s.function_words >= 2
    ]
    present = set()
    if zh:
        present.add("zh")
    if en or any(s.lang == "en" and s.function_words >= 2 for s in res.sentences):
        present.add("en")
    if res.family not in ("zh", "en") and res.family != "unknown":
        present.add(res.family)
    res.present = frozenset(present)
    if not (zh and en):
        return
    zh_units = sum(s.han for s in res.sentences if s.lang == "zh")
    en_units = sum(s.latin_words for s in res.sentences if s.lang in ("en", "latin"))
    # Structured switching is not flagged: each line or paragraph in one language (a bilingual
    # document or notice, switches only at line breaks or mostly so), or two halves, one per
    # language, of comparable size (a Chinese text has about 1.5 characters per English word of
    # the same content). Unstructured: a switch inside a paragraph, mid-flow.
    prev: Sentence | None = None
    inline = at_break = 0
    for sent in res.sentences:
        if sent.lang not in ("zh", "en", "latin"):
            continue
        lang = "zh" if sent.lang == "zh" else "en"
        if prev is not None and lang != ("zh" if prev.lang == "zh" else "en"):
            if sent.new_line:
                at_break += 1
            else:
                inline += 1
        prev = sent
    halves = inline + at_break == 1 and min(zh_units, en_units * 1.5) >= 0.5 * max(zh_units, en_units * 1.5)
    if inline == 0 or halves or at_break > inline:
        res.bilingual = True
        return
    res.block = {
        "zh_characters": zh_units,
        "en_words": en_units,
        "zh_sentences": len([s for s in res.sentences if s.lang == "zh"]),
        "en_sentences": len([s for s in res.sentences if s.lang in ("en", "latin")]),
    }


# ---------------------------------------------------------------------------- rules

# Flag codes of the language check (an interface: never rename one silently).
ANSWER_LANGUAGE_MISMATCH = "answer-language-mismatch"
SCRIPT_MISMATCH = "script-mismatch"
SIMPLIFIED_IN_TRADITIONAL = "simplified-in-traditional"
TRADITIONAL_IN_SIMPLIFIED = "traditional-in-simplified"
LANGUAGE_SWITCH = "language-switch"
UNDECLARED_LANGUAGE = "undeclared-language"
CODES = (
    ANSWER_LANGUAGE_MISMATCH,
    SCRIPT_MISMATCH,
    SIMPLIFIED_IN_TRADITIONAL,
    TRADITIONAL_IN_SIMPLIFIED,
    LANGUAGE_SWITCH,
    UNDECLARED_LANGUAGE,
)

NAMES = {
    "en": "English",
    "zh-Hant": "Traditional Chinese",
    "zh-Hans": "Simplified Chinese",
    "zh": "Chinese",
    "yue": "Cantonese",
    "ja": "Japanese",
    "ko": "Korean",
    "Hant": "Traditional",
    "Hans": "Simplified",
    "mixed": "mixed Traditional/Simplified",
}

# A system message that asks for a language ("Always reply in English", "請用英文回覆"). The
# value is the language family it allows.
_SYSTEM_ASKS = (
    ("en", re.compile(r"\b(?:in|into)\s+english\b|用英文|以英文|用英語|以英語|英文回覆|英文回复", re.I)),
    (
        "zh",
        re.compile(
            r"\b(?:in|into)\s+(?:traditional\s+|simplified\s+)?(?:chinese|cantonese)\b|用中文|以中文|"
            r"繁體中文|繁体中文|简体中文|簡體中文|廣東話|粵語|广东话|粤语",
            re.I,
        ),
    ),
)


def system_languages(text: str) -> frozenset[str]:
    """Language families a system message asks the assistant to answer in."""
    return frozenset(fam for fam, pattern in _SYSTEM_ASKS if pattern.search(text))


def tag_script(tag: str) -> str:
    """The Chinese script a language tag names: ``Hant`` (zh-Hant, yue, zh-HK), ``Hans``, or ``""``."""
    low = tag.lower()
    if low in ("zh-hant", "yue", "yue-hant", "zh-hk", "zh-tw", "zh-mo"):
        return "Hant"
    if low in ("zh-hans", "zh-cn", "zh-sg", "yue-hans"):
        return "Hans"
    return ""


def tag_family(tag: str) -> str:
    """The language family of a tag: ``zh`` for every Chinese and Cantonese tag, else its first subtag."""
    low = tag.lower()
    if low.startswith(("zh", "yue")):
        return "zh"
    return low.split("-")[0]


@dataclass(frozen=True)
class LanguagePolicy:
    """What the dataset expects: declared in config, or inferred from the data (weaker).

    Attributes:
        families: language families allowed (``en``, ``zh``, ...); empty = anything.
        script: ``Hant`` or ``Hans`` if Chinese must be in that script, else ``""``.
        families_declared / script_declared: from ``[dataset].languages`` (error) rather than
            inferred from the majority of answers (warn).
        cross_language: an answer in another allowed family than its question is fine.
    """

    families: frozenset[str] = frozenset()
    script: str = ""
    families_declared: bool = False
    script_declared: bool = False
    cross_language: bool = False

    @classmethod
    def from_languages(cls, languages: Sequence[str], cross_language: bool = False) -> LanguagePolicy:
        """The policy that ``[dataset].languages`` declares (tags such as en, zh-Hant, yue)."""
        fams = frozenset(tag_family(t) for t in languages if t)
        scripts = {s for s in (tag_script(t) for t in languages) if s}
        script = scripts.pop() if len(scripts) == 1 else ""
        return cls(fams, script, bool(fams), bool(script), cross_language)


@dataclass(slots=True)
class LanguageFlag:
    """A language finding before it becomes a :class:`fine_prep.record.Flag`."""

    code: str
    severity: str
    message: str
    details: dict[str, Any]


def _share(res: TextLanguage, family: str) -> float:
    """Share of a text's units in a language family (Han for zh, Latin for en)."""
    total = res.han + res.latin_words + res.other
    if not total:
        return 0.0
    if family == "zh":
        return res.han / total
    if family == "en":
        return res.latin_words / total
    return 0.0


def _strictness(declared: bool) -> tuple[str, str]:
    """Severity and wording for an expectation the config declares or most answers imply."""
    return ("error", "declared") if declared else ("warn", "inferred from most answers")


def _name(res: TextLanguage) -> str:
    return f"{NAMES.get(res.lang, res.lang)} ({res.lang})"


def language_flags(
    messages: Sequence[tuple[str, TextLanguage]],
    policy: LanguagePolicy,
    system_asks: frozenset[str] = frozenset(),
) -> list[LanguageFlag]:
    """Apply the language rules to one example's analysed messages.

    Rules (each its own code):

    - ``answer-language-mismatch`` (warn): an answer in another language family than the
      question before it, unless the question itself is a fifth or more in the answer's
      language (a mixed question may be answered in either), the question's language has whole
      sentences in the answer (a switch, its own rule), the system message asks for the answer's language, the
      question's language is outside the dataset's and the answer's inside it (the dataset's
      language wins), or ``cross_language`` allows any pair of the dataset's languages.
    - ``script-mismatch`` (warn): a Traditional question answered in Simplified or the reverse,
      unless the answer's script is the dataset's.
    - ``simplified-in-traditional`` / ``traditional-in-simplified``: an assistant (or system)
      message whose Chinese is in the other script, or mixed, than the dataset's (error when
      declared, warn when inferred).
    - ``language-switch`` (warn): an assistant message with a block of another language (whole
      sentences, not code-switched words), unless it is two parallel halves (bilingual).
    - ``undeclared-language``: an assistant or system message in a language family the dataset
      does not have (error when declared, warn when inferred).

    Consistent Cantonese-English code-switching matches none of these: its language is
    Cantonese (``yue``) and the English words are not sentences of their own.

    Args:
        messages: ``(role, analysis)`` in message order.
        policy: what the dataset expects.
        system_asks: language families the system message asks for.

    Returns:
        The flags, in message order; they name languages and counts, never text.
    """
    flags: list[LanguageFlag] = []
    question: TextLanguage | None = None
    for index, (role, res) in enumerate(messages):
        if role == "user":
            question = res
            continue
        known = res.lang != "unknown"
        where = {"message": index, "role": role}
        if role == "assistant" and known and question is not None and question.lang != "unknown":
            qf, af = question.family, res.family
            # A question's language with whole sentences in the answer is a switch (its own
            # rule), not a different language.
            if qf != af and qf not in res.present and _share(question, af) < 0.2:
                allowed = af in system_asks or (
                    policy.families_declared
                    and af in policy.families
                    and (qf not in policy.families or policy.cross_language)
                )
                if not allowed:
                    flags.append(
                        LanguageFlag(
                            ANSWER_LANGUAGE_MISMATCH,
                            "warn",
                            f"user is {_name(question)}, assistant is {_name(res)}",
                            {**where, "user": question.lang, "assistant": res.lang},
                        )
                    )
            elif (
                qf == "zh"
                and question.script in ("Hant", "Hans")
                and res.script in ("Hant", "Hans")
                and question.script != res.script
                and res.script != policy.script
            ):
                flags.append(
                    LanguageFlag(
                        SCRIPT_MISMATCH,
                        "warn",
                        f"user is {NAMES[question.script]} Chinese, assistant is {NAMES[res.script]} Chinese",
                        {**where, "user": question.script, "assistant": res.script},
                    )
                )
        if not known:
            continue
        if res.family == "zh" and policy.script and res.script and res.script != policy.script:
            code = SIMPLIFIED_IN_TRADITIONAL if policy.script == "Hant" else TRADITIONAL_IN_SIMPLIFIED
            severity, how = _strictness(policy.script_declared)
            flags.append(
                LanguageFlag(
                    code,
                    severity,
                    f"{role} is {NAMES[res.script]} Chinese ({res.traditional} Traditional-only, "
                    f"{res.simplified} Simplified-only characters) in a {NAMES[policy.script]} "
                    f"dataset ({how})",
                    {
                        **where,
                        "script": res.script,
                        "traditional": res.traditional,
                        "simplified": res.simplified,
                    },
                )
            )
        if role == "assistant" and res.block:
            b = res.block
            flags.append(
                LanguageFlag(
                    LANGUAGE_SWITCH,
                    "warn",
                    f"assistant switches between whole sentences of Chinese ({b['zh_characters']} "
                    f"characters in {b['zh_sentences']} sentence(s)) and English ({b['en_words']} words "
                    f"in {b['en_sentences']} sentence(s)), not code-switched words nor two parallel halves",
                    {**where, **b},
                )
            )
        if policy.families and res.family not in policy.families:
            severity, how = _strictness(policy.families_declared)
            flags.append(
                LanguageFlag(
                    UNDECLARED_LANGUAGE,
                    severity,
                    f"{role} is {_name(res)}, not one of the dataset's languages "
                    f"({', '.join(sorted(policy.families))}, {how})",
                    {**where, "lang": res.lang},
                )
            )
    return flags
