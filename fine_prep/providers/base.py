"""What a provider is: a writer from canonical examples and the rules of its training format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from fine_prep.record import Example
from fine_prep.registry import Registry


class CannotExpress(ValueError):
    """The example cannot be written in this provider's format (the message says why)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of the gate: ``FILE:LINE: severity code message``.

    ``line`` is 0 for findings about the whole file. Messages never quote content.
    """

    line: int
    severity: str  # "error" | "warn" | "info"
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "severity": self.severity, "code": self.code, "message": self.message}


@runtime_checkable
class Provider(Protocol):
    """A provider's training format.

    Attributes:
        name: the ``--provider`` value.
        schema: name of its JSON Schema in ``schemas/`` (``<schema>.schema.json``).
        min_examples: the provider's minimum number of training examples (a config default).
        exact_tokens: token counts are exact (an offline copy of the provider's tokenizer),
            not an estimate.
    """

    name: str
    schema: str
    min_examples: int
    exact_tokens: bool

    def write(self, example: Example) -> dict[str, Any]:
        """One output line for one example.

        Raises:
            CannotExpress: the example does not fit this format.
        """
        ...

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        """Rules beyond the schema (role order, empty contents, weights) for one parsed line."""
        ...

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        """A provider-neutral view of a valid line: ``(role, text)`` with canonical role names."""
        ...

    def count_tokens(self, obj: Mapping[str, Any]) -> int:
        """Tokens of one line (exact if ``exact_tokens``, else an estimate)."""
        ...


PROVIDERS: Registry[Provider] = Registry("provider")
