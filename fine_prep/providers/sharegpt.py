"""ShareGPT conversations: ``{"conversations": [{"from", "value"}], "system"?, "tools"?}``.

Rules from ``shared/reference/provider-formats.md`` §9 (``hiyouga/LLaMA-Factory`` ``data/README.md``)
[C]: ``from`` is human, gpt, system, function_call or observation; human/observation turns sit at
odd positions and gpt/function_call turns at even ones, so a conversation starts with the human
side and ends with the model side. ``system`` and ``tools`` are optional strings; FastChat-era
files carry an ``id`` [U]. Unknown keys only warn (tags are remappable). Token counts are an
estimate; the length cap is the trainer's (2048 assumed [U]).
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
    check_string,
    conversation,
    key_name,
    required_array,
)
from fine_prep.record import Example

FROM = frozenset({"human", "gpt", "system", "function_call", "observation"})
HUMAN_SIDE = frozenset({"human", "observation"})
MODEL_SIDE = frozenset({"gpt", "function_call"})
ROLE_NAMES = {
    "human": "user",
    "gpt": "assistant",
    "system": "system",
    "function_call": "assistant",
    "observation": "tool",
}
TOP_KEYS = frozenset({"conversations", "system", "tools", "id"})
SHAPE_CODES = frozenset({"missing-key", "wrong-type", "unknown-role"})


class ShareGPTProvider(EstimatedTokens):
    """Writer and rules of ShareGPT-style conversations (LLaMA-Factory's reading)."""

    name = "sharegpt"
    schema = "sharegpt"
    exact_tokens = False
    shape_codes = SHAPE_CODES
    limits = Limits(max_tokens=2048, truncates=True)

    def write(self, example: Example) -> dict[str, Any]:
        system, turns = conversation(example)
        out: dict[str, Any] = {
            "conversations": [{"from": "human" if r == "user" else "gpt", "value": t} for r, t in turns]
        }
        if system is not None:
            out["system"] = system
        return out

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        for key in obj:
            if key not in TOP_KEYS:
                out.append(Finding(line, "warn", "unknown-key", f"unknown top-level key {key_name(key)}"))
        for key in ("system", "tools"):
            check_string(obj, key, line, out)
        hint = " (OpenAI-style 'messages' needs --provider hf-messages)" if "messages" in obj else ""
        conv = required_array(obj, "conversations", line, out, hint=hint)
        if conv is None:
            return out
        sides: list[str] = []
        for i, turn in enumerate(conv):
            if not check_object(turn, f"conversations[{i}]", ("from", "value"), line, out, unknown="warn"):
                sides.append("?")
                continue
            who = turn.get("from")
            if "from" not in turn:
                out.append(Finding(line, "error", "missing-key", f"conversations[{i}] has no 'from'"))
                who = "?"
            elif not isinstance(who, str) or who not in FROM:
                hint = " (use human/gpt)" if who in ("user", "assistant") else ""
                out.append(
                    Finding(
                        line, "error", "unknown-role", f"conversations[{i}].from is not a ShareGPT role{hint}"
                    )
                )
                who = "?"
            if "value" not in turn:
                out.append(Finding(line, "error", "missing-key", f"conversations[{i}] has no 'value'"))
            elif not isinstance(turn["value"], str):
                out.append(Finding(line, "error", "wrong-type", f"conversations[{i}].value must be a string"))
            elif not turn["value"].strip():
                out.append(Finding(line, "error", "empty-content", f"conversations[{i}].value is empty"))
            sides.append(who)
        if "?" not in sides:
            body = sides[1:] if sides[0] == "system" else sides
            offset = len(sides) - len(body)
            for i, who in enumerate(body):
                want = HUMAN_SIDE if i % 2 == 0 else MODEL_SIDE
                if who not in want:
                    side = "human/observation" if i % 2 == 0 else "gpt/function_call"
                    out.append(
                        Finding(line, "error", "role-order", f"conversations[{i + offset}]: expected {side}")
                    )
                    break
            else:
                if not body or len(body) % 2:
                    out.append(
                        Finding(
                            line, "error", "last-not-assistant", "the last turn must be gpt or function_call"
                        )
                    )
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if isinstance(obj.get("system"), str):
            out.append(("system", obj["system"]))
        conv = obj.get("conversations")
        if isinstance(conv, list):
            for t in conv:
                if isinstance(t, dict) and isinstance(t.get("value"), str) and isinstance(t.get("from"), str):
                    who: str = t["from"]
                    out.append((ROLE_NAMES.get(who, who), t["value"]))
        return out


PROVIDERS.add(ShareGPTProvider.name, ShareGPTProvider())
