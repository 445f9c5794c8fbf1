"""Presidio recognizers for Hong Kong personal data.

Each regex rule of :mod:`fine_prep.pii.rules` becomes a ``PatternRecognizer`` subclass with its
patterns and context words as class attributes and its check digit in ``validate_result``;
addresses and names, which need more than one regex, are ``LocalRecognizer`` subclasses over
:mod:`fine_prep.pii.address`, :mod:`fine_prep.pii.names_en` and :mod:`fine_prep.pii.names_zh`.

Presidio takes about a second to import, and every module of fine-prep is imported when the CLI
starts, so the classes are built on first use: ``from fine_prep.pii.recognizers_hk import
HkidRecognizer`` works as usual (module ``__getattr__``, PEP 562).
"""

from __future__ import annotations

from typing import Any

from fine_prep.pii import rules

_LAZY = (
    "CardRecognizerHk",
    "ChineseNameRecognizer",
    "DateOfBirthRecognizer",
    "EmailRecognizerHk",
    "HkAddressRecognizer",
    "HkBankAccountRecognizer",
    "HkEnglishNameRecognizer",
    "HkPassportRecognizer",
    "HkPhoneRecognizer",
    "HkidRecognizer",
    "IpRecognizerHk",
    "WindowContextEnhancer",
    "all_recognizer_classes",
)

_BUILT: dict[str, Any] = {}


def _build() -> dict[str, Any]:  # noqa: C901 - one place that defines every class
    if _BUILT:
        return _BUILT
    import regex
    from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

    def _patterns(rule: rules.Rule) -> list[Pattern]:
        return [Pattern(p.name, p.regex, p.score) for p in rule.patterns]

    def _result(rec: Any, entity: str, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            entity_type=entity,
            start=start,
            end=end,
            score=score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
            },
        )

    class _RuleRecognizer(PatternRecognizer):
        """A PatternRecognizer defined by a :class:`rules.Rule`.

        A subclass sets ``RULE``; its ``PATTERNS`` and ``CONTEXT`` class attributes are read from
        the rule, so that they cannot drift from what the residual scanner uses.
        """

        RULE: rules.Rule
        PATTERNS: list[Pattern]
        CONTEXT: list[str]

        def __init_subclass__(cls, **kwargs: Any) -> None:
            super().__init_subclass__(**kwargs)
            cls.PATTERNS = _patterns(cls.RULE)
            cls.CONTEXT = list(cls.RULE.context)

        def __init__(self) -> None:
            flags = regex.MULTILINE | (regex.IGNORECASE if self.RULE.ignore_case else 0)
            super().__init__(
                supported_entity=self.RULE.entity,
                name=type(self).__name__,
                patterns=list(self.PATTERNS),
                context=list(self.CONTEXT),
                supported_language="en",
                global_regex_flags=flags,
            )

        def validate_result(self, pattern_text: str) -> bool | None:
            """The rule's check (check digit, Luhn, date/IP sanity); None = no opinion."""
            return self.RULE.validate(pattern_text) if self.RULE.validate else None

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None
        ) -> list:
            """Presidio's pattern step (regex, then ``validate_result``: True sets 1.0, False
            drops), without its per-match timing, logging and explanation objects, and skipped
            when a cheap pre-check shows the rule cannot match; measured in bench/pii.py."""
            return [
                _result(self, m.entity, m.start, m.end, m.score)
                for m in rules.match_patterns(self.RULE, text, self.validate_result)
            ]

    class HkidRecognizer(_RuleRecognizer):
        """HKID card numbers; the check character (mod 11, reference §1.2) is verified.

        A wrong check character drops the match (score 0); a number written without its check
        character scores 0.2 and needs a context word (HKID, 身份證 …).
        """

        RULE = rules.HK_ID

    class HkPhoneRecognizer(_RuleRecognizer):
        """HK phone numbers: +852 / (852) / 852- / 00852 forms, mobile and fixed prefixes."""

        RULE = rules.HK_PHONE

    class HkPassportRecognizer(_RuleRecognizer):
        """HKSAR (K + 8 digits), PRC and Macau passports, Home Return Permits, BN(O) numbers (with context)."""

        RULE = rules.HK_PASSPORT

    class HkBankAccountRecognizer(_RuleRecognizer):
        """Bank-code-branch-account numbers; shapes without separators need context (戶口, account …)."""

        RULE = rules.HK_BANK_ACCOUNT

    class CardRecognizerHk(_RuleRecognizer):
        """Payment card numbers; the Luhn check is verified."""

        RULE = rules.CARD

    class EmailRecognizerHk(_RuleRecognizer):
        """Email addresses; the suffix check uses tldextract's bundled snapshot (no download)."""

        RULE = rules.EMAIL

    class IpRecognizerHk(_RuleRecognizer):
        """IPv4/IPv6 addresses that ``ipaddress`` accepts."""

        RULE = rules.IP

    class DateOfBirthRecognizer(_RuleRecognizer):
        """Dates, reported only next to a birth-date context word (DOB, 出生日期 …)."""

        RULE = rules.DATE_OF_BIRTH

    from fine_prep.pii.address import _EN_COMPONENTS as ADDRESS_COMPONENTS

    class HkAddressRecognizer(PatternRecognizer):
        """Street addresses in English and Chinese (component chains, reference §5)."""

        PATTERNS = [Pattern(f"address-{k}", v, 0.3) for k, v in ADDRESS_COMPONENTS.items()]
        CONTEXT = ["address", "deliver", "地址", "送貨", "寄"]

        def __init__(self) -> None:
            super().__init__(
                supported_entity="HK_ADDRESS",
                name="HkAddressRecognizer",
                patterns=self.PATTERNS,
                context=self.CONTEXT,
                global_regex_flags=regex.MULTILINE,
            )

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None
        ) -> list:
            """Chain components into whole addresses (see :func:`address.find_addresses`)."""
            from fine_prep.pii.address import find_addresses

            return [_result(self, "HK_ADDRESS", s, e, sc) for s, e, sc in find_addresses(text)]

    from fine_prep.pii.names_en import find_english_names
    from fine_prep.pii.names_zh import find_chinese_names

    class _NameRecognizer(LocalRecognizer):
        """PERSON and PERSON_TITLE spans from a lexicon-based finder (the subclass's ``_find``)."""

        _find: Any  # staticmethod: text -> [(entity, start, end, score)]

        def __init__(self) -> None:
            super().__init__(
                supported_entities=["PERSON", "PERSON_TITLE"],
                name=type(self).__name__,
                supported_language="en",
            )

        def load(self) -> None:
            """Nothing to load: the lexicons are module constants."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
            """Spans from the finder, of the asked entities only."""
            return [_result(self, ent, s, e, sc) for ent, s, e, sc in self._find(text) if ent in entities]

    class HkEnglishNameRecognizer(_NameRecognizer):
        """Romanised HK names (Chan Tai Man, Peter Chan) and Mr/Ms + surname (PERSON_TITLE).

        Spans from :func:`names_en.find_english_names`.
        """

        _find = staticmethod(find_english_names)

    class ChineseNameRecognizer(_NameRecognizer):
        """Chinese names and surname + title (陳生, 黃小姐) from :func:`names_zh.find_chinese_names`."""

        _find = staticmethod(find_chinese_names)

    class WindowContextEnhancer(ContextAwareEnhancer):
        """Context by characters around the match, for Chinese as well as English.

        Presidio's default LemmaContextAwareEnhancer looks at neighbouring spaCy tokens, which
        does not work for Chinese (no spaces: the English tokenizer sees one long token) and needs
        the tagger and lemmatizer, which we do not run.
        """

        def __init__(self) -> None:
            super().__init__(
                context_similarity_factor=rules.CONTEXT_BOOST,
                min_score_with_context_similarity=0.4,
                context_prefix_count=0,
                context_suffix_count=0,
            )

        def enhance_using_context(
            self, text: str, raw_results: list, nlp_artifacts: Any, recognizers: list, context: Any = None
        ) -> list:
            """Raise the score of results with a context word of their recognizer nearby."""
            by_id = {r.id: r for r in recognizers}
            lowered = None
            for res in raw_results:
                rec = by_id.get(res.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
                words = getattr(rec, "RULE", None)
                if words is None or res.score >= 1.0 or not words.context:
                    continue
                if lowered is None:
                    lowered = text
                if rules.has_context(lowered, res.start, res.end, words.context):
                    res.score = min(1.0, res.score + self.context_similarity_factor)
                    res.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            return raw_results

    _BUILT.update(
        {
            "HkidRecognizer": HkidRecognizer,
            "HkPhoneRecognizer": HkPhoneRecognizer,
            "HkPassportRecognizer": HkPassportRecognizer,
            "HkBankAccountRecognizer": HkBankAccountRecognizer,
            "CardRecognizerHk": CardRecognizerHk,
            "EmailRecognizerHk": EmailRecognizerHk,
            "IpRecognizerHk": IpRecognizerHk,
            "DateOfBirthRecognizer": DateOfBirthRecognizer,
            "HkAddressRecognizer": HkAddressRecognizer,
            "HkEnglishNameRecognizer": HkEnglishNameRecognizer,
            "ChineseNameRecognizer": ChineseNameRecognizer,
            "WindowContextEnhancer": WindowContextEnhancer,
        }
    )
    return _BUILT


# Which recognizers serve which entity (the [redact].entities setting switches them).
ENTITY_RECOGNIZERS: dict[str, tuple[str, ...]] = {
    "HK_ID": ("HkidRecognizer",),
    "HK_PHONE": ("HkPhoneRecognizer",),
    "HK_PASSPORT": ("HkPassportRecognizer",),
    "HK_BANK_ACCOUNT": ("HkBankAccountRecognizer",),
    "CREDIT_CARD": ("CardRecognizerHk",),
    "EMAIL_ADDRESS": ("EmailRecognizerHk",),
    "IP_ADDRESS": ("IpRecognizerHk",),
    "DATE_OF_BIRTH": ("DateOfBirthRecognizer",),
    "HK_ADDRESS": ("HkAddressRecognizer",),
    "PERSON": ("HkEnglishNameRecognizer", "ChineseNameRecognizer"),
    "PERSON_TITLE": ("HkEnglishNameRecognizer", "ChineseNameRecognizer"),
}


def all_recognizer_classes() -> dict[str, type]:
    """Every recognizer class by name (imports Presidio)."""
    return {k: v for k, v in _build().items() if k != "WindowContextEnhancer"}


def __getattr__(name: str) -> Any:
    if name in _LAZY and name != "all_recognizer_classes":
        return _build()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
