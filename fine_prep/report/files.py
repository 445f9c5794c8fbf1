"""The report from files: what ``fine-prep report`` reads (canonical JSONL, stage summaries,
rejects) when the stages were run one by one instead of by ``run``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from fine_prep.config import Config
from fine_prep.errors import InputError


def read_summaries(paths: Sequence[str]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Stage summaries from JSON files, in the order given, and an export if one holds it.

    A file may hold one summary (``StageSummary.to_dict()``: an object with ``name``), a list of
    them, or a report.json (its ``stages`` and ``export``).

    Raises:
        InputError: a file is missing, not JSON, or holds none of those shapes.
    """
    stages: list[dict[str, Any]] = []
    export: dict[str, Any] | None = None
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: no such summary file") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a readable JSON summary ({type(exc).__name__})") from None
        if isinstance(data, dict) and isinstance(data.get("stages"), list):
            items = data["stages"]
            export = data.get("export") or export
        elif isinstance(data, list):
            items = data
        else:
            items = [data]
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise InputError(f"{path}: item {i + 1} is not a stage summary (no 'name')")
            stages.append(item)
    return stages, export


def reject_rows(path: str) -> Iterator[dict[str, Any]]:
    """The reject rows of a rejects JSONL file (lines that are not reject objects are left out)."""
    from fine_prep.record import iter_lines

    for line in iter_lines(path):
        if line.error is None and isinstance(line.value, dict) and "code" in line.value:
            yield line.value


def report_from_files(
    in_path: str, summaries: Sequence[str], rejects_path: str | None, config: Config
) -> dict[str, Any]:
    """Build the report's data from a canonical JSONL file and optional summaries and rejects.

    Without ``summaries``, the ``IN.summary.json`` that ``ingest``, ``redact``, ``dedup`` and
    ``check`` leave beside their output is read, so the report knows what was done to the file.

    Lines of ``in_path`` that are not canonical records are counted as rejects of the
    ``read`` step (with their line numbers), like every stage command does.

    Raises:
        InputError: a file cannot be read.
    """
    from fine_prep import pipeline
    from fine_prep.record import Example, read_examples
    from fine_prep.report import build_report

    stages, export = read_summaries(summaries)
    if not summaries:  # the summaries the stage commands wrote beside the file (IN.summary.json)
        stages = pipeline.read_summaries(in_path)
    bad: list[dict[str, Any]] = []

    def examples() -> Iterator[Example]:
        for item in read_examples(in_path):
            if isinstance(item, Example):
                yield item
            else:
                bad.append(item.to_dict())

    rejects: list[dict[str, Any]] = list(reject_rows(rejects_path)) if rejects_path else []
    report = build_report(
        examples=examples(),
        stages=stages,
        rejects=rejects,
        export=export,
        inputs=[in_path],
        config=config,
    )
    if bad:  # the file's own bad lines, counted after the pass that found them
        report["read_errors"] = len(bad)
    return report
