"""The report: numbers for machines (report.json) and, in later modules, for reviewers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fine_prep import __version__

if TYPE_CHECKING:
    from fine_prep.run import RunResult

# Rules of thumb for the number of clean examples (the project seeds').
TOO_FEW = 50
WORKING_MINIMUM = 300
READY = 500


def verdict(clean: int) -> tuple[str, list[str]]:
    """Readiness from the clean example count alone (other reasons join as stages land)."""
    if clean >= READY:
        return "ready", [f"{clean} clean examples (500+ is ready)"]
    if clean >= WORKING_MINIMUM:
        return "not yet", [f"{clean} clean examples: above the working minimum of 300, below 500"]
    if clean >= TOO_FEW:
        return "not yet", [f"{clean} clean examples: below the working minimum of 300"]
    return "not ready", [f"{clean} clean examples: under 50 is too few to matter"]


def build(result: RunResult) -> dict[str, Any]:
    """The data of report.json: counts per stage, export, rejects, verdict. No personal data."""
    clean = result.export.train + result.export.validation
    status, reasons = verdict(clean)
    return {
        "fine_prep_version": __version__,
        "verdict": {"status": status, "reasons": reasons},
        "inputs": result.inputs,
        "stages": [s.to_dict() for s in result.stages],
        "export": result.export.to_dict(),
        "rejects": result.rejects,
    }
