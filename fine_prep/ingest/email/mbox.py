"""mbox files (Gmail Takeout, Thunderbird, Apple Mail export), read as a stream.

The file is read line by line and split on ``From `` separator lines; one message is held in
memory at a time. A ``From `` line separates messages only when it looks like an envelope line
(an address, ``-`` or a time of day) and the next line is a header field: unescaped body lines
such as "From Russia with love" (mboxo, MimeKit fixture unmunged.mbox.txt) stay in the body. ``>From``
lines are unescaped (mboxrd, https://www.loc.gov/preservation/digital/formats/fdd/fdd000385.shtml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from fine_prep.ingest.base import InputFile
from fine_prep.ingest.email.adapter import MailKind, register_kind
from fine_prep.ingest.email.reader import FIELD_LINE, MailReader
from fine_prep.record import Reject

_BOM = b"\xef\xbb\xbf"
# The envelope line is "From <sender> <asctime date>" (RFC 4155 appendix A). Writers vary:
# "From -" (Thunderbird, Netscape), "From 1844…@xxx" (Gmail Takeout, no date). A body line
# such as "From Russia with love" has neither an address, a dash nor a time of day.
_ENVELOPE = re.compile(rb"^From (?:-|\S*@\S*|\S+\s+.*\b\d{1,2}:\d{2}\b)")


def sniff(item: InputFile) -> float:
    """An mbox starts with a ``From `` line followed by a header line."""
    if item.is_dir:
        return 0.0
    head = item.head[3:] if item.head.startswith(_BOM) else item.head
    if not head.startswith(b"From "):
        return 0.0
    lines = head.split(b"\n", 2)
    if len(lines) > 1 and FIELD_LINE.match(lines[1]) and _ENVELOPE.match(lines[0]):
        return 0.95
    return 0.6 if item.path.suffix.lower() in (".mbox", ".mbx") else 0.0


def split(fh: Iterable[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number of the From line, message bytes)``; bytes are ``None`` when the
    message is larger than ``max_bytes`` (its lines are skipped, not buffered).
    """
    buf: list[bytes] = []
    size = 0
    start: int | None = None
    too_big = False
    pending: tuple[int, bytes] | None = None
    for lineno, line in enumerate(fh, 1):
        if lineno == 1 and line.startswith(_BOM):
            line = line[3:]
        if pending is not None:
            pline, ptext = pending
            pending = None
            if FIELD_LINE.match(line):
                if start is not None:
                    yield start, None if too_big else b"".join(buf)
                buf, size, too_big, start = [], 0, False, pline
            elif start is not None and not too_big:
                buf.append(ptext)
                size += len(ptext)
        if line.startswith(b"From ") and _ENVELOPE.match(line):
            pending = (lineno, line)
            continue
        if start is None or too_big:
            continue
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        size += len(line)
        if size > max_bytes:
            too_big = True
            buf = []
            continue
        buf.append(line)
    if pending is not None and start is not None and not too_big:
        buf.append(pending[1])
    if start is not None:
        yield start, None if too_big else b"".join(buf)


def read(item: InputFile, reader: MailReader) -> Iterator[Reject]:
    """Stream the messages of one mbox into the reader."""
    fidx = reader.file_index(item)
    try:
        fh = item.path.open("rb")
    except OSError as exc:
        yield reader.reject_file(item, "unreadable-file", f"cannot read ({exc.strerror})")
        return
    found = False
    with fh:
        for line, raw in split(fh, reader.max_bytes):
            found = True
            if raw is None:
                reader.ctx.counts["email-messages"] += 1
                yield reader.reject(
                    fidx, "mbox", line, None, "message-too-large", "over [email].max_message_mb"
                )
                continue
            yield from reader.add_bytes(raw, fidx, "mbox", line)
    if not found:
        yield reader.reject_file(
            item, "not-mbox", "no 'From ' separator line followed by headers: not an mbox"
        )


register_kind(MailKind("mbox", sniff, read))
