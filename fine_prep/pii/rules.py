"""Hong Kong personal-data rules as plain data: regexes, check digits, context words.

This module imports nothing heavy, so the residual scanner (:mod:`fine_prep.pii.scan`) and the
Presidio recognizers (:mod:`fine_prep.pii.recognizers_hk`) share one definition of every
pattern and check. Sources are cited next to each rule; the project's digest of them is
``shared/reference/hong-kong-pii.md``.

Scores follow Presidio's convention: a pattern gives a base score, a passing check digit sets
1.0, a failing one drops the match, and a context word near the match adds
:data:`CONTEXT_BOOST`. The default threshold (0.4) is set so that ambiguous shapes (a bare
8-digit number, an HKID without its check character, a date) need context.
"""

from __future__ import annotations

import bisect
import datetime
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import regex

CONTEXT_BOOST = 0.35
"""Added to a match's score when a context word is near it (Presidio's default factor)."""

CONTEXT_BEFORE = 40
CONTEXT_AFTER = 20
"""Characters searched for context words before and after a match. Characters, not tokens:
Chinese has no spaces, so Presidio's token-window context would see one giant token."""

# Length-preserving normalisation: full-width ASCII (U+FF01..U+FF5E) and the ideographic space
# become ASCII. NFKC does the same for these code points (reference §1.3: `Ａ１２３４５６（３）`)
# but may change string length elsewhere, which would break spans.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def normalise(text: str) -> str:
    """Map full-width ASCII to ASCII without changing the length of ``text``."""
    return text.translate(_FULLWIDTH)


# ------------------------------------------------------------------ check digits


def hkid_check_value(body: str) -> str:
    """The HKID check character for a body of 1-2 letters + 6 digits.

    Source: reference §1.2, the algorithm shared by npm ``stdnum`` ``src/hk/hkid.ts`` and
    Business::HK::IdentityCard: pad a one-letter body with a space (value 36), letters A-Z are
    10-35, weights 9..2, check = (11 - sum mod 11) mod 11 with 10 written ``A``.
    """
    body = body.upper()
    if len(body) == 7:
        body = " " + body
    total = 0
    for weight, ch in zip(range(9, 1, -1), body, strict=True):
        if ch == " ":
            value = 36
        elif ch.isalpha():
            value = ord(ch) - ord("A") + 10
        else:
            value = int(ch)
        total += value * weight
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


_HKID_PARTS = regex.compile(r"([A-Z]{1,2})(\d{6})\s?\(?\s?([0-9A])?\s?\)?", regex.IGNORECASE)


def hkid_valid(text: str) -> bool | None:
    """True if the HKID's check character is right, False if wrong, None if there is none."""
    m = _HKID_PARTS.fullmatch(text.strip())
    if not m:
        return None
    if not m.group(3):
        return None
    return hkid_check_value(m.group(1) + m.group(2)) == m.group(3).upper()


def luhn_valid(text: str) -> bool:
    """Luhn (ISO/IEC 7812-1 annex B) over the digits of ``text``."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) < 12:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body`` + digit pass Luhn."""
    for d in "0123456789":
        if luhn_valid(body + d):
            return d
    raise AssertionError("unreachable: one digit always completes a Luhn sum")


def _looks_like_date(digits: str) -> bool:
    """An 8-digit run that is a YYYYMMDD or DDMMYYYY date (order refs, not phones)."""
    for y, m, d in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[2:4], digits[:2])):
        if 1950 <= int(y) <= 2035:
            try:
                datetime.date(int(y), int(m), int(d))
                return True
            except ValueError:
                pass
    return False


def phone_valid(text: str) -> bool | None:
    """Reject digit runs that are dates or a single repeated digit; else no opinion.

    Source: reference §2: leading-digit ranges age, so they only set the base score (per
    pattern), never reject.
    """
    digits = "".join(c for c in text if c.isdigit())
    local = digits[-8:]
    if len(set(local)) == 1 or _looks_like_date(local):
        return False
    return None


def ip_valid(text: str) -> bool:
    """A real IPv4/IPv6 address (``ipaddress`` parses it)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_YEAR = regex.compile(r"(?:19|20)\d\d")


def dob_valid(text: str) -> bool | None:
    """Dates of birth are in the past: a year after 2015 is an appointment, not a birth date."""
    m = _YEAR.search(text)
    if m and int(m.group(0)) > 2015:
        return False
    return None


@lru_cache(maxsize=1)
def _tld_extractor():  # type: ignore[no-untyped-def]
    """tldextract with its bundled Public Suffix List snapshot only: no fetch, no cache dir.

    ``suffix_list_urls=()`` means there is nothing to download and ``cache_dir=None`` that
    nothing is read from or written to disk; ``fallback_to_snapshot`` then uses the copy that
    ships inside the package. (Presidio's EmailRecognizer calls ``tldextract.extract``, whose
    default extractor fetches publicsuffix.org on first use.)
    """
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


_RESERVED_TLDS = {"example", "test", "invalid", "localhost", "local", "internal"}


def email_valid(text: str) -> bool | None:
    """True for a public suffix from the bundled snapshot; None (base score) otherwise.

    Addresses under reserved names (RFC 2606 ``.example``) or private TLDs are still personal
    data, so an unknown suffix keeps the base score rather than failing.
    """
    domain = text.rsplit("@", 1)[-1].lower()
    tld = domain.rsplit(".", 1)[-1]
    if not tld.isalpha() or len(tld) < 2:
        return False
    if tld in _RESERVED_TLDS:
        return None
    return True if _tld_extractor()(domain).suffix else None


# ------------------------------------------------------------------ rules

# Lookarounds instead of \b: CJK characters are word characters, so \b never fires between
# "號" and "A123456(3)".
_L = r"(?<![0-9A-Za-z])"
_R = r"(?![0-9A-Za-z])"


@dataclass(frozen=True)
class PatternRule:
    """One regex with its base score."""

    name: str
    regex: str
    score: float


@dataclass(frozen=True)
class Rule:
    """A pattern-based entity: patterns, a validator and context words (English and Chinese)."""

    entity: str
    recognizer: str
    patterns: tuple[PatternRule, ...]
    context: tuple[str, ...] = ()
    validate: Callable[[str], bool | None] | None = None
    ignore_case: bool = True
    in_scan: bool = True
    scan_min_score: float = 0.4
    extra: dict[str, str] = field(default_factory=dict)


HKID_CONTEXT = (
    "hkid", "hk id", "id card", "identity card", "identity no", "id no", "id number",
    "身份證", "身分證", "身份証", "證件", "证件", "身份证",
)  # fmt: skip

HK_ID = Rule(
    entity="HK_ID",
    recognizer="HkidRecognizer",
    # Source: reference §1.1/§1.3 (Digital Policy Office HKID schema; OECD TIN sheet; Purview):
    # 1-2 letters, 6 digits, check 0-9/A with or without brackets, optional space before "(".
    patterns=(
        PatternRule("hkid-check", _L + r"[A-Z]{1,2}\d{6}(?:\s?\(\s?[0-9A]\s?\)|[0-9A])" + _R, 0.5),
        PatternRule("hkid-no-check", _L + r"[A-Z]{1,2}\d{6}(?![0-9A-Za-z]|\s?\()", 0.2),
    ),
    context=HKID_CONTEXT,
    validate=hkid_valid,
)

PHONE_CONTEXT = (
    "phone", "tel", "mobile", "call", "contact", "whatsapp", "signal", "wechat", "sms", "text me",
    "reach me", "number", "no.", "cell", "fax",
    "電話", "电话", "手機", "手机", "聯絡", "联络", "致電", "打俾", "打給", "call我", "whatsapp我",
    "號碼", "号码", "電", "傳真", "短訊",
)  # fmt: skip

HK_PHONE = Rule(
    entity="HK_PHONE",
    recognizer="HkPhoneRecognizer",
    # Source: reference §2.1-2.3 (OFCA 2018 press release; CA 2015 numbering paper;
    # phonenumbers region_HK): closed 8-digit plan, 2/3 fixed, 4-9 mobile/other, +852 /
    # (852) / 852- / 00852 prefixes, "XXXX XXXX" and "XXXX-XXXX" grouping.
    patterns=(
        PatternRule(
            "phone-852",
            r"(?<![0-9A-Za-z+])(?:\(\s?\+?852\s?\)|\+\s?852|00852|852)[\s-]?[2-9]\d{3}[\s-]?\d{4}" + _R,
            0.85,
        ),
        PatternRule("phone-mobile", r"(?<![0-9A-Za-z+\-/#.$])[569]\d{3}[\s-]?\d{4}(?![0-9A-Za-z\-/])", 0.5),
        PatternRule("phone-fixed", r"(?<![0-9A-Za-z+\-/#.$])[23]\d{3}[\s-]?\d{4}(?![0-9A-Za-z\-/])", 0.4),
        PatternRule("phone-other", r"(?<![0-9A-Za-z+\-/#.$])[478]\d{3}[\s-]?\d{4}(?![0-9A-Za-z\-/])", 0.3),
    ),
    context=PHONE_CONTEXT,
    validate=phone_valid,
)

PASSPORT_CONTEXT = (
    "passport", "travel document", "bno", "bn(o)", "護照", "护照", "回鄉證", "回乡证", "通行證",
    "通行证", "旅行證件", "permit",
)  # fmt: skip

HK_PASSPORT = Rule(
    entity="HK_PASSPORT",
    recognizer="HkPassportRecognizer",
    # Source: reference §3: HKSAR passport K + 8 digits; PRC E(+letter) / G; Macau MA; Home
    # Return Permit H/M + 8 (+2 renewal digits); BN(O)/UK 9 digits (with context only).
    patterns=(
        PatternRule("hksar-passport", _L + r"K\d{8}" + _R, 0.6),
        PatternRule("prc-macau-passport", _L + r"(?:E[A-HJ-NP-Z]?\d{7,8}|G\d{8}|MA\d{7})" + _R, 0.25),
        PatternRule("home-return-permit", _L + r"[HM]\d{8}(?:\d{2})?" + _R, 0.25),
        PatternRule("uk-bno-passport", r"(?<![0-9A-Za-z\-])\d{9}(?![0-9A-Za-z\-])", 0.1),
    ),
    context=PASSPORT_CONTEXT,
)

BANK_CONTEXT = (
    "account", "a/c", "acct", "bank", "transfer", "deposit", "fps", "refund", "cheque",
    "戶口", "户口", "賬戶", "帳戶", "账户", "賬號", "帳號", "账号", "銀行", "银行", "轉賬", "轉帳",
    "转账", "入數", "過數", "轉數快", "退款", "存入", "滙豐", "匯豐", "恒生", "中銀", "渣打", "東亞",
    "hsbc", "hang seng", "boc", "standard chartered", "citibank", "dbs", "bea", "mox", "za bank",
)  # fmt: skip

HK_BANK_ACCOUNT = Rule(
    entity="HK_BANK_ACCOUNT",
    recognizer="HkBankAccountRecognizer",
    # Source: reference §4 (statrys / airwallex bank-code lists; Adyen HKLocalAccountIdentification):
    # 3-digit bank code + 3-digit branch + account; HSBC-style 3-6-3; account 9-15 digits.
    # No check digit is published, so shapes without separators need context.
    patterns=(
        PatternRule(
            "bank-code-branch-account",
            r"(?<![0-9A-Za-z\-])\d{3}-\d{3}-\d{3,9}(?:-\d{1,3})?(?![0-9A-Za-z\-])",
            0.5,
        ),
        PatternRule("bank-3-6-3", r"(?<![0-9A-Za-z\-])\d{3}-\d{6}-\d{3}(?![0-9A-Za-z\-])", 0.5),
        PatternRule("bank-spaced", r"(?<![0-9A-Za-z\-])\d{3}[ -]\d{3,8}[ -]\d{1,9}(?![0-9A-Za-z\-])", 0.25),
        PatternRule("bank-digits", r"(?<![0-9A-Za-z\-])\d{9,15}(?![0-9A-Za-z\-])", 0.1),
    ),
    context=BANK_CONTEXT,
)

CARD = Rule(
    entity="CREDIT_CARD",
    recognizer="CardRecognizer",
    # Source: ISO/IEC 7812 (13-19 digits, Luhn); grouping 4-4-4-4 and Amex 4-6-5.
    patterns=(
        PatternRule("card-grouped", _L + r"\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?" + _R, 0.4),
        PatternRule("card-amex", _L + r"3[47]\d{2}[ -]\d{6}[ -]\d{5}" + _R, 0.4),
        PatternRule("card-digits", _L + r"\d{13,19}" + _R, 0.3),
    ),
    context=("card", "credit", "visa", "master", "amex", "卡", "信用卡", "卡號"),
    validate=lambda t: luhn_valid(t) or False,
)

EMAIL = Rule(
    entity="EMAIL_ADDRESS",
    recognizer="EmailRecognizerHk",
    # RFC 5322 local part (common subset) and an RFC 1035 host name; ASCII only so the span
    # stops at adjacent Chinese text (Presidio's \w-based pattern swallows it).
    patterns=(
        PatternRule(
            "email",
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+",
            0.6,
        ),
    ),
    context=("email", "e-mail", "電郵", "电邮", "郵箱", "邮箱"),
    validate=email_valid,
)

IP = Rule(
    entity="IP_ADDRESS",
    recognizer="IpRecognizerHk",
    patterns=(
        PatternRule("ipv4", r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)", 0.6),
        PatternRule("ipv6", r"(?<![:0-9A-Za-z])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}(?![:0-9A-Za-z])", 0.6),
    ),
    context=("ip", "ip address", "server", "login", "登入"),
    validate=lambda t: ip_valid(t) or False,
)

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"

DOB_CONTEXT = (
    "date of birth", "dob", "d.o.b", "born", "birthday", "birth", "出生", "生日", "出世",
    "出生日期", "生於",
)  # fmt: skip

DATE_OF_BIRTH = Rule(
    entity="DATE_OF_BIRTH",
    recognizer="DateOfBirthRecognizer",
    # A date is personal data only as a birth date; the base score is below any threshold so
    # only context makes it one (appointment and delivery dates must survive).
    patterns=(
        PatternRule("dmy", _L + r"\d{1,2}[/\-.]\d{1,2}[/\-.](?:19|20)\d{2}" + _R, 0.1),
        PatternRule("ymd", _L + r"(?:19|20)\d{2}[/\-.]\d{1,2}[/\-.]\d{1,2}" + _R, 0.1),
        PatternRule(
            "d-month-y", _L + r"\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTHS + r"\.?,?\s+(?:19|20)\d{2}" + _R, 0.1
        ),
        PatternRule(
            "month-d-y", _L + _MONTHS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}" + _R, 0.1
        ),
        PatternRule("zh-ymd", r"(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?[日號号]", 0.1),
    ),
    context=DOB_CONTEXT,
    validate=dob_valid,
    in_scan=False,
)

PATTERN_RULES: tuple[Rule, ...] = (
    HK_ID,
    HK_PHONE,
    HK_PASSPORT,
    HK_BANK_ACCOUNT,
    CARD,
    EMAIL,
    IP,
    DATE_OF_BIRTH,
)
"""Every regex-based rule; recognizers_hk wraps each in a Presidio PatternRecognizer."""


@dataclass(frozen=True)
class Match:
    """A detected span before anonymization."""

    entity: str
    start: int
    end: int
    score: float
    recognizer: str
    pattern: str = ""


@cache
def _compiled(rx: str, ignore_case: bool) -> regex.Pattern[str]:
    flags = regex.MULTILINE | (regex.IGNORECASE if ignore_case else 0)
    return regex.compile(rx, flags)


def has_context(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` (lower-case) occurs within the character window of a match."""
    window = (
        text[max(0, start - CONTEXT_BEFORE) : start].lower() + " " + text[end : end + CONTEXT_AFTER].lower()
    )
    return any(w in window for w in words)


_PREFILTER = {
    # Cheap tests that a rule cannot match (most messages have no email, no long digit run).
    "EMAIL_ADDRESS": lambda t: "@" in t,
    "IP_ADDRESS": lambda t: "." in t or ":" in t,
}
_DIGITS = regex.compile(r"\d")
_MIN_DIGITS = {
    "HK_ID": 6,
    "HK_PHONE": 8,
    "HK_PASSPORT": 7,
    "HK_BANK_ACCOUNT": 9,
    "CREDIT_CARD": 13,
    "DATE_OF_BIRTH": 5,
}


def may_match(rule: Rule, text: str) -> bool:
    """False when ``rule`` certainly finds nothing in ``text`` (a fast pre-check)."""
    check = _PREFILTER.get(rule.entity)
    if check is not None:
        return check(text)
    # Every other rule needs a minimum number of digits (a birth date "1 May 1960" has five).
    return _digit_count(text) >= _MIN_DIGITS.get(rule.entity, 4)


_LAST: list = [None, 0]


def _digit_count(text: str) -> int:
    # Eight rules ask about the same text in a row; remember the last answer.
    if _LAST[0] is not text:
        _LAST[0] = text
        _LAST[1] = sum(1 for c in text if "0" <= c <= "9")
    return int(_LAST[1])


def match_patterns(
    rule: Rule, text: str, validate: Callable[[str], bool | None] | None = None
) -> list[Match]:
    """A rule's regex matches after validation, before context (Presidio's pattern step)."""
    validate = validate if validate is not None else rule.validate
    out: list[Match] = []
    if not may_match(rule, text):
        return out
    for pat in rule.patterns:
        for m in _compiled(pat.regex, rule.ignore_case).finditer(text):
            s, e = m.span()
            if s == e:
                continue
            score = pat.score
            if validate is not None:
                verdict = validate(text[s:e])
                if verdict is False:
                    continue
                if verdict is True:
                    score = 1.0
            out.append(Match(rule.entity, s, e, score, rule.recognizer, pat.name))
    return out


def run_rule(rule: Rule, text: str) -> list[Match]:
    """Apply one rule to (normalised) text: patterns, validation, context, as Presidio would."""
    out = match_patterns(rule, text)
    if rule.context:
        for i, m in enumerate(out):
            if m.score < 1.0 and has_context(text, m.start, m.end, rule.context):
                out[i] = replace(m, score=min(1.0, m.score + CONTEXT_BOOST))
    return out


class SpanSet:
    """Non-overlapping ``[start, end)`` spans with overlap checks in O(log n).

    A text with thousands of candidate spans (a long list of names) would make a pairwise
    check quadratic.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a span already in the set."""
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        """Add a span that does not overlap the others."""
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def resolve(matches: list[Match]) -> list[Match]:
    """Keep non-overlapping matches: highest score first, then the longer span.

    Checksummed identifiers (score 1.0) therefore win over the 8-digit phone shape inside a
    card or account number, as reference §2.3 advises.
    """
    # Overlapping spans of one type are one value seen by two recognizers (NER's "Chun Kit"
    # inside the lexicon's "Kwok Chun Kit"): take their union.
    merged: list[Match] = []
    for m in sorted(matches, key=lambda x: (x.entity, x.start)):
        last = merged[-1] if merged else None
        if last is not None and last.entity == m.entity and m.start < last.end:
            best = last if last.score >= m.score else m
            merged[-1] = Match(
                m.entity,
                last.start,
                max(last.end, m.end),
                max(last.score, m.score),
                best.recognizer,
                best.pattern,
            )
        else:
            merged.append(m)
    chosen: list[Match] = []
    taken = SpanSet()
    for m in sorted(merged, key=lambda x: (-x.score, -(x.end - x.start), x.start)):
        if not taken.overlaps(m.start, m.end):
            taken.add(m.start, m.end)
            chosen.append(m)
    return sorted(chosen, key=lambda x: x.start)


class KeepList:
    """The allow-list, shared by the redact stage and the residual scanner.

    A span is kept when it equals an entry (case-insensitive), when its digits match a numeric
    entry (``2545 1234`` keeps ``+852 2545-1234``), when it is an email of an ``@domain`` entry,
    or when it lies inside an occurrence of an entry in the text.
    """

    def __init__(self, keep: tuple[str, ...]) -> None:
        self.words = [k.strip() for k in keep if k.strip()]
        self.lowered = [w.lower() for w in self.words]
        self.digits = {d for d in ("".join(c for c in w if c.isdigit()) for w in self.words) if len(d) >= 6}
        self._rx = (
            regex.compile(
                "|".join(regex.escape(w) for w in sorted(self.words, key=len, reverse=True)), regex.IGNORECASE
            )
            if self.words
            else None
        )

    def keeps(self, text: str, start: int, end: int, entity: str) -> bool:
        """Whether the span ``text[start:end]`` of type ``entity`` is on the allow-list."""
        if self._rx is None:
            return False
        value = text[start:end]
        # "@example.com" keeps every address of that domain (the business's own mailboxes).
        if entity == "EMAIL_ADDRESS" and any(
            w.startswith("@") and value.lower().endswith(w) for w in self.lowered
        ):
            return True
        if value.strip().lower() in self.lowered:
            return True
        if self.digits:
            digits = "".join(c for c in value if c.isdigit())
            if len(digits) >= 6 and any(digits.endswith(d) or d.endswith(digits) for d in self.digits):
                return True
        # Inside a kept phrase (the span "Harbour Lane" inside "Harbour Lane Tea Co.").
        lo = max(0, start - 80)
        for m in self._rx.finditer(text, lo, min(len(text), end + 80)):
            if m.start() <= start and end <= m.end():
                return True
        return False
