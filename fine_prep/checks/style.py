"""Style of answers: a feature vector per answer, a dataset profile, outliers and mixed style.

A set where half the answers are casual and half formal teaches a model to be randomly
inconsistent. This module measures each answer (length, sentence length, greeting and sign-off,
register markers, punctuation width, markdown, casing), builds a profile per answer language from
robust statistics (median and MAD, never a mean that outliers drag), and says which features make
an answer an outlier. Everything here is counts and short labels: no text leaves this module.

Outliers use the modified z-score of Iglewicz and Hoaglin (1993), "How to Detect and Handle
Outliers", ASQC Quality Press: ``M = 0.6745 (x - median) / MAD``, outlier when ``|M| > 3.5``.
When the MAD is 0 (more than half the answers share one value, typical of counts such as
emoji) the same authors' fallback divides by ``1.253314 * mean absolute deviation`` instead.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fine_prep.checks.language import HAN_CHAR, HAN_RANGES, LATIN_WORD

VERSION = "hk-style-v1"

# ---------------------------------------------------------------------------- patterns

# Greetings and sign-offs by form. Formal: business-letter forms (Dear, Yours sincerely, 此致,
# 敬上); casual: chat forms (Hey, Cheers, 拜拜). Sources: the Cambridge Dictionary's "Letters and
# emails" usage notes; Hong Kong Government "Chinese Correspondence Handbook" (公文寫作手冊)
# for 此致/敬啟者/謹啟.
_GREETINGS: tuple[tuple[str, str, str], ...] = (
    ("dear", "formal", r"^\W*(?:dear\b)"),
    ("to-whom", "formal", r"^\W*(?:to whom it may concern)"),
    ("good-day", "formal", r"^\W*(?:good (?:morning|afternoon|evening)\b)"),
    ("hello", "neutral", r"^\W*(?:hello\b)"),
    ("hi", "neutral", r"^\W*(?:hi\b)"),
    ("hey", "casual", r"^\W*(?:hey+\b|hiya\b|yo\b|heya\b)"),
    ("jing-kai", "formal", r"敬啟者|尊敬的|親愛的|亲爱的"),
    ("nin-hao", "formal", r"您好"),
    ("ni-hao", "neutral", r"你好|大家好"),
    ("hello-zh", "casual", r"哈囉|哈佬|嗨|hello呀|hi呀"),
)
_SIGNOFFS: tuple[tuple[str, str, str], ...] = (
    ("regards", "formal", r"(?:best|kind|warm|with best)?\s*regards\b"),
    ("sincerely", "formal", r"(?:yours\s+)?(?:sincerely|faithfully|truly)\b"),
    ("thank-you", "neutral", r"thank you\b[^.!?\n]{0,40}$|many thanks\b"),
    ("best", "neutral", r"best(?: wishes)?[,!.]?$"),
    ("cheers", "casual", r"cheers\b|thx\b|ttyl\b|bye+\b|see ya\b|cya\b|take care\b"),
    (
        "ci-zhi",
        "formal",
        r"此致|敬上|謹啟|谨启|順祝|顺祝|祝\s*商祺|敬祝|祝\s*(?:生活愉快|身體健康|身体健康|安好|工作順利)",
    ),
    ("do-ze", "neutral", r"多謝|謝謝|谢谢|感謝|感谢"),
    ("bye-zh", "casual", r"拜拜|byebye|再見喇|下次見"),
)
_GREETING_RE = [(n, reg, re.compile(p, re.I)) for n, reg, p in _GREETINGS]
_SIGNOFF_RE = [(n, reg, re.compile(p, re.I)) for n, reg, p in _SIGNOFFS]

# English contractions (apostrophe forms, straight or curly).
_CONTRACTION = re.compile(r"\b[a-z]+['\u2019](?:s|t|re|ve|ll|d|m)\b", re.I)
# Casual words and internet slang (Oxford English Dictionary labels these "colloquial" or
# "slang"; the chat abbreviations are from the Cambridge Dictionary's "Internet slang" list),
# and Hong Kong chat forms (哈哈, laughter; lol).
_SLANG = re.compile(
    r"\b(?:gonna|wanna|gotta|kinda|sorta|ya|yeah|yep|yup|nope|nah|lol|lmao|omg|btw|thx|pls|plz|"
    r"u|ur|cuz|coz|k|kk|okie|okey|dude|awesome|cool|no worries|np|asap|haha+|hehe+)\b|哈哈+|呵呵",
    re.I,
)
# Cantonese sentence-final particles: spoken register in writing (Matthews & Yip (2011)
# "Cantonese: A Comprehensive Grammar", ch. 18).
_PARTICLES = re.compile(r"[啦喇呀囉喎嘛吖㗎噃咩啊喔哦嘞](?=[\s，。！？!?,.~～]|$)")
# Honorifics and polite address: 先生 小姐 女士 閣下 您 貴公司, Mr/Ms/Mrs/Dr/Sir/Madam.
_HONORIFIC = re.compile(r"先生|小姐|女士|閣下|阁下|您|貴公司|贵公司|\b(?:Mr|Ms|Mrs|Miss|Dr|Sir|Madam)\b\.?")
# Emoji (Unicode emoji blocks: Misc Symbols and Pictographs through Supplemental Symbols, Misc
# Symbols, Dingbats) and text emoticons.
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\u2600-\u27bf\U0001f1e6-\U0001f1ff]|(?<!\\w)(?:[:;]-?[)(DPp]|\\^_?\\^|<3|T_T)"
)
_EXCLAIM = re.compile(r"[!！]")
_SENTENCE = re.compile(r"[^。！？!?\n.]+[。！？!?.]*")  # linear: no backtracking on long lines
_LIST_LINE = re.compile(r"^\s*(?:[-*•·]\s|\d+[.)、]\s?|#{1,6}\s|>\s)", re.M)
_MARKDOWN = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__|`[^`\n]+`|\[[^\]\n]+\]\([^)\n]+\)")
# Punctuation in Chinese context: a half-width mark right after a Han character (你好, 多謝!)
# against the full-width marks of the national standard GB/T 15834-2011 and Hong Kong's
# 《香港小學學習字詞表》 conventions.
_HALF_IN_ZH = re.compile(rf"(?<=[{HAN_RANGES}])[,.!?:;](?!\d)")
_FULL = re.compile(r"[，。！？：；、「」『』（）]")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


# ---------------------------------------------------------------------------- features

# Numeric features used for outliers, with a human label. Length ones belong to the "length"
# check, the rest to "style".
NUMERIC = (
    ("length", "length (units)"),
    ("sentence_length", "sentence length (units)"),
    ("exclamations", "exclamation marks per sentence"),
    ("emoji", "emoji"),
    ("contractions", "contractions"),
    ("slang", "slang words"),
    ("particles", "Cantonese sentence-final particles"),
    ("honorifics", "honorifics"),
    ("halfwidth_share", "half-width punctuation share in Chinese"),
    ("markdown", "markdown and list lines"),
    ("uppercase_share", "uppercase letter share"),
)
LENGTH_FEATURES = frozenset({"length", "sentence_length"})
# Counts of register markers: judged by presence (is an answer with emoji rare? is one without
# honorifics rare?) and by size.
COUNT_FEATURES = frozenset(
    {"exclamations", "emoji", "contractions", "slang", "particles", "honorifics", "markdown"}
)
# Smallest scale a feature may have. A tight cluster (every answer 17-23 units long) would
# otherwise make an ordinary 12-unit answer a 5-sigma outlier: a minimum effect size. Log
# lengths: 0.3 (an answer needs to be about 3x longer or shorter at |z| 3.5); shares: 0.1;
# counts: 1.
# Log scale for lengths: they are multiplicative (a reply twice as long is as unusual at 20 as
# at 200 units).
LOG_FEATURES = frozenset({"length", "sentence_length"})
CATEGORICAL = (("greeting", "greeting"), ("signoff", "sign-off"))


@dataclass(slots=True)
class StyleFeatures:
    """The style of one answer. Counts, shares and form names only."""

    lang: str = "unknown"
    length: float = 0.0
    sentence_length: float = 0.0
    exclamations: float = 0.0
    emoji: float = 0.0
    contractions: float = 0.0
    slang: float = 0.0
    particles: float = 0.0
    honorifics: float = 0.0
    halfwidth_share: float | None = None
    markdown: float = 0.0
    uppercase_share: float | None = None
    greeting: str = "none"
    signoff: str = "none"
    lowercase_start: bool = False
    formal: int = 0
    casual: int = 0

    @property
    def register(self) -> str:
        """``formal``, ``casual`` or ``neutral`` from the counts of register markers."""
        if self.casual >= 2 and self.casual > self.formal:
            return "casual"
        if self.formal >= 1 and self.casual == 0:
            return "formal"
        return "neutral"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``meta``."""
        out: dict[str, Any] = {"register": self.register}
        for name, _ in NUMERIC:
            value = getattr(self, name)
            if value is not None:
                out[name] = round(value, 3)
        out["greeting"] = self.greeting
        out["signoff"] = self.signoff
        return out


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def _last_lines(text: str, n: int = 3) -> list[str]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return [ln[-80:] for ln in lines[-n:]]


def _form(
    candidates: Sequence[tuple[str, str, re.Pattern[str]]], texts: Iterable[str], start: bool
) -> tuple[str, str]:
    for text in texts:
        for name, register, pattern in candidates:
            m = pattern.match(text) if start else pattern.search(text)
            if m:
                return name, register
    return "none", "none"


def features(text: str, lang_family: str = "unknown") -> StyleFeatures:
    """Measure one answer. Never raises on any string.

    Args:
        text: the answer (all assistant messages of an example, joined by newlines).
        lang_family: the answer's language family (``en``, ``zh``, ...) for the profile.

    Returns:
        The :class:`StyleFeatures` of the answer.
    """
    f = StyleFeatures(lang=lang_family)
    han = len(HAN_CHAR.findall(text))
    words = LATIN_WORD.findall(text)
    units = han + len(words)
    f.length = float(units)
    sentences = [s for s in _SENTENCE.findall(text) if s.strip()]
    n_sent = max(1, len(sentences))
    f.sentence_length = units / n_sent
    f.exclamations = len(_EXCLAIM.findall(text)) / n_sent
    f.emoji = float(len(_EMOJI.findall(text)))
    f.contractions = float(len(_CONTRACTION.findall(text)))
    f.slang = float(len(_SLANG.findall(text)))
    f.particles = float(len(_PARTICLES.findall(text)))
    f.honorifics = float(len(_HONORIFIC.findall(text)))
    half = len(_HALF_IN_ZH.findall(text))
    full = len(_FULL.findall(text))
    if han >= 4 and half + full:
        f.halfwidth_share = half / (half + full)
    f.markdown = float(len(_LIST_LINE.findall(text)) + len(_MARKDOWN.findall(text)))
    upper = len(_UPPER.findall(text))
    lower = len(_LOWER.findall(text))
    if upper + lower >= 20:
        f.uppercase_share = upper / (upper + lower)
    first = _first_line(text)
    # English greetings open the line ("Dear Ms Wong,"); Chinese ones follow the name
    # ("陳先生您好："), so the patterns are searched, the English ones anchored with ^.
    f.greeting, g_reg = _form(_GREETING_RE, [first[:30]], start=False)
    f.signoff, s_reg = _form(_SIGNOFF_RE, _last_lines(text), start=False)
    stripped = first.lstrip("\"'([")
    f.lowercase_start = bool(stripped[:1].islower()) and len(words) >= 3

    casual = 0
    casual += g_reg == "casual"
    casual += s_reg == "casual"
    casual += f.emoji > 0
    casual += f.slang > 0
    casual += f.contractions >= 2
    casual += f.exclamations >= 1 or "!!" in text or "！！" in text
    casual += f.lowercase_start
    casual += f.particles >= 2
    casual += f.halfwidth_share is not None and f.halfwidth_share > 0.5 and half >= 2
    formal = 0
    formal += g_reg == "formal"
    formal += s_reg == "formal"
    formal += f.honorifics > 0
    f.casual, f.formal = int(casual), int(formal)
    return f


# ---------------------------------------------------------------------------- profile


def _median(values: Sequence[float]) -> float:
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


@dataclass
class FeatureStats:
    """Robust location and scale of one numeric feature."""

    median: float
    scale: float  # MAD / 0.6745, or the mean-absolute-deviation fallback; 0 = constant
    q10: float
    q90: float
    n: int

    def z(self, value: float) -> float:
        """Modified z-score (0 when the feature is constant in the profile)."""
        if self.scale <= 0:
            return 0.0
        return (value - self.median) / self.scale


_MIN_SCALE = {"length": 0.3, "sentence_length": 0.3, "halfwidth_share": 0.1, "uppercase_share": 0.1}


def feature_stats(values: Sequence[float], min_scale: float = 0.0) -> FeatureStats:
    """Median, robust scale and 10%/90% quantiles of a sample.

    Args:
        values: the sample (at least one value).
        min_scale: floor of the scale (a minimum effect size).
    """
    med = _median(values)
    dev = [abs(v - med) for v in values]
    mad = _median(dev)
    if mad > 0:
        scale = mad / 0.6745
    else:
        mean_ad = sum(dev) / len(dev)
        scale = 1.253314 * mean_ad
    scale = max(scale, min_scale)
    s = sorted(values)
    q = lambda p: s[min(len(s) - 1, int(p * (len(s) - 1) + 0.5))]  # noqa: E731
    return FeatureStats(med, scale, q(0.1), q(0.9), len(values))


def _value(f: StyleFeatures, name: str) -> float | None:
    v = getattr(f, name)
    if v is None:
        return None
    if name in LOG_FEATURES:
        return math.log1p(v)
    return float(v)


@dataclass
class Profile:
    """What is typical for answers in one language: robust stats and form shares."""

    lang: str
    n: int
    numeric: dict[str, FeatureStats] = field(default_factory=dict)
    forms: dict[str, Counter[str]] = field(default_factory=dict)
    registers: Counter[str] = field(default_factory=Counter)
    present: dict[str, float] = field(default_factory=dict)  # share of answers with a count > 0

    def to_dict(self) -> dict[str, Any]:
        """Summary for the report: medians and quantiles (on the natural scale), form shares."""
        out: dict[str, Any] = {"answers": self.n, "register": dict(self.registers)}
        for name, stats in self.numeric.items():
            med, q10, q90 = stats.median, stats.q10, stats.q90
            if name in LOG_FEATURES:
                med, q10, q90 = (math.expm1(x) for x in (med, q10, q90))
            out[name] = {"median": round(med, 2), "q10": round(q10, 2), "q90": round(q90, 2)}
        for name, share in self.present.items():
            out[name]["share_present"] = round(share, 3)
        for name, counts in self.forms.items():
            total = sum(counts.values()) or 1
            out[name] = {k: round(v / total, 3) for k, v in counts.most_common(6)}
        return out


def build_profile(lang: str, items: Sequence[StyleFeatures]) -> Profile:
    """The profile of one language's answers."""
    prof = Profile(lang, len(items))
    for name, _ in NUMERIC:
        values = [v for v in (_value(f, name) for f in items) if v is not None]
        if len(values) >= 5:
            floor = _MIN_SCALE.get(name, 1.0 if name in COUNT_FEATURES else 0.0)
            prof.numeric[name] = feature_stats(values, floor)
            if name in COUNT_FEATURES:
                prof.present[name] = sum(1 for v in values if v > 0) / len(values)
    for name, _ in CATEGORICAL:
        prof.forms[name] = Counter(getattr(f, name) for f in items)
    prof.registers = Counter(f.register for f in items)
    return prof


@dataclass(slots=True)
class Deviation:
    """One feature that makes an answer an outlier."""

    feature: str
    value: Any
    typical: Any
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "value": self.value, "typical": self.typical, "score": self.score}

    def describe(self) -> str:
        label = dict(NUMERIC + CATEGORICAL).get(self.feature, self.feature)
        return f"{label} {self.value} (typical {self.typical})"


def deviations(
    f: StyleFeatures, prof: Profile, z_limit: float = 3.5, rare_share: float = 0.1
) -> list[Deviation]:
    """The features of an answer that lie outside its language's profile.

    Numeric: ``|modified z| > z_limit``. Counts of register markers also by presence: an answer
    that has the marker when fewer than ``rare_share`` of the profile's answers do (emoji in a
    set without), or lacks it when more than ``1 - rare_share`` have it (no honorific in a set
    that always uses one). Categorical (greeting, sign-off form): the answer's form is used by
    fewer than ``rare_share`` of the profile's answers while one form is used by at least half
    (so a set with no habit does not flag everyone).
    """
    out: list[Deviation] = []
    for name, stats in prof.numeric.items():
        v = _value(f, name)
        if v is None:
            continue
        share = prof.present.get(name)
        if share is not None and ((v > 0 and share < rare_share) or (v == 0 and share > 1 - rare_share)):
            typical = "present in" if v == 0 else "absent from"
            out.append(
                Deviation(
                    name, round(v, 2), f"{typical} {round(100 * max(share, 1 - share))}% of answers", 0.0
                )
            )
            continue
        z = stats.z(v)
        if abs(z) > z_limit:
            raw = getattr(f, name)
            med = math.expm1(stats.median) if name in LOG_FEATURES else stats.median
            out.append(Deviation(name, round(raw, 2), round(med, 2), round(z, 1)))
    for name, _ in CATEGORICAL:
        counts = prof.forms.get(name)
        if not counts:
            continue
        total = sum(counts.values())
        mine = getattr(f, name)
        top, top_n = counts.most_common(1)[0]
        if mine != top and counts.get(mine, 0) < rare_share * total and top_n >= 0.5 * total:
            out.append(Deviation(name, mine, top, round(counts.get(mine, 0) / total, 3)))
    return out
