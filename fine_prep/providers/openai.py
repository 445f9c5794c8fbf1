"""OpenAI chat fine-tuning (supervised): ``{"messages": [...]}`` per line.

Rules from ``shared/reference/provider-formats.md`` §1: the OpenAPI schema objects
``FineTuneChatRequestInput`` / ``FineTuneChatCompletionRequestAssistantMessage`` [C] and the
cookbook's ``Chat_finetuning_data_prep`` checks (with its known gaps fixed: tool calls, ``weight``,
``content: null`` with calls). Token counts are exact, with the cookbook's counting rule, from the
offline ``bpe-openai`` tokenizer (tiktoken would download its BPE files).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import PROVIDERS, Limits
from fine_prep.providers.chat import SHAPE_CODES, MessagesProvider, MessagesRules

ROLES = frozenset({"system", "user", "assistant", "tool", "function"})
MESSAGE_KEYS = frozenset(
    {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal", "audio"}
)
RULES = MessagesRules(
    roles=ROLES,
    message_keys=MESSAGE_KEYS,
    top_keys=frozenset({"messages", "tools", "parallel_tool_calls", "functions"}),
    unknown_key_severity="error",  # additionalProperties: false in the OpenAPI schema [C]
    content_types=(str, list),  # content-part arrays are in the schema [C]
    weight=True,
    order=None,  # no documented alternation rule for SFT [U]
    top_types={"tools": list, "parallel_tool_calls": bool, "functions": list},
)


@functools.cache
def encoding(name: str) -> Any:
    """An offline tokenizer (Rust, from the ``bpe-openai`` package) with a ``count`` method."""
    from bpe_openai import _bindings

    return _bindings.tokenizer_for_encoding(name)


def count_text(text: str, enc_name: str) -> int:
    """Exact token count of one text (special-token strings count as ordinary text)."""
    enc = encoding(enc_name)
    try:
        return int(enc.count(text))
    except UnicodeEncodeError:  # lone surrogates: count them as the replacement character
        return int(enc.count(text.encode("utf-8", "replace").decode("utf-8")))


def chat_tokens(messages: list[Any], enc_name: str) -> tuple[int, dict[str, int]]:
    """Token count of a chat the way OpenAI's cookbook counts it: 3 per message, 3 to prime.

    Returns:
        The total and the tokens of each role's contents (without the per-message overhead).
    """
    total = 3
    per_role: dict[str, int] = {}
    for m in messages:
        if not isinstance(m, dict):
            continue
        total += 3
        role = m.get("role")
        if isinstance(role, str):
            total += _role_tokens(role, enc_name)
        content = m.get("content")
        if isinstance(content, str):
            n = count_text(content, enc_name)
            total += n
            if isinstance(role, str):
                per_role[role] = per_role.get(role, 0) + n
        name = m.get("name")
        if isinstance(name, str):
            total += count_text(name, enc_name) + 1
    return total, per_role


@functools.cache
def _role_tokens(role: str, enc_name: str) -> int:
    return count_text(role, enc_name)


class OpenAIProvider(MessagesProvider):
    """Writer and rules of OpenAI's chat fine-tuning format."""

    name = "openai"
    schema = "openai"
    exact_tokens = True
    shape_codes = SHAPE_CODES
    # min 10 [C]; 65,536 tokens per example for gpt-4o/4.1 [S] (truncated, cookbook [C]);
    # 512 MB per file via the Files API [C].
    limits = Limits(
        min_examples=10,
        min_examples_sure=True,
        max_tokens=65536,
        max_tokens_sure=False,
        max_file_mb=512,
        max_file_sure=True,
        truncates=True,
    )
    encoding_name = "o200k_base"
    rules = RULES

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        msgs = obj.get("messages")
        return chat_tokens(msgs if isinstance(msgs, list) else [], self.encoding_name)


PROVIDERS.add(OpenAIProvider.name, OpenAIProvider())
