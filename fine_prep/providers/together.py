"""Together AI fine-tuning: conversational, instruction, generic-text or preference lines.

Rules from ``shared/reference/provider-formats.md`` §6: ``together files check`` in
``togethercomputer/together-py`` (``lib/utils/files.py``) [C]: one format per line and per file,
no extra columns (conversational may add ``tools``), roles system/user/assistant/tool, weight 0/1,
at least one assistant message, prompt/completion strings, preference outputs of exactly one
assistant message. The docs also ask conversations to start with system or user and alternate
[C: docs], a rule the current SDK no longer checks, so it warns. Token counts are an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import (
    PROVIDERS,
    Finding,
    Limits,
    check_string,
    estimate_turn_tokens,
    is_text,
    key_name,
)
from fine_prep.providers.chat import (
    SHAPE_CODES,
    MessagesRules,
    alternating,
    check_messages,
    estimate_message_tokens,
    message_turns,
    write_messages,
)
from fine_prep.record import Example

ROLES = frozenset({"system", "user", "assistant", "tool"})
MESSAGE_KEYS = frozenset({"role", "content", "weight", "tool_calls", "tool_call_id", "name"})
RULES = MessagesRules(
    roles=ROLES,
    message_keys=MESSAGE_KEYS,
    top_keys=frozenset({"messages", "tools"}),
    unknown_key_severity="error",
    content_types=(str, list),
    weight=True,
    weight_roles=ROLES,  # the SDK checks weight on any message
    order=alternating,
    order_severity="warn",
    top_types={"tools": list},
)
# The keys that decide a line's format (files.py: "one format per line").
FORMATS = {
    "conversational": frozenset({"messages"}),
    "instruction": frozenset({"prompt", "completion"}),
    "text": frozenset({"text"}),
    "preference": frozenset({"input", "preferred_output", "non_preferred_output"}),
}
FORMAT_KEYS = {
    "conversational": frozenset({"messages", "tools"}),
    "instruction": frozenset({"prompt", "completion"}),
    "text": frozenset({"text"}),
    "preference": frozenset({"input", "preferred_output", "non_preferred_output"}),
}


def _formats(obj: Mapping[str, Any]) -> list[str]:
    """Every format whose required keys the line has."""
    return [name for name, keys in FORMATS.items() if keys <= obj.keys()]


def line_format(obj: Mapping[str, Any]) -> str | None:
    """The format a line is in, or None when it matches none or more than one."""
    found = _formats(obj)
    return found[0] if len(found) == 1 else None


class TogetherProvider:
    """Writer (conversational) and rules (every JSONL format) of Together AI fine-tuning."""

    name = "together"
    schema = "together"
    exact_tokens = False
    shape_codes = SHAPE_CODES | {"unknown-format"}
    # MIN_SAMPLES = 1 and 50.1 GB in the current SDK [C]; context cap model-specific [U].
    limits = Limits(
        min_examples=1,
        min_examples_sure=True,
        max_tokens=32768,
        max_file_mb=51302,
        max_file_sure=True,
        truncates=True,
    )

    def write(self, example: Example) -> dict[str, Any]:
        return write_messages(example, weights=True)

    def kind(self, obj: Mapping[str, Any]) -> str | None:
        """The line's format, for the gate's one-format-per-file rule."""
        return line_format(obj)

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        found = _formats(obj)
        if not found:
            return [
                Finding(
                    line,
                    "error",
                    "unknown-format",
                    "no known format: needs messages, prompt+completion, text, or a preference triple",
                )
            ]
        if len(found) > 1:
            return [
                Finding(line, "error", "unknown-format", f"matches more than one format: {', '.join(found)}")
            ]
        kind = found[0]
        if kind == "conversational":
            return check_messages(obj, line, RULES)
        out = [
            Finding(
                line, "error", "unknown-key", f"unknown top-level key {key_name(k)} for the {kind} format"
            )
            for k in obj
            if k not in FORMAT_KEYS[kind]
        ]
        if kind == "instruction":
            check_string(obj, "prompt", line, out)
            check_string(obj, "completion", line, out, empty="error")
        elif kind == "text":
            check_string(obj, "text", line, out, empty="error")
        else:
            out.extend(self._check_preference(obj, line))
        return out

    def _check_preference(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        inp = obj["input"]
        if not isinstance(inp, dict):
            return [Finding(line, "error", "wrong-type", "input must be an object with messages")]
        msgs = inp.get("messages")
        if not isinstance(msgs, list) or not msgs:
            out.append(Finding(line, "error", "missing-key", "input.messages must be a non-empty array"))
        elif isinstance(msgs[-1], dict) and msgs[-1].get("role") == "assistant":
            out.append(Finding(line, "error", "role-order", "the last input message must not be assistant"))
        for key in ("preferred_output", "non_preferred_output"):
            value = obj[key]
            if not isinstance(value, list):
                out.append(Finding(line, "error", "wrong-type", f"{key} must be an array"))
                continue
            if len(value) != 1 or not isinstance(value[0], dict) or value[0].get("role") != "assistant":
                out.append(
                    Finding(line, "error", "bad-preference", f"{key} must hold exactly one assistant message")
                )
            elif not is_text(value[0].get("content")):
                out.append(Finding(line, "error", "empty-content", f"{key}[0].content is empty"))
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        kind = line_format(obj)
        if kind == "conversational":
            return message_turns(obj)
        if kind == "instruction":
            return [
                (r, obj[k])
                for r, k in (("user", "prompt"), ("assistant", "completion"))
                if isinstance(obj[k], str)
            ]
        if kind == "text":
            return [("text", obj["text"])] if isinstance(obj["text"], str) else []
        if kind == "preference" and isinstance(obj["input"], dict):
            turns = message_turns(obj["input"])
            out = obj["preferred_output"]
            if (
                isinstance(out, list)
                and out
                and isinstance(out[0], dict)
                and isinstance(out[0].get("content"), str)
            ):
                turns.append(("assistant", out[0]["content"]))
            return turns
        return []

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        if line_format(obj) == "conversational":
            return estimate_message_tokens(obj)
        return estimate_turn_tokens(self.turns(obj))


PROVIDERS.add(TogetherProvider.name, TogetherProvider())
