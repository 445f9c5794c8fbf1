"""Hugging Face TRL ``SFTTrainer``, conversational language modelling: ``{"messages": [...]}``.

Rules from ``shared/reference/provider-formats.md`` §7 (TRL ``dataset_formats`` and
``sft_trainer`` docs, ``sft_config.py``) [C]: roles system/user/assistant (tool turns depend on the
chat template [U]); ``max_length`` defaults to 1024 and longer examples are truncated [C]. Extra
columns do not break ``datasets`` loading, so unknown keys only warn; many chat templates insist
on user/assistant alternation, so a broken order warns. Token counts are an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import PROVIDERS, Finding, Limits
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

RULES = MessagesRules(
    roles=frozenset({"system", "user", "assistant", "tool"}),
    message_keys=frozenset({"role", "content", "name", "tool_calls", "tool_call_id"}),
    top_keys=frozenset({"messages", "tools"}),
    unknown_key_severity="warn",
    content_types=(str,),
    weight=False,
    order=alternating,
    order_severity="warn",
    last_assistant="warn",
    top_types={"tools": list},
)


class HFMessagesProvider:
    """Writer and rules of TRL's conversational ``messages`` datasets."""

    name = "hf-messages"
    schema = "hf-messages"
    exact_tokens = False
    shape_codes = SHAPE_CODES - {"unknown-key", "bad-weight"}
    limits = Limits(max_tokens=1024, max_tokens_sure=True, truncates=True)

    def write(self, example: Example) -> dict[str, Any]:
        return write_messages(example, weights=False)

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        return check_messages(obj, line, RULES)

    def check_turns(self, obj: Mapping[str, Any], line: int) -> tuple[list[Finding], list[tuple[str, str]]]:
        """:meth:`check` and :meth:`turns` in one pass (the gate's fast path)."""
        turns: list[tuple[str, str]] = []
        return check_messages(obj, line, RULES, turns), turns

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        return message_turns(obj)

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        return estimate_message_tokens(obj)


PROVIDERS.add(HFMessagesProvider.name, HFMessagesProvider())
