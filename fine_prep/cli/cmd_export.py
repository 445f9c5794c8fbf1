"""``fine-prep export``."""

from __future__ import annotations

from collections.abc import Iterator

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.config import RunConfig
from fine_prep.export import export as export_examples
from fine_prep.record import Example, read_examples, write_jsonl


@main.command()
@click.argument("input_path", metavar="IN")
@o.output_option("Folder for train.jsonl and validation.jsonl.")
@o.provider_option
@click.option(
    "--val-fraction", type=float, default=None, help="Share of groups put in validation (default 0.1)."
)
@click.option("--seed", type=int, default=None, help="Seed of the split (default 13).")
@o.rejects_option
@o.config_option
@o.quiet_option
def export(
    input_path: str,
    output: str,
    provider: str | None,
    val_fraction: float | None,
    seed: int | None,
    rejects_path: str | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Write canonical JSONL as a provider's train.jsonl and validation.jsonl.

    \b
    Example:
      fine-prep export pairs.jsonl -o out/ --provider openai --val-fraction 0.1
    """
    cfg = o.load(config_path, {"run": {"provider": provider, "val_fraction": val_fraction, "seed": seed}})
    run = cfg.get(RunConfig)
    bad = []

    def good() -> Iterator[Example]:
        for item in read_examples(input_path):
            if isinstance(item, Example):
                yield item
            else:
                bad.append(item)

    result = export_examples(good(), output, run.provider, run.val_fraction, run.seed)
    bad.extend(result.rejects)
    rejects_path = rejects_path or f"{output.rstrip('/')}/rejects.jsonl"
    if bad:
        write_jsonl(rejects_path, [r.to_dict() for r in bad])
    o.say(
        quiet,
        f"export: {result.train} train, {result.validation} validation ({run.provider}), "
        f"{len(bad)} not kept" + (f": see {rejects_path}" if bad else ""),
    )
