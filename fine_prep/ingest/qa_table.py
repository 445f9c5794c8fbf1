"""CSV and XLSX tables of question/answer pairs, with a column mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from fine_prep.config import section, setting
from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.record import Example, Message, Reject, make_id


@section("qa_table")
@dataclass(frozen=True)
class QaTableConfig:
    """CSV/XLSX tables of question/answer pairs: which column is which."""

    question: str = setting("question", "Column holding the customer's question (the user message).")
    answer: str = setting("answer", "Column holding the staff answer (the assistant message).")
    system: str = setting("system", "Optional column with a per-row system prompt.")
    sheet: str = setting("", "XLSX sheet to read (empty: the first).")


class QaTableAdapter:
    """One example per row; a row with an empty question or answer is a reject with its line."""

    name = "qa-table"
    prefix = "qa"
    groups_files = False

    def sniff(self, item: InputFile) -> float:
        suffix = item.path.suffix.lower()
        if item.is_dir:
            return 0.0
        if suffix == ".xlsx" and item.head.startswith(b"PK"):
            return 0.6
        if suffix in (".csv", ".tsv"):
            header = item.head.split(b"\n", 1)[0].decode("utf-8", "ignore").lower()
            return 0.9 if "question" in header and "answer" in header else 0.3
        return 0.0

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        cfg = ctx.config.get(QaTableConfig)
        for item in items:
            try:
                rows = _xlsx_rows(item, cfg) if item.path.suffix.lower() == ".xlsx" else _csv_rows(item)
                header, body = _split_header(rows)
            except _TableError as exc:
                yield ctx.file_error(item, self.name, exc.code, str(exc))
                continue
            missing = [c for c in (cfg.question, cfg.answer) if c not in header]
            if missing:
                found = ", ".join(repr(h) for h in header if h) or "none"
                yield ctx.file_error(
                    item,
                    self.name,
                    "missing-columns",
                    f"missing column(s) {', '.join(repr(m) for m in missing)} (found: {found}); "
                    "set [qa_table] question/answer",
                )
                continue
            qi, ai = header.index(cfg.question), header.index(cfg.answer)
            si = header.index(cfg.system) if cfg.system in header else None
            for line, row in body:
                ctx.counts["qa-rows"] += 1
                cells = row + [""] * (len(header) - len(row))
                question, answer = cells[qi].strip(), cells[ai].strip()
                src = item.source(self.name, ref=f"row {line}", line=line)
                if not question or not answer:
                    which = "question" if not question else "answer"
                    yield Reject(
                        stage="ingest",
                        code=f"empty-{which}",
                        message=f"{item.display}:{line}: the {which} cell is empty",
                        source=src,
                        line=line,
                    )
                    continue
                messages = [Message("user", question), Message("assistant", answer)]
                if si is not None and cells[si].strip():
                    messages.insert(0, Message("system", cells[si].strip()))
                rid = make_id(self.prefix, item.display, str(line), question, answer)
                yield Example(rid, messages, src)


class _TableError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _split_header(
    rows: Iterator[tuple[int, list[str]]],
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    for _, header in rows:
        if any(h.strip() for h in header):
            return [h.strip().lower() for h in header], rows
    raise _TableError("empty-file", "the table is empty (no header row)")


def _csv_rows(item: InputFile) -> Iterator[tuple[int, list[str]]]:
    raw = item.path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _TableError(
            "not-utf8", f"not UTF-8 (bad byte at offset {exc.start}); save the table as UTF-8 CSV"
        ) from None
    dialect = "excel-tab" if item.path.suffix.lower() == ".tsv" else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    return _numbered(reader)


def _numbered(reader: csv.Reader) -> Iterator[tuple[int, list[str]]]:  # type: ignore[name-defined]
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _TableError("bad-csv", f"line {reader.line_num}: {exc}") from None


def _xlsx_rows(item: InputFile, cfg: QaTableConfig) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(item.path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _TableError("bad-xlsx", "not a readable .xlsx workbook") from None
    try:
        ws = wb[cfg.sheet] if cfg.sheet else wb.worksheets[0]
    except KeyError:
        raise _TableError("missing-sheet", f"no sheet named {cfg.sheet!r}") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield n, ["" if v is None else str(v) for v in row]
        wb.close()

    return rows()


ADAPTERS.add(QaTableAdapter.name, QaTableAdapter())
