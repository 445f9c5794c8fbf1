"""CSV and XLSX tables of question/answer pairs, with a column mapping."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fine_prep.config import section, setting
from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.tables import Rows, TableError, first_header, table_rows
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
                body = table_rows(item, cfg.sheet, "[qa_table].sheet")
                header = [h.strip().lower() for h in first_header(body)]
            except TableError as exc:
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
            yield from self._rows(item, ctx, body, header, cfg)

    def _rows(
        self, item: InputFile, ctx: IngestContext, body: Rows, header: list[str], cfg: QaTableConfig
    ) -> Iterator[Example | Reject]:
        qi, ai = header.index(cfg.question), header.index(cfg.answer)
        si = header.index(cfg.system) if cfg.system in header else None
        try:
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
        except TableError as exc:  # a CSV syntax error part-way: the rows before it are kept
            yield ctx.file_error(item, self.name, exc.code, str(exc))


ADAPTERS.add(QaTableAdapter.name, QaTableAdapter())
