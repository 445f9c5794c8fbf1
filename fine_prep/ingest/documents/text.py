"""Plain ``.txt`` documents (that are not chat exports)."""

from __future__ import annotations

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.documents.common import Block, Document, DocumentAdapter, clean_text, decode_text

#: Below every chat adapter: a WhatsApp export is a .txt too, and its adapter answers >= 0.9
#: for lines that look like one, so any .txt it recognises goes there, the rest comes here.
TEXT_SNIFF = 0.2


class TextAdapter(DocumentAdapter):
    """A ``.txt`` file as one document; the title is the file name (plain text has no markup)."""

    name = "text"
    kind = "plain text"

    def sniff(self, item: InputFile) -> float:
        if item.is_dir or item.path.suffix.lower() != ".txt":
            return 0.0
        return TEXT_SNIFF

    def load(self, item: InputFile, ctx: IngestContext) -> Document:
        text, encoding = decode_text(item.path.read_bytes())
        if encoding not in ("utf-8", "utf-8-sig"):
            ctx.counts[f"text-encoding-{encoding}"] += 1
        return Document([Block(clean_text(text))], has_headings=False)


ADAPTERS.add(TextAdapter.name, TextAdapter())
