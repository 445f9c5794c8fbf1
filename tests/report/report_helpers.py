"""Helpers of the report tests: the sample data's configuration, a run, README tables."""

from __future__ import annotations

import os
import re
from pathlib import Path

from fine_prep.config import Config, load_config

ROOT = Path(__file__).resolve().parents[2]
# Who is staff in sample_data (sample_data/README.md, "Who is staff").
STAFF = ("@harbourlanetea.example", "Harbour Lane Tea", "港灣茶莊")


def sample_config(**overrides: dict) -> Config:
    """The sample data's pairing configuration, one worker, plus section overrides."""
    data: dict[str, dict] = {"ingest": {"staff": STAFF}, "run": {"workers": 1}}
    for name, values in overrides.items():
        data.setdefault(name, {}).update(values)
    return load_config(None, data)


def run_sample(out: Path, **overrides: dict):  # type: ignore[no-untyped-def]
    """``run`` over sample_data, with the path given as ``sample_data`` (relative, as a user would)."""
    from fine_prep.run import run

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return run(["sample_data"], out, sample_config(**overrides))
    finally:
        os.chdir(old)


def readme_table(name: str) -> list[tuple[str, str, str, str]]:
    """Rows ``(file, locator, kind, value)`` of a ``<!-- table: NAME -->`` table in
    sample_data/README.md (one backtick stripped on each side of locator and value)."""
    text = (ROOT / "sample_data" / "README.md").read_text(encoding="utf-8")
    marker = f"<!-- table: {name} -->"
    assert marker in text, f"sample_data/README.md has no table {name}"
    rows = []
    for line in text.split(marker, 1)[1].lstrip().splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        file, locator, kind, value = cells[0], cells[1], cells[2], "|".join(cells[3:]).strip()
        rows.append((file, re.sub(r"^`|`$", "", locator), kind, re.sub(r"^`|`$", "", value)))
    return rows
