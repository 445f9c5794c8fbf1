"""``fine-prep config``: show the settings."""

from __future__ import annotations

import json

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.config import example_toml


@main.command()
@click.option("--example", is_flag=True, help="Print fine-prep.example.toml (every key, default and help).")
@o.config_option
def config(example: bool, config_path: str | None) -> None:
    """Print the resolved configuration as JSON, or a commented example file.

    \b
    Example:
      fine-prep config --config fine-prep.toml
    """
    if example:
        click.echo(example_toml(), nl=False)
        return
    cfg = o.load(config_path, {})
    click.echo(json.dumps(cfg.to_dict(hide_secrets=True), ensure_ascii=False, indent=2))
