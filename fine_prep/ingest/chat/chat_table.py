"""CSV/XLSX chat tables: one message per row, with a column mapping.

Columns (names set in ``[chat_table]``, matched case-insensitively; common synonyms are
accepted): conversation id (optional: without it the table is one chat cut on the time gap),
time, speaker, text, and an optional role column (``staff``/``agent``/``assistant`` versus
``customer``/``user``) that decides who is staff row by row instead of ``--staff``.

The adapter claims a table only by its header (a speaker and a text column), so that tables of
question/answer pairs stay with the ``qa-table`` adapter.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fine_prep.config import section, setting
from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.chat.common import (
    TEXT,
    ChatConfig,
    ChatEmitter,
    ChatMessage,
    clean_text,
    gap_of,
    resolve_staff,
    split_conversations,
)
from fine_prep.ingest.chat.whatsapp import DateOrderVote, decide_order
from fine_prep.ingest.tables import TableError, first_header, table_rows, xlsx_rows
from fine_prep.record import Example, Reject


@section("chat_table")
@dataclass(frozen=True)
class ChatTableConfig:
    """CSV/XLSX chat tables (one message per row): which column is which."""

    conversation: str = setting("conversation", "Column with the conversation id (optional).")
    time: str = setting("time", "Column with the time of each message (ISO 8601 or a local date).")
    speaker: str = setting("speaker", "Column naming who sent the message.")
    text: str = setting("text", "Column with the message text.")
    role: str = setting("role", "Optional column saying 'staff' or 'customer' for each row.")
    sheet: str = setting("", "XLSX sheet to read (empty: the first).")


# Synonyms tried when the configured name is absent (exports of CRM/helpdesk tools differ).
_SYNONYMS = {
    "conversation": (
        "conversation",
        "conversation_id",
        "conversation id",
        "chat_id",
        "thread",
        "thread_id",
        "ticket",
    ),
    "time": ("time", "timestamp", "datetime", "date", "sent_at", "created_at"),
    "speaker": ("speaker", "sender", "author", "from", "name", "user"),
    "text": ("text", "message", "body", "content"),
    "role": ("role", "side", "is_staff"),
}
_STAFF_ROLES = frozenset({"staff", "agent", "assistant", "business", "shop", "support", "true", "yes", "1"})
_QA_HEADERS = frozenset({"question", "answer", "prompt", "completion", "instruction", "response"})


def _columns(header: list[str], cfg: ChatTableConfig) -> dict[str, int]:
    low = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for key, names in _SYNONYMS.items():
        wanted = getattr(cfg, key).strip().lower()
        for name in (wanted, *names):
            if name and name in low:
                found[key] = low.index(name)
                break
    return found


def _is_chat_header(header: list[str], cfg: ChatTableConfig) -> bool:
    low = {h.strip().lower() for h in header}
    if low & _QA_HEADERS:
        return False
    cols = _columns(header, cfg)
    return "speaker" in cols and "text" in cols


class ChatTableAdapter:
    """Chat tables (CSV, TSV, XLSX), one message per row."""

    name = "chat-table"
    prefix = "ct"
    groups_files = False

    def __init__(self) -> None:
        self._xlsx_headers: dict[Path, list[str]] = {}

    def sniff(self, item: InputFile) -> float:
        """0.92 when the header row names a speaker and a text column (and no question/answer)."""
        if item.is_dir:
            return 0.0
        suffix = item.path.suffix.lower()
        # sniffing has no config: the default names and their synonyms decide; a table with
        # other column names is read with --adapter chat-table and [chat_table] set.
        cfg = ChatTableConfig()
        if suffix in (".csv", ".tsv"):
            first = item.head.decode("utf-8-sig", "ignore").splitlines()[:1]
            if not first:
                return 0.0
            delim = "\t" if suffix == ".tsv" else ","
            header = next(csv.reader(io.StringIO(first[0]), delimiter=delim), [])
            return 0.92 if _is_chat_header(header, cfg) else 0.0
        if suffix == ".xlsx" and item.head.startswith(b"PK"):
            header = self._xlsx_header(item.path, cfg)
            return 0.92 if header and _is_chat_header(header, cfg) else 0.0
        return 0.0

    def _xlsx_header(self, path: Path, cfg: ChatTableConfig) -> list[str]:
        if path not in self._xlsx_headers:
            try:
                rows = xlsx_rows(path, cfg.sheet, "[chat_table].sheet")
                self._xlsx_headers[path] = next((r for _, r in rows if any(c.strip() for c in r)), [])
            except TableError:
                self._xlsx_headers[path] = []
        return self._xlsx_headers[path]

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """One chat per conversation id; rows with no text or a bad time are rejects."""
        cfg = ctx.config.get(ChatTableConfig)
        order_pref = ctx.config.get(ChatConfig).date_order
        for item in items:
            try:
                rows = table_rows(item, cfg.sheet, "[chat_table].sheet")
                header = first_header(rows)
            except TableError as exc:
                yield ctx.file_error(item, self.name, exc.code, str(exc))
                continue
            cols = _columns(header, cfg)
            missing = [k for k in ("speaker", "text") if k not in cols]
            if missing:
                yield ctx.file_error(
                    item,
                    self.name,
                    "missing-columns",
                    f"missing column(s) {', '.join(missing)}; set [chat_table] speaker/text",
                )
                continue
            yield from self._table(item, ctx, rows, cols, order_pref)

    def _table(
        self,
        item: InputFile,
        ctx: IngestContext,
        rows: Iterator[tuple[int, list[str]]],
        cols: dict[str, int],
        order_pref: str,
    ) -> Iterator[Example | Reject]:
        chats: dict[str, list[ChatMessage]] = {}
        roles: dict[str, bool] = {}
        counts: Counter[str] = Counter()
        order: list[str] = []
        try:
            table = list(rows)  # a table is read whole: the date order is decided over all rows
        except TableError as exc:
            yield ctx.file_error(item, self.name, exc.code, str(exc))
            return
        day_first = self._day_first(table, cols, order_pref, ctx, item)
        for line, row in table:
            cells = row + [""] * (max(cols.values()) + 1 - len(row))
            if not any(c.strip() for c in row):
                continue
            ctx.counts["chat-table-rows"] += 1
            text = clean_text(cells[cols["text"]])
            speaker = cells[cols["speaker"]].strip()
            when = None
            if "time" in cols and cells[cols["time"]].strip():
                when = parse_time(cells[cols["time"]], day_first)
                if when is None:
                    yield _reject(item, self.name, line, "bad-timestamp", "the time cell is not a date/time")
                    continue
            if not text:
                yield _reject(item, self.name, line, "empty-text", "the text cell is empty", kind="skipped")
                continue
            if "role" in cols and cells[cols["role"]].strip():
                roles[speaker] = cells[cols["role"]].strip().lower() in _STAFF_ROLES
            conv = cells[cols["conversation"]].strip() if "conversation" in cols else ""
            chats.setdefault(conv, []).append(ChatMessage(speaker, text, when, str(line), line, line, TEXT))
            if speaker not in counts:
                order.append(speaker)
            counts[speaker] += len(text)
        if roles:
            staff = {s for s, is_staff in roles.items() if is_staff}
            ctx.counts["chat-staff-from-role-column"] += 1
        else:
            staff = resolve_staff(counts, order, {}, ctx, item.display)
        for k, messages in enumerate(chats.values(), 1):
            messages.sort(key=lambda m: m.time or datetime.min)
            # the conversation's number, not its id: ids are often a customer's phone number
            part = f"conversation {k}" if len(chats) > 1 else ""
            emitter = ChatEmitter(self.name, self.prefix, item, ctx, staff.__contains__, "rows", part)
            for conversation in split_conversations(messages, gap_of(ctx)):
                yield from emitter.emit(conversation)

    def _day_first(
        self,
        table: list[tuple[int, list[str]]],
        cols: dict[str, int],
        order_pref: str,
        ctx: IngestContext,
        item: InputFile,
    ) -> bool:
        """Day-first or month-first for numeric dates such as 05/01/2024, decided as for WhatsApp."""
        if order_pref != "auto" or "time" not in cols:
            return order_pref != "month-first"
        vote = DateOrderVote()
        i = cols["time"]
        for _, row in table:
            m = _NUMERIC.match(row[i].strip()) if i < len(row) else None
            if m and int(m.group(1)) <= 31:
                vote.add(f"{m.group(1)}/{m.group(2)}/{m.group(3)}")
        order, why = decide_order(vote, "auto")
        if why:
            ctx.note(f"{item.display}: table dates read as {order} ({why})")
        return order != "month-first"


_NUMERIC = re.compile(
    r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$"
)


def parse_time(value: str, day_first: bool = True) -> datetime | None:
    """A table's time cell: ISO 8601, or a numeric local date (day-first unless told).

    Returns ``None`` when the value is not a date/time. Time zones are dropped (times are
    compared within one table only).
    """
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    m = _NUMERIC.match(value)
    if not m:
        return None
    a, b, c = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if a > 31:
        y, mo, d = a, b, c
    elif day_first:
        y, mo, d = c, b, a
    else:
        y, mo, d = c, a, b
    if y < 100:
        y += 2000
    h, mi, s = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
    marker = (m.group(7) or "").replace(".", "").lower()
    if marker == "pm" and h < 12:
        h += 12
    elif marker == "am" and h == 12:
        h = 0
    try:
        return datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None


def _reject(
    item: InputFile, adapter: str, line: int, code: str, message: str, kind: str = "rejected"
) -> Reject:
    return Reject(
        stage="ingest",
        code=code,
        message=f"{item.display}:{line}: {message}",
        source=item.source(adapter, ref=f"row {line}", line=line),
        line=line,
        kind=kind,
    )


ADAPTERS.add(ChatTableAdapter.name, ChatTableAdapter())
