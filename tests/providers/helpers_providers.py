"""Shared helpers of the provider tests (not a conftest: other areas keep their own)."""

from __future__ import annotations

from pathlib import Path

from fine_prep.config import Config, load_config

DATA = Path(__file__).resolve().parent.parent / "data" / "providers"
ALL = (
    "openai",
    "openai-completion",
    "anthropic-bedrock",
    "vertex-gemini",
    "mistral",
    "together",
    "hf-messages",
    "alpaca",
    "sharegpt",
)


def gate_config(**validate: object) -> Config:
    """Format checks only, minimum count 1 (fixtures are small), no PII scan, no near-duplicates."""
    values = {"min_examples": 1, "pii_scan": False, "near_duplicates": False}
    values.update(validate)
    return load_config(None, {"run": {"workers": 1}, "validate": values})


# Distinct question/answer pairs (no two are near-copies), English and Cantonese.
DISTINCT = [
    ("Do you ship to Macau?", "Yes, within three working days."),
    ("What time do you open on Sunday?", "We are closed on Sundays."),
    ("Is the oolong organic?", "Our Tieguanyin is certified organic."),
    ("Can I pay by FPS?", "Yes, FPS and PayMe are both accepted."),
    ("你哋有冇普洱？", "有，我哋有熟普同生普。"),
    ("How should I brew jasmine tea?", "Use water at 80 degrees and steep two minutes."),
    ("Do you offer gift wrapping?", "Gift boxes are free for orders over 500 dollars."),
    ("Where is the shop?", "We are on Hillier Street in Sheung Wan."),
    ("Can I return opened tea?", "Opened packs can be exchanged within seven days."),
    ("Do you sell teaware?", "Yes, gaiwans, cups and clay pots."),
    ("請問可唔可以寄去台灣？", "可以，運費按重量計算。"),
    ("Is there a loyalty card?", "Every tenth purchase earns a free 50 g pack."),
]
