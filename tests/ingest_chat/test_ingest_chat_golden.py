"""Golden tests of the chat adapters: exports written for each locale variant, and the corpora.

Each case folder under ``tests/data/chat/<adapter>/<case>/`` holds the raw export (one file or
folder beside ``config.json`` and ``expected.jsonl``); ``config.json`` is ``{section: {key:
value}}`` overrides. ``expected.jsonl`` is every record ingest yields (examples and rejects, in
order) followed by one line with the notes and the counts. The real-world corpora are read in
place; their expected files live under ``tests/data/chat/<adapter>/corpora-<name>/`` and hold
a digest of each message text instead of the text (see :func:`fingerprint`).

Regenerate after a reviewed change with ``FINE_PREP_REGEN=1 pytest tests/ingest_chat``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from fine_prep.config import load_config
from fine_prep.ingest.sources import Sources
from fine_prep.record import Example

DATA = Path(__file__).resolve().parent.parent / "data" / "chat"
REGEN = os.environ.get("FINE_PREP_REGEN") == "1"

# corpora cases: case name -> (adapter folder, path below the corpora root, forced adapter, config)
CORPORA: dict[str, tuple[str, str, dict[str, Any]]] = {
    "corpora-mixed-android-ios": (
        "whatsapp",
        "chat-whatsapp/emmaakachukwu-whatsapp-chat-parser-rb/mixed_android_ios_sample.txt",
        {"ingest": {"staff": ["Bob", "Charlie"]}},
    ),
    "corpora-bracketed-mmddyy": (
        "whatsapp",
        "chat-whatsapp/joweich-chat-miner/test_bracketed_mmddyy_24hrs.txt",
        {"ingest": {"staff": ["Jahn Doe"]}},
    ),
    "corpora-ddmmyy": (
        "whatsapp",
        "chat-whatsapp/joweich-chat-miner/test_ddmmyy_24hrs.txt",
        # years apart: a huge gap keeps the chat one conversation, so that pairs come out
        {"ingest": {"staff": ["Jahn Doe"]}, "chat": {"gap_hours": 1e6}},
    ),
    "corpora-mmddyy": (
        "whatsapp",
        "chat-whatsapp/joweich-chat-miner/test_mmddyy_24hrs.txt",
        {"ingest": {"staff": ["Jahn Doe"]}},
    ),
    "corpora-mmddyyyy-12h": (
        "whatsapp",
        "chat-whatsapp/joweich-chat-miner/test_mmddyyyy_12hrs.txt",
        {"ingest": {"staff": ["Jahn Doe"]}},
    ),
    "corpora-yyyymmdd": (
        "whatsapp",
        "chat-whatsapp/joweich-chat-miner/test_yyyymmdd_24hrs.txt",
        {"ingest": {"staff": ["Jahn Doe"]}},
    ),
    "corpora-testarchive-zip": (
        "slack",
        "chat-slack/hfaran-slack-export-viewer/testarchive.zip",
        {},
    ),
    "corpora-zulip-threads": (
        "slack",
        "chat-slack/zulip-slack-import-fixtures/thread_with_broadcast_reply.json",
        {"ingest": {"staff": ["U061A1R2R"]}},
    ),
    "corpora-zulip-normal-thread": (
        "slack",
        "chat-slack/zulip-slack-import-fixtures/normal_thread.json",
        {"ingest": {"staff": ["U061A1R2R"]}},
    ),
    "corpora-zulip-quote-block": (
        "slack",
        "chat-slack/zulip-slack-import-fixtures/message_with_quote_block.json",
        {},
    ),
    "corpora-single-export": (
        "telegram",
        "chat-telegram/joweich-chat-miner/test_single_export.json",
        {"ingest": {"staff": ["Author 2"]}},
    ),
    "corpora-batch-export": (
        "telegram",
        "chat-telegram/joweich-chat-miner/test_batch_export.json",
        {"ingest": {"staff": ["Author 2"]}},
    ),
    "corpora-personal-chat": (
        "telegram",
        "chat-telegram/mdemyanov-tg-parser/personal_chat.json",
        {"ingest": {"staff": ["user222"]}},
    ),
    "corpora-supergroup": (
        "telegram",
        "chat-telegram/mdemyanov-tg-parser/supergroup_with_topics.json",
        {},
    ),
}


def local_cases() -> list[Path]:
    """Case folders with a raw export written for these tests."""
    return sorted(p for p in DATA.glob("*/*") if p.is_dir() and not p.name.startswith("corpora-"))


def ingest(paths: list[str], overrides: dict[str, Any], cwd: Path) -> list[dict[str, Any]]:
    """Everything ingest yields for ``paths`` (relative to ``cwd``), as plain records."""
    config = load_config(None, {**overrides, "run": {"workers": 1}})
    out: list[dict[str, Any]] = []
    old = Path.cwd()
    os.chdir(cwd)
    try:
        with Sources(paths, config) as src:
            for rec in src.read(strict=False):
                kind = "example" if isinstance(rec, Example) else "reject"
                out.append({kind: rec.to_dict()})
            out.append({"notes": src.summary.notes, "counts": dict(sorted(src.summary.counts.items()))})
    finally:
        os.chdir(old)
    return out


def check(expected_file: Path, got: list[dict[str, Any]]) -> None:
    """Compare with the golden file (or rewrite it under FINE_PREP_REGEN=1)."""
    if REGEN or not expected_file.exists():
        if not REGEN:
            pytest.fail(f"{expected_file} is missing; run with FINE_PREP_REGEN=1 and review it")
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(
            "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in got), encoding="utf-8"
        )
        return
    want = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines() if line]
    got = json.loads(json.dumps(got, ensure_ascii=False))
    assert len(got) == len(want), f"{len(got)} records, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"record {i + 1} differs"


@pytest.mark.parametrize("case", local_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_local_case(case: Path) -> None:
    cfg_file = case / "config.json"
    overrides = json.loads(cfg_file.read_text()) if cfg_file.exists() else {}
    inputs = sorted(p.name for p in case.iterdir() if p.name not in ("config.json", "expected.jsonl"))
    got = ingest(inputs, overrides, case)
    adapters = {r["example"]["source"]["adapter"] for r in got if "example" in r}
    assert adapters <= {case.parent.name.replace("_", "-")}, "read by another adapter"
    check(case / "expected.jsonl", got)


def fingerprint(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Message texts replaced by a digest and a length.

    The corpora are third-party files, some with real personal data; the golden files check
    every text exactly without copying it into this repository.
    """
    out = json.loads(json.dumps(records, ensure_ascii=False))
    for rec in out:
        for msg in rec.get("example", {}).get("messages", []):
            text = msg["content"]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            msg["content"] = f"sha256:{digest} chars:{len(text)} lines:{text.count(chr(10)) + 1}"
    return out


@pytest.mark.parametrize("case", sorted(CORPORA), ids=str)
def test_corpora_case(case: str, corpora: Path) -> None:
    adapter, rel, overrides = CORPORA[case]
    got = ingest([rel], overrides, corpora)
    assert got[:-1], "nothing came out"
    for rec in got[:-1]:
        body = rec.get("example") or rec["reject"]
        assert body["source"]["adapter"] == adapter
    check(DATA / adapter / case / "expected.jsonl", fingerprint(got))


def test_every_local_adapter_has_cases() -> None:
    """Every chat adapter has at least one case written for it."""
    assert {p.parent.name for p in local_cases()} >= {"whatsapp", "slack", "telegram", "chat_table"}
