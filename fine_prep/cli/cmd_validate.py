"""``fine-prep validate``: the pre-upload gate."""

from __future__ import annotations

import json

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main
from fine_prep.config import RunConfig
from fine_prep.providers.validate import Report, ValidateConfig, validate_file
from fine_prep.report.manifest import recorded_keep


@main.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@o.provider_option
@click.option(
    "--validation-file",
    "validation_file",
    default=None,
    help="The validation file: checked the same way, and for leakage from FILE.",
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    help="Also fail the gate on this severity or code (adds to [validate] fail_on; repeatable).",
)
@click.option(
    "--allow",
    "allow",
    multiple=True,
    help="Never fail the gate on this code (adds to [validate] allow; repeatable).",
)
@click.option("--no-pii", "no_pii", is_flag=True, default=False, help="Skip the residual personal-data scan.")
@o.json_option
@o.config_option
def validate(
    files: tuple[str, ...],
    provider: str | None,
    validation_file: str | None,
    fail_on: tuple[str, ...],
    allow: tuple[str, ...],
    no_pii: bool,
    as_json: bool,
    config_path: str | None,
) -> None:
    """Check a provider JSONL file (anyone's) before upload; exit 1 if it fails.

    Prints one line per finding, `FILE:LINE: severity code message`, grouped and capped per
    code, then a summary with token totals and an estimated training cost. Several FILEs are
    checked one by one (as pre-commit passes them). Exit 0: every file passes; 1: one fails the
    gate; 2: one cannot be used (missing, empty, binary, a directory).

    \b
    Example:
      fine-prep validate out/train.jsonl --provider openai --validation-file out/validation.jsonl
    """
    overrides: dict[str, dict[str, object]] = {"validate": {"pii_scan": False} if no_pii else {}}
    keep = None if config_path else recorded_keep(files[0])
    if keep:
        # A file from a fine-prep output folder is scanned with the allow-list its run used.
        overrides["redact"] = {"keep": keep}
    cfg = o.load(config_path, overrides)
    if fail_on or allow:
        # The flags add to the configured lists: `--fail-on duplicate` must not stop errors failing.
        base = cfg.get(ValidateConfig)
        overrides["validate"] |= {"fail_on": [*base.fail_on, *fail_on], "allow": [*base.allow, *allow]}
        cfg = o.load(config_path, overrides)
    if validation_file and len(files) > 1:
        raise click.UsageError("--validation-file goes with one training FILE")
    name = provider or cfg.get(RunConfig).provider
    cap = cfg.get(ValidateConfig).max_per_code
    # Every file is checked before any verdict: pre-commit and CI pass several at once.
    reports = [validate_file(f, name, cfg, validation_path=validation_file) for f in files]
    if keep:
        for r in reports:
            r.notes.append(f"allow-list of {len(keep)} business strings taken from the run's manifest.json")
    if as_json:
        docs = [r.to_dict(cap) for r in reports]
        click.echo(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for line in report.lines_out(cap):
                click.echo(line)
            for line in summary_lines(report):
                click.echo(line)
    if any(r.failed for r in reports):
        click.get_current_context().exit(1)


def summary_lines(report: Report) -> list[str]:
    """The human summary: per-file counts and tokens, findings, the cost and its assumptions."""
    s = report.summary()
    kind = "exact" if s["tokens_exact"] else "estimated"
    out = []
    for f in s["files"]:
        dist = f["tokens_per_example"]
        roles = ", ".join(f"{r} {n:,}" for r, n in f["tokens_per_role"].items())
        out.append(
            f"{f['file']}: {f['role']}, {f['examples']:,} examples on {f['lines']:,} lines, "
            f"{f['tokens_total']:,} tokens ({kind}; {roles or 'none'}); tokens per example "
            f"min {dist['min']:,} / p50 {dist['p50']:,} / p90 {dist['p90']:,} / max {dist['max']:,}"
        )
    sev = s["findings_by_severity"]
    counts = ", ".join(f"{n} {k}" for k, n in sev.items()) or "no findings"
    c = s["cost"]
    out.append(f"{report.path}: estimated training cost ${c['estimated_usd']:,.2f}: {c['assumptions']}")
    for note in report.notes:
        out.append(f"{report.path}: note: {note}")
    out.append(f"{report.path}: {counts}: {'FAIL' if report.failed else 'PASS'} ({report.provider})")
    return out
