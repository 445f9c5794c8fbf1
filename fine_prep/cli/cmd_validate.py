"""``fine-prep validate``: the gate."""

from __future__ import annotations

import json

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.providers.validate import ValidateConfig, validate_file


@main.command()
@click.argument("file")
@o.provider_option
@o.json_option
@o.config_option
def validate(file: str, provider: str | None, as_json: bool, config_path: str | None) -> None:
    """Check a provider JSONL file (anyone's) before upload; exit 1 if it fails.

    Prints one line per finding, `FILE:LINE: severity code message`, capped per code.

    \b
    Example:
      fine-prep validate out/train.jsonl --provider openai
    """
    cfg = o.load(config_path, {})
    name = provider or "openai"
    report = validate_file(file, name, cfg)
    cap = cfg.get(ValidateConfig).max_per_code
    if as_json:
        click.echo(json.dumps(report.to_dict(cap), ensure_ascii=False, indent=2))
    else:
        for line in report.lines_out(cap):
            click.echo(line)
        s = report.summary()
        kind = "exact" if s["tokens_exact"] else "estimated"
        click.echo(
            f"{file}: {s['examples']} examples, {s['tokens_total']} tokens ({kind}), "
            f"{sum(report.counts.values())} findings: {'FAIL' if report.failed else 'PASS'}"
        )
        for note in report.notes:
            click.echo(f"{file}: note: {note}")
    if report.failed:
        raise SystemExit(1)
