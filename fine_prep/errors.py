"""Exception classes; the class tells the scope and the exit code.

Library code raises these and never exits or prints; only the CLI turns them into exit codes
(a failed gate is a result, not an exception: `validate` returns it and the CLI exits 1).
Messages must never contain personal data from the input: name the file, line and rule, not
the value.
"""

from __future__ import annotations


class FinePrepError(Exception):
    """Base class of fine-prep's own errors."""

    exit_code = 2


class InputError(FinePrepError):
    """Bad usage or unreadable input (a file, a folder, a config): exit code 2."""

    exit_code = 2


class ConfigError(InputError):
    """A configuration file or option that cannot be used: exit code 2."""


class MissingDependency(InputError):
    """An optional dependency a stage needs is not installed."""

    def __init__(self, package: str, feature: str, extra: str | None = None) -> None:
        hint = f"pip install 'fine-prep[{extra}]'" if extra else f"pip install {package}"
        super().__init__(f"{feature} needs the package {package!r}: {hint}")
