"""Gemini supervised tuning on Vertex AI: ``{"contents": [...], "systemInstruction"?: {...}}``.

Rules from ``shared/reference/provider-formats.md`` §4 (Vertex AI pages
``gemini-supervised-tuning-prepare`` and ``gemini-supervised-tuning``) [C]: ``contents`` is an
array of Content (``role`` ``user`` or ``model``, ``parts`` of ``text`` or ``fileData``);
``assistant`` and ``system`` roles inside ``contents`` are a conversion bug; 131,072 tokens per
example (Gemini 2.5 Flash), at most 5,000 validation examples, 1 GB files [C]. Alternation and
"last turn is model" are not stated [U], so they warn; the older page's minimum of 16 examples
warns too. Token counts are an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import (
    PROVIDERS,
    EstimatedTokens,
    Finding,
    Limits,
    check_object,
    conversation,
    key_name,
    required_array,
)
from fine_prep.record import Example

SHAPE_CODES = frozenset({"missing-key", "wrong-type", "unknown-key", "unknown-role"})
TOP_KEYS = frozenset({"contents", "systemInstruction", "tools"})
ROLE_NAMES = {"user": "user", "model": "assistant"}


def _parts(value: Any, where: str, line: int, out: list[Finding]) -> None:
    if not isinstance(value, list):
        out.append(Finding(line, "error", "wrong-type", f"{where}.parts must be an array"))
        return
    if not value:
        out.append(Finding(line, "error", "wrong-type", f"{where}.parts is an empty array"))
    for j, p in enumerate(value):
        if not check_object(p, f"{where}.parts[{j}]", ("text", "fileData"), line, out):
            continue
        kinds = [k for k in ("text", "fileData") if k in p]
        if len(kinds) != 1:
            out.append(
                Finding(
                    line, "error", "missing-key", f"{where}.parts[{j}] needs exactly one of text, fileData"
                )
            )
        elif kinds[0] == "text":
            if not isinstance(p["text"], str):
                out.append(Finding(line, "error", "wrong-type", f"{where}.parts[{j}].text must be a string"))
            elif not p["text"].strip():
                out.append(Finding(line, "error", "empty-content", f"{where}.parts[{j}].text is empty"))
        elif not isinstance(p["fileData"], dict) or not {"mimeType", "fileUri"} <= p["fileData"].keys():
            out.append(
                Finding(
                    line, "error", "missing-key", f"{where}.parts[{j}].fileData needs mimeType and fileUri"
                )
            )


class VertexGeminiProvider(EstimatedTokens):
    """Writer and rules of Gemini supervised tuning data on Vertex AI."""

    name = "vertex-gemini"
    schema = "vertex-gemini"
    exact_tokens = False
    shape_codes = SHAPE_CODES
    limits = Limits(
        min_examples=16,
        max_tokens=131072,
        max_tokens_sure=True,
        max_file_mb=1024,
        max_file_sure=True,
        max_examples=1_000_000,
        max_validation_examples=5000,
        max_validation_file_mb=1024,
    )

    def write(self, example: Example) -> dict[str, Any]:
        system, turns = conversation(example)
        out: dict[str, Any] = {}
        if system is not None:
            out["systemInstruction"] = {"role": "system", "parts": [{"text": system}]}
        out["contents"] = [
            {"role": "user" if r == "user" else "model", "parts": [{"text": t}]} for r, t in turns
        ]
        return out

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        for key in obj:
            if key not in TOP_KEYS:
                hint = " (Gemini 2.x needs 'contents')" if key == "messages" else ""
                out.append(
                    Finding(line, "error", "unknown-key", f"unknown top-level key {key_name(key)}{hint}")
                )
        if "systemInstruction" in obj:
            si = obj["systemInstruction"]
            if not isinstance(si, dict):
                out.append(Finding(line, "error", "wrong-type", "systemInstruction must be an object"))
            elif "parts" not in si:
                out.append(Finding(line, "error", "missing-key", "systemInstruction has no 'parts'"))
            else:
                _parts(si["parts"], "systemInstruction", line, out)
        if "tools" in obj and not isinstance(obj["tools"], list):
            out.append(Finding(line, "error", "wrong-type", "tools must be an array"))
        contents = required_array(obj, "contents", line, out)
        if contents is None:
            return out
        roles: list[str] = []
        for i, c in enumerate(contents):
            where = f"contents[{i}]"
            if not check_object(c, where, ("role", "parts"), line, out):
                roles.append("?")
                continue
            role = c.get("role", "")
            if role not in ("user", "model", ""):  # empty only for single-turn data [C]
                hints = {"assistant": " (use 'model')", "system": " (use systemInstruction)"}
                hint = hints.get(role, "") if isinstance(role, str) else ""
                out.append(
                    Finding(line, "error", "unknown-role", f"{where}.role must be user or model{hint}")
                )
                role = "?"
            roles.append(role)
            if "parts" not in c:
                out.append(Finding(line, "error", "missing-key", f"{where} has no 'parts'"))
            else:
                _parts(c["parts"], where, line, out)
        if "?" not in roles:
            if len(roles) > 1 and "" in roles:
                out.append(
                    Finding(line, "error", "missing-role", "every turn of a multi-turn example needs a role")
                )
            elif roles[-1] == "user":
                out.append(Finding(line, "warn", "last-not-assistant", "the last turn is not a model turn"))
            if "model" not in roles and len(roles) > 1:
                out.append(Finding(line, "error", "no-assistant", "no model turn"))
            for i in range(1, len(roles)):
                if roles[i] == roles[i - 1] and roles[i]:
                    out.append(
                        Finding(
                            line,
                            "warn",
                            "role-order",
                            f"contents[{i}]: user and model turns should alternate",
                        )
                    )
                    break
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        si = obj.get("systemInstruction")
        if isinstance(si, dict):
            out.extend(("system", t) for t in _texts(si.get("parts")))
        contents = obj.get("contents")
        if isinstance(contents, list):
            for c in contents:
                if isinstance(c, dict):
                    raw = c.get("role")
                    role = ROLE_NAMES.get(raw, "user") if isinstance(raw, str) else "user"
                    out.extend((role, t) for t in _texts(c.get("parts")))
        return out


def _texts(parts: Any) -> list[str]:
    if not isinstance(parts, list):
        return []
    return [p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)]


PROVIDERS.add(VertexGeminiProvider.name, VertexGeminiProvider())
