"""Maildir folders (``cur``/``new``/``tmp``), including Maildir++ sub-folders (``.Sent``).

Layout: https://cr.yp.to/proto/maildir.html; Maildir++ sub-folders are dot-named folders in
the root with their own ``cur``/``new`` (https://www.courier-mta.org/imap/README.maildirquota.html).
``tmp`` holds messages still being delivered and is not read; dot-files are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fine_prep.ingest.base import InputFile
from fine_prep.ingest.email.adapter import MailKind, register_kind
from fine_prep.ingest.email.eml import read_message_file
from fine_prep.ingest.email.reader import MailReader
from fine_prep.record import Reject


def sniff(item: InputFile) -> float:
    """A folder with ``cur`` and ``new`` sub-folders."""
    if not item.is_dir:
        return 0.0
    return 0.95 if (item.path / "cur").is_dir() and (item.path / "new").is_dir() else 0.0


def _folders(root: Path) -> list[Path]:
    out = [root]
    try:
        subs = sorted(p for p in root.iterdir() if p.name.startswith(".") and p.is_dir())
    except OSError:
        return out
    out.extend(p for p in subs if (p / "cur").is_dir() or (p / "new").is_dir())
    return out


def read(item: InputFile, reader: MailReader) -> Iterator[Reject]:
    """Every message file of the Maildir and its sub-folders, in sorted order."""
    if not item.is_dir:
        yield reader.reject_file(
            item, "not-maildir", "not a folder: a Maildir is a folder with cur/ and new/"
        )
        return
    for folder in _folders(item.path):
        for sub in ("cur", "new"):
            d = folder / sub
            if not d.is_dir():
                continue
            for f in sorted(d.iterdir(), key=lambda p: p.name):
                if f.name.startswith(".") or not f.is_file():
                    continue
                rel = f.relative_to(item.path).as_posix()
                yield from read_message_file(item, reader, "maildir", f"{item.display.rstrip('/')}/{rel}", f)


register_kind(MailKind("maildir", sniff, read, folders=True))
