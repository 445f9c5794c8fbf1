"""Alpaca instruction data (with LLaMA-Factory's ``system`` and ``history`` extensions).

Rules from ``shared/reference/provider-formats.md`` §8 (``hiyouga/LLaMA-Factory`` ``data/README.md``):
``instruction`` and ``output`` strings are required, ``input`` and ``system`` are optional strings,
``history`` is a list of ``[instruction, response]`` string pairs. Trainers map columns and ignore
extra ones, so unknown keys only warn. Multi-turn examples are written by folding earlier turns into
``history``. The length cap is the trainer's (LLaMA-Factory ``cutoff_len``, 2048 assumed [U]);
token counts are an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fine_prep.providers.base import (
    PROVIDERS,
    EstimatedTokens,
    Finding,
    Limits,
    check_string,
    conversation,
    key_name,
)
from fine_prep.record import Example

KEYS = ("instruction", "input", "output", "system", "history")
SHAPE_CODES = frozenset({"missing-key", "wrong-type"})


class AlpacaProvider(EstimatedTokens):
    """Writer and rules of Alpaca-style instruction data."""

    name = "alpaca"
    schema = "alpaca"
    exact_tokens = False
    shape_codes = SHAPE_CODES
    limits = Limits(max_tokens=2048, truncates=True)

    def write(self, example: Example) -> dict[str, Any]:
        system, turns = conversation(example)
        pairs = [(turns[i][1], turns[i + 1][1]) for i in range(0, len(turns), 2)]
        *history, (instruction, output) = pairs
        out: dict[str, Any] = {"instruction": instruction, "input": "", "output": output}
        if system is not None:
            out["system"] = system
        if history:
            out["history"] = [[q, a] for q, a in history]
        return out

    def check(self, obj: Mapping[str, Any], line: int) -> list[Finding]:
        out: list[Finding] = []
        for key in obj:
            if key not in KEYS:
                out.append(
                    Finding(line, "warn", "unknown-key", f"unknown key {key_name(key)} (trainers ignore it)")
                )
        for key in ("instruction", "output"):
            check_string(obj, key, line, out, required=True, empty="error")
        for key in ("input", "system"):
            check_string(obj, key, line, out)
        if "history" in obj:
            h = obj["history"]
            if not isinstance(h, list):
                out.append(
                    Finding(
                        line, "error", "wrong-type", "history must be an array of [instruction, response]"
                    )
                )
            else:
                for i, pair in enumerate(h):
                    if not (
                        isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
                    ):
                        out.append(Finding(line, "error", "wrong-type", f"history[{i}] must be two strings"))
                    elif not all(x.strip() for x in pair):
                        out.append(
                            Finding(line, "error", "empty-content", f"history[{i}] has an empty string")
                        )
        return out

    def turns(self, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if isinstance(obj.get("system"), str):
            out.append(("system", obj["system"]))
        h = obj.get("history")
        if isinstance(h, list):
            for pair in h:
                if isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair):
                    out += [("user", pair[0]), ("assistant", pair[1])]
        user = [obj[k] for k in ("instruction", "input") if isinstance(obj.get(k), str) and obj[k]]
        if user:
            out.append(("user", "\n\n".join(user)))
        if isinstance(obj.get("output"), str):
            out.append(("assistant", obj["output"]))
        return out


PROVIDERS.add(AlpacaProvider.name, AlpacaProvider())
