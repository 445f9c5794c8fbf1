"""WhatsApp chat exports: the ``.txt`` ("Export chat") and the exported ``.zip`` holding it.

Line formats, as the Android and iOS apps write them (one header per message; a line without a
header continues the message before it):

- Android: ``05/01/2024, 15:45 - Name: text`` (``DD/MM/YY`` or ``MM/DD/YY`` by phone locale,
  ``h:mm am`` or 24 h, a U+202F narrow no-break space before ``am``/``pm`` on newer phones),
  Chinese locales ``2024/1/5 下午3:45 - 陳大文: 你好``; system lines have no ``Name:``.
- iOS: ``[05/01/2024, 15:45:12] Name: text`` (seconds always), Chinese
  ``[2024/1/5 下午3:45:12] Name: text``; system lines carry the chat's name as the speaker and a
  U+200E mark before the text; media as ``‎image omitted`` / ``‎圖片已略去`` /
  ``‎<attached: file>``.
- ``2024年1月5日 下午3:45`` (年月日) and ``2024-01-05`` dates; ``a. m.``/``p. m.`` markers.

Sources for the formats: the fixtures of joweich/chat-miner (test/whatsapp/),
emmaakachukwu/whatsapp-chat-parser-rb (spec/fixtures/files/sample.txt), and the pattern
table of Pustur/whatsapp-chat-parser (src/parser.ts: regexParser, regexSplitDate; src/date.ts:
daysBeforeMonths decides the date order from all the file's dates, as here). Chinese strings
(上午/下午, ``圖片已略去``, ``此訊息已被刪除``, the encryption notice) as in
``sample_data/chat/whatsapp_zh_hk.txt``; the other localised placeholders listed below are
best-effort and fall back to ordinary text when they do not match.

Numeric dates are ambiguous (05/01 is 5 January or May 1st): the order is decided for the
whole file from a first pass over it (a field above 12 settles it; otherwise the order under
which dates never run backwards; otherwise day-first, Hong Kong's convention) and the choice is
reported with :meth:`IngestContext.note`. The file is then read again and handed on one
conversation at a time, so memory stays bounded by one conversation.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import IO

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.chat.common import (
    DELETED,
    INVISIBLE,
    MEDIA,
    SYSTEM,
    TEXT,
    ChatConfig,
    ChatEmitter,
    ChatMessage,
    gap_of,
    resolve_staff,
    safe_label,
    split_conversations,
)
from fine_prep.record import Example, Reject

_AM_PM = r"[AaPp]\.?[ \u00a0\u202f]?[Mm]\.?"
_ZH_AM_PM = "上午|下午|中午|凌晨|早上|晚上"
# One regex for every header style; group "ob" tells iOS (bracketed) from Android (" - ").
_HEADER = (
    r"(?P<ob>\[)?"
    r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{4}年\d{1,2}月\d{1,2}日)"
    r",?[ \u00a0\u202f]?"
    rf"(?P<pre>{_ZH_AM_PM})?[ \u00a0\u202f]?"
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?"
    rf"(?:[ \u00a0\u202f]?(?P<post>{_AM_PM}|{_ZH_AM_PM}))?"
    r"(?(ob)\][ \u00a0\u202f]?|[ \u00a0\u202f](?P<dash>[-–][ \u00a0\u202f])?)"
)
HEADER = re.compile(_HEADER + r"(?P<rest>.*)", re.DOTALL)
# The same, over a block of many lines: the first pass finds headers with one C-level scan.
HEADER_LINES = re.compile(r"^[\u200e\u200f\u202a\ufeff]*" + _HEADER + r"(?P<rest>[^\n]*)", re.MULTILINE)
_DATE_PARTS = re.compile(r"\d+")
_PM = {"pm", "下午", "晚上", "中午"}
_AM = {"am", "上午", "凌晨", "早上"}

# Media placeholders (export "without media" and "with media") and call events: never text.
MEDIA_LINE = re.compile(
    r"^(?:<Media omitted>|<媒體已略去>|<媒体已省略>|<已略去媒體>|<附件已略去>|null"
    r"|(?:image|video|audio|sticker|GIF|document|Contact card|photo) omitted"
    r"|(?:圖片|图片|影片|視訊|视频|音訊|音频|語音|贴纸|貼圖|貼紙|文件|檔案|GIF|聯絡人卡片|联系人名片)\s?已(?:略去|省略|忽略)"
    r"|<attached: [^>]*>|<附件：[^>]*>"
    r"|(?:Missed )?(?:voice|video) call|未接(?:語音|视频|視像|语音)?通話|语音通话|語音通話|视频通话|視像通話"
    r"|(?:This message|Waiting for this message)\b.*view once.*|View once (?:photo|video|voice message))$",
    re.IGNORECASE,
)
# Android "export with media": the file name and a localised "(file attached)".
ATTACHED_FILE = re.compile(r"^\S.{0,118}\.\w{2,5} \((?:file attached|已附加檔案|已附加文件)\)$")


def is_media_line(text: str) -> bool:
    """Whether one line of a message is a media placeholder (not the sender's words)."""
    if len(text) > 160:
        return False  # placeholders are short; long lines are text (and skip the regexes)
    if MEDIA_LINE.match(text):
        return True
    return text.endswith(")") and ATTACHED_FILE.match(text) is not None


DELETED_LINE = re.compile(
    r"^(?:This message was deleted\.?|You deleted this message\.?|此訊息已被?刪除|你已?刪除了?此訊息"
    r"|此消息已被?删除|你删除了此消息|此訊息已刪除。?|你已刪除此訊息。?)$"
)
EDITED_SUFFIX = re.compile(r"\s*<(?:This message was edited|此訊息已編輯|已編輯|消息已编辑|已编辑)>$")
# Speaker-less style texts that iOS writes with the chat name as the speaker (normally behind a
# U+200E mark; these patterns catch them when the mark was lost in copying).
SYSTEM_START = re.compile(
    r"(?:Messages and calls are end-to-end encrypted|Messages to this group are now secured"
    r"|訊息和通話已.*端對端加密|訊息和通話經端對端加密|消息和通话都会进行端到端加密"
    r"|This chat is with a business account|This business (?:uses|is now))"
)
SYSTEM_ANY = re.compile(
    r"changed their phone number|changed the subject|changed this group's|created group"
    r"|joined using this group's invite link|security code (?:with .* )?changed"
    r"|已更改電話號碼|更改了群組|建立了群組|建立群組|加入了群組|安全碼已變更"
)


# Media, deleted and system texts in one anchored match (the group name is the kind).
SPECIAL = re.compile(
    rf"(?P<{MEDIA}>(?:{MEDIA_LINE.pattern[4:-2]})$)|(?P<{DELETED}>(?:{DELETED_LINE.pattern[4:-2]})$)"
    rf"|(?P<{SYSTEM}>{SYSTEM_START.pattern})",
    re.IGNORECASE,
)


def is_system_text(text: str) -> bool:
    """Whether a speaker's text is really a system line (short, with a known phrase)."""
    if len(text) > 200:
        return False
    return SYSTEM_START.match(text) is not None or SYSTEM_ANY.search(text) is not None


# A "speaker" that is really the start of a system sentence (a colon in a group subject).
_NOT_A_NAME = re.compile(r"\"|“| changed | created | added | removed |更改|建立|新增|移除")

_LEADING_MARKS = "\u200e\u200f\u202a\ufeff"  # as HEADER_LINES skips them
_HEAD_START = frozenset("[0123456789" + _LEADING_MARKS)


@dataclass(slots=True)
class Header:
    """The parsed header of a message line."""

    variant: str  # "android", "ios" or "plain" (iOS text copied without brackets)
    date: str
    h: str
    mi: str
    s: str | None
    marker: str | None  # 上午/下午 before the time, or AM/PM after it, as written


@dataclass(slots=True)
class RawMessage:
    """A message as read from the file, before the date order is known."""

    line: int
    end_line: int
    header: Header
    speaker: str  # "" for a system line
    lines: list[str]


@dataclass(slots=True)
class BadLine:
    """A line that could not be read, with a kebab-case reason."""

    line: int
    code: str
    message: str


def _match(line: str) -> tuple[re.Match[str], str] | None:
    """The header match of a line and its variant, or ``None``; never raises."""
    if not line or line[0] not in _HEAD_START:
        return None
    if line[0] != "[" and not line[0].isdigit():
        line = line.lstrip(_LEADING_MARKS)
    m = HEADER.match(line)
    if m is None:
        return None
    if m.group("ob"):
        return m, "ios"
    if m.group("dash"):
        return m, "android"
    # iOS text without brackets: only with seconds and a "Name: " to keep ordinary
    # continuation lines such as "5/1/2024 3:45 works for me" from looking like headers.
    if m.group("s") is None or ": " not in m.group("rest")[:120]:
        return None
    return m, "plain"


def parse_header(line: str) -> tuple[Header, str] | None:
    """The header of a message line and the rest of the line, or ``None`` for a continuation.

    Never raises: any text that is not a header is a continuation line.
    """
    found = _match(line)
    if found is None:
        return None
    m, variant = found
    date, pre, h, mi, s, post, rest = m.group("date", "pre", "h", "mi", "s", "post", "rest")
    return Header(variant, date, h, mi, s, pre or post), rest


def parse_lines(lines: Iterable[str], start: int = 1) -> Iterator[RawMessage | BadLine]:
    """Group lines of an export into messages; never raises.

    Every line ends up in exactly one message (header line plus continuation lines) or is a
    :class:`BadLine` (text before the first message). Blank lines before the first message
    are ignored.

    Args:
        lines: the lines, without their line breaks (a trailing one is stripped).
        start: number of the first line.
    """
    text = "".join(line.rstrip("\r\n") + "\n" for line in lines)
    return parse_blocks([text] if text else [], start)


def read_blocks(fh: IO[str], size: int = 1 << 20) -> Iterator[str]:
    """A text stream in blocks of whole lines (each block ends with a line break)."""
    while True:
        block = fh.read(size)
        if not block:
            return
        if block[-1] != "\n":
            block += fh.readline()
            if block[-1] != "\n":
                block += "\n"  # the file's last line has no line break
        yield block


def parse_blocks(blocks: Iterable[str], start: int = 1) -> Iterator[RawMessage | BadLine]:
    """Group blocks of whole lines (``\n``-separated, as :func:`read_blocks` gives) into messages.

    Headers are found with one regex scan per block (in C); the text between two headers is
    the continuation of the first message. Memory is one block and one message. Never raises.
    """
    current: RawMessage | None = None
    line = start  # number of the line at ``pos``
    for block in blocks:
        pos = 0
        for m in HEADER_LINES.finditer(block):
            ob, dash, sec, rest = m.group("ob", "dash", "s", "rest")
            if ob:
                variant = "ios"
            elif dash:
                variant = "android"
            elif sec is None or ": " not in rest[:120]:
                continue  # not a header (see _match): the line stays continuation text
            else:
                variant = "plain"
            if m.start() > pos:
                line = yield from _continuation(current, block[pos : m.start()], line)
            if current is not None:
                yield current
            date, pre, h, mi, post = m.group("date", "pre", "h", "mi", "post")
            speaker, text = _split_speaker(rest)
            current = RawMessage(line, line, Header(variant, date, h, mi, sec, pre or post), speaker, [text])
            line += 1
            pos = m.end() + 1
        if pos < len(block):
            line = yield from _continuation(current, block[pos:], line)
    if current is not None:
        yield current


def _continuation(current: RawMessage | None, gap: str, line: int) -> Generator[BadLine, None, int]:
    """Lines without a header (``gap`` ends with a line break): the current message's, or bad
    lines before the first message. Returns the number of the line after the gap."""
    more = gap.split("\n")
    more.pop()  # empty: after the gap's last line break
    if current is not None:
        current.lines.extend(more)
        current.end_line = line + len(more) - 1
        return line + len(more)
    for text in more:
        if text.strip() and INVISIBLE.sub("", text).strip():
            yield BadLine(line, "unparsed-line", "text before the first message")
        line += 1
    return line


_NAMES: dict[str, str] = {}


def _name(raw: str) -> str:
    """A speaker name without invisible marks, or "" when it reads as a system sentence."""
    got = _NAMES.get(raw)
    if got is None:
        got = "" if len(raw) > 80 or _NOT_A_NAME.search(raw) else INVISIBLE.sub("", raw).strip()
        if len(_NAMES) > 50_000:
            _NAMES.clear()
        _NAMES[raw] = got
    return got


def _split_speaker(rest: str) -> tuple[str, str]:
    i = rest.find(": ")
    if i > 0:
        name = _name(rest[:i])
        return (name, rest[i + 2 :]) if name else ("", rest)
    if rest.endswith(":") and 1 < len(rest) <= 80:
        # "Name:" with the text on the following lines
        name = _name(rest[:-1])
        if name:
            return name, ""
    return "", rest


def classify(msg: RawMessage) -> tuple[str, str]:
    """The kind of a message and its cleaned text (empty unless the kind is ``text``)."""
    if not msg.speaker:
        return SYSTEM, ""
    first = msg.lines[0]
    marked = first[:1] in "\u200e\u200f"
    if len(msg.lines) == 1:
        text = (first if first.isascii() else INVISIBLE.sub("", first)).strip()
        if not text:
            return TEXT, ""
        if text[-1] == ">":
            text = EDITED_SUFFIX.sub("", text)
        if len(text) <= 200:  # placeholders and system lines are short: long text skips this
            special = SPECIAL.match(text)
            if special is not None:
                return special.lastgroup or TEXT, ""
            if text[-1] == ")" and ATTACHED_FILE.match(text):
                return MEDIA, ""
            if marked or SYSTEM_ANY.search(text):
                # iOS marks its system lines ("‎Alice added Bob") with U+200E before the text
                return SYSTEM, ""
        elif marked:
            return SYSTEM, ""
        return TEXT, text
    lines = [INVISIBLE.sub("", ln) for ln in msg.lines]
    if is_system_text(lines[0].strip()):
        return SYSTEM, ""
    # A media line with a caption under it (Android "IMG-….jpg (file attached)" + caption).
    kept = [ln for ln in lines if not is_media_line(ln.strip())]
    had_media = len(kept) < len(lines)
    text = EDITED_SUFFIX.sub("", "\n".join(kept).strip())
    if not text:
        return (MEDIA if had_media else TEXT), ""
    return TEXT, text


# ---------------------------------------------------------------------------- dates


@dataclass
class DateOrderVote:
    """Evidence about the order of day and month in the numeric dates of one header variant."""

    ymd: int = 0
    other: int = 0
    first_over_12: int = 0
    second_over_12: int = 0
    backwards: Counter[str] = field(default_factory=Counter)
    last: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    last_date: str = ""

    def add(self, date: str) -> None:
        """Count one header's date (a repeat of the previous date adds nothing)."""
        if date == self.last_date:
            return
        self.last_date = date
        parts = [int(p) for p in _DATE_PARTS.findall(date)]
        if len(parts) != 3:
            return
        a, b, c = parts
        if "年" in date or a > 31:
            self.ymd += 1
            return
        self.other += 1
        if a > 12:
            self.first_over_12 += 1
        if b > 12:
            self.second_over_12 += 1
        for order, key in (("day-first", (c, b, a)), ("month-first", (c, a, b))):
            prev = self.last.get(order)
            if prev is not None and key < prev:
                self.backwards[order] += 1
            self.last[order] = key


def decide_order(vote: DateOrderVote, forced: str) -> tuple[str, str]:
    """The date order of one header variant and why (for the note)."""
    if not vote.other:
        return "ymd", ""
    if forced != "auto":
        return forced, "as set by [chat].date_order"
    f, s = vote.first_over_12, vote.second_over_12
    if f and not s:
        return "day-first", "a first field above 12 was seen"
    if s and not f:
        return "month-first", "a second field above 12 was seen"
    if f and s:
        order = "day-first" if f >= s else "month-first"
        return order, (
            "the file mixes both orders; the more common one was chosen and dates that do not "
            "fit it are rejected with their line"
        )
    d, m = vote.backwards["day-first"], vote.backwards["month-first"]
    if d != m:
        order = "day-first" if d < m else "month-first"
        return order, "no field above 12; dates run forward in time only when read this way"
    return "day-first", "no field above 12 and either order fits; Hong Kong's day-first convention assumed"


class _Clock:
    """Turns headers into datetimes once the date order of each variant is known."""

    def __init__(self, orders: dict[str, str]) -> None:
        self.orders = orders
        self.cache: dict[tuple[str, str], tuple[int, int, int] | None] = {}

    def date(self, variant: str, text: str) -> tuple[int, int, int] | None:
        key = (variant, text)
        got = self.cache.get(key, False)
        if got is not False:
            return got  # type: ignore[return-value]
        parts = [int(p) for p in _DATE_PARTS.findall(text)]
        if len(parts) != 3:
            value = None
        else:
            a, b, c = parts
            if "年" in text or a > 31:
                y, mo, d = a, b, c
            elif self.orders.get(variant, "day-first") == "month-first":
                y, mo, d = c, a, b
            else:
                y, mo, d = c, b, a
            if y < 100:
                y += 2000
            value = (y, mo, d)
        if len(self.cache) > 4096:  # bounded: a few years of distinct dates
            self.cache.clear()
        self.cache[key] = value
        return value

    def when(self, header: Header) -> datetime | None:
        ymd = self.date(header.variant, header.date)
        if ymd is None:
            return None
        h = int(header.h)
        if header.marker:
            ampm = _marker(header.marker)
            if ampm == "pm" and h < 12:
                h += 12
            elif ampm == "am" and h == 12:
                h = 0
        try:
            return datetime(ymd[0], ymd[1], ymd[2], h, int(header.mi), int(header.s) if header.s else 0)
        except ValueError:
            return None


def _marker(text: str) -> str:
    """ "am", "pm" or "" for a written marker (AM, p. m., 上午, 下午 …)."""
    low = text.replace(".", "").replace(" ", "").replace("\u202f", "").replace("\u00a0", "").lower()
    return "pm" if low in _PM else "am" if low in _AM else ""


# ---------------------------------------------------------------------------- the adapter


_CHAT_MEMBER = re.compile(r"(?:^|/)(?:_chat\.txt|WhatsApp[^/]*\.txt)$", re.IGNORECASE)


class WhatsAppAdapter:
    """WhatsApp exports (Android and iOS, English and Chinese locales): ``.txt`` or ``.zip``."""

    name = "whatsapp"
    prefix = "wa"
    groups_files = False

    def sniff(self, item: InputFile) -> float:
        """High when the first lines are WhatsApp message headers, or a zip holds ``_chat.txt``."""
        if item.is_dir:
            return 0.0
        if item.head.startswith(b"PK\x03\x04"):
            return 0.95 if self._member(item) is not None else 0.0
        text = _decode_head(item.head)
        if text is None:
            return 0.0
        seen = hits = 0
        first_is_header = False
        for line in text.splitlines()[:10]:
            if not INVISIBLE.sub("", line).strip():
                continue
            seen += 1
            if parse_header(line) is not None:
                hits += 1
                first_is_header = first_is_header or seen == 1
        if first_is_header:
            return 0.95
        # a line of other text before the first message (rejected with its line when read)
        return 0.8 if hits >= 2 else 0.0

    def _member(self, item: InputFile) -> str | None:
        try:
            with zipfile.ZipFile(item.path) as zf:
                names = [n for n in zf.namelist() if _CHAT_MEMBER.search(n)]
        except (zipfile.BadZipFile, OSError):
            return None
        return sorted(names, key=lambda n: (len(PurePosixPath(n).parts), n))[0] if names else None

    @contextmanager
    def _open(self, item: InputFile) -> Iterator[IO[str]]:
        if item.head.startswith(b"PK\x03\x04"):
            member = self._member(item)
            if member is None:
                raise _FileProblem("unknown-format", "the zip holds no WhatsApp chat (_chat.txt)")
            try:
                with zipfile.ZipFile(item.path) as zf:
                    with zf.open(member) as raw:
                        head = raw.read(4)
                    with zf.open(member) as raw:
                        yield _text_stream(raw, head)
            except (zipfile.BadZipFile, OSError, EOFError):
                raise _FileProblem("corrupt-zip", "the chat inside the zip cannot be unpacked") from None
            return
        with item.path.open("rb") as raw:
            yield _text_stream(raw, item.head)

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """Two streaming passes per file: evidence (date order, speakers), then conversations."""
        for item in items:
            try:
                yield from self._read(item, ctx)
            except _FileProblem as exc:
                yield ctx.file_error(item, self.name, exc.code, exc.message)

    def _read(self, item: InputFile, ctx: IngestContext) -> Iterator[Example | Reject]:
        scan = self.scan(item, ctx)
        # iOS puts the chat's name on its system lines (text starting with U+200E): those were
        # not counted as a speaker's text by the scan.
        staff = resolve_staff(scan.written, scan.speakers, {}, ctx, safe_label(item.display))
        emitter = ChatEmitter(self.name, self.prefix, item, ctx, staff.__contains__)
        ctx.counts["whatsapp-files"] += 1
        rejects: list[Reject] = []

        def messages() -> Iterator[ChatMessage]:
            for rec in self.messages(item, ctx, scan):
                if isinstance(rec, Reject):
                    rejects.append(rec)  # handed on in order, between conversations
                else:
                    yield rec

        for conversation in split_conversations(messages(), gap_of(ctx)):
            yield from rejects
            rejects.clear()
            yield from emitter.emit(conversation)
        yield from rejects

    def scan(self, item: InputFile, ctx: IngestContext) -> Scan:
        """Pass 1: the date order of each header variant (reported) and text per speaker.

        Raises:
            _FileProblem: no line of the file is a WhatsApp message header.
        """
        label = safe_label(item.display)
        votes: dict[str, DateOrderVote] = {}
        written: Counter[str] = Counter()
        speakers: list[str] = []
        messages = 0
        with self._open(item) as fh:
            # blocks of whole lines: memory stays bounded, and the scan runs in C
            for block in read_blocks(fh):
                # characters written per speaker: the header line's text plus the continuation
                # lines up to the next header (which a position difference gives in C)
                pending, pending_end = "", 0
                for m in HEADER_LINES.finditer(block):
                    ob, dash, sec, date, rest = m.group("ob", "dash", "s", "date", "rest")
                    if ob:
                        variant = "ios"
                    elif dash:
                        variant = "android"
                    elif sec is None or ": " not in rest[:120]:
                        continue  # as in _match: not a header
                    else:
                        variant = "plain"
                    messages += 1
                    if pending:
                        written[pending] += m.start() - pending_end
                        pending = ""
                    vote = votes.get(variant)
                    if vote is None:
                        vote = votes[variant] = DateOrderVote()
                    if date != vote.last_date:
                        vote.add(date)
                    speaker, text = _split_speaker(rest)
                    marked = text[:1] == "\u200e"
                    if speaker and not (marked and not is_media_line(text[1:].strip())):
                        if speaker not in written:
                            speakers.append(speaker)
                        # iOS marks its system lines (the chat's name as "speaker": not counted)
                        # and media placeholders with U+200E; an Android placeholder adds a
                        # few characters only
                        written[speaker] += 0 if marked else len(text)
                        pending, pending_end = speaker, m.end()
                if pending:
                    written[pending] += len(block) - pending_end
        if not messages:
            raise _FileProblem(
                "unknown-format",
                "no WhatsApp message lines found (tried Android 'date, time - name: text', "
                "iOS '[date, time] name: text', 12 h/24 h, 上午/下午 and 年月日 styles)",
            )
        orders: dict[str, str] = {}
        forced = ctx.config.get(ChatConfig).date_order
        for variant, vote in sorted(votes.items()):
            chosen, why = decide_order(vote, forced)
            orders[variant] = chosen
            if why:
                ctx.note(f"{label}: {variant} dates read as {chosen} ({why})")
        return Scan(orders, written, speakers)

    def messages(self, item: InputFile, ctx: IngestContext, scan: Scan) -> Iterator[ChatMessage | Reject]:
        """Pass 2: every message of the file in order, and rejects for lines that cannot be read."""
        label = safe_label(item.display)
        clock = _Clock(scan.orders)
        last_line = 0
        with self._open(item) as fh:
            for rec in parse_blocks(read_blocks(fh)):
                if isinstance(rec, BadLine):
                    yield self._bad(item, label, rec.line, rec.line, rec.code, rec.message)
                    continue
                last_line = rec.end_line
                when = clock.when(rec.header)
                if when is None:
                    order = scan.orders.get(rec.header.variant)
                    yield self._bad(
                        item,
                        label,
                        rec.line,
                        rec.end_line,
                        "bad-timestamp",
                        f"the date or time is not a real one when read as {order}",
                    )
                    continue
                kind, text = classify(rec)
                yield ChatMessage(rec.speaker, text, when, str(rec.line), rec.line, rec.end_line, kind)
        ctx.counts["whatsapp-lines"] += last_line

    def _bad(self, item: InputFile, label: str, first: int, last: int, code: str, message: str) -> Reject:
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        return Reject(
            stage="ingest",
            code=code,
            message=f"{label}:{first}: {message}",
            source=item.source(self.name, ref=where, line=first),
            line=first,
        )


@dataclass
class Scan:
    """What the first pass over a WhatsApp export found.

    Attributes:
        orders: date order per header variant (``day-first``, ``month-first``, ``ymd``).
        written: characters of text per speaker (for inferring staff).
        speakers: speakers in order of first appearance.
    """

    orders: dict[str, str]
    written: Counter[str]
    speakers: list[str]


class _FileProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _decode_head(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # the head may end inside a multi-byte character
        if exc.start >= len(head) - 4:
            return head[: exc.start].decode("utf-8-sig")
        return None


def _text_stream(raw: IO[bytes], head: bytes) -> IO[str]:
    """A text view of an export: UTF-16 if it has that BOM (Windows copies), else UTF-8.

    Undecodable bytes become U+FFFD rather than stopping the file.
    """
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    # universal newlines: \r\n and a lone \r become \n, so that lines split the same everywhere
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace")  # type: ignore[arg-type]


ADAPTERS.add(WhatsAppAdapter.name, WhatsAppAdapter())
