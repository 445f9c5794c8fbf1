"""Reading CSV, TSV and XLSX tables row by row: what the table adapters share.

Rows come back as ``(line, cells)`` with the 1-based line (CSV: the physical line the row
starts on; XLSX: the sheet row), so a reject can name it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from fine_prep.ingest.base import InputFile

Rows = Iterator[tuple[int, list[str]]]


class TableError(Exception):
    """A table that cannot be read; ``code`` is the reject code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def table_rows(item: InputFile, sheet: str = "", setting: str = "sheet") -> Rows:
    """The rows of a ``.csv``/``.tsv`` (strict UTF-8, BOM allowed) or ``.xlsx`` file.

    Args:
        item: the file.
        sheet: XLSX sheet name (empty: the first).
        setting: the config key naming the sheet, for the error message.

    Raises:
        TableError: not UTF-8, not a readable workbook, no such sheet; a CSV syntax error is
            raised while iterating.
    """
    if item.path.suffix.lower() == ".xlsx":
        return xlsx_rows(item.path, sheet, setting)
    return csv_rows(item)


def csv_rows(item: InputFile) -> Rows:
    """Rows of a CSV (or TSV, by extension) file decoded as strict UTF-8."""
    raw = item.path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            "not-utf8", f"not UTF-8 (bad byte at offset {exc.start}); save the table as UTF-8 CSV"
        ) from None
    dialect = "excel-tab" if item.path.suffix.lower() == ".tsv" else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)

    def rows() -> Rows:
        start = 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise TableError("bad-csv", f"line {reader.line_num}: {exc}") from None

    return rows()


def xlsx_rows(path: Path, sheet: str = "", setting: str = "sheet") -> Rows:
    """Rows of one worksheet, cells as text (dates in ISO form); the workbook is closed after."""
    import openpyxl  # lazily: only for .xlsx inputs

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise TableError("bad-xlsx", "not a readable .xlsx workbook") from None
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
    except (KeyError, IndexError):
        wb.close()
        raise TableError("missing-sheet", f"the sheet named in {setting} is not there") from None

    def rows() -> Rows:
        try:
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield n, [cell_text(v) for v in row]
        finally:
            wb.close()

    return rows()


def cell_text(value: object) -> str:
    """A cell as text: empty for none, ISO form for dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def first_header(rows: Rows) -> list[str]:
    """Consume rows up to the first non-empty one and return it (the header).

    Raises:
        TableError: the table has no non-empty row.
    """
    for _, header in rows:
        if any(h.strip() for h in header):
            return header
    raise TableError("empty-file", "the table is empty (no header row)")
