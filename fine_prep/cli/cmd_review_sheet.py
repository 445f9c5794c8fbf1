"""``fine-prep review-sheet``: the flagged examples as a CSV with a decision column."""

from __future__ import annotations

import click

from fine_prep.cli import options as o
from fine_prep.cli.app import main


@main.command("review-sheet")
@click.argument("source", metavar="RUN_DIR|REPORT_JSON|IN")
@o.output_option("The CSV review sheet ('-' for standard output).")
@o.config_option
@o.quiet_option
def review_sheet(source: str, output: str, config_path: str | None, quiet: bool) -> None:
    """Write the flagged examples to a CSV sheet whose 'decision' column a reviewer fills.

    SOURCE is a run's output folder (its report.json), a report.json, or a canonical JSONL
    file. Write keep or drop in the decision column (empty: undecided), then apply the sheet
    with `fine-prep run ... --decisions SHEET`.

    \b
    Example:
      fine-prep review-sheet out/ -o review.csv
    """
    from fine_prep.record import atomic_output
    from fine_prep.report.review import sheet_csv, sheet_rows, table_from_source

    cfg = o.load(config_path, {})
    rows = sheet_rows(table_from_source(source, cfg))
    with atomic_output(output) as fh:
        fh.write(sheet_csv(rows))
    o.say(quiet, f"review-sheet: {len(rows)} flagged examples written to {output}")
