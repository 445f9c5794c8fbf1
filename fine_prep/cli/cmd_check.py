"""``fine-prep check``."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.pipeline import run_file_stage


@main.command()
@click.argument("input_path", metavar="IN")
@o.output_option("Canonical JSONL with language and style flags ('-' for standard output).")
@click.option(
    "--style-reference",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help='Approved answers (canonical JSONL, or JSONL of {"text": ...}) that define the house style.',
)
@click.option(
    "--languages",
    default=None,
    help="The dataset's languages, comma-separated (e.g. en,zh-Hant,yue); default [dataset].languages.",
)
@o.rejects_option
@o.workers_option
@o.config_option
@o.quiet_option
def check(
    input_path: str,
    output: str,
    style_reference: str | None,
    languages: str | None,
    rejects_path: str | None,
    workers: int | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Flag language and style inconsistencies (flags only: nothing is dropped).

    \b
    Example:
      fine-prep check pairs.jsonl -o checked.jsonl --languages en,zh-Hant,yue
      fine-prep check pairs.jsonl -o checked.jsonl --style-reference approved.jsonl
    """
    langs = tuple(t.strip() for t in languages.split(",") if t.strip()) if languages else None
    cfg = o.load(
        config_path,
        {
            # The check command tags and never drops; `run` drops by [check].drop.
            "check": {"drop": (), "style_reference": style_reference},
            "dataset": {"languages": langs},
            "run": {"workers": workers},
        },
    )
    rejects_path = o.default_rejects(output, rejects_path)
    summaries = run_file_stage("check", input_path, output, rejects_path, cfg, o.progress(quiet))
    read, stage = summaries[0], summaries[-1]
    d = stage.details
    o.say(
        quiet,
        f"check: {stage.examples_out} examples, {stage.flagged} flagged"
        + (f", {read.rejected} unreadable lines (see {rejects_path})" if read.rejected else ""),
    )
    if d.get("flags"):
        o.say(quiet, "check: flags " + ", ".join(f"{k} {v}" for k, v in d["flags"].items()))
    mix = d.get("language_mix", {}).get("answers", {})
    if mix:
        o.say(quiet, "check: answer languages " + ", ".join(f"{k} {v}" for k, v in mix.items()))
    mixed = d.get("mixed_style") or {}
    if mixed.get("warning"):
        o.say(quiet, f"check: mixed style: {mixed['message']}")
