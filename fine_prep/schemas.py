"""Find and load the JSON Schemas of ``schemas/``, in a checkout and in an installed package."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator


def schema_dir() -> Path:
    """The folder holding the schemas.

    An installed wheel carries them as ``fine_prep/schemas`` (see pyproject's force-include);
    a checkout or editable install reads the top-level ``schemas/``.
    """
    packaged = Path(str(resources.files("fine_prep"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "schemas"


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """Load ``schemas/<name>.schema.json``.

    Raises:
        FileNotFoundError: no such schema.
    """
    path = schema_dir() / f"{name}.schema.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """A compiled validator for one schema (cached)."""
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


_KEY_NAME = re.compile(r"[A-Za-z_$@][A-Za-z0-9_.$-]{0,63}")


def key_name(key: str) -> str:
    """A key for a message: quoted if it looks like a field name, else only its length.

    Keys come from the file, and a malformed line may use content (a phone number, a sentence)
    as a key; findings never quote content.
    """
    return repr(key) if _KEY_NAME.fullmatch(key) else f"of {len(key)} characters"


def _path_part(part: object) -> str:
    if isinstance(part, str) and not _KEY_NAME.fullmatch(part):
        return f"<key of {len(part)} characters>"
    return str(part)


def schema_errors(name: str, obj: Any, limit: int = 5) -> list[str]:
    """Human-readable schema violations of ``obj``, each naming the JSON path, never the value."""
    out = []
    for err in validator(name).iter_errors(obj):
        where = "/".join(_path_part(p) for p in err.absolute_path)
        where = where or "(top level)"
        out.append(f"{where}: {_describe(err)}")
        if len(out) >= limit:
            break
    return out


def _describe(err: Any) -> str:
    # jsonschema's own messages quote the offending value; say which rule failed instead.
    if err.validator == "required":
        missing = [k for k in err.validator_value if k not in (err.instance or {})]
        return f"missing required key(s) {', '.join(missing)}"
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"unknown key(s) {', '.join(key_name(k) for k in extra)}"
    if err.validator in ("enum", "const"):
        return f"value not allowed (expected {err.validator_value})"
    if err.validator == "type":
        return f"expected type {err.validator_value}"
    return f"fails rule {err.validator!r}"
