"""The residual scan: personal data left in any text, fast enough for every upload.

Regex, check digits and context words only (the rules in :mod:`fine_prep.pii.rules`, the same
ones the Presidio recognizers use), plus Chinese surname + title and romanised title + surname
references and addresses. No NER and no Presidio import, so the validation gate can call it
on every message of a file.

Example::

    from fine_prep.pii.scan import ResidualScanner
    scanner = ResidualScanner(config)
    for entity_type, start, end in scanner.scan(text):
        ...
"""

from __future__ import annotations

from typing import Any

from fine_prep.pii import rules
from fine_prep.pii.address import find_addresses
from fine_prep.pii.names_en import find_english_names
from fine_prep.pii.names_zh import find_chinese_names

_RULES = tuple(r for r in rules.PATTERN_RULES if r.in_scan)


class ResidualScanner:
    """Finds personal data that should not be in a dataset any more.

    Args:
        config: a :class:`fine_prep.config.Config`, a ``RedactConfig``, or ``None`` for the
            defaults. ``[redact].entities`` limits the types, ``[redact].keep`` is honoured and
            ``[redact].threshold`` is the minimum score.
    """

    entity_types: tuple[str, ...] = tuple(r.entity for r in _RULES) + ("HK_ADDRESS", "PERSON_TITLE")

    def __init__(self, config: Any = None) -> None:
        from fine_prep.pii.stage import RedactConfig

        if config is None:
            cfg = RedactConfig()
        elif isinstance(config, RedactConfig):
            cfg = config
        else:
            cfg = config.get(RedactConfig)
        wanted = set(cfg.entities)
        self.threshold = cfg.threshold
        self._rules = [r for r in _RULES if r.entity in wanted]
        self._address = "HK_ADDRESS" in wanted
        self._titles = "PERSON_TITLE" in wanted
        self._keep = rules.KeepList(tuple(cfg.keep))

    def scan(self, text: str) -> list[tuple[str, int, int]]:
        """Personal data in ``text`` as ``(entity_type, start, end)``, in text order."""
        norm = rules.normalise(text)
        found: list[rules.Match] = []
        for rule in self._rules:
            found.extend(m for m in rules.run_rule(rule, norm) if m.score >= self.threshold)
        if self._address:
            found.extend(
                rules.Match("HK_ADDRESS", s, e, sc, "address")
                for s, e, sc in find_addresses(norm)
                if sc >= self.threshold
            )
        if self._titles:
            # Only surname + title: bare names need NER or context to be told from words.
            for finder in (find_chinese_names, find_english_names):
                for ent, s, e, sc in finder(norm):
                    if ent == "PERSON_TITLE" and sc >= self.threshold:
                        found.append(rules.Match(ent, s, e, sc, "title"))
        found = [m for m in found if not self._keep.keeps(norm, m.start, m.end, m.entity)]
        return [(m.entity, m.start, m.end) for m in rules.resolve(found)]

    def mask(self, text: str) -> str:
        """``text`` with what :meth:`scan` finds replaced by ``<TYPE>``."""
        for etype, start, end in reversed(self.scan(text) if text else []):
            text = f"{text[:start]}<{etype}>{text[end:]}"
        return text


def mask_path(path: str, scanner: ResidualScanner | None) -> str:
    """A source path fit for an output folder: a chat export's contact name (WhatsApp names the
    file after the other party) and what the scanner finds are masked; the rest is kept so a
    reviewer can still find the file."""
    from fine_prep.ingest.chat.common import safe_label

    label = safe_label(path)
    return scanner.mask(label) if scanner is not None else label


def mask_reject(row: dict[str, Any], scanner: ResidualScanner | None) -> dict[str, Any]:
    """A reject row (``Reject.to_dict``) for an output folder: path, ref and message masked.

    Rejects made before the redact stage carry no text, but their message and source name the
    file (and a document section's ref is its heading), which did not go through redaction.
    """
    out = dict(row)
    if isinstance(row.get("source"), dict):
        out["source"] = _mask_source(row["source"], scanner)
    if isinstance(row.get("message"), str):
        out["message"] = mask_path(row["message"], scanner)
    example = row.get("example")
    if isinstance(example, dict) and isinstance(example.get("source"), dict):
        out["example"] = {**example, "source": _mask_source(example["source"], scanner)}
    return out


def _mask_source(src: dict[str, Any], scanner: ResidualScanner | None) -> dict[str, Any]:
    out = dict(src)
    out["path"] = mask_path(str(src.get("path", "")), scanner)
    if isinstance(src.get("ref"), str) and scanner is not None:
        out["ref"] = scanner.mask(src["ref"])
    return out
