"""Markdown documents (``.md``): the body is kept as Markdown; headings give sections.

Headings are found with markdown-it-py (CommonMark), so a ``#`` line inside a code fence is not
a heading and setext headings (``Title`` over ``===``) are. A YAML (``---``) or TOML (``+++``)
front-matter block is removed from the body; its ``title`` is the document's title.
"""

from __future__ import annotations

import re

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.documents.common import Block, Document, DocumentAdapter, clean_inline, decode_text

SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# Front matter as Jekyll/Hugo write it: a first line of --- (YAML) or +++ (TOML) up to the same
# marker (YAML may also end with ...). https://jekyllrb.com/docs/front-matter/,
# https://gohugo.io/content-management/front-matter/
_FRONT = {"---": ("---", "..."), "+++": ("+++",)}
_TITLE = re.compile(r"""^title\s*[:=]\s*(?P<q>["']?)(?P<v>.*?)(?P=q)\s*$""", re.IGNORECASE)


class MarkdownAdapter(DocumentAdapter):
    """A Markdown file: title from front matter or the first heading, sections at headings."""

    name = "markdown"
    kind = "Markdown"

    def sniff(self, item: InputFile) -> float:
        return 0.8 if not item.is_dir and item.path.suffix.lower() in SUFFIXES else 0.0

    def load(self, item: InputFile, ctx: IngestContext) -> Document:
        text, encoding = decode_text(item.path.read_bytes())
        if encoding not in ("utf-8", "utf-8-sig"):
            ctx.counts[f"markdown-encoding-{encoding}"] += 1
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        title, start = front_matter(lines)
        return Document(markdown_blocks(lines[start:], start), title=title, verbatim=True)


def front_matter(lines: list[str]) -> tuple[str, int]:
    """The front matter's title and the index of the first body line (0 without front matter)."""
    if not lines or lines[0].strip() not in _FRONT:
        return "", 0
    ends = _FRONT[lines[0].strip()]
    for i in range(1, len(lines)):
        if lines[i].strip() in ends:
            title = ""
            for line in lines[1:i]:
                m = _TITLE.match(line.strip())
                if m and not title:
                    title = m.group("v")
            return title, i + 1
    return "", 0  # no closing marker: not front matter, just a rule at the top


def markdown_blocks(lines: list[str], offset: int = 0) -> list[Block]:
    """Split Markdown lines into heading blocks and the body text between them.

    Args:
        lines: the body lines (front matter removed).
        offset: how many lines of the file come before ``lines`` (for 1-based line numbers).
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse("\n".join(lines))
    blocks: list[Block] = []
    pos = 0
    for i, tok in enumerate(tokens):
        # only top-level headings; one inside a list or quote is part of that text
        if tok.type != "heading_open" or tok.level != 0 or tok.map is None:
            continue
        first, last = tok.map
        if first > pos:
            body = "\n".join(lines[pos:first])
            if body.strip():
                blocks.append(Block(body, line=_first_text_line(lines, pos) + offset + 1))
        inline = tokens[i + 1]
        plain = "".join(
            c.content for c in inline.children or [] if c.type in ("text", "code_inline", "image")
        )
        blocks.append(
            Block(
                "\n".join(lines[first:last]),
                level=int(tok.tag[1:]),
                heading=clean_inline(plain or inline.content),
                line=first + offset + 1,
            )
        )
        pos = last
    if pos < len(lines):
        body = "\n".join(lines[pos:])
        if body.strip():
            blocks.append(Block(body, line=_first_text_line(lines, pos) + offset + 1))
    return blocks


def _first_text_line(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return start


ADAPTERS.add(MarkdownAdapter.name, MarkdownAdapter())
