"""The pre-upload gate: check a provider JSONL file, anyone's, line by line.

Streaming: memory holds counters, one token count and one 8-byte digest per example (for exact
duplicates and leakage), and the texts kept for the near-duplicate check (capped by
``near_max_mb``), never the whole file. Every finding names its file and line; none quotes
content. The per-line format checks are the providers' hand-written rules; the JSON Schemas in
``schemas/`` say the same (tests keep them in agreement) and can be run too (``jsonschema``).

Data-quality checks reuse other stages through their public functions, imported lazily:
``fine_prep.pii.scan.ResidualScanner`` (residual personal data) and
``fine_prep.dedup.leakage`` (near-duplicates, train/validation leakage). When one cannot be
imported the report says so in its notes; the gate never pretends it ran.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from fine_prep.config import Config, section, setting
from fine_prep.errors import InputError
from fine_prep.providers.base import PROVIDERS, Finding, Provider, estimate_turn_tokens, type_name

try:  # orjson parses 3-5x faster; the stdlib parser is the fallback
    import orjson

    _loads: Callable[[bytes], Any] = orjson.loads
except ImportError:  # pragma: no cover - orjson is a dependency
    orjson = None  # type: ignore[assignment]
    _loads = json.loads

BOM = b"\xef\xbb\xbf"
# Role names the report may print; a line's own role string (anything in a malformed line) is
# counted as "other" so that no content reaches the summary or a message.
ROLE_LABELS = frozenset({"system", "user", "assistant", "tool", "function", "text"})


class Table(Mapping[str, Any]):
    """A read-only, hashable mapping: a dataclass default that config files may replace."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._data.items())))

    def __repr__(self) -> str:
        return f"Table({self._data!r})"


# Training prices per million tokens, in USD. Dated and easy to update in fine-prep.toml:
# [validate] price_per_million = { openai = 3.0 } etc. Sources are public price pages as read
# or remembered on the date below, not confirmed against a contract: an estimate only.
PRICES_AS_OF = "2026-11-23"
PRICE_PER_MILLION = Table(
    {
        "openai": 25.0,  # gpt-4o-2024-08-06 / gpt-4.1 training; gpt-4o-mini: 3.0
        "openai-completion": 6.0,  # davinci-002 training; babbage-002: 0.4
        "anthropic-bedrock": 4.0,  # Claude 3 Haiku customization on Bedrock [U]
        "vertex-gemini": 5.0,  # Gemini 2.5 Flash tuning [U]
        "mistral": 4.0,  # Mistral fine-tuning API, small models [U]
        "together": 0.48,  # LoRA SFT, models up to 16B [U]
        "hf-messages": 0.0,  # self-hosted: GPU time, not tokens
        "alpaca": 0.0,
        "sharegpt": 0.0,
    }
)
PRICE_BASIS = Table(
    {
        "openai": "gpt-4o-2024-08-06 / gpt-4.1 training",
        "openai-completion": "davinci-002 training",
        "anthropic-bedrock": "Claude 3 Haiku on Bedrock, unconfirmed",
        "vertex-gemini": "Gemini 2.5 Flash tuning, unconfirmed",
        "mistral": "Mistral fine-tuning API, unconfirmed",
        "together": "Together LoRA SFT up to 16B, unconfirmed",
        "hf-messages": "self-hosted",
        "alpaca": "self-hosted",
        "sharegpt": "self-hosted",
    }
)


@section("validate")
@dataclass(frozen=True)
class ValidateConfig:
    """The gate: limits, data-quality checks, the cost estimate, and which findings fail it."""

    min_examples: int = setting(0, "Minimum example count (0: the provider's own minimum).")
    max_tokens: int = setting(
        0,
        "Per-example token cap (0: the provider's default, e.g. OpenAI gpt-4o/4.1 65,536, "
        "Bedrock 32,000, Gemini 2.5 Flash 131,072, TRL max_length 1,024).",
    )
    encoding: str = setting(
        "o200k_base",
        "OpenAI chat tokenizer for exact counts: o200k_base (gpt-4o/4.1) or cl100k_base (gpt-3.5).",
        choices=("o200k_base", "cl100k_base"),
    )
    token_count: str = setting(
        "auto",
        "Token counting: auto (exact for OpenAI formats, an estimate for the others), estimate "
        "(the quick estimate for every provider), or off (no token limits and no cost estimate).",
        choices=("auto", "estimate", "off"),
    )
    max_file_mb: int = setting(0, "Largest file the provider accepts, in MB (0: the provider's limit).")
    max_line_mb: int = setting(
        64, "Longest line read, in MB; a longer line is a finding and is skipped without loading it."
    )
    fail_on: tuple[str, ...] = setting(
        (
            "error",
            "pii-hk-id",
            "pii-hk-phone",
            "pii-phone-number",
            "pii-email-address",
            "pii-hk-passport",
            "pii-credit-card",
            "pii-hk-bank-account",
            "leakage",
        ),
        "Severities or finding codes that fail the gate (exit 1). Format errors and limits the "
        "provider enforces are errors; residual HKIDs, phone numbers, e-mail addresses, passport, "
        "card and bank-account numbers, and train/validation leakage fail too.",
    )
    allow: tuple[str, ...] = setting((), "Finding codes that never fail the gate (shown as warnings).")
    max_per_code: int = setting(20, "Findings printed per code and file before the rest are only counted.")
    jsonschema: bool = setting(
        False, "Also check every line against the provider's JSON Schema (slower; same verdict)."
    )
    near_duplicates: bool = setting(True, "Look for near-duplicates in the file and leakage between files.")
    near_threshold: float = setting(0.8, "Jaccard similarity at or above which two examples are near-copies.")
    near_max_mb: int = setting(
        64,
        "Text (MB of characters) kept per file for the near-duplicate check; over it the check is "
        "skipped with a note (MinHash over ~40,000 examples takes about a minute).",
    )
    pii_scan: bool = setting(True, "Scan every text for residual personal data (the redact stage's scanner).")
    epochs: int = setting(
        0, "Epochs for the cost estimate (0: the OpenAI cookbook's rule from the example count)."
    )
    prices_as_of: str = setting(PRICES_AS_OF, "Date of the price table below (update both together).")
    price_per_million: Mapping[str, float] = setting(
        PRICE_PER_MILLION, "Training price in USD per million tokens, per provider (an estimate)."
    )
    price_basis: Mapping[str, str] = setting(PRICE_BASIS, "What each price is for (model, source).")


# ---------------------------------------------------------------------------- the report


@dataclass
class FileStats:
    """What the gate measured in one file."""

    path: str
    role: str  # "train" | "validation"
    size: int = 0
    lines: int = 0
    examples: int = 0
    tokens: array = field(default_factory=lambda: array("q"))
    turns: array = field(default_factory=lambda: array("i"))
    role_tokens: Counter[str] = field(default_factory=Counter)
    over_cap: int = 0
    billable: int = 0

    def to_dict(self) -> dict[str, Any]:
        toks = sorted(self.tokens)
        return {
            "file": self.path,
            "role": self.role,
            "bytes": self.size,
            "lines": self.lines,
            "examples": self.examples,
            "tokens_total": sum(toks),
            "tokens_per_role": dict(sorted(self.role_tokens.items())),
            "tokens_per_example": _distribution(toks),
            "messages_per_example": _distribution(sorted(self.turns)),
            "over_token_cap": self.over_cap,
        }


def _distribution(values: list[int]) -> dict[str, float]:
    if not values:
        return {"min": 0, "p10": 0, "p50": 0, "p90": 0, "max": 0, "mean": 0}

    def pct(q: float) -> int:
        return values[min(len(values) - 1, int(q * len(values)))]

    return {
        "min": values[0],
        "p10": pct(0.1),
        "p50": pct(0.5),
        "p90": pct(0.9),
        "max": values[-1],
        "mean": round(sum(values) / len(values), 1),
    }


def cookbook_epochs(n: int) -> int:
    """Default epochs of OpenAI's cookbook (``Chat_finetuning_data_prep``, provider-formats §1.4).

    Start from 3; with ``n`` examples, if ``3n < 100`` use ``min(25, 100 // n)``, if
    ``3n > 25,000`` use ``max(1, 25,000 // n)``.
    """
    if n <= 0:
        return 0
    if 3 * n < 100:
        return min(25, 100 // n)
    if 3 * n > 25000:
        return max(1, 25000 // n)
    return 3


@dataclass
class Report:
    """The gate's result: findings, per-file statistics, the cost estimate and notes."""

    path: str
    provider: str
    exact_tokens: bool
    fail_on: tuple[str, ...] = ("error",)
    allow: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    files: list[FileStats] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cost: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)

    def add(self, finding: Finding) -> None:
        """Record a finding; a code listed in ``fail_on`` shows as an error, one in ``allow`` as a warning."""
        if finding.code in self.allow and finding.severity == "error":
            finding = Finding(finding.line, "warn", finding.code, finding.message, finding.file)
        elif finding.code in self.fail_on and finding.severity != "error":
            finding = Finding(finding.line, "error", finding.code, finding.message, finding.file)
        self.counts[(finding.file or self.path, finding.code)] += 1
        self.findings.append(finding)

    def fails(self, f: Finding) -> bool:
        """Whether one finding fails the gate."""
        return f.code not in self.allow and (f.severity in self.fail_on or f.code in self.fail_on)

    @property
    def failed(self) -> bool:
        return any(self.fails(f) for f in self.findings)

    @property
    def examples(self) -> int:
        return sum(f.examples for f in self.files)

    def summary(self) -> dict[str, Any]:
        """Counts, tokens (exact or estimated), distributions and the cost estimate."""
        by_sev = Counter(f.severity for f in self.findings)
        return {
            "examples": self.examples,
            "tokens_exact": self.exact_tokens,
            "files": [f.to_dict() for f in self.files],
            "findings_by_severity": dict(sorted(by_sev.items())),
            "cost": self.cost,
        }

    def _ordered(self) -> list[Finding]:
        order = {f.path: i for i, f in enumerate(self.files)}
        rank = {"error": 0, "warn": 1, "info": 2}
        return sorted(
            self.findings,
            key=lambda f: (order.get(f.file or self.path, 0), rank.get(f.severity, 3), f.code, f.line),
        )

    def to_dict(self, cap: int) -> dict[str, Any]:
        """The same as the text output, as one JSON document."""
        shown: dict[tuple[str, str], int] = defaultdict(int)
        rows = []
        for f in self._ordered():
            key = (f.file or self.path, f.code)
            shown[key] += 1
            if shown[key] <= cap:
                row = f.to_dict()
                row["file"] = f.file or self.path
                rows.append(row)
        return {
            "file": self.path,
            "provider": self.provider,
            "passed": not self.failed,
            "fail_on": list(self.fail_on),
            "allow": list(self.allow),
            "findings": rows,
            "finding_counts": dict(sorted(Counter(f.code for f in self.findings).items())),
            "finding_counts_by_file": _by_file(self.counts),
            "checks": self.checks,
            "summary": self.summary(),
            "notes": self.notes,
        }

    def lines_out(self, cap: int) -> Iterator[str]:
        """``FILE:LINE: severity code message`` lines, grouped and capped per code, with totals."""
        shown: dict[tuple[str, str], int] = defaultdict(int)
        for f in self._ordered():
            path = f.file or self.path
            key = (path, f.code)
            shown[key] += 1
            total = self.counts[key]
            if shown[key] <= cap:
                yield f"{path}:{f.line}: {f.severity} {f.code} {f.message}"
            if shown[key] == total and total > 1:
                more = f", {total - cap} not shown" if total > cap else ""
                yield f"{path}: {total} x {f.code}{more}"


def _by_file(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (path, code), n in sorted(counts.items()):
        out.setdefault(path, {})[code] = n
    return out


# ---------------------------------------------------------------------------- the gate


@dataclass
class _Seen:
    """Exact digests (first line of each) and kept texts of one file."""

    digests: dict[int, int] = field(default_factory=dict)
    texts: list[tuple[str, str]] | None = field(default_factory=list)
    exact: set[int] = field(default_factory=set)  # lines already reported as exact duplicates
    leaked: set[int] = field(default_factory=set)  # lines already reported as exact leakage


def validate_file(
    path: str, provider_name: str, config: Config, validation_path: str | None = None
) -> Report:
    """Check one provider JSONL file (and optionally its validation file).

    Args:
        path: the training file (``-`` for standard input).
        provider_name: a registered provider.
        config: the resolved configuration (``[validate]``).
        validation_path: a validation file, checked the same way and for leakage against ``path``.

    Raises:
        InputError: a file is missing, a directory, empty, binary, or holds no JSON object at
            all; or the provider is unknown.
    """
    try:
        provider: Provider = PROVIDERS.get(provider_name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None
    cfg = config.get(ValidateConfig)
    if provider.name == "openai" and cfg.encoding != provider.encoding_name:  # type: ignore[attr-defined]
        # A copy for this run: the registered provider is shared by every other caller.
        provider = copy.copy(provider)
        provider.encoding_name = cfg.encoding  # type: ignore[attr-defined]
    exact = provider.exact_tokens and cfg.token_count == "auto"
    report = Report(path, provider.name, exact, fail_on=cfg.fail_on, allow=cfg.allow)
    if cfg.token_count == "off":
        report.notes.append(
            "tokens: not counted ([validate] token_count = off): no token limits, no cost estimate"
        )
    scanner = _pii_scanner(config, cfg, report)
    _near_module(cfg, report)
    train_seen = _Seen(texts=[] if report.checks.get("near-duplicates") == "on" else None)
    train = _scan_file(path, "train", provider, cfg, report, scanner, train_seen, None)
    _file_limits(train, provider, cfg, report, validation=False)
    if validation_path is not None:
        val_seen = _Seen(texts=[] if train_seen.texts is not None else None)
        val = _scan_file(validation_path, "validation", provider, cfg, report, scanner, val_seen, train_seen)
        _file_limits(val, provider, cfg, report, validation=True)
        total_cap = provider.limits.max_total_examples
        if total_cap and train.examples + val.examples > total_cap:
            report.add(
                Finding(
                    0,
                    "error",
                    "too-many-examples",
                    f"train + validation {train.examples + val.examples} > {total_cap}",
                )
            )
    _near_checks(cfg, report, train_seen, val_seen if validation_path is not None else None, validation_path)
    _estimate_cost(report, provider, cfg)
    return report


def _pii_scanner(config: Config, cfg: ValidateConfig, report: Report) -> Any:
    if not cfg.pii_scan:
        report.checks["residual-pii"] = "off"
        report.notes.append("residual personal data: not checked ([validate] pii_scan = false)")
        return None
    try:
        from fine_prep.pii.scan import ResidualScanner
    except ImportError as exc:
        report.checks["residual-pii"] = "unavailable"
        report.notes.append(
            f"residual personal data: NOT checked, the scanner is unavailable ({type(exc).__name__})"
        )
        return None
    report.checks["residual-pii"] = "on"
    return ResidualScanner(config)


def _near_module(cfg: ValidateConfig, report: Report) -> None:
    if not cfg.near_duplicates:
        report.checks["near-duplicates"] = "off"
        report.notes.append(
            "near-duplicates and near-copy leakage: not checked ([validate] near_duplicates = false)"
        )
        return
    try:
        from fine_prep.dedup.leakage import find_leakage, find_near_duplicates  # noqa: F401
    except ImportError as exc:
        report.checks["near-duplicates"] = "unavailable"
        report.notes.append(
            f"near-duplicates and near-copy leakage: NOT checked, fine_prep.dedup.leakage is unavailable "
            f"({type(exc).__name__}); exact duplicates and exact leakage are checked"
        )
        return
    report.checks["near-duplicates"] = "on"


def _open(path: str) -> tuple[IO[bytes], int, str]:
    if path == "-":
        return sys.stdin.buffer, -1, "-"
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a JSONL file")
    try:
        fh = p.open("rb")
        size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return fh, size, path


def _sniff(head: bytes, path: str) -> None:
    """Refuse what is clearly not a UTF-8 JSONL file, before reading it all."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: UTF-16 text, expected UTF-8 JSONL (re-save the file as UTF-8)")
    if b"\x00" in head:
        raise InputError(f"{path}: binary data (NUL bytes), not a JSONL file")
    if head.startswith((b"PK\x03\x04", b"\x1f\x8b")):
        raise InputError(f"{path}: a compressed archive, not a JSONL file (extract it first)")


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[bytes | int, int]]:
    """``(raw line, byte offset)``; a line over ``limit`` bytes comes back as its length (an int)."""
    read = fh.readline
    offset = 0
    while True:
        raw = read(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while True:  # skip the rest of the line without holding it
                chunk = read(1 << 20)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield size, offset
            offset += size
            continue
        yield raw, offset
        offset += len(raw)


def _scan_file(
    path: str,
    role: str,
    provider: Provider,
    cfg: ValidateConfig,
    report: Report,
    scanner: Any,
    seen: _Seen,
    train_seen: _Seen | None,
) -> FileStats:
    fh, size, display = _open(path)
    stats = FileStats(display, role, size=max(size, 0))
    report.files.append(stats)
    tag = "" if role == "train" else display
    add = report.add
    check = provider.check
    mode = cfg.token_count
    count = provider.count_tokens
    turns_of = provider.turns
    fused = getattr(provider, "check_turns", None)
    kind_of = getattr(provider, "kind", None)
    first_kind: tuple[str, int] | None = None
    cap = (cfg.max_tokens or provider.limits.max_tokens) if mode != "off" else 0
    cap_error = bool(cfg.max_tokens or provider.limits.max_tokens_sure) and not provider.limits.truncates
    label = "tokens" if report.exact_tokens else "tokens (estimate)"
    schema_check = _schema_checker(provider) if cfg.jsonschema else None
    keep_texts = seen.texts is not None
    near_cap = cfg.near_max_mb << 20
    kept = 0
    parsed_any = False
    limit = max(1, cfg.max_line_mb) << 20

    def tokens_of(number: int, n: int | None, per_role: dict[str, int]) -> None:
        if n is None:
            add(Finding(number, "warn", "token-count-failed", "could not count tokens", tag))
            n = 0
        stats.tokens.append(n)
        for r, t in per_role.items():
            stats.role_tokens[r if r in ROLE_LABELS else "other"] += t
        if cap and n > cap:
            stats.over_cap += 1
            if cap_error:
                add(Finding(number, "error", "too-many-tokens", f"{n} {label}, over the {cap} cap", tag))
            else:
                add(
                    Finding(
                        number,
                        "warn",
                        "too-many-tokens",
                        f"{n} {label}, over the {cap} cap: will be truncated",
                        tag,
                    )
                )
        stats.billable += min(n, cap) if cap else n

    if not hasattr(fh, "peek"):  # a pipe or test stream without a look-ahead buffer
        fh = io.BufferedReader(fh)  # type: ignore[arg-type,type-var]
    with fh if path != "-" else contextlib.nullcontext(fh):
        head = fh.peek(8192)[:8192]
        if size == 0 or (size < 0 and not head):
            raise InputError(f"{display}: empty file, no examples")
        _sniff(head, display)
        number = 0
        for raw, offset in _lines(fh, limit):
            number += 1
            if isinstance(raw, int):
                add(
                    Finding(
                        number,
                        "error",
                        "line-too-long",
                        f"{raw} bytes, over the {cfg.max_line_mb} MB line limit",
                        tag,
                    )
                )
                continue
            try:
                obj = _loads(raw)
            except ValueError:
                obj = _slow_parse(raw, number, offset, tag, add)
                if obj is None:
                    continue
            if type(obj) is not dict:
                add(Finding(number, "error", "not-object", f"a JSON {type_name(obj)}, not an object", tag))
                continue
            parsed_any = True
            stats.examples += 1
            if fused is not None:
                findings, turns = fused(obj, number)
            else:
                findings = check(obj, number)
                turns = turns_of(obj)
            if schema_check is not None:
                findings.extend(Finding(number, "error", "schema", e) for e in schema_check(obj))
            for f in findings:
                add(Finding(f.line, f.severity, f.code, f.message, tag) if tag else f)
            if kind_of is not None:
                kind = kind_of(obj)
                if kind is not None:
                    if first_kind is None:
                        first_kind = (kind, number)
                    elif kind != first_kind[0]:
                        add(
                            Finding(
                                number,
                                "error",
                                "mixed-formats",
                                f"{kind} line in a file of {first_kind[0]} lines (line {first_kind[1]}); one format per file",
                                tag,
                            )
                        )
            stats.turns.append(len(turns))
            try:
                n: int | None
                n, per_role = (
                    count(obj)
                    if mode == "auto"
                    else estimate_turn_tokens(turns, per_turn=4)
                    if mode == "estimate"
                    else (0, {})
                )
            except Exception:  # a tokenizer failure is a finding, not a crash
                n, per_role = None, {}
            tokens_of(number, n, per_role)
            text = "\n".join([t for r, t in turns if r != "system"])
            # Python's 64-bit string hash (stable within one run): exact duplicates and leakage
            # between the two files of one run, without holding the texts.
            digest = hash(text)
            has_text = bool(text.strip())
            first = seen.digests.setdefault(digest, number)
            if first != number and has_text:
                add(Finding(number, "warn", "duplicate", f"same text as line {first}", tag))
                seen.exact.add(number)
            if train_seen is not None and has_text:
                twin = train_seen.digests.get(digest)
                if twin is not None:
                    add(
                        Finding(
                            number,
                            "error",
                            "leakage",
                            f"same text as line {twin} of the training file",
                            tag,
                        )
                    )
                    seen.leaked.add(number)
            if keep_texts:
                kept += len(text)
                if kept <= near_cap:
                    seen.texts.append((str(number), text))  # type: ignore[union-attr]
                else:
                    seen.texts = None
                    keep_texts = False
                    report.checks["near-duplicates"] = "skipped"
                    report.notes.append(
                        f"{display}: near-duplicates NOT checked, over {cfg.near_max_mb} MB of text "
                        "([validate] near_max_mb); exact duplicates are checked"
                    )
            if scanner is not None:
                for hit in _pii_hits(scanner, turns):
                    add(_pii_finding(number, hit, tag))
            flags = obj.get("flags")
            if isinstance(flags, list) and flags:
                _report_flags(flags, number, tag, add)
        stats.lines = number
    if not parsed_any:
        too_long = report.counts[(tag or report.path, "line-too-long")]
        if too_long:
            raise InputError(
                f"{display}: no JSON object on any of its {number} line(s); {too_long} over the "
                f"{cfg.max_line_mb} MB line limit ([validate] max_line_mb)"
            )
        raise InputError(f"{display}: no JSON object on any of its {number} line(s), not a JSONL file")
    return stats


def _slow_parse(raw: bytes, number: int, offset: int, tag: str, add: Callable[[Finding], None]) -> Any:
    """Why a line did not parse (the fast parser only says that it did not); the object if it can."""
    if number == 1 and raw.startswith(BOM):
        add(
            Finding(
                1, "error", "bom", "file starts with a UTF-8 byte-order mark (providers expect none)", tag
            )
        )
        raw = raw[3:]
        offset += 3
        try:
            return _loads(raw)
        except ValueError:
            pass
    if not raw.strip():
        add(Finding(number, "warn", "blank-line", "blank line", tag))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        add(Finding(number, "error", "not-utf8", f"bad byte at file offset {offset + exc.start}", tag))
        return None
    if "\x00" in text:
        add(Finding(number, "error", "not-json", "binary data (NUL byte) in the line", tag))
        return None
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        add(Finding(number, "error", "not-json", f"{exc.msg} at column {exc.colno}", tag))
        return None
    except RecursionError:
        add(Finding(number, "error", "not-json", "nested too deeply", tag))
        return None
    # The stdlib parser accepts what strict JSON (and orjson) does not: NaN/Infinity, lone
    # surrogate escapes, integers beyond 64 bits. Providers' parsers are strict too.
    add(
        Finding(
            number,
            "error",
            "not-json",
            "not strict JSON (NaN/Infinity, a lone surrogate or a huge number)",
            tag,
        )
    )
    return None


def _pii_hits(scanner: Any, turns: list[tuple[str, str]]) -> list[tuple[str, int, str, int, int]]:
    """``(entity, turn number, role, start, end)`` of residual personal data in one example."""
    out = []
    for i, (role, text) in enumerate(turns):
        for entity, start, end in scanner.scan(text):
            out.append((str(entity), i + 1, role, start, end))
    return out


def _pii_finding(number: int, hit: tuple[str, int, str, int, int], tag: str) -> Finding:
    entity, turn, role, start, end = hit
    role = role if role in ROLE_LABELS else "other"
    code = "pii-" + entity.lower().replace("_", "-")
    return Finding(
        number, "warn", code, f"residual {entity} in turn {turn} ({role}) at characters {start}-{end}", tag
    )


_FLAG_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


def _flag_name(value: Any, default: str) -> str:
    """A flag's check or code if it looks like one (a file may hold anything there), else ``default``."""
    return value if isinstance(value, str) and _FLAG_NAME.fullmatch(value) else default


def _report_flags(flags: list[Any], number: int, tag: str, add: Callable[[Finding], None]) -> None:
    for f in flags:
        if not isinstance(f, dict):
            continue
        sev = str(f.get("severity")) if f.get("severity") in ("info", "warn", "error") else "info"
        check = _flag_name(f.get("check"), "check")
        code = _flag_name(f.get("code"), "flag")
        add(Finding(number, sev, f"flagged-{check}", f"flagged by the {check} check: {code}", tag))


def _schema_checker(provider: Provider) -> Callable[[Any], list[str]]:
    from fine_prep.schemas import schema_errors

    def run(obj: Any) -> list[str]:
        return schema_errors(provider.schema, obj)

    return run


def _file_limits(
    stats: FileStats, provider: Provider, cfg: ValidateConfig, report: Report, validation: bool
) -> None:
    lim = provider.limits
    tag = stats.path if validation else ""
    if validation:
        max_mb, sure = lim.max_validation_file_mb or lim.max_file_mb, lim.max_file_sure
    else:
        max_mb, sure = cfg.max_file_mb or lim.max_file_mb, lim.max_file_sure or bool(cfg.max_file_mb)
    if max_mb and stats.size > max_mb * 1024 * 1024:
        sev = "error" if sure else "warn"
        report.add(
            Finding(0, sev, "file-too-large", f"{stats.size >> 20} MB, over the {max_mb} MB limit", tag)
        )
    if validation:
        lo, lo_sure, hi, what = (
            lim.min_validation_examples,
            True,
            lim.max_validation_examples,
            "validation examples",
        )
    else:
        lo, hi, what = cfg.min_examples or lim.min_examples, lim.max_examples, "examples"
        lo_sure = bool(cfg.min_examples or lim.min_examples_sure)
    if lo and stats.examples < lo:
        msg = f"{stats.examples} {what}, {provider.name} needs at least {lo}"
        report.add(Finding(0, "error" if lo_sure else "warn", "too-few-examples", msg, tag))
    if hi and stats.examples > hi:
        msg = f"{stats.examples} {what}, {provider.name} takes {hi}"
        report.add(Finding(0, "error", "too-many-examples", msg, tag))


def _near_checks(
    cfg: ValidateConfig, report: Report, train: _Seen, val: _Seen | None, val_path: str | None
) -> None:
    if report.checks.get("near-duplicates") not in ("on", "skipped"):
        return
    from fine_prep.dedup.leakage import find_leakage, find_near_duplicates

    for seen, tag in ((train, ""), (val, val_path or "")):
        if seen is None or seen.texts is None:
            continue
        for a, b, sim in _closest(find_near_duplicates(seen.texts, threshold=cfg.near_threshold)):
            if int(b) in seen.exact and sim >= 0.9999:
                continue  # already reported as an exact duplicate
            report.add(
                Finding(
                    int(b), "warn", "near-duplicate", f"near-copy of line {a} (similarity {sim:.2f})", tag
                )
            )
    if val is not None and val_path is not None:
        if train.texts is None or val.texts is None:
            report.notes.append(
                "near-copy leakage: NOT checked (a file is over near_max_mb); exact leakage is checked"
            )
            return
        for a, b, sim in _closest(find_leakage(train.texts, val.texts, threshold=cfg.near_threshold)):
            if int(b) in val.leaked and sim >= 0.9999:
                continue
            report.add(
                Finding(
                    int(b),
                    "error",
                    "leakage",
                    f"near-copy of line {a} of the training file (similarity {sim:.2f})",
                    val_path,
                )
            )


def _closest(pairs: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """One finding per line: the pair with the most similar earlier (or training) line."""
    best: dict[str, tuple[str, str, float]] = {}
    for a, b, sim in pairs:
        if b not in best or sim > best[b][2]:
            best[b] = (a, b, sim)
    return sorted(best.values(), key=lambda p: int(p[1]))


def _estimate_cost(report: Report, provider: Provider, cfg: ValidateConfig) -> None:
    train = report.files[0]
    epochs = cfg.epochs or cookbook_epochs(train.examples)
    rule = "set in [validate] epochs" if cfg.epochs else f"OpenAI cookbook rule for {train.examples} examples"
    price = float(cfg.price_per_million.get(provider.name, 0.0))
    basis = cfg.price_basis.get(provider.name, "no price known")
    trained = train.billable * epochs
    kind = "exact" if report.exact_tokens else "estimated"
    cap = cfg.max_tokens or provider.limits.max_tokens
    report.cost = {
        "billable_tokens": train.billable,
        "tokens_exact": report.exact_tokens,
        "epochs": epochs,
        "epochs_rule": rule,
        "trained_tokens": trained,
        "usd_per_million": price,
        "price_basis": basis,
        "prices_as_of": cfg.prices_as_of,
        "estimated_usd": round(trained * price / 1e6, 2),
        "assumptions": (
            f"{train.billable:,} billable tokens ({kind}; each example counted up to the "
            f"{cap:,}-token cap) x {epochs} epochs ({rule}) x ${price:.2f} per million tokens "
            f"({basis}; price table as of {cfg.prices_as_of}, update it in [validate] "
            "price_per_million); validation tokens and provider minimum fees not included"
            if cap
            else f"{train.billable:,} billable tokens ({kind}) x {epochs} epochs ({rule}) x ${price:.2f} "
            f"per million tokens ({basis}; price table as of {cfg.prices_as_of})"
        ),
    }
