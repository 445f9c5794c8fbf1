"""``run``: every stage that exists, from sources to the output folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_prep.config import Config, RunConfig
from fine_prep.export import ExportResult, export
from fine_prep.ingest.sources import IngestSummary, Sources
from fine_prep.pipeline import Pipeline, Progress, StageSummary, make_workdir
from fine_prep.record import atomic_output, dumps
from fine_prep.stage import run_order

REJECTS = "rejects.jsonl"
REPORT_JSON = "report.json"


@dataclass
class RunResult:
    """Everything a run produced, for the report and the CLI summary."""

    inputs: list[str]
    out_dir: Path
    config: Config
    ingest: IngestSummary
    stages: list[StageSummary]
    export: ExportResult
    rejects: int
    outputs: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    examples_path: Path | None = None  # the final canonical spool (for the report), while it exists


def run(
    paths: Sequence[str], out_dir: str | Path, config: Config, progress: Progress | None = None
) -> RunResult:
    """Ingest ``paths``, run every registered stage, export, and write the output folder.

    Raises:
        InputError: an input path does not exist, or the output folder cannot be written.
    """
    from fine_prep import report as report_mod

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    run_cfg = config.get(RunConfig)
    with Sources(paths, config) as sources, make_workdir() as tmp:
        pipe = Pipeline(config, Path(tmp), progress)
        spool = pipe.feed_sources(sources, strict=False)
        result = pipe.run(run_order(), spool)
        exported = export(result.spool.examples(), out, run_cfg.provider, run_cfg.val_fraction, run_cfg.seed)
        pipe.rejects.add(exported.rejects, include_example=pipe.redacted)
        n_rejects = _write_rejects(pipe, out / REJECTS, config)
        res = RunResult(
            inputs=list(paths),
            out_dir=out,
            config=config,
            ingest=sources.summary,
            stages=result.summaries,
            export=exported,
            rejects=n_rejects,
            outputs=["train.jsonl", "validation.jsonl", REJECTS],
        )
        res.examples_path = result.spool.path
        res.report = report_mod.build(res)
        with atomic_output(out / REPORT_JSON) as fh:
            fh.write(dumps(res.report) + "\n")
        res.outputs.append(REPORT_JSON)
        report_mod.write_outputs(res)  # report.html, report.md, then manifest.json (hashes the rest)
    return res


def _write_rejects(pipe: Pipeline, target: Path, config: Config) -> int:
    """rejects.jsonl of the output folder, de-identified like the rest of it: the paths, refs and
    messages that never went through the redact stage are masked (see ``mask_reject``)."""
    from fine_prep.pii.scan import ResidualScanner, mask_reject

    scanner = ResidualScanner(config)
    n = 0
    with atomic_output(target) as fh:
        for row in pipe.rejects.rows():
            fh.write(dumps(mask_reject(row, scanner)) + "\n")
            n += 1
    return n
