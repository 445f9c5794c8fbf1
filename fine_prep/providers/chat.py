"""Rules shared by the ``{"messages": [{"role", "content"}, ...]}`` formats.

OpenAI, Mistral, Together and TRL's conversational format share one line shape and differ in
allowed keys, roles, ordering rules and how sure the sources are. :class:`MessagesRules` holds
those differences; :func:`check_messages` is the hand-written, per-line fast path of the gate.
Sources: ``shared/reference/provider-formats.md`` §1 (OpenAI), §5 (Mistral), §6 (Together),
§7 (TRL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fine_prep.providers.base import (
    Finding,
    conversation,
    estimate_turn_tokens,
    key_name,
    required_array,
    train_last_only,
    type_name,
)
from fine_prep.record import Example

#: Codes of findings that the messages schemas express too (see providers/base.py).
SHAPE_CODES = frozenset({"missing-key", "wrong-type", "unknown-key", "unknown-role", "bad-weight"})

_MISSING = object()
_PLAIN = frozenset({"system", "user", "assistant"})  # roles with no extra required keys


@dataclass(frozen=True)
class MessagesRules:
    """What one ``messages`` format allows.

    Attributes:
        roles: allowed ``role`` values.
        message_keys: allowed keys of a message.
        top_keys: allowed top-level keys (``messages`` included).
        unknown_key_severity: ``error`` where the provider rejects extra keys, else ``warn``.
        content_types: JSON types ``content`` may have (``null`` only with tool calls).
        weight: messages may carry ``weight`` 0/1 (assistant messages only).
        order: a function ``(roles) -> (index, message) | None`` naming the first illegal turn.
        order_severity: severity of a role-order finding.
        last_assistant: severity when the last message is not an assistant message (or None).
    """

    roles: frozenset[str]
    message_keys: frozenset[str]
    top_keys: frozenset[str]
    unknown_key_severity: str = "error"
    content_types: tuple[type, ...] = (str,)
    weight: bool = True
    order: Callable[[list[str]], tuple[int, str] | None] | None = None
    order_severity: str = "warn"
    last_assistant: str | None = None
    max_systems: int = 0  # 0 = any number
    weight_roles: frozenset[str] = frozenset({"assistant"})
    call_id_pattern: re.Pattern[str] | None = None  # Mistral v3: 9 alphanumerics
    top_types: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)


def check_messages(
    obj: Mapping[str, Any], line: int, rules: MessagesRules, turns: list[tuple[str, str]] | None = None
) -> list[Finding]:
    """Every rule of a ``messages`` line; schema-expressible ones use :data:`SHAPE_CODES`.

    Args:
        obj: the parsed line.
        line: its line number.
        rules: the format's rules.
        turns: if given, ``(role, text)`` of every message with string role and content is
            appended (what :func:`message_turns` returns), saving the gate a second pass.
    """
    out: list[Finding] = []
    if len(obj) > 1 or not rules.top_keys.issuperset(obj):
        for key in obj:
            if key not in rules.top_keys:
                out.append(
                    Finding(
                        line,
                        rules.unknown_key_severity,
                        "unknown-key",
                        f"unknown top-level key {key_name(key)}",
                    )
                )
        for key, types in rules.top_types.items():
            value = obj.get(key, _MISSING)
            if value is not _MISSING and not isinstance(value, types):
                out.append(Finding(line, "error", "wrong-type", f"{key} must be {_names(types)}"))
    messages = required_array(obj, "messages", line, out)
    if messages is None:
        return out
    roles: list[str] = []
    call_ids: set[str] = set()
    trained = False
    has_assistant = False
    systems = 0
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            out.append(
                Finding(line, "error", "wrong-type", f"messages[{i}] must be an object, not {type_name(m)}")
            )
            roles.append("?")
            continue
        role = m.get("role", _MISSING)
        content = m.get("content", _MISSING)
        if (
            len(m) == 2
            and type(content) is str
            and type(role) is str
            and role in _PLAIN
            and role in rules.roles
        ):
            # Fast path for the common message {"role", "content"}: same rules, fewer lookups.
            if turns is not None:
                turns.append((role, content))
            if not content or content.isspace():
                out.append(Finding(line, "error", "empty-content", f"messages[{i}].content is empty"))
            roles.append(role)
            if role == "assistant":
                has_assistant = trained = True
            elif role == "system":
                systems += 1
                if i != 0:
                    out.append(
                        Finding(
                            line, "warn", "system-not-first", f"messages[{i}]: system message is not first"
                        )
                    )
            continue
        if turns is not None and type(content) is str and type(role) is str:
            turns.append((role, content))
        if role is _MISSING:
            out.append(Finding(line, "error", "missing-key", f"messages[{i}] has no 'role'"))
            role = "?"
        elif not isinstance(role, str) or role not in rules.roles:
            out.append(
                Finding(
                    line,
                    "error",
                    "unknown-role",
                    f"messages[{i}].role must be one of {', '.join(sorted(rules.roles))}",
                )
            )
            role = "?"
        roles.append(role)
        for key in m:
            if key not in rules.message_keys:
                out.append(
                    Finding(
                        line,
                        rules.unknown_key_severity,
                        "unknown-key",
                        f"messages[{i}] has unknown key {key_name(key)}",
                    )
                )
        calls = m.get("tool_calls") or m.get("function_call")
        if content is not _MISSING and content is not None and not isinstance(content, rules.content_types):
            out.append(
                Finding(
                    line,
                    "error",
                    "wrong-type",
                    f"messages[{i}].content must be {_names(rules.content_types)}",
                )
            )
        elif content is _MISSING or content is None:
            if not calls:
                out.append(Finding(line, "error", "missing-content", f"messages[{i}] has no content"))
        elif isinstance(content, str):
            if not content.strip() and not calls:
                out.append(Finding(line, "error", "empty-content", f"messages[{i}].content is empty"))
        elif isinstance(content, list):
            if not content:
                out.append(
                    Finding(line, "error", "empty-content", f"messages[{i}].content is an empty array")
                )
            else:
                out.append(
                    Finding(line, "info", "content-parts", f"messages[{i}].content is an array of parts")
                )
        _check_message_fields(m, i, line, role, rules, out, call_ids)
        if role == "system":
            systems += 1
            if i != 0:
                out.append(
                    Finding(line, "warn", "system-not-first", f"messages[{i}]: system message is not first")
                )
        elif role == "assistant":
            has_assistant = True
            if m.get("weight", 1) != 0:
                trained = True
    if rules.max_systems and systems > rules.max_systems:
        out.append(
            Finding(
                line, "error", "multiple-system", f"{systems} system messages, at most {rules.max_systems}"
            )
        )
    if not has_assistant:
        out.append(Finding(line, "error", "no-assistant", "no assistant message"))
    elif not trained:
        out.append(Finding(line, "warn", "nothing-trained", "every assistant message has weight 0"))
    if rules.last_assistant and roles[-1] != "assistant" and has_assistant:
        out.append(
            Finding(
                line,
                rules.last_assistant,
                "last-not-assistant",
                "the last message is not an assistant message",
            )
        )
    if rules.order is not None and "?" not in roles:
        bad = rules.order(roles)
        if bad is not None:
            out.append(Finding(line, rules.order_severity, "role-order", f"messages[{bad[0]}]: {bad[1]}"))
    return out


def _check_message_fields(
    m: Mapping[str, Any],
    i: int,
    line: int,
    role: str,
    rules: MessagesRules,
    out: list[Finding],
    call_ids: set[str],
) -> None:
    if "weight" in m and "weight" in rules.message_keys:
        w = m["weight"]
        if isinstance(w, bool) or w not in (0, 1):
            out.append(Finding(line, "error", "bad-weight", f"messages[{i}].weight must be 0 or 1"))
        elif role not in rules.weight_roles and role != "?":
            out.append(
                Finding(
                    line,
                    "error",
                    "weight-not-assistant",
                    f"messages[{i}]: weight is only for assistant messages",
                )
            )
    name = m.get("name", _MISSING)
    if name is not _MISSING and "name" in rules.message_keys and not isinstance(name, str):
        out.append(Finding(line, "error", "wrong-type", f"messages[{i}].name must be a string"))
    calls = m.get("tool_calls", _MISSING)
    if calls is not _MISSING and "tool_calls" in rules.message_keys:
        if not isinstance(calls, list):
            out.append(Finding(line, "error", "wrong-type", f"messages[{i}].tool_calls must be an array"))
        elif role not in ("assistant", "?"):
            out.append(
                Finding(
                    line,
                    "error",
                    "tool-calls-not-assistant",
                    f"messages[{i}]: only assistant messages call tools",
                )
            )
        else:
            _check_calls(calls, i, line, rules, out, call_ids)
    tid = m.get("tool_call_id", _MISSING)
    if tid is not _MISSING and "tool_call_id" in rules.message_keys and not isinstance(tid, str):
        out.append(Finding(line, "error", "wrong-type", f"messages[{i}].tool_call_id must be a string"))
    if role == "tool" and isinstance(tid, str) and tid not in call_ids:
        # OpenAI: "a string matching an earlier call id"; mistral-common: no more tool answers
        # than calls (provider-formats §1.1, §5.3).
        out.append(
            Finding(
                line, "error", "unknown-tool-call-id", f"messages[{i}]: tool_call_id matches no earlier call"
            )
        )
    if role == "tool" and tid is _MISSING:
        out.append(
            Finding(
                line, "error", "missing-tool-call-id", f"messages[{i}]: a tool message needs tool_call_id"
            )
        )
    fc = m.get("function_call", _MISSING)
    if fc is not _MISSING and "function_call" in rules.message_keys and not isinstance(fc, dict):
        out.append(Finding(line, "error", "wrong-type", f"messages[{i}].function_call must be an object"))


def _check_calls(
    calls: list[Any], i: int, line: int, rules: MessagesRules, out: list[Finding], call_ids: set[str]
) -> None:
    """Each call is ``{id, type?, function: {name, arguments}}`` with ``arguments`` a JSON string.

    Sources: OpenAI's fine-tune assistant message schema and mistral-common's ``ToolCall``
    (provider-formats §1.1, §5.1, §5.3: arguments must be a string; names ``[A-Za-z0-9_-]{1,64}``).
    """
    for j, call in enumerate(calls):
        where = f"messages[{i}].tool_calls[{j}]"
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict):
            out.append(Finding(line, "error", "bad-tool-call", f"{where} needs a 'function' object"))
            continue
        name = fn.get("name")
        if not isinstance(name, str) or not _TOOL_NAME.fullmatch(name):
            out.append(
                Finding(
                    line, "error", "bad-tool-call", f"{where}.function.name must match [A-Za-z0-9_-]{{1,64}}"
                )
            )
        args = fn.get("arguments")
        if not isinstance(args, str):
            out.append(
                Finding(line, "error", "bad-tool-call", f"{where}.function.arguments must be a JSON string")
            )
        else:
            try:
                json.loads(args)
            except ValueError:
                out.append(
                    Finding(line, "error", "bad-tool-call", f"{where}.function.arguments is not valid JSON")
                )
        cid = call.get("id")
        if isinstance(cid, str):
            call_ids.add(cid)
            if rules.call_id_pattern is not None and not rules.call_id_pattern.fullmatch(cid):
                out.append(
                    Finding(
                        line,
                        "warn",
                        "tool-call-id-format",
                        f"{where}.id is not 9 letters/digits (Mistral v3)",
                    )
                )
        else:
            out.append(Finding(line, "error", "bad-tool-call", f"{where} needs an 'id' string"))


_TOOL_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _names(types: type | tuple[type, ...]) -> str:
    seq = types if isinstance(types, tuple) else (types,)
    names = {str: "a string", list: "an array", dict: "an object", bool: "a boolean"}
    return " or ".join(names.get(t, t.__name__) for t in seq)


# ---------------------------------------------------------------------------- ordering rules


def alternating(roles: list[str]) -> tuple[int, str] | None:
    """Optional system first, then ``user``, then strict user/assistant alternation.

    Together's data-preparation page [C] and many chat templates (TRL) ask for this.
    """
    expect = "user"
    for i, role in enumerate(roles):
        if role == "system":
            if i != 0:
                return i, "system may only come first"
            continue
        if role == "tool":
            return None  # tool-calling conversations follow their own order
        if role != expect:
            return i, f"expected {expect} (roles must alternate, starting with user)"
        expect = "assistant" if role == "user" else "user"
    return None


# mistral-common validator in fine-tuning mode (provider-formats §5.3): allowed next roles.
_MISTRAL_NEXT = {
    "system": {"user", "assistant", "system"},
    "user": {"assistant", "system", "user"},
    "assistant": {"assistant", "user", "tool"},
    "tool": {"assistant", "tool"},
}


def mistral_order(roles: list[str]) -> tuple[int, str] | None:
    """Mistral's role-transition table (mistral-common ``validator.py``, fine-tuning mode)."""
    for i in range(1, len(roles)):
        if roles[i] not in _MISTRAL_NEXT.get(roles[i - 1], set()):
            return i, f"{roles[i]} may not follow {roles[i - 1]}"
    return None


# ---------------------------------------------------------------------------- writing, views


def write_messages(example: Example, weights: bool) -> dict[str, Any]:
    """The ``messages`` line of an example (strictest common shape, see base.conversation).

    Args:
        example: the canonical example.
        weights: the format has per-message ``weight``; with ``meta.loss == "last"`` earlier
            assistant turns get ``weight: 0``.
    """
    system, turns = conversation(example)
    messages: list[dict[str, Any]] = []
    if system is not None:
        messages.append({"role": "system", "content": system})
    last = len(turns) - 1
    zero_early = weights and train_last_only(example)
    for i, (role, text) in enumerate(turns):
        msg: dict[str, Any] = {"role": role, "content": text}
        if zero_early and role == "assistant" and i != last:
            msg["weight"] = 0
        messages.append(msg)
    return {"messages": messages}


def message_turns(obj: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(role, text)`` of every message with string content."""
    msgs = obj.get("messages")
    if type(msgs) is not list:
        return []
    out = []
    for m in msgs:
        if type(m) is dict:
            role = m.get("role")
            content = m.get("content")
            if type(content) is str and type(role) is str:
                out.append((role, content))
    return out


def estimate_message_tokens(
    obj: Mapping[str, Any], chars_per_token: float = 4.0
) -> tuple[int, dict[str, int]]:
    """An estimate for formats without an offline tokenizer: text estimate + 4 per message."""
    return estimate_turn_tokens(message_turns(obj), chars_per_token, per_turn=4)


class MessagesProvider:
    """Mixin: a provider's methods for a plain ``messages`` format, from its :class:`MessagesRules`.

    A provider class sets ``rules`` (its ``weight`` also decides whether the writer sets
    ``weight: 0``) and overrides what differs (OpenAI counts tokens exactly, Mistral adds rules).
    """

    rules: MessagesRules

    def write(self, example: Example) -> dict[str, Any]:
        return write_messages(example, weights=self.rules.weight)

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        return check_messages(obj, line, self.rules)

    def check_turns(self, obj: Mapping[str, Any], line: int) -> tuple[list[Finding], list[tuple[str, str]]]:
        """:meth:`check` and :meth:`turns` in one pass (the gate's fast path)."""
        turns: list[tuple[str, str]] = []
        return check_messages(obj, line, self.rules, turns), turns

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        return message_turns(obj)

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        return estimate_message_tokens(obj)
