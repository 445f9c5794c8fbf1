"""The pre-upload gate: check a provider JSONL file, anyone's, line by line.

Streaming: memory holds counters and per-line token counts, not the file. Every finding names
its line; none quotes content.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_prep.config import Config, section, setting
from fine_prep.errors import InputError
from fine_prep.providers.base import PROVIDERS, Finding, Provider
from fine_prep.schemas import schema_errors


@section("validate")
@dataclass(frozen=True)
class ValidateConfig:
    """The gate: limits and which findings fail it."""

    min_examples: int = setting(0, "Minimum example count (0: the provider's own minimum).")
    max_tokens: int = setting(
        65536, "Per-example token cap (OpenAI gpt-4o/4.1: 65,536; gpt-4.1-nano: 32,768)."
    )
    encoding: str = setting(
        "o200k_base",
        "OpenAI tokenizer for exact counts: o200k_base (gpt-4o/4.1) or cl100k_base (gpt-3.5).",
        choices=("o200k_base", "cl100k_base"),
    )
    max_file_mb: int = setting(512, "Largest file the provider accepts, in MB (OpenAI Files API: 512).")
    fail_on: tuple[str, ...] = setting(
        ("error",),
        "Severities or finding codes that fail the gate (exit 1).",
    )
    max_per_code: int = setting(20, "Findings printed per code before the rest are only counted.")


@dataclass
class Report:
    """The gate's result."""

    path: str
    provider: str
    findings: list[Finding] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    examples: int = 0
    lines: int = 0
    tokens: list[int] = field(default_factory=list)
    role_tokens: Counter[str] = field(default_factory=Counter)
    exact_tokens: bool = True
    fail_on: tuple[str, ...] = ("error",)
    notes: list[str] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.counts[finding.code] += 1
        self.findings.append(finding)

    @property
    def failed(self) -> bool:
        return any(f.severity in self.fail_on or f.code in self.fail_on for f in self.findings)

    def summary(self) -> dict[str, Any]:
        toks = sorted(self.tokens)

        def pct(q: float) -> int:
            return toks[min(len(toks) - 1, int(q * len(toks)))] if toks else 0

        return {
            "examples": self.examples,
            "lines": self.lines,
            "tokens_total": sum(toks),
            "tokens_exact": self.exact_tokens,
            "tokens_per_role": dict(sorted(self.role_tokens.items())),
            "tokens_per_example": {
                "min": pct(0),
                "p50": pct(0.5),
                "p90": pct(0.9),
                "max": toks[-1] if toks else 0,
            },
        }

    def to_dict(self, cap: int) -> dict[str, Any]:
        shown: dict[str, int] = defaultdict(int)
        rows = []
        for f in self.findings:
            shown[f.code] += 1
            if shown[f.code] <= cap:
                rows.append(f.to_dict())
        return {
            "file": self.path,
            "provider": self.provider,
            "passed": not self.failed,
            "fail_on": list(self.fail_on),
            "findings": rows,
            "finding_counts": dict(sorted(self.counts.items())),
            "summary": self.summary(),
            "notes": self.notes,
        }

    def lines_out(self, cap: int) -> Iterator[str]:
        """``FILE:LINE: severity code message`` lines, capped per code, with totals."""
        shown: dict[str, int] = defaultdict(int)
        for f in sorted(self.findings, key=lambda f: (f.code, f.line)):
            shown[f.code] += 1
            if shown[f.code] <= cap:
                yield f"{self.path}:{f.line}: {f.severity} {f.code} {f.message}"
            elif shown[f.code] == cap + 1:
                yield f"{self.path}: ... {self.counts[f.code] - cap} more {f.code}"


def validate_file(path: str, provider_name: str, config: Config) -> Report:
    """Check one provider JSONL file.

    Raises:
        InputError: the file cannot be read, is a directory, or the provider is unknown.
    """
    try:
        provider: Provider = PROVIDERS.get(provider_name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None
    cfg = config.get(ValidateConfig)
    if hasattr(provider, "encoding_name"):
        provider.encoding_name = cfg.encoding  # type: ignore[attr-defined]
    report = Report(path, provider.name, exact_tokens=provider.exact_tokens, fail_on=cfg.fail_on)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a JSONL file")
    try:
        size = os.path.getsize(p)
        fh = p.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size > cfg.max_file_mb * 1024 * 1024:
        report.add(
            Finding(0, "error", "file-too-large", f"{size >> 20} MB is over the {cfg.max_file_mb} MB limit")
        )
    with fh:
        offset = 0
        for number, raw in enumerate(fh, start=1):
            report.lines = number
            start = offset
            offset += len(raw)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                report.add(Finding(1, "error", "bom", "file starts with a UTF-8 byte-order mark"))
                raw = raw[3:]
            if b"\x00" in raw:
                raise InputError(f"{path}:{number}: binary data (NUL byte), not a JSONL file")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                report.add(Finding(number, "error", "not-utf8", f"bad byte at offset {start + exc.start}"))
                continue
            if not text.strip():
                report.add(Finding(number, "warn", "blank-line", "blank line"))
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                report.add(Finding(number, "error", "not-json", f"{exc.msg} at column {exc.colno}"))
                continue
            if not isinstance(obj, dict):
                report.add(
                    Finding(number, "error", "not-object", f"a JSON {type(obj).__name__}, not an object")
                )
                continue
            report.examples += 1
            errors = schema_errors(provider.schema, obj)
            for e in errors:
                report.add(Finding(number, "error", "schema", e))
            for f in provider.check(obj, number):
                report.add(f)
            if errors:
                continue
            _count_tokens(report, provider, obj, number, cfg)
    if report.lines == 0 or report.examples == 0:
        raise InputError(f"{path}: empty file, no examples")
    minimum = cfg.min_examples or provider.min_examples
    if report.examples < minimum:
        report.add(
            Finding(
                0,
                "error",
                "too-few-examples",
                f"{report.examples} examples, {provider.name} needs at least {minimum}",
            )
        )
    report.notes.append(
        "not yet checked here: near-duplicates, train/validation leakage and residual personal data"
        " (their stages add them to the gate)"
    )
    return report


def _count_tokens(
    report: Report, provider: Provider, obj: dict[str, Any], line: int, cfg: ValidateConfig
) -> None:
    try:
        n = provider.count_tokens(obj)
    except Exception:  # a tokenizer failure is a finding, not a crash
        report.add(Finding(line, "warn", "token-count-failed", "could not count tokens"))
        return
    report.tokens.append(n)
    for role, text in provider.turns(obj):
        report.role_tokens[role] += len(text)  # characters per role; tokens need the full count
    if n > cfg.max_tokens:
        label = "tokens" if provider.exact_tokens else "tokens (estimate)"
        report.add(
            Finding(
                line,
                "warn",
                "too-many-tokens",
                f"{n} {label}, over the {cfg.max_tokens} cap: will be truncated",
            )
        )
