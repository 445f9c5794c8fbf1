"""PDF documents: the text layer, read with pdfminer.six.

A PDF with no text layer (a scan) is rejected with that reason: OCR is out of scope. An
encrypted PDF that needs a password is a file-level error. A PDF encrypted only with an owner
password (no password to open) is read like any viewer would. Text laid out vertically (Japanese,
Chinese) comes out one character per line with pdfminer's defaults; such a document is read
again with ``detect_vertical`` (https://pdfminersix.readthedocs.io/en/latest/reference/composable.html#laparams).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.documents.common import (
    Block,
    Document,
    DocumentAdapter,
    DocumentError,
    clean_inline,
    clean_text,
)
from fine_prep.record import Flag

# A PDF starts with %PDF-, but readers accept it anywhere in the first 1024 bytes
# (PDF 32000-1:2008, annex H.3, note 1 on the file header).
_HEADER_WINDOW = 1024


class PdfAdapter(DocumentAdapter):
    """A PDF's text as a document (no headings: a PDF has no reliable structure)."""

    name = "pdf"
    kind = "PDF"

    def sniff(self, item: InputFile) -> float:
        if item.is_dir:
            return 0.0
        if b"%PDF-" in item.head[:_HEADER_WINDOW]:
            return 0.95
        return 0.5 if item.path.suffix.lower() == ".pdf" else 0.0

    def load(self, item: InputFile, ctx: IngestContext) -> Document:
        if b"%PDF-" not in item.head[:_HEADER_WINDOW]:
            raise DocumentError("not-a-pdf", "not a PDF (no %PDF- header)")
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1
        from pdfminer.psexceptions import PSException
        from pdfminer.utils import decode_text as pdf_decode

        flags: list[Flag] = []
        with item.path.open("rb") as fh, _pdfminer_log() as warnings:
            try:
                doc = PDFDocument(PDFParser(fh))
            except PDFPasswordIncorrect:
                raise DocumentError(
                    "encrypted-pdf", "encrypted PDF (needs a password); save a copy without a password"
                ) from None
            except PDFEncryptionError:
                raise DocumentError("encrypted-pdf", "encrypted PDF with an unsupported encryption") from None
            except PSException:
                raise DocumentError("corrupt-pdf", "not a readable PDF (broken file structure)") from None
            title = ""
            for info in doc.info:
                value = resolve1(info.get("Title")) if isinstance(info, dict) else None
                if isinstance(value, bytes):
                    title = pdf_decode(value)
                elif isinstance(value, str):
                    title = value
            if doc.encryption and not doc.is_extractable:
                ctx.counts["pdf-copy-restricted"] += 1
                flags.append(
                    Flag(
                        "format",
                        "pdf-copy-restricted",
                        "info",
                        "the PDF's owner settings restrict copying text",
                    )
                )
            text = _extract(item.path, vertical=False)
            if _looks_vertical(text):
                vertical = _extract(item.path, vertical=True)
                if _single_char_share(vertical) < _single_char_share(text):
                    text = vertical
                    ctx.counts["pdf-vertical-text"] += 1
        if any("Data-loss" in w for w in warnings):
            ctx.counts["pdf-data-loss"] += 1
            flags.append(
                Flag(
                    "format",
                    "pdf-data-loss",
                    "warn",
                    "part of the PDF is corrupt: the text may be incomplete",
                )
            )
        body = clean_text(text)
        return Document(
            [Block(body)] if body else [],
            title=clean_inline(title),
            flags=flags,
            has_headings=False,
            empty_code="no-text-layer",
            empty_message="no text layer (a scanned or image-only PDF?): run OCR on it first",
            empty_kind="rejected",
        )


def _extract(path: Path, vertical: bool) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    return extract_text(path, laparams=LAParams(detect_vertical=vertical))


def _single_char_share(text: str) -> float:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return sum(1 for line in lines if len(line) == 1) / len(lines) if lines else 0.0


def _looks_vertical(text: str) -> bool:
    # most lines one character long: columns of vertical text read as horizontal lines
    return len([ln for ln in text.splitlines() if ln.strip()]) >= 8 and _single_char_share(text) > 0.5


@contextlib.contextmanager
def _pdfminer_log() -> Iterator[list[str]]:
    """Collect pdfminer's warnings (for flags) instead of letting them reach stderr."""
    logger = logging.getLogger("pdfminer")
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            # the message text only; pdfminer's warnings name structures, not page content
            seen.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    old = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


ADAPTERS.add(PdfAdapter.name, PdfAdapter())
