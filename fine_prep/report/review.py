"""The review loop: a sheet of flagged examples, and a reviewer's keep/drop decisions applied.

1. ``fine-prep review-sheet OUT/ -o review.csv`` (or the report's export button) writes one row
   per flagged example, with an empty ``decision`` column and redacted excerpts.
2. A reviewer writes ``keep`` or ``drop`` in that column (empty: undecided).
3. ``fine-prep run SOURCES -o OUT --decisions review.csv`` applies them by example id. Ids are
   stable across runs (derived from source and content), so the same sheet gives the same
   result on every run; the ``review`` stage counts what it applied, and ids it did not find.

A dropped example goes to the rejects (code ``reviewer-drop``, kind ``skipped``); a kept one
stays flagged, with ``meta.review.decision = "keep"``, and no longer counts as open in the verdict.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fine_prep.config import Config, section, setting
from fine_prep.errors import InputError
from fine_prep.record import Example, Reject
from fine_prep.stage import STAGES, StageResult, StageSpec

STAGE = "review"
DECISIONS = ("keep", "drop")
# The sheet's columns, in order; the reviewer fills "decision" (and may add a note).
SHEET_COLUMNS = ("id", "decision", "note", "codes", "severity", "reason", "source", "question", "answer")


@section("review")
@dataclass(frozen=True)
class ReviewConfig:
    """A reviewer's decisions on flagged examples."""

    decisions: str = setting(
        "",
        "A review sheet (CSV with 'id' and 'decision' columns: keep, drop or empty) applied by "
        "example id. Empty: no decisions.",
    )


def sheet_rows(table: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The review sheet's rows: the flagged rows of a report's table, decision left empty."""
    out = []
    for r in table:
        if r.get("kind") != "flagged":
            continue
        out.append(
            {
                "id": str(r.get("id") or ""),
                "decision": str(r.get("decision") or ""),
                "note": "",
                "codes": " ".join(r.get("codes") or []),
                "severity": str(r.get("severity") or ""),
                "reason": str(r.get("reason") or ""),
                "source": str(r.get("source") or ""),
                "question": "" if r.get("question") is None else str(r["question"]),
                "answer": "" if r.get("answer") is None else str(r["answer"]),
            }
        )
    return out


def sheet_csv(rows: list[dict[str, str]]) -> str:
    """CSV text (RFC 4180, CRLF line ends) with a BOM so that spreadsheet programs read UTF-8."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(SHEET_COLUMNS), extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()


def table_from_source(path: str, config: Config) -> list[dict[str, Any]]:
    """The report table behind a review sheet: from a run folder, a report.json, or a canonical
    JSONL file (excerpts only for examples that passed redaction).

    Raises:
        InputError: the path is missing or holds none of those.
    """
    import json

    from fine_prep.record import read_examples

    p = Path(path)
    if p.is_dir():
        p = p / "report.json"
        if not p.is_file():
            raise InputError(f"{path}: no report.json in this folder (run `fine-prep run` first)")
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    if p.suffix == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a readable report.json ({type(exc).__name__})") from None
        if not isinstance(data, dict) or not isinstance(data.get("table"), list):
            raise InputError(f"{path}: not a fine-prep report.json (no 'table')")
        return list(data["table"])
    from fine_prep.report import ReportConfig
    from fine_prep.report.aggregate import aggregate

    examples = (e for e in read_examples(str(p)) if isinstance(e, Example))
    # Only the table is wanted: no residual scan of every message.
    return list(aggregate(examples, [], [], config.get(ReportConfig), scan=False, config=config)["table"])


def read_decisions(path: str) -> dict[str, str]:
    """``{example id: "keep" | "drop"}`` from a review sheet; empty decisions are left out.

    Raises:
        InputError: the file cannot be read, lacks the ``id``/``decision`` columns, holds a
            decision other than keep/drop, or gives one id two different decisions.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such decisions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the decisions file ({type(exc).__name__})") from None
    reader = csv.DictReader(io.StringIO(text))
    cols = [c.strip().lower() for c in reader.fieldnames or []]
    if "id" not in cols or "decision" not in cols:
        raise InputError(f"{path}: a decisions file needs 'id' and 'decision' columns")
    reader.fieldnames = cols
    out: dict[str, str] = {}
    for row in reader:
        rid = (row.get("id") or "").strip()
        dec = (row.get("decision") or "").strip().lower()
        if not rid or not dec:
            continue
        if dec not in DECISIONS:
            raise InputError(f"{path}:{reader.line_num}: decision must be keep, drop or empty")
        if out.get(rid, dec) != dec:
            raise InputError(f"{path}:{reader.line_num}: {rid} has both keep and drop")
        out[rid] = dec
    return out


@dataclass
class ReviewState:
    """Which decisions matched an example of this run."""

    matched: Counter[str]
    unmatched: int


class ReviewStage:
    """Applies a reviewer's keep/drop decisions by example id (a whole-set stage, so that ids
    in the sheet that match nothing are counted)."""

    name = STAGE

    def __init__(self, config: Config) -> None:
        self.path = config.get(ReviewConfig).decisions
        self.decisions = read_decisions(self.path) if self.path else {}

    def map(self, batch: list[Example]) -> list[Any]:
        """The example ids."""
        return [ex.id for ex in batch]

    def reduce(self, ids: list[str], features: list[Any]) -> ReviewState:
        """Count the decisions that match an example."""
        present = set(features)
        matched = Counter(d for rid, d in self.decisions.items() if rid in present)
        return ReviewState(matched, len(self.decisions) - sum(matched.values()))

    def apply(self, batch: list[Example], state: ReviewState) -> StageResult:
        """Drop what the reviewer dropped; mark what the reviewer kept."""
        result = StageResult(kept=[])
        for ex in batch:
            dec = self.decisions.get(ex.id)
            if dec == "drop":
                result.rejects.append(
                    Reject(
                        stage=STAGE,
                        code="reviewer-drop",
                        message="dropped by a reviewer's decision in the decisions file",
                        source=ex.source,
                        id=ex.id,
                        line=ex.source.line,
                        kind="skipped",
                        example=ex,
                    )
                )
                result.counts["drop"] += 1
                continue
            if dec == "keep":
                ex.meta["review"] = {"decision": "keep"}
                result.counts["keep"] += 1
            result.kept.append(ex)
        return result

    def summary(self, state: ReviewState) -> dict[str, Any]:
        """Decisions applied (keep, drop) and ids of the sheet not found; empty without a sheet."""
        if not self.path:
            return {}
        return {
            "file": Path(self.path).name,
            "decisions": len(self.decisions),
            "keep": state.matched.get("keep", 0),
            "drop": state.matched.get("drop", 0),
            "applied": sum(state.matched.values()),
            "unmatched": state.unmatched,
        }


def build_review(config: Config) -> ReviewStage:
    """Build the stage (module level, so worker processes can call it)."""
    return ReviewStage(config)


STAGES.add(
    STAGE,
    StageSpec(
        name=STAGE,
        kind="set",
        build=build_review,
        order=90,
        description="Apply a reviewer's keep/drop decisions (--decisions) by example id.",
    ),
)
