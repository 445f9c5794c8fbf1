"""``fine-prep ingest``."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.pipeline import ingest_file


@main.command()
@click.argument("sources", nargs=-1, required=True)
@o.output_option("Canonical JSONL to write ('-' for standard output).")
@click.option("--adapter", default=None, help="Force an adapter instead of detecting by content.")
@click.option("--staff", multiple=True, help="Staff address, @domain, speaker name or phone (repeatable).")
@click.option("--multi-turn/--no-multi-turn", default=None, help="One multi-turn example per thread.")
@click.option(
    "--split-by",
    type=click.Choice(["none", "heading"]),
    default=None,
    help="Documents: one example per document (none) or per section (heading).",
)
@o.rejects_option
@o.config_option
@o.quiet_option
def ingest(
    sources: tuple[str, ...],
    output: str,
    adapter: str | None,
    staff: tuple[str, ...],
    multi_turn: bool | None,
    split_by: str | None,
    rejects_path: str | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Read files and folders into canonical JSONL (adapter chosen by content).

    \b
    Example:
      fine-prep ingest sample_data/mail/support.mbox --staff @harbourlanetea.example -o pairs.jsonl
    """
    cfg = o.load(
        config_path,
        {
            "ingest": {"adapter": adapter, "staff": staff or None, "multi_turn": multi_turn},
            "documents": {"split_by": split_by},
        },
    )
    rejects_path = o.default_rejects(output, rejects_path)
    summary, found = ingest_file(sources, output, rejects_path, cfg, o.progress(quiet))
    n_bad = summary.rejected + summary.skipped
    why = ", ".join(f"{k} {v}" for k, v in sorted(summary.reasons.items()))
    o.say(quiet, f"ingest: {summary.examples_out} examples, {n_bad} not kept" + (f" ({why})" if why else ""))
    for note in found.notes:
        o.say(quiet, f"ingest: assumed {note}")
    if found.excluded:
        o.say(quiet, f"ingest: skipped {len(found.excluded)} file(s) by [ingest].exclude")
    if n_bad and rejects_path:
        o.say(quiet, f"ingest: rejects written to {rejects_path}")
