"""HTML documents (``.html``, ``.htm``): text by inscriptis, headings from ``<h1>``-``<h6>``.

inscriptis renders the page as text the way a browser lays it out (lists, tables); its
annotation rules mark where each heading's text is, which gives the sections
(https://github.com/weblyzard/inscriptis#annotation-rules). The title is ``<title>``, else the
first ``<h1>``. When a page marks its main content (exactly one ``<main>`` or
``role="main"``), only that is read; ``<nav>``, ``<aside>``, ``<noscript>`` and the page's own
``<header>``/``<footer>`` (not an article's) are left out. There is no further boilerplate removal.
"""

from __future__ import annotations

import codecs
import re

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.documents.common import (
    Block,
    Document,
    DocumentAdapter,
    DocumentError,
    clean_inline,
    clean_text,
    decode_text,
)

SUFFIXES = (".html", ".htm", ".xhtml")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HEADINGS = {f"h{n}": [f"h{n}"] for n in range(1, 7)}


class HtmlAdapter(DocumentAdapter):
    """An HTML page as a document."""

    name = "html"
    kind = "HTML"

    def sniff(self, item: InputFile) -> float:
        return 0.7 if not item.is_dir and item.path.suffix.lower() in SUFFIXES else 0.0

    def load(self, item: InputFile, ctx: IngestContext) -> Document:
        import lxml.html
        from inscriptis.html_engine import Inscriptis
        from inscriptis.model.config import ParserConfig

        text, encoding = decode_html(item.path.read_bytes())
        if encoding not in ("utf-8", "utf-8-sig"):
            ctx.counts[f"html-encoding-{encoding}"] += 1
        if not text.strip():
            return Document([])
        # lxml refuses a str that still declares its encoding (XHTML's <?xml ... ?>)
        text = _XML_DECL.sub("", text, count=1)
        try:
            root = lxml.html.document_fromstring(text)
        except Exception:  # lxml's ParserError and friends: an unparsable page
            raise DocumentError("bad-html", "cannot be parsed as HTML") from None
        title = root.findtext(".//title") or ""
        if not clean_inline(title):
            h1 = root.find(".//h1")
            title = h1.text_content() if h1 is not None else ""
        main = root.xpath("//main | //*[@role='main']")
        tree = main[0] if len(main) == 1 else root
        # navigation, side bars and the page's own header/footer are not the document;
        # <noscript> holds markup that lxml keeps as text
        boilerplate = (
            ".//nav | .//aside | .//noscript | .//template"
            " | .//header[not(ancestor::article or ancestor::main)]"
            " | .//footer[not(ancestor::article or ancestor::main)]"
        )
        for el in tree.xpath(boilerplate):
            if el.getparent() is not None:
                el.drop_tree()
        engine = Inscriptis(tree, ParserConfig(annotation_rules=_HEADINGS, table_cell_separator=" | "))
        page = engine.get_text()
        blocks: list[Block] = []
        pos = 0
        for ann in sorted(engine.get_annotations(), key=lambda a: a.start):
            if ann.start < pos:
                continue  # a heading nested in a heading
            if ann.start > pos:
                blocks.append(Block(clean_text(page[pos : ann.start])))
            heading = clean_inline(page[ann.start : ann.end])
            blocks.append(Block(heading, level=int(ann.metadata[1:]), heading=heading))
            pos = ann.end
        blocks.append(Block(clean_text(page[pos:])))
        return Document([b for b in blocks if b.text], title=title)


def decode_html(raw: bytes) -> tuple[str, str]:
    """Decode a page: BOM or valid UTF-8, else the ``<meta charset>``, else a guess."""
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(raw)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(raw[:8192])
    if m:
        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            name = ""
        if name:
            return raw.decode(name, "replace"), name
    return decode_text(raw)


ADAPTERS.add(HtmlAdapter.name, HtmlAdapter())
