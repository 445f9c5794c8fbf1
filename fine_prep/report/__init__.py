"""The report: numbers for machines (report.json), reviewers (report.html) and PRs (report.md).

:func:`build` turns a :class:`~fine_prep.run.RunResult` into the data of ``report.json``;
:func:`build_report` does the same from parts (what ``fine-prep report`` reads from files).
The report grows as stages land: it reads whatever stage summaries exist and shows nothing for
a stage that did not run. It never holds personal data: counts per entity type, never values;
excerpts only from examples that passed a redacting stage (``meta.pii`` is set by it);
rejects from before redaction appear as a source reference and a reason, without text.

Nothing here depends on the time of the run, so two runs on the same input and configuration
give byte-identical reports (stage timings live in ``manifest.json`` only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fine_prep import __version__
from fine_prep.config import Config, section, setting
from fine_prep.report.verdict import READY, TOO_FEW, WORKING_MINIMUM, count_verdict, readiness

if TYPE_CHECKING:
    from fine_prep.record import Example
    from fine_prep.run import RunResult

__all__ = [
    "READY",
    "TOO_FEW",
    "WORKING_MINIMUM",
    "ReportConfig",
    "build",
    "build_report",
    "write_outputs",
    "verdict",
]

REPORT_HTML = "report.html"
REPORT_MD = "report.md"
MANIFEST = "manifest.json"


@section("report")
@dataclass(frozen=True)
class ReportConfig:
    """The readiness verdict's thresholds and what the report includes."""

    flagged_warn: float = setting(
        0.10, "Share of clean examples still flagged (not reviewed) above which the verdict warns."
    )
    flagged_fail: float = setting(
        0.30, "Share of clean examples still flagged above which the set is not ready."
    )
    style_warn: float = setting(0.15, "Share of style outliers above which style is called inconsistent.")
    language_warn: float = setting(
        0.05, "Share of examples with a language finding above which the language mix warns."
    )
    gate: bool = setting(
        True,
        "Run the validate gate over the exported files for token totals, the cost estimate and its findings.",
    )
    excerpt_chars: int = setting(240, "Characters of each redacted excerpt shown in the table.")
    max_rows: int = setting(5000, "Most rows in the table of flagged and rejected examples.")


def verdict(clean: int) -> tuple[str, list[str]]:
    """Readiness from the clean example count alone (kept for callers of the first version)."""
    status, text = count_verdict(clean)
    return {"ok": "ready", "warn": "not yet", "fail": "not ready"}[status], [text]


def build(result: RunResult) -> dict[str, Any]:
    """The data of report.json for a finished run: every stage summary there is, the export,
    rejects, flagged examples, charts, tokens and the verdict. No personal data.
    """
    from fine_prep.record import Reject, read_examples
    from fine_prep.report.files import reject_rows

    out = Path(result.out_dir)
    rejects_path = out / "rejects.jsonl"
    rows = list(reject_rows(str(rejects_path))) if rejects_path.is_file() else []
    examples: Iterable[Example] = []
    spool = getattr(result, "examples_path", None)
    if spool is not None and Path(spool).is_file():
        examples = (e for e in read_examples(spool) if not isinstance(e, Reject))
    cfg = result.config.get(ReportConfig)
    tokens = None
    if cfg.gate:
        from fine_prep.report.gate import run_gate

        tokens = run_gate(out, result.export.provider, result.config)
    return build_report(
        examples=examples,
        stages=[s.to_dict() for s in result.stages],
        rejects=rows,
        export=result.export.to_dict(),
        inputs=list(result.inputs),
        config=result.config,
        tokens=tokens,
    )


def build_report(
    examples: Iterable[Example],
    stages: list[dict[str, Any]],
    rejects: Iterable[Mapping[str, Any]],
    export: Mapping[str, Any] | None,
    inputs: list[str],
    config: Config,
    tokens: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The report's data from its parts.

    Args:
        examples: the final canonical examples (with flags and meta), in output order.
        stages: stage summaries (``StageSummary.to_dict()``), in run order.
        rejects: reject rows (``Reject.to_dict()``), as in ``rejects.jsonl``.
        export: ``ExportResult.to_dict()``, or ``None`` when nothing was exported.
        inputs: the input paths as given.
        config: the resolved configuration.
        tokens: token totals and the cost estimate (see :mod:`fine_prep.report.gate`).

    Returns:
        The JSON-ready report (also what the HTML and Markdown renderers read).
    """
    from fine_prep.ingest.chat.common import safe_label
    from fine_prep.report.aggregate import aggregate

    cfg = config.get(ReportConfig)
    # No timings (they differ between runs), and no row for the review stage without a sheet.
    stages = [
        {k: v for k, v in s.items() if k != "seconds"}
        for s in stages
        if not (s.get("name") == "review" and not s.get("details"))
    ]
    # The gate scans the exported texts for residual personal data; do not scan them twice.
    gate = dict(tokens or {})
    gate_scanned = (gate.get("checks") or {}).get("residual-pii") == "on"
    agg = aggregate(examples, stages, rejects, cfg, scan=not gate_scanned, config=config)
    if gate_scanned:
        agg["examples"]["residual_pii"] = {
            code[4:].upper().replace("-", "_"): n
            for code, n in sorted((gate.get("findings") or {}).items())
            if code.startswith("pii-")
        }
    clean = (
        int(export.get("train", 0)) + int(export.get("validation", 0)) if export else agg["examples"]["count"]
    )
    verdict_data = readiness(clean, stages, agg, export, tokens, cfg)
    report: dict[str, Any] = {
        "fine_prep_version": __version__,
        "verdict": verdict_data,
        "inputs": [safe_label(i) for i in inputs],
        "stages": stages,
        "export": dict(export) if export else None,
        "rejects": agg["rejects_total"],
        "funnel": agg["funnel"],
        "charts": agg["charts"],
        "examples": agg["examples"],
        "decisions": agg["decisions"],
        "table": agg["table"],
        "table_truncated": agg["table_truncated"],
    }
    if tokens:
        report["tokens"] = dict(tokens)
    return report


def write_outputs(result: RunResult) -> None:
    """Write ``report.html``, ``report.md`` and, last, ``manifest.json`` into the run's folder.

    The manifest comes last because it records the SHA-256 of every other output.
    """
    from fine_prep.record import atomic_output
    from fine_prep.report.html import render_html
    from fine_prep.report.manifest import build_manifest, manifest_text
    from fine_prep.report.markdown import render_markdown

    out = Path(result.out_dir)
    with atomic_output(out / REPORT_HTML) as fh:
        fh.write(render_html(result.report))
    result.outputs.append(REPORT_HTML)
    with atomic_output(out / REPORT_MD) as fh:
        fh.write(render_markdown(result.report))
    result.outputs.append(REPORT_MD)
    manifest = build_manifest(result)
    with atomic_output(out / MANIFEST) as fh:
        fh.write(manifest_text(manifest))
    result.outputs.append(MANIFEST)
