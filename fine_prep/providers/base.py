"""What a provider is: a writer from canonical examples and the rules of its training format.

Every provider module holds three things that tests keep in agreement: a writer
(:meth:`Provider.write`), hand-written rules (:meth:`Provider.check`, fast, run on every line of
the gate) and a JSON Schema in ``schemas/<name>.schema.json`` (the documented contract). The
codes a provider lists in ``shape_codes`` are the ones its schema can express: for any parsed
line, the schema fails exactly when ``check`` returns an error with one of those codes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from fine_prep.record import Example
from fine_prep.registry import Registry
from fine_prep.schemas import key_name  # noqa: F401 (re-exported for the providers)


class CannotExpress(ValueError):
    """The example cannot be written in this provider's format (the message says why)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of the gate: ``FILE:LINE: severity code message``.

    ``line`` is 0 for findings about the whole file. Messages never quote content.
    ``file`` is empty for the file being validated (set for the validation file's findings).
    """

    line: int
    severity: str  # "error" | "warn" | "info"
    code: str
    message: str
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"line": self.line, "severity": self.severity, "code": self.code, "message": self.message}
        if self.file:
            out["file"] = self.file
        return out


@dataclass(frozen=True, slots=True)
class Limits:
    """A provider's limits, each with the confidence of its source (provider-formats.md).

    A limit read in a primary source (``[C]``) is an error when broken; a secondary (``[S]``) or
    unconfirmed (``[U]``) one only warns. All are config defaults, never constants of the gate.
    """

    min_examples: int = 0
    min_examples_sure: bool = False
    max_tokens: int = 0  # per example; 0 = none known
    max_tokens_sure: bool = False
    max_file_mb: int = 0  # 0 = none
    max_file_sure: bool = False
    max_examples: int = 0
    max_validation_examples: int = 0
    min_validation_examples: int = 0
    max_validation_file_mb: int = 0
    max_total_examples: int = 0  # train + validation
    truncates: bool = False  # over-long examples are truncated by the trainer, not rejected


@runtime_checkable
class Provider(Protocol):
    """A provider's training format.

    Attributes:
        name: the ``--provider`` value.
        schema: name of its JSON Schema in ``schemas/`` (``<schema>.schema.json``).
        limits: its limits (defaults; the ``[validate]`` config may override them).
        exact_tokens: token counts are exact (an offline copy of the provider's tokenizer),
            not an estimate.
        shape_codes: finding codes that the JSON Schema expresses too (kept in agreement by tests).

    Two optional methods speed up or extend the gate: ``check_turns(obj, line)`` returns
    ``(check(obj, line), turns(obj))`` in one pass, and ``kind(obj)`` names a line's format
    where a file may hold only one (Together).
    """

    name: str
    schema: str
    limits: Limits
    exact_tokens: bool
    shape_codes: frozenset[str]

    def write(self, example: Example) -> dict[str, Any]:
        """One output line for one example.

        Raises:
            CannotExpress: the example does not fit this format.
        """
        ...

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        """Every rule (shape, role order, empty contents, weights) for one parsed line."""
        ...

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        """A provider-neutral view of a line: ``(role, text)`` with canonical role names."""
        ...

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        """Tokens of one line and per canonical role (exact if ``exact_tokens``, else an estimate)."""
        ...


PROVIDERS: Registry[Provider] = Registry("provider")


# ---------------------------------------------------------------------------- shared helpers


def conversation(example: Example) -> tuple[str | None, list[tuple[str, str]]]:
    """The example as the strictest common shape every provider accepts (provider-formats §10.1).

    Empty (whitespace-only) messages are dropped, consecutive messages of one role are joined
    with a blank line, leading assistant and trailing user messages are dropped, so that the
    result is: an optional system text, then strictly alternating ``user``/``assistant`` turns,
    first ``user``, last ``assistant``.

    Raises:
        CannotExpress: no user message followed by an assistant message is left.
    """
    system: str | None = None
    turns: list[tuple[str, str]] = []
    for m in example.messages:
        if not m.content.strip():
            continue
        if m.role == "system":
            system = m.content if system is None else f"{system}\n\n{m.content}"
            continue
        if turns and turns[-1][0] == m.role:
            turns[-1] = (m.role, f"{turns[-1][1]}\n\n{m.content}")
        else:
            turns.append((m.role, m.content))
    while turns and turns[0][0] != "user":
        turns.pop(0)
    while turns and turns[-1][0] != "assistant":
        turns.pop()
    if not turns:
        raise CannotExpress("no non-empty user message followed by an assistant message")
    return system, turns


def train_last_only(example: Example) -> bool:
    """Whether only the last assistant turn should be trained on (``meta.loss == "last"``).

    Earlier assistant turns then get ``weight: 0`` in formats that have per-message weights
    (OpenAI, Mistral, Together); other formats cannot say it and train on every turn.
    """
    return example.meta.get("loss") == "last"


def estimate_tokens(text: str, chars_per_token: float = 4.0) -> int:
    """A cheap token estimate: one token per CJK character, ``chars_per_token`` for the rest.

    Why: character/3 or /4 heuristics (the AWS Bedrock sample validator uses /3) badly
    under-count Chinese, where one character is roughly one token (provider-formats §3 note).
    CJK characters are 3 bytes in UTF-8 and most others 1, so the byte/char difference counts
    them without a per-character loop (2-byte scripts count half: still an estimate).
    """
    n = len(text)
    if text.isascii():
        return int(n / chars_per_token + 0.999)
    wide = (len(text.encode("utf-8", "surrogatepass")) - n) // 2
    wide = min(wide, n)
    return wide + int((n - wide) / chars_per_token + 0.999)


def estimate_turn_tokens(
    turns: list[tuple[str, str]], chars_per_token: float = 4.0, per_turn: int = 0
) -> tuple[int, dict[str, int]]:
    """An estimate of a line's tokens from its ``(role, text)`` turns, in total and per role.

    Args:
        turns: what :meth:`Provider.turns` returns.
        chars_per_token: see :func:`estimate_tokens`.
        per_turn: tokens added for each turn (a chat template's per-message overhead).
    """
    per_role: dict[str, int] = {}
    for role, text in turns:
        per_role[role] = per_role.get(role, 0) + estimate_tokens(text, chars_per_token) + per_turn
    return sum(per_role.values()), per_role


class EstimatedTokens:
    """Mixin: ``count_tokens`` as an estimate over the provider's own ``turns``."""

    chars_per_token: float = 4.0

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        raise NotImplementedError

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        """Estimated tokens of one line and per canonical role (see :func:`estimate_tokens`)."""
        return estimate_turn_tokens(self.turns(obj), self.chars_per_token)


_MISSING = object()


def check_string(
    obj: Mapping[str, Any],
    key: str,
    line: int,
    out: list[Finding],
    *,
    required: bool = False,
    empty: str | None = None,
) -> None:
    """Append the findings of a top-level string field: ``missing-key``, ``wrong-type``, ``empty-content``.

    Args:
        obj: the parsed line.
        key: the field.
        line: the line number.
        out: findings are appended here.
        required: a missing key is an error (else it is fine).
        empty: severity of a whitespace-only value, or None not to check it.
    """
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if required:
            out.append(Finding(line, "error", "missing-key", f"missing required key {key!r}"))
    elif not isinstance(value, str):
        out.append(Finding(line, "error", "wrong-type", f"{key} must be a string, not {type_name(value)}"))
    elif empty is not None and not value.strip():
        out.append(Finding(line, empty, "empty-content", f"{key} is empty"))


def required_array(
    obj: Mapping[str, Any],
    key: str,
    line: int,
    out: list[Finding],
    *,
    hint: str = "",
    allow_empty: bool = False,
) -> list[Any] | None:
    """The array under a required top-level key, or None after appending why there is none.

    Args:
        obj: the parsed line.
        key: the key (``messages``, ``conversations``, ``contents``).
        line: the line number.
        out: findings (``missing-key``, ``wrong-type``) are appended here.
        hint: added to the ``missing-key`` message.
        allow_empty: an empty array is returned rather than reported.
    """
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        out.append(Finding(line, "error", "missing-key", f"missing required key {key!r}{hint}"))
        return None
    if not isinstance(value, list):
        out.append(Finding(line, "error", "wrong-type", f"{key!r} must be an array, not {type_name(value)}"))
        return None
    if not value and not allow_empty:
        out.append(Finding(line, "error", "wrong-type", f"{key!r} is an empty array"))
        return None
    return value


def check_object(
    value: Any, where: str, keys: Collection[str], line: int, out: list[Finding], *, unknown: str = "error"
) -> bool:
    """Whether an array item is an object; appends ``wrong-type`` if not, else ``unknown-key`` findings.

    Args:
        value: the item.
        where: its path for messages (``messages[3]``).
        keys: the keys it may have.
        line: the line number.
        out: findings are appended here.
        unknown: severity of a key outside ``keys``.
    """
    if not isinstance(value, dict):
        out.append(Finding(line, "error", "wrong-type", f"{where} must be an object"))
        return False
    for key in value:
        if key not in keys:
            out.append(Finding(line, unknown, "unknown-key", f"{where} has unknown key {key_name(key)}"))
    return True


def is_text(value: Any) -> bool:
    """A non-empty string after trimming."""
    return isinstance(value, str) and bool(value.strip())


def type_name(value: Any) -> str:
    """The JSON type name of a parsed value (for messages that never quote the value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
