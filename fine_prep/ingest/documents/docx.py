"""Word documents (``.docx``): paragraphs, headings, lists and tables, as the reader sees them.

python-docx opens the package; the body is then walked element by element (by local name, so
ISO 29500 *Strict* files, whose namespaces differ and which python-docx cannot open, are read
the same way from the raw zip). What a reader of the final document sees is kept:

- tracked insertions (``w:ins``, ``w:moveTo``) are kept; tracked deletions (``w:del``,
  ``w:moveFrom``) and table rows marked deleted are left out (ECMA-376 Part 1, 17.13.5);
- comments live in their own part and are ignored; so are headers, footers and field codes
  (``w:instrText``); footnotes and endnotes are numbered ``[1]``, ``[2]`` in the text and
  their text follows the paragraph that cites them;
- text boxes are read once (``mc:AlternateContent`` holds the same box twice: the first
  choice is read, the VML fallback is not; ECMA-376 Part 3, 10.2);
- a table is one block, a row per line with ``|`` between cells;
- list items get their labels from numbering.xml (``1.``, ``a)``, ``一、``; bullets as ``-``).

Headings are paragraphs whose style is named ``heading N`` or ``Title`` (Word writes these
English names in styles.xml whatever the interface language), or that have an outline level.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fine_prep.ingest.base import ADAPTERS, IngestConfig, IngestContext, InputFile
from fine_prep.ingest.documents.common import (
    Block,
    Document,
    DocumentAdapter,
    DocumentError,
    clean_inline,
)

SUFFIXES = (".docx", ".docm", ".dotx")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and password-protected Office files
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$")
# inline elements whose content is never part of the visible text
_SKIP_INLINE = {
    "pPr",
    "rPr",
    "del",
    "moveFrom",
    "delText",
    "instrText",
    "delInstrText",
    "rt",  # ruby (phonetic guide) text above CJK characters; the base text is kept
    "commentReference",
    "Fallback",
}
_SKIP_BLOCK = {"del", "moveFrom", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "pPr"}


@dataclass(frozen=True)
class _Style:
    name: str
    outline: int | None  # 0-based outline level, 9 = body text
    based_on: str | None
    num_id: str | None  # the style's list (w:numPr/w:numId), e.g. "List Number"
    ilvl: int


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(el: Any, name: str) -> str | None:
    for key, value in el.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return str(value)
    return None


def _child(el: Any, name: str) -> Any | None:
    for c in el:
        if _local(c) == name:
            return c
    return None


class DocxAdapter(DocumentAdapter):
    """A Word document as a document: Title/heading styles give the title and sections."""

    name = "docx"
    kind = "a Word .docx document"

    def sniff(self, item: InputFile) -> float:
        if item.is_dir or item.path.suffix.lower() not in SUFFIXES:
            return 0.0
        # a .docx that is not a zip still comes here, to be reported as such
        return 0.9 if item.head.startswith(b"PK") else 0.5

    def load(self, item: InputFile, ctx: IngestContext) -> Document:
        parts = open_docx(item.path, item.head, ctx.config.get(IngestConfig).max_zip_mb)
        walker = _Walker(_styles(parts.styles), _Numbering(parts.numbering), parts.notes)
        for child in parts.body:
            walker.block(child)
        title = parts.title
        if walker.deleted:
            ctx.counts["docx-tracked-deletions-dropped"] += walker.deleted
        # a visible Title paragraph beats the core properties, which are often stale
        # (a template's "Word Document") and never seen by the reader
        has_title = any(b.is_title for b in walker.blocks)
        return Document(walker.blocks, title="" if has_title else clean_inline(title or ""))


@dataclass(frozen=True)
class DocxParts:
    """The parts of a .docx the walker needs (elements are lxml elements)."""

    body: Any
    styles: Any | None
    numbering: Any | None
    title: str
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)  # footnote/endnote -> id -> el


def open_docx(path: Path, head: bytes = b"", max_mb: int = 4096) -> DocxParts:
    """Open a .docx: its body, styles and numbering elements and the core-properties title.

    Args:
        path: the file.
        head: its first bytes (to recognise an OLE file).
        max_mb: the largest total uncompressed size accepted (a .docx is a zip: the same
            guard as ``[ingest].max_zip_mb`` against zip bombs).

    Raises:
        DocumentError: not a zip, not a Word document, or a damaged one.
    """
    if not zipfile.is_zipfile(path):
        if head.startswith(_OLE_MAGIC):
            raise DocumentError(
                "not-a-docx",
                "not a .docx but an OLE file (an old .doc, or a password-protected document): "
                "save it as .docx without a password",
            )
        raise DocumentError("not-a-docx", "not a .docx: not a zip file (a .docx is a zip package)")
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(m.file_size for m in zf.infolist())
    except (zipfile.BadZipFile, OSError):
        raise DocumentError("corrupt-docx", "damaged .docx (the zip cannot be read)") from None
    if total > max_mb * 1024 * 1024:
        raise DocumentError("docx-too-large", f"unpacks to {total >> 20} MB, over [ingest].max_zip_mb")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(str(path))
    except (KeyError, ValueError, PackageNotFoundError):
        # no transitional officeDocument relationship: perhaps a Strict OOXML file
        return _open_raw(path)
    except zipfile.BadZipFile:
        raise DocumentError("corrupt-docx", "damaged .docx (the zip cannot be read)") from None
    except Exception as exc:  # lxml XMLSyntaxError and others for a damaged part
        raise DocumentError("corrupt-docx", f"damaged .docx ({type(exc).__name__})") from None
    try:
        styles = d.styles.element
    except Exception:  # a document without a styles part
        styles = None
    try:
        numbering = d.part.numbering_part.element
    except Exception:  # no numbering part (python-docx raises NotImplementedError)
        numbering = None
    notes: dict[str, dict[str, Any]] = {}
    for rel in d.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("footnotes", "endnotes") and not rel.is_external:
            notes[kind[:-1]] = _notes(_xml(rel.target_part.blob))
    return DocxParts(d.element.body, styles, numbering, d.core_properties.title or "", notes)


def _open_raw(path: Path) -> DocxParts:
    """Read the parts from the zip directly (ISO 29500 Strict uses other namespaces)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())

            def part(name: str) -> Any | None:
                return etree.fromstring(zf.read(name), parser) if name in names else None

            def rels(of: str) -> dict[str, str]:
                base = PurePosixPath(of)
                rel_name = str(base.parent / "_rels" / f"{base.name}.rels").lstrip("/")
                if of == "":
                    rel_name = "_rels/.rels"
                root = part(rel_name)
                out: dict[str, str] = {}
                for r in root if root is not None else []:
                    kind = (_attr(r, "Type") or "").rsplit("/", 1)[-1]
                    target = _attr(r, "Target") or ""
                    if target.startswith("/"):
                        resolved = target.lstrip("/")
                    else:
                        resolved = _normalise(str(base.parent / target) if of else target)
                    out.setdefault(kind, resolved)
                return out

            top = rels("")
            main_name = top.get("officeDocument")
            if not main_name or main_name not in names:
                raise DocumentError("not-a-docx", "a zip file, but not a Word document")
            main = part(main_name)
            body = _child(main, "body") if main is not None else None
            if body is None:
                raise DocumentError("not-a-docx", "a zip file, but not a Word document (no body)")
            main_rels = rels(main_name)
            styles = part(main_rels["styles"]) if "styles" in main_rels else None
            numbering = part(main_rels["numbering"]) if "numbering" in main_rels else None
            notes = {k[:-1]: _notes(part(main_rels[k])) for k in ("footnotes", "endnotes") if k in main_rels}
            title = ""
            core_name = top.get("core-properties")
            core = part(core_name) if core_name else None
            if core is not None:
                t = _child(core, "title")
                title = (t.text or "") if t is not None else ""
            return DocxParts(body, styles, numbering, title, notes)
    except zipfile.BadZipFile:
        raise DocumentError("corrupt-docx", "damaged .docx (the zip cannot be read)") from None
    except etree.XMLSyntaxError:
        raise DocumentError("corrupt-docx", "damaged .docx (a part is not well-formed XML)") from None


def _xml(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _notes(root: Any | None) -> dict[str, Any]:
    """Footnotes or endnotes by id, without Word's separator notes (ECMA-376 Part 1, 17.11)."""
    out: dict[str, Any] = {}
    for el in root if root is not None else []:
        if _local(el) in ("footnote", "endnote") and _attr(el, "type") in (None, "normal"):
            out[_attr(el, "id") or ""] = el
    return out


def _normalise(path: str) -> str:
    out: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if out:
                out.pop()
        elif seg not in ("", "."):
            out.append(seg)
    return "/".join(out)


def _styles(root: Any | None) -> dict[str, _Style]:
    out: dict[str, _Style] = {}
    if root is None:
        return out
    for st in root:
        if _local(st) != "style" or _attr(st, "type") not in (None, "paragraph"):
            continue
        sid = _attr(st, "styleId")
        if not sid:
            continue
        name_el, based, ppr = _child(st, "name"), _child(st, "basedOn"), _child(st, "pPr")
        outline = None
        num_id, ilvl = None, 0
        if ppr is not None:
            lvl = _child(ppr, "outlineLvl")
            if lvl is not None and (_attr(lvl, "val") or "").isdigit():
                outline = int(_attr(lvl, "val") or 9)
            num_id, ilvl = _num_pr(_child(ppr, "numPr"))
        out[sid] = _Style(
            name=((_attr(name_el, "val") if name_el is not None else None) or sid).strip().lower(),
            outline=outline,
            based_on=_attr(based, "val") if based is not None else None,
            num_id=num_id,
            ilvl=ilvl,
        )
    return out


class _Walker:
    """Collects blocks from a body (or a text box, or a table cell)."""

    def __init__(
        self,
        styles: dict[str, _Style],
        numbering: _Numbering,
        notes: dict[str, dict[str, Any]] | None = None,
        counter: list[int] | None = None,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.notes = notes or {}
        self.note_count = counter if counter is not None else [0]  # shared with sub-walkers
        self.pending: list[tuple[int, Any]] = []  # notes referenced by the current paragraph
        self.blocks: list[Block] = []
        self.deleted = 0

    # ------------------------------------------------------------ block level
    def block(self, el: Any) -> None:
        name = _local(el)
        if name == "p":
            self.paragraph(el)
        elif name == "tbl":
            self.table(el)
        elif name in _SKIP_BLOCK:
            if name in ("del", "moveFrom"):
                self.deleted += 1
        elif name == "AlternateContent":
            for c in _choice(el):
                self.block(c)
        else:  # sdt, sdtContent, customXml, ins, moveTo, txbxContent: containers
            for c in el:
                self.block(c)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = self.inline(p, boxes)
        level, is_title, num_id, depth, listed = self._kind(p)
        text = text.strip()
        if text:
            if is_title or level:
                heading = clean_inline(text)
                self.blocks.append(Block(heading, level=level or 1, heading=heading, is_title=is_title))
            elif num_id or listed:
                label = self.numbering.label(num_id, depth) if num_id else None
                label = "-" if label is None else label
                prefix = "  " * depth + (label + " " if label else "")
                self.blocks.append(Block(prefix + text, list_item=True))
            else:
                self.blocks.append(Block(text))
        # a footnote or endnote goes right after the paragraph that cites it, so that it stays
        # in the same section
        pending, self.pending = self.pending, []
        for number, note in pending:
            sub = _Walker(self.styles, self.numbering, {}, self.note_count)
            for c in note:
                sub.block(c)
            text = " ".join(clean_inline(b.text) for b in sub.blocks)
            if text:
                self.blocks.append(Block(f"[{number}] {text}"))
        for box in boxes:
            for c in box:
                self.block(c)

    def inline(self, children: Any, boxes: list[Any]) -> str:
        """The visible text of inline children (runs, hyperlinks, insertions...)."""
        parts: list[str] = []
        for c in children:
            name = _local(c)
            if name in _SKIP_INLINE:
                if name in ("del", "moveFrom"):
                    self.deleted += 1
                continue
            if name == "t":
                parts.append(c.text or "")
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name in ("footnoteReference", "endnoteReference"):
                note = self.notes.get(name[:-9], {}).get(_attr(c, "id") or "")
                if note is not None:
                    self.note_count[0] += 1
                    self.pending.append((self.note_count[0], note))
                    parts.append(f"[{self.note_count[0]}]")
            elif name == "txbxContent":
                boxes.append(c)
            elif name == "AlternateContent":
                parts.append(self.inline(_choice(c), boxes))
            else:  # r, hyperlink, ins, moveTo, smartTag, fldSimple, sdt, drawing, ...: look inside
                parts.append(self.inline(c, boxes))
        return "".join(parts)

    def table(self, tbl: Any) -> None:
        rows: list[str] = []
        for tr in _descend(tbl, "tr"):
            trpr = _child(tr, "trPr")
            if trpr is not None and (_child(trpr, "del") is not None):
                self.deleted += 1
                continue
            cells = []
            for tc in _descend(tr, "tc"):
                sub = _Walker(self.styles, self.numbering, self.notes, self.note_count)
                for c in tc:
                    sub.block(c)
                self.deleted += sub.deleted
                cells.append(" ".join(clean_inline(b.text) for b in sub.blocks))
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            self.blocks.append(Block("\n".join(rows)))

    # ------------------------------------------------------------ styles
    def _kind(self, p: Any) -> tuple[int, bool, str | None, int, bool]:
        """(heading level or 0, is the Title, list numId, list depth, has a list style name)."""
        ppr = _child(p, "pPr")
        sid = None
        outline = None
        num_id, ilvl = None, 0
        if ppr is not None:
            ps = _child(ppr, "pStyle")
            sid = _attr(ps, "val") if ps is not None else None
            lvl = _child(ppr, "outlineLvl")
            if lvl is not None and (_attr(lvl, "val") or "").isdigit():
                outline = int(_attr(lvl, "val") or 9)
            num_id, ilvl = _num_pr(_child(ppr, "numPr"))
        name = ""
        seen: set[str] = set()
        while sid and sid not in seen:  # follow basedOn for the outline level and the list
            seen.add(sid)
            st = self.styles.get(sid)
            if st is None:
                name = name or sid.lower()
                break
            name = name or st.name
            if outline is None:
                outline = st.outline
            if num_id is None and st.num_id is not None:
                num_id, ilvl = st.num_id, st.ilvl
            sid = st.based_on
        if name == "title":
            return 1, True, None, 0, False
        m = _HEADING_NAME.match(name)
        if m:
            return int(m.group(1)), False, None, 0, False
        if outline is not None and outline < 9:
            return outline + 1, False, None, 0, False
        if num_id == "0":  # numId 0 removes the numbering a style would give (17.9.18)
            num_id = None
        return 0, False, num_id, ilvl, name.startswith("list")


def _num_pr(numpr: Any | None) -> tuple[str | None, int]:
    """(numId, ilvl) of a w:numPr element."""
    if numpr is None:
        return None, 0
    num = _child(numpr, "numId")
    lvl = _child(numpr, "ilvl")
    val = _attr(lvl, "val") if lvl is not None else None
    return (_attr(num, "val") if num is not None else None), (int(val) if val and val.isdigit() else 0)


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


class _Numbering:
    """List labels ("1.", "a)", "-") from numbering.xml, counted as Word counts them.

    ECMA-376 Part 1, 17.9: a w:num points at a w:abstractNum whose w:lvl elements give the
    format (w:numFmt), the label pattern (w:lvlText, "%1." ...) and the start value. Counters
    are kept per list (numId) and level; a level restarts after a lower level advances.
    """

    def __init__(self, root: Any | None) -> None:
        abstract: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for el in root:
            if _local(el) == "abstractNum":
                levels: dict[int, _Level] = {}
                for lvl in el:
                    if _local(lvl) != "lvl" or not (_attr(lvl, "ilvl") or "").isdigit():
                        continue
                    fmt, text, start = _child(lvl, "numFmt"), _child(lvl, "lvlText"), _child(lvl, "start")
                    start_val = _attr(start, "val") if start is not None else None
                    levels[int(_attr(lvl, "ilvl") or 0)] = _Level(
                        fmt=(_attr(fmt, "val") if fmt is not None else None) or "decimal",
                        text=(_attr(text, "val") if text is not None else None) or "",
                        start=int(start_val) if start_val and start_val.isdigit() else 1,
                    )
                abstract[_attr(el, "abstractNumId") or ""] = levels
        for el in root:
            if _local(el) == "num":
                ref = _child(el, "abstractNumId")
                levels = abstract.get((_attr(ref, "val") if ref is not None else None) or "", {})
                self.lists[_attr(el, "numId") or ""] = levels

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The next label of a list level ("-" for bullets), or None for an unknown list."""
        levels = self.lists.get(num_id)
        if not levels:
            return None
        ilvl = min(max(ilvl, 0), 8)
        lvl = levels.get(ilvl) or levels.get(0)
        if lvl is None:
            return None
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else lvl.start
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if lvl.fmt == "bullet":
            return "-"
        if lvl.fmt == "none":
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            at = levels.get(k) or lvl
            return _format_number(counts[k] or at.start, at.fmt)

        return re.sub(r"%([1-9])", number, lvl.text) if lvl.text else _format_number(counts[ilvl], lvl.fmt)


_CJK_DIGITS = "〇一二三四五六七八九"


def _format_number(n: int, fmt: str) -> str:
    """A list number in a w:numFmt (ECMA-376 Part 1, 17.18.59); unknown formats as decimal."""
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out = ""
        for value, sym in (
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ):  # fmt: skip
            while n >= value:
                out += sym
                n -= value
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographTraditional") and 0 < n < 100:  # fmt: skip
        if fmt == "ideographTraditional":  # 甲乙丙丁... (heavenly stems), then decimal
            return "甲乙丙丁戊己庚辛壬癸"[n - 1] if n <= 10 else str(n)
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("十" if tens == 1 else _CJK_DIGITS[tens] + "十")
        return head + (_CJK_DIGITS[ones] if ones else "")
    return str(n)


def _choice(alt: Any) -> list[Any]:
    """The content of the first ``mc:Choice`` (else the ``mc:Fallback``) of an AlternateContent."""
    for c in alt:
        if _local(c) == "Choice":
            return list(c)
    for c in alt:
        if _local(c) == "Fallback":
            return list(c)
    return []


def _descend(el: Any, name: str) -> list[Any]:
    """Children named ``name``, looking through content controls and custom XML wrappers."""
    out = []
    for c in el:
        local = _local(c)
        if local == name:
            out.append(c)
        elif local in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
            out.extend(_descend(c, name))
    return out


ADAPTERS.add(DocxAdapter.name, DocxAdapter())
