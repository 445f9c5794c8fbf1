"""Helpers shared by the document-ingest tests (not a test module)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fine_prep.config import Config, load_config
from fine_prep.ingest.sources import Sources
from fine_prep.record import Example, dumps

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data" / "documents"
REGEN = os.environ.get("FINE_PREP_REGEN") == "1"


def doc_config(**documents: Any) -> Config:
    """Defaults, one worker, and ``[documents]`` settings."""
    return load_config(None, {"run": {"workers": 1}, "documents": documents})


def ingest_rows(paths: Sequence[str], config: Config, strict: bool = False) -> list[dict[str, Any]]:
    """Examples (as dicts) and rejects (as ``{"reject": ...}``) in output order."""
    rows: list[dict[str, Any]] = []
    with Sources(paths, config) as src:
        for rec in src.read(strict=strict):
            rows.append(rec.to_dict() if isinstance(rec, Example) else {"reject": rec.to_dict()})
    return rows


def examples(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in rows if "reject" not in r]


def rejects(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r["reject"] for r in rows if "reject" in r]


def check_golden(case: str, rows: list[dict[str, Any]]) -> None:
    """Compare with ``tests/data/documents/<case>/expected.jsonl`` (FINE_PREP_REGEN=1 rewrites it)."""
    path = DATA / case / "expected.jsonl"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with FINE_PREP_REGEN=1 and review the diff"
    expected = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert rows == expected
