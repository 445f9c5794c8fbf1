"""Single RFC 5322 messages: ``.eml`` files (a folder of them is walked by the driver)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from fine_prep.ingest.base import InputFile
from fine_prep.ingest.email.adapter import MailKind, register_kind
from fine_prep.ingest.email.reader import MailReader
from fine_prep.record import Reject

_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:", re.MULTILINE)
# Header fields that only mail has (RFC 5322 section 3.6, RFC 2045, RFC 5321 trace fields).
_MAIL_FIELDS = frozenset(
    {
        b"from",
        b"to",
        b"subject",
        b"date",
        b"message-id",
        b"received",
        b"return-path",
        b"mime-version",
        b"in-reply-to",
        b"references",
        b"delivered-to",
        b"x-mailer",
        b"reply-to",
        b"cc",
        b"sender",
        b"content-type",
    }
)


def sniff(item: InputFile) -> float:
    """A header block at the top of the file with mail field names."""
    if item.is_dir:
        return 0.0
    head = _lstrip_blank_lines(item.head[3:] if item.head.startswith(b"\xef\xbb\xbf") else item.head)
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    first = block.split(b"\n", 1)[0]
    if not _FIELD.match(first) or first.startswith(b"From "):
        return 0.0
    names = {m.group(1).lower() for m in _FIELD.finditer(block)}
    known = len(names & _MAIL_FIELDS)
    if item.path.suffix.lower() == ".eml" and known >= 1:
        return 0.9
    if known >= 3 or (known >= 2 and (b"from" in names or b"received" in names)):
        return 0.8
    if known >= 2:
        return 0.6
    return 0.0


def read(item: InputFile, reader: MailReader) -> Iterator[Reject]:
    """One message file into the reader."""
    yield from read_message_file(item, reader, "eml", item.display)


def read_message_file(
    item: InputFile, reader: MailReader, kind: str, display: str, path: Path | None = None
) -> Iterator[Reject]:
    """Read one file holding one message (shared with Maildir).

    Args:
        item: the input item (the file itself, or the Maildir folder).
        reader: the shared reader core.
        kind: the source kind written into ``source.adapter``.
        display: the path shown in ``source.path`` and messages.
        path: the message file, when ``item`` is a folder.
    """
    p = path or item.path
    fidx = reader.file_index(item, display)
    try:
        size = p.stat().st_size
        if size > reader.max_bytes:
            reader.ctx.counts["email-messages"] += 1
            yield reader.reject(fidx, kind, None, None, "message-too-large", "over [email].max_message_mb")
            return
        raw = p.read_bytes()
    except OSError as exc:
        yield reader.reject_file(item, "unreadable-file", f"cannot read ({exc.strerror})")
        return
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    yield from reader.add_bytes(_lstrip_blank_lines(raw), fidx, kind, None)


def _lstrip_blank_lines(raw: bytes) -> bytes:
    """Drop whitespace-only lines before the headers (some exporters pad the file)."""
    i = 0
    while True:
        nl = raw.find(b"\n", i)
        if nl < 0 or raw[i:nl].strip():
            return raw[i:]
        i = nl + 1


register_kind(MailKind("eml", sniff, read))
