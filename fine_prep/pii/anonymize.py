"""Turn detected spans into replacements, consistently within one example.

Detection and replacement stay apart (Presidio's analyzer/anonymizer split): this module takes
spans and never looks for personal data itself.

Modes:

* ``placeholder`` (default): ``<PERSON_1>``, ``<HK_PHONE_1>`` … numbered per example; the same
  value gets the same placeholder in every message of the example, so "Dear <PERSON_1>" answers
  the question from <PERSON_1>. Values are compared after normalisation (case, spaces, dashes,
  brackets, the +852 prefix), so ``9123 4567`` and ``+852 9123-4567`` are one number.
* ``surrogate``: a fake value of the same shape that cannot be a real person's identifier:

  - HK_ID: a random body with a deliberately wrong check character (no issued HKID fails the
    mod-11 check, reference §1.2);
  - HK_PHONE: ``4000 xxxx``, a block not allocated in the numbering plan (``phonenumbers`` 9.0.43
    reports +852 4000 xxxx invalid; reference §2.2 lists 4 only for 406/409/424/44x/46x/47x);
  - CREDIT_CARD: 16 digits whose Luhn check fails; HK_BANK_ACCOUNT: bank code ``000`` (not
    assigned, reference §4); HK_PASSPORT: ``K`` + 8 digits with a wrong-check HKID-style tail is
    not possible to verify, so ``X`` + 8 digits (no HK/PRC document uses an X prefix, §3);
  - EMAIL_ADDRESS: ``@example.com`` (reserved, RFC 2606); IP_ADDRESS: 192.0.2.x (TEST-NET-1,
    RFC 5737); DATE_OF_BIRTH: 01/01/1900;
  - HK_ADDRESS: a flat in "Sample Building, 1 Example Road" / 示例大廈 (no such street);
  - PERSON / PERSON_TITLE: a name drawn from a fixed pool, chosen by a hash of the value, so it
    carries nothing of the original.

* ``mask``: every letter, digit and Han character becomes ``*`` (separators stay).
* ``hash``: ``<HK_PHONE_9f86d081>``: the first 8 hex digits of SHA-256(salt + type + normalised
  value). The salt comes from ``[redact].salt``; the same value gets the same tag across the
  whole dataset, which placeholders do not give.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence

import regex

from fine_prep.pii.rules import Match, hkid_check_value, luhn_check_digit

MODES = ("placeholder", "surrogate", "mask", "hash")

_SEP = regex.compile(r"[\s\-()（）.]+")
_MASKED = regex.compile(r"[\p{L}\p{N}]")
_NAME_SPLIT = regex.compile(r"[\s,\-]+")
_TITLE = regex.compile(r"^(?:mr|mrs|ms|miss|mdm|madam|dr|mister)")


def normalise_value(entity: str, value: str) -> str:
    """The form two mentions of one value share (for consistent placeholders)."""
    v = _SEP.sub("", value.lower())
    if entity == "HK_PHONE":
        v = "".join(c for c in v if c.isdigit())[-8:]
    elif entity == "PERSON_TITLE":
        v = _TITLE.sub("mr", v)
    return v


def _name_tokens(value: str) -> frozenset[str]:
    return frozenset(t for t in _NAME_SPLIT.split(value.lower()) if t)


def _same_person(entity: str, value: str, names: list[tuple[frozenset[str], int]]) -> int | None:
    """The number of an earlier name of this example that this one is part of, or contains.

    "Maria" after "Maria Santos" (or "Peter Chan" after "Peter Chan Tai Man") is the same
    person, so the reply says <PERSON_1> where the question did. Only Latin names: a Chinese
    given name alone (大文) is too short to match safely. Ambiguous (two candidates): none.
    """
    if any("\u4e00" <= c <= "\u9fff" for c in value):
        return None
    tokens = _name_tokens(value)
    hits = {n for t, n in names if tokens and (tokens <= t or t <= tokens)}
    return hits.pop() if len(hits) == 1 else None


class Anonymizer:
    """Replaces spans in the messages of one example.

    Args:
        mode: one of :data:`MODES`.
        salt: the salt of ``hash`` mode.
    """

    def __init__(self, mode: str = "placeholder", salt: str = "") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown anonymization mode {mode!r} (known: {', '.join(MODES)})")
        self.mode = mode
        self.salt = salt

    def anonymize_example(
        self, texts: Sequence[str], spans: Sequence[Sequence[Match]]
    ) -> tuple[list[str], Counter[str]]:
        """Replace the spans of every message of one example.

        Args:
            texts: the messages' contents, in order.
            spans: for each message, its non-overlapping spans.

        Returns:
            The new texts and the count of replaced spans per entity type.
        """
        numbers: dict[tuple[str, str], int] = {}
        names: list[tuple[frozenset[str], int]] = []
        per_type: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        out = []
        for text, found in zip(texts, spans, strict=True):
            pieces = []
            pos = 0
            for m in sorted(found, key=lambda x: x.start):
                value = text[m.start : m.end]
                key = (m.entity, normalise_value(m.entity, value))
                if key not in numbers:
                    same = _same_person(m.entity, value, names) if m.entity == "PERSON" else None
                    if same is not None:
                        numbers[key] = same
                    else:
                        per_type[m.entity] += 1
                        numbers[key] = per_type[m.entity]
                    if m.entity == "PERSON":
                        names.append((_name_tokens(value), numbers[key]))
                pieces.append(text[pos : m.start])
                pieces.append(self.replacement(m.entity, value, numbers[key]))
                pos = m.end
                counts[m.entity] += 1
            pieces.append(text[pos:])
            out.append("".join(pieces))
        return out, counts

    def replacement(self, entity: str, value: str, number: int) -> str:
        """The text that replaces ``value`` (the ``number``-th distinct value of its type)."""
        if self.mode == "placeholder":
            return f"<{entity}_{number}>"
        if self.mode == "mask":
            return _MASKED.sub("*", value)
        digest = hashlib.sha256(
            f"{self.salt}\x00{entity}\x00{normalise_value(entity, value)}".encode()
        ).hexdigest()
        if self.mode == "hash":
            return f"<{entity}_{digest[:8]}>"
        return surrogate(entity, value, random.Random(digest))


_FAKE_EN = ("Alex Sample", "Jordan Example", "Sam Placeholder", "Chris Testcase", "Robin Dummy")
_FAKE_ZH = ("甲乙丙", "丁戊己", "庚辛壬", "癸子丑")
_FAKE_TITLE_EN = ("Mr Sample", "Ms Example", "Mr Placeholder", "Ms Testcase")
_FAKE_TITLE_ZH = ("甲先生", "乙小姐", "丙太", "丁生")


def _has_han(value: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in value)


def surrogate(entity: str, value: str, rng: random.Random) -> str:
    """A fake value of the same shape as ``value`` that cannot be a real one (see module doc)."""
    digits = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
    if entity == "HK_ID":
        body = rng.choice("ABCDEGHKPRZ") + digits(6)
        right = hkid_check_value(body)
        wrong = rng.choice([c for c in "0123456789A" if c != right])
        return f"{body}({wrong})"
    if entity == "HK_PHONE":
        local = "4000 " + digits(4) if " " in value else "4000" + digits(4)
        return ("+852 " + local) if "852" in value else local
    if entity == "CREDIT_CARD":
        body = "4" + digits(14)
        bad = str((int(luhn_check_digit(body)) + 1) % 10)
        return " ".join(regex.findall(r".{1,4}", body + bad)) if " " in value else body + bad
    if entity == "HK_BANK_ACCOUNT":
        return f"000-{digits(3)}-{digits(6)}"
    if entity == "HK_PASSPORT":
        return "X" + digits(8)
    if entity == "EMAIL_ADDRESS":
        return f"user{digits(4)}@example.com"
    if entity == "IP_ADDRESS":
        return f"192.0.2.{rng.randrange(1, 255)}"
    if entity == "DATE_OF_BIRTH":
        return "1900年1月1日" if "年" in value else "01/01/1900"
    if entity == "HK_ADDRESS":
        if _has_han(value):
            return f"示例大廈{rng.randrange(1, 40)}樓{rng.choice('ABCD')}室"
        return f"Flat {rng.choice('ABCD')}, {rng.randrange(1, 40)}/F, Sample Building, 1 Example Road"
    if entity == "PERSON_TITLE":
        return rng.choice(_FAKE_TITLE_ZH if _has_han(value) else _FAKE_TITLE_EN)
    return rng.choice(_FAKE_ZH if _has_han(value) else _FAKE_EN)
