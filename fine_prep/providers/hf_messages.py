"""Hugging Face TRL ``SFTTrainer``, conversational language modelling: ``{"messages": [...]}``.

Rules from ``shared/reference/provider-formats.md`` §7 (TRL ``dataset_formats`` and
``sft_trainer`` docs, ``sft_config.py``) [C]: roles system/user/assistant (tool turns depend on the
chat template [U]); ``max_length`` defaults to 1024 and longer examples are truncated [C]. Extra
columns do not break ``datasets`` loading, so unknown keys only warn; many chat templates insist
on user/assistant alternation, so a broken order warns. Token counts are an estimate.
"""

from __future__ import annotations

from fine_prep.providers.base import PROVIDERS, Limits
from fine_prep.providers.chat import SHAPE_CODES, MessagesProvider, MessagesRules, alternating

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


class HFMessagesProvider(MessagesProvider):
    """Writer and rules of TRL's conversational ``messages`` datasets."""

    name = "hf-messages"
    schema = "hf-messages"
    exact_tokens = False
    shape_codes = SHAPE_CODES - {"unknown-key", "bad-weight"}
    limits = Limits(max_tokens=1024, max_tokens_sure=True, truncates=True)
    rules = RULES  # weight=False: the writer sets no weights


PROVIDERS.add(HFMessagesProvider.name, HFMessagesProvider())
