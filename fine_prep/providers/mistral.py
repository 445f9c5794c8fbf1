"""Mistral fine-tuning (API and ``mistral-finetune``): ``{"messages": [...]}`` per line.

Rules from ``shared/reference/provider-formats.md`` §5: mistral-common's validator in fine-tuning
mode (``src/mistral_common/protocol/instruct/validator.py``: last message assistant, the role
transition table, weight 0/1) and the mistral-finetune loader (``finetune/data/tokenize.py``: at
most one system prompt, tool messages need ``tool_call_id``) [C]. mistral-common's message models
forbid extra keys. Token counts are an estimate here (mistral-common ships the v3 tokenizer, but
it is not a dependency of fine-prep).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import PROVIDERS, Finding, Limits
from fine_prep.providers.chat import SHAPE_CODES, MessagesProvider, MessagesRules, mistral_order

RULES = MessagesRules(
    roles=frozenset({"system", "user", "assistant", "tool"}),
    message_keys=frozenset({"role", "content", "weight", "tool_calls", "tool_call_id", "name", "prefix"}),
    # mistral-finetune also reads system_prompt / only_last / available_tools [C]
    top_keys=frozenset({"messages", "tools", "system_prompt", "only_last", "available_tools"}),
    unknown_key_severity="error",
    content_types=(str,),
    weight=True,
    order=mistral_order,
    order_severity="error",
    last_assistant="error",
    max_systems=1,
    call_id_pattern=re.compile(r"[A-Za-z0-9]{9}"),  # mistral-common v3 tool-call ids
    top_types={"tools": list, "system_prompt": str, "only_last": bool, "available_tools": list},
)


class MistralProvider(MessagesProvider):
    """Writer and rules of Mistral's fine-tuning format."""

    name = "mistral"
    schema = "mistral"
    exact_tokens = False
    shape_codes = SHAPE_CODES
    # min 10 lines "defined, not enforced" [C] -> warn; context cap model-specific [U];
    # 512 MB general upload limit [S].
    limits = Limits(min_examples=10, max_tokens=32768, max_file_mb=512, truncates=True)
    rules = RULES

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        return self.check_turns(obj, line)[0]

    def check_turns(self, obj: Mapping[str, Any], line: int) -> tuple[list[Finding], list[tuple[str, str]]]:
        """The shared ``messages`` rules and turns, then Mistral's own rules."""
        out, turns = super().check_turns(obj, line)
        msgs = obj.get("messages")
        if isinstance(msgs, list):
            if isinstance(obj.get("system_prompt"), str) and any(
                isinstance(m, dict) and m.get("role") == "system" for m in msgs
            ):
                out.append(
                    Finding(line, "error", "multiple-system", "both system_prompt and a system message")
                )
            for i, m in enumerate(msgs):
                # an assistant message has exactly one of content or tool_calls (mistral-common)
                if (
                    isinstance(m, dict)
                    and m.get("role") == "assistant"
                    and m.get("tool_calls")
                    and m.get("content")
                ):
                    out.append(
                        Finding(
                            line,
                            "error",
                            "content-and-tool-calls",
                            f"messages[{i}] has both content and tool_calls",
                        )
                    )
        return out, turns


PROVIDERS.add(MistralProvider.name, MistralProvider())
