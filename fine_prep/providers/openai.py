"""OpenAI chat fine-tuning (supervised): ``{"messages": [...]}`` per line.

Rules from ``shared/reference/provider-formats.md`` §1 (OpenAPI schema objects
``FineTuneChatRequestInput`` and the cookbook's ``Chat_finetuning_data_prep`` checks).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import PROVIDERS, CannotExpress, Finding
from fine_prep.record import Example

ROLES = ("system", "user", "assistant", "tool", "function")
MESSAGE_KEYS = frozenset(
    {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal", "audio"}
)


@functools.cache
def encoding(name: str) -> Any:
    """An offline tokenizer from the ``bpe-openai`` package (tiktoken would download)."""
    import bpe_openai

    return bpe_openai.get_encoding(name)


def chat_tokens(messages: list[Mapping[str, Any]], enc_name: str) -> int:
    """Token count of a chat the way OpenAI's cookbook counts it: 3 per message, 3 to prime."""
    enc = encoding(enc_name)
    total = 3
    for m in messages:
        total += 3
        for key in ("role", "content", "name"):
            value = m.get(key)
            if isinstance(value, str):
                total += len(enc.encode(value))
                if key == "name":
                    total += 1
    return total


class OpenAIProvider:
    """Writer and rules of OpenAI's chat fine-tuning format."""

    name = "openai"
    schema = "openai"
    min_examples = 10
    exact_tokens = True
    encoding_name = "o200k_base"

    def write(self, example: Example) -> dict[str, Any]:
        messages = [m.to_dict() for m in example.messages if m.content.strip()]
        if not any(m["role"] == "assistant" for m in messages):
            raise CannotExpress("no non-empty assistant message")
        return {"messages": messages}

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        messages = obj.get("messages")
        if not isinstance(messages, list) or not messages:
            return [Finding(line, "error", "missing-messages", "'messages' must be a non-empty list")]
        has_assistant = False
        for i, m in enumerate(messages):
            if not isinstance(m, Mapping):
                out.append(Finding(line, "error", "message-not-object", f"messages[{i}] is not an object"))
                continue
            role = m.get("role")
            if role not in ROLES:
                out.append(Finding(line, "error", "unknown-role", f"messages[{i}] has an unknown role"))
            unknown = sorted(set(m) - MESSAGE_KEYS)
            if unknown:
                out.append(
                    Finding(
                        line, "error", "unknown-key", f"messages[{i}] has unknown key(s) {', '.join(unknown)}"
                    )
                )
            content = m.get("content")
            calls = m.get("tool_calls") or m.get("function_call")
            if content is None and not calls:
                out.append(Finding(line, "error", "missing-content", f"messages[{i}] has no content"))
            elif isinstance(content, str) and not content.strip() and not calls:
                out.append(Finding(line, "error", "empty-content", f"messages[{i}] content is empty"))
            if "weight" in m:
                if role != "assistant":
                    out.append(
                        Finding(
                            line,
                            "error",
                            "bad-weight",
                            f"messages[{i}]: weight is only for assistant messages",
                        )
                    )
                elif m["weight"] not in (0, 1) or isinstance(m["weight"], bool):
                    out.append(Finding(line, "error", "bad-weight", f"messages[{i}]: weight must be 0 or 1"))
            if role == "system" and i != 0:
                out.append(
                    Finding(line, "warn", "system-not-first", f"messages[{i}]: system message is not first")
                )
            if role == "assistant" and (m.get("weight", 1) == 1):
                has_assistant = True
        if not any(isinstance(m, Mapping) and m.get("role") == "assistant" for m in messages):
            out.append(Finding(line, "error", "no-assistant", "no assistant message"))
        elif not has_assistant:
            out.append(Finding(line, "warn", "nothing-trained", "every assistant message has weight 0"))
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [
            (str(m.get("role")), m["content"])
            for m in obj.get("messages", [])
            if isinstance(m, Mapping) and isinstance(m.get("content"), str)
        ]

    def count_tokens(self, obj: Mapping[str, Any]) -> int:
        msgs = [m for m in obj.get("messages", []) if isinstance(m, Mapping)]
        return chat_tokens(msgs, self.encoding_name)


PROVIDERS.add(OpenAIProvider.name, OpenAIProvider())
