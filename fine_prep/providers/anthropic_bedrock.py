"""Claude fine-tuning on Amazon Bedrock: ``{"system"?: str, "messages": [...]}`` per line.

Rules from ``shared/reference/provider-formats.md`` §3: the Anthropic cookbook
(``finetuning/finetuning_on_bedrock.ipynb``) and the AWS sample validator
(``bedrock-fine-tuning/claude-haiku/DataValidation/data_validation.py``) [C]: only ``system`` and
``messages`` at the top, messages of ``role`` + string ``content`` only, roles user/assistant, at
least two messages, first user, last assistant, strict alternation; 32-10,000 training and
32-1,000 validation records, train + validation at most 10,000; 32,000 tokens per record;
10 GB training / 1 GB validation files. Token counts are an estimate (the AWS sample divides
characters by 3; we count CJK characters one token each).
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

ROLES = ("user", "assistant")
SHAPE_CODES = frozenset({"missing-key", "wrong-type", "unknown-key", "unknown-role"})
CHARS_PER_TOKEN = 3.0  # the AWS sample validator's estimate


class AnthropicBedrockProvider(EstimatedTokens):
    """Writer and rules of Claude 3 Haiku fine-tuning on Bedrock."""

    name = "anthropic-bedrock"
    schema = "anthropic-bedrock"
    exact_tokens = False
    shape_codes = SHAPE_CODES
    limits = Limits(
        min_examples=32,
        min_examples_sure=True,
        max_examples=10000,
        max_tokens=32000,
        max_tokens_sure=True,
        max_file_mb=10240,
        max_file_sure=True,
        min_validation_examples=32,
        max_validation_examples=1000,
        max_validation_file_mb=1024,
        max_total_examples=10000,
    )
    chars_per_token = CHARS_PER_TOKEN

    def write(self, example: Example) -> dict[str, Any]:
        system, turns = conversation(example)
        out: dict[str, Any] = {}
        if system is not None:
            out["system"] = system
        out["messages"] = [{"role": r, "content": t} for r, t in turns]
        return out

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        for key in obj:
            if key not in ("system", "messages"):
                out.append(
                    Finding(
                        line,
                        "error",
                        "unknown-key",
                        f"unknown top-level key {key_name(key)} (only system, messages)",
                    )
                )
        check_string(obj, "system", line, out, empty="warn")
        msgs = required_array(obj, "messages", line, out, allow_empty=True)
        if msgs is None:
            return out
        if len(msgs) < 2:
            out.append(
                Finding(
                    line, "error", "wrong-type", "'messages' needs at least two messages (user, assistant)"
                )
            )
        roles: list[str] = []
        for i, m in enumerate(msgs):
            if not check_object(m, f"messages[{i}]", ("role", "content"), line, out):
                roles.append("?")
                continue
            role = m.get("role")
            if "role" not in m:
                out.append(Finding(line, "error", "missing-key", f"messages[{i}] has no 'role'"))
                role = "?"
            elif role not in ROLES:
                hint = " (put the system prompt in the top-level 'system')" if role == "system" else ""
                out.append(
                    Finding(
                        line, "error", "unknown-role", f"messages[{i}].role must be user or assistant{hint}"
                    )
                )
                role = "?"
            roles.append(role)  # type: ignore[arg-type]
            if "content" not in m:
                out.append(Finding(line, "error", "missing-key", f"messages[{i}] has no 'content'"))
            elif not isinstance(m["content"], str):
                out.append(Finding(line, "error", "wrong-type", f"messages[{i}].content must be a string"))
            elif not m["content"].strip():
                out.append(Finding(line, "error", "empty-content", f"messages[{i}].content is empty"))
        if roles and "?" not in roles:
            if roles[0] != "user":
                out.append(Finding(line, "error", "first-not-user", "the first message must be user"))
            if roles[-1] != "assistant":
                out.append(Finding(line, "error", "last-not-assistant", "the last message must be assistant"))
            for i in range(1, len(roles)):
                if roles[i] == roles[i - 1]:
                    out.append(Finding(line, "error", "role-order", f"messages[{i}]: roles must alternate"))
                    break
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        out = []
        if isinstance(obj.get("system"), str):
            out.append(("system", obj["system"]))
        msgs = obj.get("messages")
        if isinstance(msgs, list):
            out.extend(
                (m["role"], m["content"])
                for m in msgs
                if isinstance(m, dict)
                and isinstance(m.get("role"), str)
                and isinstance(m.get("content"), str)
            )
        return out


PROVIDERS.add(AnthropicBedrockProvider.name, AnthropicBedrockProvider())
