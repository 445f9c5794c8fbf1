"""Outlook ``.pst``/``.ost`` stores, read with libpff-python (``pypff``) when it is installed.

Without it, a clear error says how to convert the store to an mbox with ``readpst`` (from
libpst), which fine-prep reads natively.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message as MimeMessage
from email.parser import HeaderParser
from email.policy import compat32
from typing import Any

from fine_prep.errors import InputError
from fine_prep.ingest.base import InputFile
from fine_prep.ingest.email.adapter import MailKind, register_kind
from fine_prep.ingest.email.mime import Body, body_from_parts
from fine_prep.ingest.email.reader import MailReader
from fine_prep.record import Reject

# PFF file header: signature "!BDN" (libpff documentation, "PFF file format", section 2.1).
_MAGIC = b"!BDN"
_HEADER_PARSER = HeaderParser(policy=compat32)
CONVERT_HINT = (
    "install libpff-python (pip install libpff-python), or convert the store to mbox with "
    "readpst (package pst-utils / libpst): readpst -r -o OUTDIR FILE.pst, then ingest OUTDIR"
)


def sniff(item: InputFile) -> float:
    """The PFF signature at offset 0."""
    return 0.95 if not item.is_dir and item.head.startswith(_MAGIC) else 0.0


def read(item: InputFile, reader: MailReader) -> Iterator[Reject]:
    """Every message of every folder of the store into the reader."""
    try:
        import pypff
    except ImportError:
        raise InputError(f"{item.display}: reading .pst needs libpff-python; {CONVERT_HINT}") from None
    if not item.head.startswith(_MAGIC):
        yield reader.reject_file(item, "not-pst", "not an Outlook .pst/.ost file (no !BDN signature)")
        return
    store = pypff.file()
    try:
        store.open(str(item.path))
    except OSError:
        yield reader.reject_file(item, "bad-pst", f"cannot be opened by libpff; {CONVERT_HINT}")
        return
    fidx = reader.file_index(item)
    try:
        n = 0
        for message in _messages(store.get_root_folder()):
            n += 1
            try:
                headers = _headers(message)
                body = _body(message, reader)
            except Exception:  # libpff raises IOError/OSError on damaged items
                reader.ctx.counts["email-messages"] += 1
                yield reader.reject(fidx, "pst", n, None, "bad-message", f"item {n} cannot be read")
                continue
            reader.ctx.counts["email-messages"] += 1
            yield from reader.add_message(headers, body, fidx, "pst", n)
    finally:
        store.close()


def _messages(folder: Any) -> Iterator[Any]:
    stack = [folder]
    while stack:
        f = stack.pop()
        for i in range(f.get_number_of_sub_messages()):
            try:
                yield f.get_sub_message(i)
            except OSError:
                continue
        stack.extend(reversed([f.get_sub_folder(i) for i in range(f.get_number_of_sub_folders())]))


def _headers(message: Any) -> MimeMessage:
    raw = message.get_transport_headers() or ""
    h = _HEADER_PARSER.parsestr(raw) if raw.strip() else MimeMessage()
    if h.get("Subject") is None and message.get_subject():
        h["Subject"] = message.get_subject()
    if h.get("From") is None and message.get_sender_name():
        h["From"] = message.get_sender_name()
    return h


def _body(message: Any, reader: MailReader) -> Body:
    return body_from_parts(message.get_plain_text_body(), message.get_html_body(), reader.ctx.counts)


register_kind(MailKind("pst", sniff, read))
