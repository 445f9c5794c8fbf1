"""Options shared by several commands, one decorator each, and config loading from flags."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from fine_prep.config import Config, load_config
from fine_prep.pipeline import Progress

F = TypeVar("F", bound=Callable[..., Any])


def output_option(
    help: str = "Output file ('-' for standard output).", required: bool = True
) -> Callable[[F], F]:
    return click.option("-o", "--output", "output", required=required, help=help)


def config_option(f: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="A fine-prep.toml with settings (flags win over it). See fine-prep.example.toml.",
    )(f)


def quiet_option(f: F) -> F:
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")(f)


def workers_option(f: F) -> F:
    return click.option(
        "--workers", type=int, default=None, help="Worker processes (default: one per core)."
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON document.")(f)


def rejects_option(f: F) -> F:
    return click.option(
        "--rejects",
        "rejects_path",
        default=None,
        help="Where dropped records go, with reasons (default: OUTPUT.rejects.jsonl).",
    )(f)


def provider_option(f: F) -> F:
    from fine_prep.config import load_builtins
    from fine_prep.providers.base import PROVIDERS

    load_builtins()
    return click.option(
        "--provider",
        default=None,
        type=click.Choice(PROVIDERS.names()),
        help="Provider format (default: openai, or [run].provider).",
    )(f)


def load(config_path: str | None, overrides: Mapping[str, Mapping[str, Any]]) -> Config:
    """Resolve the config from the file and the flags the user typed (None = not typed)."""
    return load_config(config_path, overrides)


def progress(quiet: bool) -> Progress:
    return Progress(False) if quiet else Progress(None)


def say(quiet: bool, text: str) -> None:
    """A summary line on stderr (never personal data)."""
    if not quiet:
        click.echo(text, err=True)


def default_rejects(output: str, rejects_path: str | None) -> str | None:
    if rejects_path:
        return rejects_path
    if output == "-":
        return None
    return f"{output}.rejects.jsonl" if not output.endswith(".jsonl") else output[:-6] + ".rejects.jsonl"
