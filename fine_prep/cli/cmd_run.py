"""``fine-prep run``: everything, from sources to the output folder."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.run import run as run_all


@main.command()
@click.argument("sources", nargs=-1, required=True)
@o.output_option("Output folder (train.jsonl, validation.jsonl, rejects.jsonl, report.json, ...).")
@o.provider_option
@click.option("--staff", multiple=True, help="Staff address, @domain, speaker name or phone (repeatable).")
@click.option("--system-prompt", default=None, help="System message added to every example.")
@click.option("--val-fraction", type=float, default=None, help="Share of groups put in validation.")
@click.option(
    "--decisions",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A filled-in review sheet (fine-prep review-sheet): keep/drop decisions by example id.",
)
@o.workers_option
@o.config_option
@o.quiet_option
def run(
    sources: tuple[str, ...],
    output: str,
    provider: str | None,
    staff: tuple[str, ...],
    system_prompt: str | None,
    val_fraction: float | None,
    decisions: str | None,
    workers: int | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Run every stage on SOURCES and write the dataset and its report into a folder.

    \b
    Example:
      fine-prep run sample_data/ -o out/ --staff @harbourlanetea.example
    """
    cfg = o.load(
        config_path,
        {
            "run": {"provider": provider, "val_fraction": val_fraction, "workers": workers},
            "ingest": {"staff": staff or None},
            "dataset": {"system_prompt": system_prompt},
            "review": {"decisions": decisions},
        },
    )
    res = run_all(sources, output, cfg, o.progress(quiet))
    for s in res.stages:
        if s.name == "review" and not s.details:  # no --decisions: nothing to say
            continue
        extra = f", {s.rejected} rejected, {s.skipped} skipped" if s.rejected or s.skipped else ""
        flagged = f", {s.flagged} flagged" if s.flagged else ""
        o.say(
            quiet, f"{s.name:>8}: {s.examples_in} in, {s.examples_out} out{extra}{flagged} ({s.seconds:.1f}s)"
        )
    e = res.export
    o.say(
        quiet, f"  export: {e.train} train, {e.validation} validation ({e.provider}); {res.rejects} rejects"
    )
    v = res.report.get("verdict", {})
    o.say(quiet, f" verdict: {v.get('status')}: {'; '.join(v.get('reasons', []))}")
    o.say(quiet, f"  output: {', '.join(str(res.out_dir / f) for f in res.outputs)}")
    if "report.html" in res.outputs:
        o.say(quiet, f"  report: {res.out_dir / 'report.html'} (open it in a browser)")
