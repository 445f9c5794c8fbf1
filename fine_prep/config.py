"""Configuration: one frozen dataclass per section, merged from defaults, a TOML file and flags.

Each stage module declares its own section with :func:`section`::

    @section("dedup")
    @dataclass(frozen=True)
    class DedupConfig:
        threshold: float = setting(0.8, "Jaccard similarity above which two examples are near-duplicates.")

Precedence: dataclass defaults, then ``fine-prep.toml`` (``--config``), then the flags the user
typed. Values are validated once, here; an unknown key or a wrong type is a :class:`ConfigError`
naming the key. ``fine-prep.example.toml`` is generated from these declarations.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar, Union

from fine_prep.errors import ConfigError
from fine_prep.registry import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECTIONS: Registry[type] = Registry("config section")
T = TypeVar("T")


SECRET = "(set; not shown)"


def setting(default: Any, help: str, *, choices: tuple[str, ...] | None = None, secret: bool = False) -> Any:
    """A dataclass field with help text (and optional allowed values) for docs and validation.

    ``secret`` settings (a salt) are shown as ``SECRET`` by ``Config.to_dict(hide_secrets=True)``,
    which is what the manifest and ``fine-prep config`` print.
    """
    meta = {"help": help, "choices": choices, "secret": secret}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple or a types.MappingProxyType for mutable defaults")
    return field(default=default, metadata=meta)


def section(name: str) -> Any:
    """Class decorator registering a frozen dataclass as the config section ``[name]``."""

    def deco(cls: type[T]) -> type[T]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"config section {name!r} must be a dataclass")
        cls.section_name = name  # type: ignore[attr-defined]
        SECTIONS.add(name, cls)
        return cls

    return deco


@section("dataset")
@dataclass(frozen=True)
class DatasetConfig:
    """What the dataset is: its voice and its languages."""

    system_prompt: str = setting(
        "",
        "System message added to every example that has none (the assistant's role in the "
        "business's voice). Empty: none is added.",
    )
    languages: tuple[str, ...] = setting(
        (),
        "Target languages of the dataset, as tags such as 'en', 'zh-Hant', 'yue'. "
        "Empty: whatever the data holds.",
    )


@section("run")
@dataclass(frozen=True)
class RunConfig:
    """How stages are run."""

    workers: int = setting(0, "Worker processes for per-example stages; 0 means one per core.")
    batch_size: int = setting(256, "Examples per batch handed to a stage.")
    provider: str = setting("openai", "Provider format written by export and run.")
    val_fraction: float = setting(0.1, "Share of examples (by group) put in validation.jsonl.")
    seed: int = setting(13, "Seed of the train/validation split.")


@dataclass(frozen=True)
class Config:
    """The resolved configuration: one instance per registered section."""

    sections: Mapping[str, Any]
    path: str | None = None

    def get(self, cls: type[T]) -> T:
        """The instance of a section class."""
        name = cls.section_name  # type: ignore[attr-defined]
        value = self.sections.get(name)
        if value is None:
            value = cls()
        return value  # type: ignore[no-any-return]

    def to_dict(self, hide_secrets: bool = False) -> dict[str, dict[str, Any]]:
        """Plain data (workers rebuild their config from it); ``hide_secrets`` for what is
        written or printed (manifest.json, ``fine-prep config``)."""
        out: dict[str, dict[str, Any]] = {}
        for name in sorted(self.sections):
            inst = self.sections[name]
            out[name] = {
                f.name: SECRET
                if hide_secrets and f.metadata.get("secret") and getattr(inst, f.name)
                else _plain(getattr(inst, f.name))
                for f in fields(inst)
            }
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def load_builtins() -> None:
    """Import fine-prep's built-in stages, adapters and providers so their sections register."""
    from fine_prep import plugins

    plugins.load_all()


def load_config(
    path: str | Path | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Config:
    """Resolve the configuration.

    Args:
        path: a ``fine-prep.toml``; ``None`` means defaults only.
        overrides: ``{section: {key: value}}`` from the flags the user typed (``None`` values
            are ignored, so unset flags never override the file).

    Raises:
        ConfigError: the file cannot be read or parsed, or a key is unknown or of the wrong type.
    """
    load_builtins()
    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        try:
            with p.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such config file") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    where = str(path) if path is not None else "config"
    merged: dict[str, dict[str, Any]] = {}
    for name, values in data.items():
        if name not in SECTIONS:
            raise ConfigError(f"{where}: unknown section [{name}] (known: {', '.join(SECTIONS.names())})")
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: [{name}] must be a table")
        merged[name] = dict(values)
    for name, values in (overrides or {}).items():
        for key, value in values.items():
            if value is not None:
                merged.setdefault(name, {})[key] = value
    built: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        built[name] = build_section(cls, merged.get(name, {}), where)
    return Config(types.MappingProxyType(built), str(path) if path is not None else None)


def build_section(cls: type[T], values: Mapping[str, Any], where: str = "config") -> T:
    """Validate and coerce ``values`` into an instance of a section class.

    Raises:
        ConfigError: unknown key or wrong type, naming ``[section].key``.
    """
    name = cls.section_name  # type: ignore[attr-defined]
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key [{name}].{key} (known: {', '.join(sorted(known))})")
        label = f"[{name}].{key}"
        try:
            coerced = coerce(value, hints[key])
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {label}: {exc}") from None
        choices = known[key].metadata.get("choices")
        if choices:
            items = coerced if isinstance(coerced, tuple) else (coerced,)
            bad = [c for c in items if c not in choices]
            if bad:
                raise ConfigError(f"{where}: {label}: {bad[0]!r} is not one of {', '.join(choices)}")
        kwargs[key] = coerced
    return cls(**kwargs)


def coerce(value: Any, hint: Any) -> Any:
    """Check ``value`` against a type hint, converting lists to tuples and dicts to read-only maps.

    Raises:
        TypeError: the value does not fit.
    """
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return coerce(value, arg)
            except TypeError as exc:
                errors.append(str(exc))
        raise TypeError(" or ".join(errors))
    if hint is Any:
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise TypeError(f"expected true or false, got {_kind(value)}")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise TypeError(f"expected a whole number, got {_kind(value)}")
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise TypeError(f"expected a number, got {_kind(value)}")
    if hint is str:
        if isinstance(value, str):
            return value
        raise TypeError(f"expected a string, got {_kind(value)}")
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, got {_kind(value)}")
        item = args[0] if args else Any
        return tuple(coerce(v, item) for v in value)
    if origin in (Mapping, dict) or hint in (dict, Mapping):
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a table, got {_kind(value)}")
        vt = args[1] if len(args) == 2 else Any
        return types.MappingProxyType({str(k): coerce(v, vt) for k, v in value.items()})
    raise TypeError(f"unsupported setting type {hint!r}")


def _kind(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a whole number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def example_toml() -> str:
    """The text of ``fine-prep.example.toml``: every section and key, its default and help."""
    import textwrap

    load_builtins()
    out = [
        "# fine-prep.toml: every setting, with its default. Pass it with --config;",
        "# flags typed on the command line win over this file.",
        "# Generated by `fine-prep config --example`; keep in sync (a test checks).",
        "",
    ]
    for name, cls in SECTIONS.items():
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        out.append(f"[{name}]")
        out.append(f"# {doc}")
        hints = typing.get_type_hints(cls)
        for f in fields(cls):  # type: ignore[arg-type]
            for line in textwrap.wrap(f.metadata.get("help", ""), 94):
                out.append(f"# {line}")
            if f.metadata.get("choices"):
                out.append(f"# One of: {', '.join(f.metadata['choices'])}")
            out.append(f"{f.name} = {_toml_value(f.default, hints[f.name])}")
        out.append("")
    return "\n".join(out)


def _toml_value(value: Any, hint: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v, None) for v in value) + "]"
    if isinstance(value, Mapping):
        items = ", ".join(f"{json.dumps(k)} = {_toml_value(v, None)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if value is None:
        return '""  # unset'
    return json.dumps(str(value))
