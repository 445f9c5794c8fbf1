"""OpenAI legacy prompt/completion fine-tuning: ``{"prompt": str, "completion": str}`` per line.

Rules from ``shared/reference/provider-formats.md`` §2: the OpenAPI object
``FineTuneCompletionRequestInput`` [C] (exactly these two string keys) and the old
``openai tools fine_tunes.prepare_data`` checks (``openai/lib/_validators.py``), which are advice,
so they only warn: empty completions, examples over 10,000 characters, completions that do not
start with a space. The writer follows that advice: a fixed separator ends every prompt and every
completion starts with a space and ends with a newline. Token counts are exact with
``cl100k_base`` (babbage-002 and davinci-002).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import PROVIDERS, Finding, Limits, check_string, conversation, key_name
from fine_prep.providers.openai import count_text
from fine_prep.record import Example

SEPARATOR = "\n\n###\n\n"  # one of the separators the legacy CLI suggests
LABELS = {"user": "Customer", "assistant": "Staff"}
SHAPE_CODES = frozenset({"missing-key", "wrong-type", "unknown-key"})


class OpenAICompletionProvider:
    """Writer and rules of OpenAI's legacy prompt/completion format."""

    name = "openai-completion"
    schema = "openai-completion"
    exact_tokens = True
    shape_codes = SHAPE_CODES
    # min 10 is the chat minimum, assumed here [U]; 16,384 tokens for babbage/davinci [U]
    limits = Limits(min_examples=10, max_tokens=16384, max_file_mb=512, max_file_sure=True, truncates=True)
    encoding_name = "cl100k_base"

    def write(self, example: Example) -> dict[str, Any]:
        system, turns = conversation(example)
        *context, (_, answer) = turns
        if len(context) == 1 and system is None:
            prompt = context[0][1]
        else:
            parts = [system] if system else []
            parts.extend(f"{LABELS[r]}: {t}" for r, t in context)
            prompt = "\n\n".join(parts)
        return {"prompt": prompt + SEPARATOR, "completion": " " + answer + "\n"}

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        for key in obj:
            if key not in ("prompt", "completion"):
                out.append(
                    Finding(
                        line, "error", "unknown-key", f"unknown key {key_name(key)} (only prompt, completion)"
                    )
                )
        for key in ("prompt", "completion"):
            check_string(obj, key, line, out, required=True)
        completion = obj.get("completion")
        prompt = obj.get("prompt")
        if isinstance(completion, str):
            if not completion.strip():
                out.append(Finding(line, "error", "empty-content", "completion is empty"))
            elif not completion.startswith(" "):
                out.append(
                    Finding(line, "info", "completion-no-space", "completion does not start with a space")
                )
        if isinstance(prompt, str) and isinstance(completion, str) and len(prompt) + len(completion) > 10000:
            out.append(Finding(line, "warn", "long-example", "over 10,000 characters (legacy advice)"))
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [
            (r, obj[k])
            for r, k in (("user", "prompt"), ("assistant", "completion"))
            if isinstance(obj.get(k), str)
        ]

    def count_tokens(self, obj: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
        per_role = {r: count_text(t, self.encoding_name) for r, t in self.turns(obj)}
        return sum(per_role.values()), per_role


PROVIDERS.add(OpenAICompletionProvider.name, OpenAICompletionProvider())
