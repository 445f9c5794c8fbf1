"""``fine-prep dedup``."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.pipeline import run_file_stage


@main.command()
@click.argument("input_path", metavar="IN")
@o.output_option("Canonical JSONL without duplicates ('-' for standard output).")
@click.option(
    "--threshold", type=float, default=None, help="Jaccard similarity of near-duplicates (default 0.8)."
)
@click.option(
    "--compare",
    type=click.Choice(["user+assistant", "assistant"]),
    default=None,
    help="Text compared (default user+assistant: the same answer to a different question is kept).",
)
@click.option(
    "--against",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Held-out evaluation or previous training JSONL (any provider format); repeatable.",
)
@click.option(
    "--against-action",
    type=click.Choice(["drop", "flag"]),
    default=None,
    help="Drop (default) or flag examples that near-duplicate an --against record.",
)
@o.rejects_option
@o.workers_option
@o.config_option
@o.quiet_option
def dedup(
    input_path: str,
    output: str,
    threshold: float | None,
    compare: str | None,
    against: tuple[str, ...],
    against_action: str | None,
    rejects_path: str | None,
    workers: int | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Remove exact and near-duplicate examples (MinHash LSH), keeping one copy per cluster.

    Every dropped copy goes to the rejects file with the id of the copy kept.

    \b
    Example:
      fine-prep dedup pairs.jsonl -o unique.jsonl --rejects dups.jsonl --against eval.jsonl
    """
    cfg = o.load(
        config_path,
        {
            "dedup": {
                "threshold": threshold,
                "compare": compare,
                "against": against or None,
                "against_action": against_action,
            },
            "run": {"workers": workers},
        },
    )
    rejects_path = o.default_rejects(output, rejects_path)
    summaries = run_file_stage("dedup", input_path, output, rejects_path, cfg, o.progress(quiet))
    read, stage = summaries[0], summaries[-1]
    counts = stage.details.get("counts", {})
    o.say(
        quiet,
        f"dedup: {stage.examples_in} in, {stage.examples_out} kept, "
        f"{counts.get('exact-duplicate', 0)} exact and {counts.get('near-duplicate', 0)} near duplicates "
        f"in {counts.get('clusters', 0)} clusters, {counts.get('held-out-matches', 0)} held-out matches"
        + (f", {read.rejected} unreadable lines" if read.rejected else "")
        + (
            f": see {rejects_path}"
            if rejects_path and (stage.rejected or stage.skipped or read.rejected)
            else ""
        ),
    )
