"""Outlook ``.msg`` files (one message each), read with extract-msg.

The transport headers Outlook keeps (``PR_TRANSPORT_MESSAGE_HEADERS``) carry Message-ID,
In-Reply-To and References for threading; the MAPI properties fill in what they lack.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from email.message import Message as MimeMessage
from typing import Any

from fine_prep.errors import MissingDependency
from fine_prep.ingest.base import InputFile
from fine_prep.ingest.email.adapter import MailKind, register_kind
from fine_prep.ingest.email.mime import Body, body_from_parts
from fine_prep.ingest.email.reader import MailReader
from fine_prep.record import Reject

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(item: InputFile) -> float:
    """An OLE compound file named ``.msg``."""
    if item.is_dir or not item.head.startswith(_OLE):
        return 0.0
    return 0.95 if item.path.suffix.lower() == ".msg" else 0.0


def read(item: InputFile, reader: MailReader) -> Iterator[Reject]:
    """One Outlook message into the reader."""
    try:
        import extract_msg
    except ImportError:
        raise MissingDependency("extract-msg", "reading Outlook .msg files") from None
    # extract-msg logs every unsupported property at WARNING: noise for a batch run.
    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    fidx = reader.file_index(item)
    try:
        m = extract_msg.openMsg(str(item.path))
    except Exception:  # extract-msg raises many kinds for broken OLE files
        yield reader.reject_file(item, "bad-msg", "not a readable Outlook .msg file")
        return
    try:
        reader.ctx.counts["email-messages"] += 1
        headers = _headers(m)
        body = _body(m, reader)
    except Exception:
        yield reader.reject(fidx, "msg", None, None, "bad-message", "the .msg properties cannot be read")
        return
    finally:
        close = getattr(m, "close", None)
        if close:
            close()
    yield from reader.add_message(headers, body, fidx, "msg")


def _headers(m: Any) -> MimeMessage:
    h = MimeMessage()
    src = getattr(m, "header", None)
    if src is not None:
        for k, v in src.items():
            h[k] = v
    fill = {
        "From": getattr(m, "sender", None),
        "To": getattr(m, "to", None),
        "Cc": getattr(m, "cc", None),
        "Subject": getattr(m, "subject", None),
        "Message-ID": getattr(m, "messageId", None),
        "In-Reply-To": getattr(m, "inReplyTo", None),
    }
    for k, v in fill.items():
        if v and h.get(k) is None:
            h[k] = " ".join(str(v).split())
    date = getattr(m, "date", None)
    if date is not None and h.get("Date") is None:
        from email.utils import format_datetime

        try:
            h["Date"] = format_datetime(date)
        except (TypeError, ValueError):
            pass
    return h


def _body(m: Any, reader: MailReader) -> Body:
    return body_from_parts(getattr(m, "body", None), getattr(m, "htmlBody", None), reader.ctx.counts)


register_kind(MailKind("msg", sniff, read))
