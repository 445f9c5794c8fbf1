"""``fine-prep report``: the reviewer's report for a canonical JSONL file."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main


@main.command()
@click.argument("input_path", metavar="IN")
@o.output_option("The HTML report ('-' for standard output).")
@click.option("--json-out", "json_out", default=None, help="Also write the report's data as JSON here.")
@click.option("--md-out", "md_out", default=None, help="Also write a short Markdown summary here.")
@click.option(
    "--summary",
    "summaries",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A stage summary JSON, a list of them, or a run's report.json (repeatable, in stage order).",
)
@click.option("--rejects", "rejects_path", default=None, help="A rejects JSONL file to count and list.")
@o.config_option
@o.quiet_option
def report(
    input_path: str,
    output: str,
    json_out: str | None,
    md_out: str | None,
    summaries: tuple[str, ...],
    rejects_path: str | None,
    config_path: str | None,
    quiet: bool,
) -> None:
    """Write the readiness report (HTML, optionally JSON and Markdown) for a canonical JSONL file.

    Excerpts are shown only for examples that went through the redact stage.

    \b
    Example:
      fine-prep report checked.jsonl -o report.html --json-out report.json --rejects dups.jsonl
    """
    from fine_prep.record import atomic_output, dumps
    from fine_prep.report.files import report_from_files
    from fine_prep.report.html import render_html
    from fine_prep.report.markdown import render_markdown

    cfg = o.load(config_path, {})
    data = report_from_files(input_path, summaries, rejects_path, cfg)
    with atomic_output(output) as fh:
        fh.write(render_html(data))
    if json_out:
        with atomic_output(json_out) as fh:
            fh.write(dumps(data) + "\n")
    if md_out:
        with atomic_output(md_out) as fh:
            fh.write(render_markdown(data))
    v = data["verdict"]
    o.say(quiet, f"report: {v['status']}: {'; '.join(v['reasons'])}")
    o.say(quiet, f"report: written to {output}")
