"""What the document adapters share: config, instruction templates, mapping file, sections.

An approved document (a returns policy, a brewing guide) becomes the *assistant* side of an
example. The *user* side is written from a template in the ``[documents]`` config section, e.g.
``'Write our document "{title}".'``, whose placeholders are ``{title}``, ``{filename}``,
``{heading}`` and any column of an optional mapping file (CSV or JSON, one row per document,
matched by its ``filename`` column) that gives per-document instructions. With
``split_by = "heading"`` a long document gives one example per section.

Each format module turns a file into a :class:`Document` (a list of :class:`Block` s: headings
and body text); :func:`document_examples` does the rest, identically for every format.
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from fine_prep.config import section, setting
from fine_prep.errors import ConfigError
from fine_prep.ingest.base import IngestContext, InputFile
from fine_prep.record import Example, Flag, Message, Reject, make_id

PREFIX = "doc"
BUILTIN_PLACEHOLDERS = ("filename", "heading", "title")
#: Mapping-file columns with a meaning of their own (not placeholders).
RESERVED_COLUMNS = ("filename", "instruction", "section_instruction", "system")
_REF_CHARS = 120


@section("documents")
@dataclass(frozen=True)
class DocumentsConfig:
    """Approved documents (docx, pdf, md, html, txt): how the instruction of each example is written."""

    instruction: str = setting(
        'Write our document "{title}".',
        "Template of the user message for a whole document. Placeholders: {title}, {filename}, "
        "{heading} (the title, for a whole document) and any column of the mapping file; "
        "write {{ and }} for literal braces.",
    )
    section_instruction: str = setting(
        'Write the section "{heading}" of our document "{title}".',
        "Template of the user message for one section, with split_by = 'heading'.",
    )
    split_by: str = setting(
        "none",
        "'none': one example per document; 'heading': one example per section of a document "
        "(formats without headings, such as pdf and txt, stay whole).",
        choices=("none", "heading"),
    )
    split_level: int = setting(
        0,
        "With split_by = 'heading': split at headings of this level and above (1 = top level); "
        "0: the highest heading level used below the document's title.",
    )
    split_min_chars: int = setting(
        0,
        "With split_by = 'heading': documents shorter than this many characters stay whole "
        "(0: split every document that has headings).",
    )
    mapping: str = setting(
        "",
        "Optional CSV or JSON file, one row per document matched by its 'filename' column (a "
        "file name or the end of its path): every other column is a placeholder; columns "
        "'instruction', 'section_instruction' and 'system' override the templates and add a "
        "system message for that document. Keep it outside the folders you ingest.",
    )

    def __post_init__(self) -> None:
        # Templates are checked once, when the config is loaded, so that a typo is exit 2
        # before any file is read (STYLE.md section 5: validate once at the edge).
        if self.split_level < 0:
            raise ConfigError("[documents].split_level: expected 0 or more")
        if self.split_min_chars < 0:
            raise ConfigError("[documents].split_min_chars: expected 0 or more")
        mapping = load_mapping(self.mapping) if self.mapping else None
        known = set(BUILTIN_PLACEHOLDERS) | set(mapping.columns if mapping else ())
        Template.parse(self.instruction, "[documents].instruction", known)
        Template.parse(self.section_instruction, "[documents].section_instruction", known)


# ---------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    """A parsed instruction template: literal text and ``{name}`` placeholders.

    Parsing checks everything once; :meth:`render` then only concatenates, so it cannot fail
    whatever the values hold (braces, newlines, any Unicode).
    """

    parts: tuple[tuple[str, str | None], ...]

    @classmethod
    def parse(cls, text: str, where: str, known: set[str] | frozenset[str]) -> Template:
        """Parse and check a template.

        Args:
            text: the template (``{{`` and ``}}`` are literal braces, as in :meth:`str.format`).
            where: what to name in errors, such as ``[documents].instruction``.
            known: the placeholder names allowed.

        Raises:
            ConfigError: malformed braces, a placeholder with a format spec or conversion, or
                an unknown placeholder (the error names it and lists the known ones).
        """
        try:
            pieces = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise ConfigError(
                f"{where}: bad template ({exc}); write {{{{ and }}}} for a literal brace"
            ) from None
        parts: list[tuple[str, str | None]] = []
        for literal, name, spec, conversion in pieces:
            if name is None:
                parts.append((literal, None))
                continue
            if not name:
                raise ConfigError(f"{where}: empty placeholder {{}}; name it, e.g. {{title}}")
            if spec or conversion:
                raise ConfigError(f"{where}: placeholder {{{name}}} may not have a format spec or conversion")
            if name not in known:
                raise ConfigError(
                    f"{where}: unknown placeholder {{{name}}} (known: "
                    + ", ".join("{" + k + "}" for k in sorted(known))
                    + ")"
                )
            parts.append((literal, name))
        return cls(tuple(parts))

    @property
    def names(self) -> tuple[str, ...]:
        """The placeholder names used, in order, without repeats."""
        return tuple(dict.fromkeys(n for _, n in self.parts if n is not None))

    def render(self, values: Mapping[str, str]) -> str:
        """Fill in the placeholders (a missing value renders as empty text)."""
        return "".join(lit + (values.get(name, "") if name else "") for lit, name in self.parts)


# ---------------------------------------------------------------------------- mapping file


@dataclass(frozen=True)
class MappingRow:
    """One document's row of the mapping file."""

    number: int
    values: dict[str, str]
    instruction: Template | None = None
    section_instruction: Template | None = None
    system: str = ""


@dataclass(frozen=True)
class DocumentMapping:
    """The optional mapping file: per-document placeholder values and instructions.

    Attributes:
        path: the file as configured (for messages).
        columns: placeholder columns (every column but the reserved ones), in file order.
    """

    path: str
    columns: tuple[str, ...]
    rows: dict[str, MappingRow]
    folded: dict[str, MappingRow]

    def find(self, display: str) -> MappingRow | None:
        """The row for a document: the longest matching end of its path, then case-insensitively."""
        parts = _key(display.replace("!/", "/")).split("/")
        for table, fold in ((self.rows, False), (self.folded, True)):
            for i in range(len(parts)):
                cand = "/".join(parts[i:])
                row = table.get(cand.casefold() if fold else cand)
                if row is not None:
                    return row
        return None


def _key(name: str) -> str:
    key = unicodedata.normalize("NFC", name).strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


def load_mapping(path: str) -> DocumentMapping:
    """Read (once per file version) and check a mapping file.

    Raises:
        ConfigError: missing or unreadable file, no ``filename`` column, a repeated or empty
            filename, a non-text value, or a bad per-row template; rows are named by number.
    """
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        raise ConfigError(f"[documents].mapping: {path}: no such file") from None
    return _load_mapping(str(p.resolve()), path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _load_mapping(resolved: str, shown: str, mtime_ns: int, size: int) -> DocumentMapping:
    try:
        text = Path(resolved).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"[documents].mapping: {shown}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"[documents].mapping: {shown}: not UTF-8 (bad byte at offset {exc.start})"
        ) from None
    records = _json_records(text, shown) if resolved.lower().endswith(".json") else _csv_records(text, shown)
    columns: dict[str, None] = {}
    for _, rec in records:
        for k in rec:
            if k not in RESERVED_COLUMNS:
                columns[k] = None
    known = set(BUILTIN_PLACEHOLDERS) | set(columns)
    rows: dict[str, MappingRow] = {}
    folded: dict[str, MappingRow] = {}
    for number, rec in records:
        key = _key(rec.get("filename", ""))
        if not key:
            raise ConfigError(f"[documents].mapping: {shown}: row {number} has no filename")
        if key in rows:
            raise ConfigError(
                f"[documents].mapping: {shown}: row {number} repeats the filename of row {rows[key].number}"
            )
        where = f"[documents].mapping: {shown}: row {number}"
        row = MappingRow(
            number=number,
            values={k: v for k, v in rec.items() if k not in RESERVED_COLUMNS},
            instruction=_row_template(rec.get("instruction", ""), f"{where}: instruction", known),
            section_instruction=_row_template(
                rec.get("section_instruction", ""), f"{where}: section_instruction", known
            ),
            system=rec.get("system", "").strip(),
        )
        rows[key] = row
        folded.setdefault(key.casefold(), row)
    return DocumentMapping(shown, tuple(columns), rows, folded)


def _row_template(text: str, where: str, known: set[str]) -> Template | None:
    return Template.parse(text, where, known) if text.strip() else None


def _csv_records(text: str, shown: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ConfigError(f"[documents].mapping: {shown}: the file is empty") from None
    except csv.Error as exc:
        raise ConfigError(f"[documents].mapping: {shown}: line 1: {exc}") from None
    if "filename" not in header:
        raise ConfigError(f"[documents].mapping: {shown}: needs a 'filename' column")
    out = []
    line = 2
    try:
        for row in reader:
            if any(c.strip() for c in row):
                cells = row + [""] * (len(header) - len(row))
                out.append((line, {h: c for h, c in zip(header, cells, strict=False) if h}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ConfigError(f"[documents].mapping: {shown}: line {reader.line_num}: {exc}") from None
    return out


def _json_records(text: str, shown: str) -> list[tuple[int, dict[str, str]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"[documents].mapping: {shown}: not JSON ({exc.msg} at line {exc.lineno})"
        ) from None
    if isinstance(data, dict):  # {"returns_policy.docx": {"question": "..."}}
        items = [{**(v if isinstance(v, dict) else {"": v}), "filename": k} for k, v in data.items()]
    elif isinstance(data, list):
        items = data
    else:
        raise ConfigError(f"[documents].mapping: {shown}: expected a list of objects or an object")
    out = []
    for n, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            raise ConfigError(f"[documents].mapping: {shown}: row {n} is not an object")
        rec: dict[str, str] = {}
        for k, v in obj.items():
            if v is None:
                v = ""
            if isinstance(v, bool) or not isinstance(v, (str, int, float)) or not k:
                raise ConfigError(f"[documents].mapping: {shown}: row {n}: value of {k!r} must be text")
            rec[str(k).strip()] = str(v)
        out.append((n, rec))
    return out


# ---------------------------------------------------------------------------- documents


class DocumentError(Exception):
    """A file that cannot be read as its format (becomes ``ctx.file_error``).

    The message names the problem, never the content.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Block:
    """A heading or a piece of body text of a document.

    Attributes:
        text: how it reads in the example (Markdown keeps its own markup).
        level: 0 for body text, 1..9 for a heading.
        heading: a heading's plain text (for templates and ``source.ref``).
        is_title: the block is the document's title (never a section of its own).
        line: 1-based line in the source file, where the format has lines.
        list_item: one item of a list (consecutive items are joined without a blank line).
    """

    text: str
    level: int = 0
    heading: str = ""
    is_title: bool = False
    line: int | None = None
    list_item: bool = False


@dataclass
class Document:
    """A file read by a format module.

    Attributes:
        blocks: headings and body text in reading order.
        title: a title from the file's metadata (front matter, core properties, ``<title>``).
        flags: findings to put on every example of the document.
        has_headings: the format can mark headings (False for pdf and txt).
        verbatim: keep the text as written (Markdown: trailing spaces are line breaks, blank
            lines inside code matter); only leading and trailing blank lines go.
        empty_code / empty_message / empty_kind: the reject for a document without text.
    """

    blocks: list[Block]
    title: str = ""
    flags: list[Flag] = field(default_factory=list)
    has_headings: bool = True
    verbatim: bool = False
    empty_code: str = "empty-document"
    empty_message: str = "the document has no text"
    empty_kind: str = "skipped"


@dataclass
class Section:
    """One example's worth of a document."""

    heading: str
    body: str
    index: int
    line: int | None = None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING = re.compile(r"[ \t\u3000]+\n")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise line ends and blank lines; drop control characters; keep everything else.

    Form feeds (page breaks in PDF text) become paragraph breaks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING.sub("\n", text + "\n")
    return _BLANKS.sub("\n\n", text).strip()


def clean_inline(text: str) -> str:
    """One line of text: whitespace runs (newlines too) become one space."""
    return " ".join(_CONTROL.sub("", text).split())


def humanize(filename: str) -> str:
    """A title from a file name: ``returns_policy.docx`` -> ``returns policy``."""
    stem = PurePosixPath(filename.replace("\\", "/")).stem
    return clean_inline(re.sub(r"[_\-]+", " ", stem)) or stem


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode a text file: BOMs and UTF-8 first, then charset-normalizer's best guess.

    Returns:
        The text and the encoding used.

    Raises:
        DocumentError: binary data or no encoding fits.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise DocumentError("not-text", "not a text file (binary data)")
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise DocumentError("not-text", "not a text file (no text encoding fits)")
    return str(best), best.encoding


def _title_block(blocks: list[Block]) -> int | None:
    """The index of the block that is the document's title, if any.

    An explicit title (Word's Title style) wins; else the first heading when it is the only
    heading of the highest level in the document (a leading ``# Title`` above ``##`` sections).
    """
    for i, b in enumerate(blocks):
        if b.is_title:
            return i
    heads = [(i, b.level) for i, b in enumerate(blocks) if b.level]
    if not heads:
        return None
    top = min(level for _, level in heads)
    if heads[0][1] == top and sum(1 for _, level in heads if level == top) == 1:
        return heads[0][0]
    return None


def resolve_title(doc: Document, display: str) -> tuple[str, str]:
    """The document's title and where it came from (``metadata``, ``heading``, ``filename``)."""
    if clean_inline(doc.title):
        return clean_inline(doc.title), "metadata"
    tb = _title_block(doc.blocks)
    if tb is not None and clean_inline(doc.blocks[tb].heading):
        return clean_inline(doc.blocks[tb].heading), "heading"
    return humanize(display), "filename"


def _join(blocks: list[Block], verbatim: bool = False) -> str:
    pieces: list[str] = []
    prev: Block | None = None
    for b in blocks:
        if not b.text.strip():
            continue
        if prev is not None:
            pieces.append("\n" if prev.list_item and b.list_item else "\n\n")
        pieces.append(b.text.strip("\n"))
        prev = b
    text = "".join(pieces)
    if verbatim:
        return _CONTROL.sub("", text).strip("\n").rstrip() if text.strip() else ""
    return clean_text(text)


def whole_section(doc: Document, title: str) -> Section:
    """The whole document as one section."""
    return Section(title, _join(doc.blocks, doc.verbatim), 0)


def split_sections(doc: Document, title: str, level: int = 0) -> list[Section]:
    """One section per heading of the split level; text before the first one is section 0.

    Deeper headings stay inside their section's text. The title block is not a section.

    Args:
        doc: the document.
        title: its title (the heading of the introduction, section 0).
        level: split at headings of this level and above; 0: the highest level used below
            the title.

    Returns:
        The sections, or an empty list when the document has no heading to split at.
    """
    blocks = doc.blocks
    tb = _title_block(blocks)
    heads = [i for i, b in enumerate(blocks) if b.level and i != tb]
    if not heads:
        return []
    cut_level = level or min(blocks[i].level for i in heads)
    cuts = [i for i in heads if blocks[i].level <= cut_level]
    if not cuts:
        return []
    out: list[Section] = []
    intro = [b for i, b in enumerate(blocks[: cuts[0]]) if i != tb]
    body = _join(intro, doc.verbatim)
    if body:
        out.append(Section(title, body, 0, next((b.line for b in intro if b.text.strip()), None)))
    for n, start in enumerate(cuts, start=1):
        end = cuts[n] if n < len(cuts) else len(blocks)
        part = [b for i, b in enumerate(blocks[start + 1 : end], start=start + 1) if i != tb]
        head = clean_inline(blocks[start].heading) or f"section {n}"
        out.append(Section(head, _join(part, doc.verbatim), n, blocks[start].line))
    return out


# ---------------------------------------------------------------------------- examples


def document_examples(
    doc: Document,
    item: InputFile,
    adapter: str,
    cfg: DocumentsConfig,
    mapping: DocumentMapping | None,
    ctx: IngestContext,
) -> Iterator[Example | Reject]:
    """Turn a read document into templated examples (or rejects with their reasons).

    Args:
        doc: the document.
        item: the file it came from (``source.path`` is its display path).
        adapter: the adapter's registry name.
        cfg: the ``[documents]`` section.
        mapping: the mapping file, if configured.
        ctx: counts and notes.
    """
    display = item.display
    filename = PurePosixPath(display.replace("\\", "/").replace("!/", "/")).name
    row = mapping.find(display) if mapping else None
    title, title_from = resolve_title(doc, filename)
    values = {"title": title, "filename": filename, "heading": title}
    if row is not None:
        for k, v in row.values.items():
            if k in BUILTIN_PLACEHOLDERS and not v.strip():
                continue  # an empty cell does not blank a built-in value
            values[k] = clean_inline(v) if k in BUILTIN_PLACEHOLDERS else v
        if values["title"] != title:
            title, title_from = values["title"], "mapping"
            values["heading"] = title
    ctx.counts[f"{adapter}-documents"] += 1

    split = cfg.split_by == "heading"
    full = whole_section(doc, title)
    sections: list[Section] = []
    if split:
        if not doc.has_headings:
            ctx.counts["documents-kept-whole"] += 1
            ctx.note(f"split_by heading: {adapter} files have no headings, each was kept whole")
        elif len(full.body) < cfg.split_min_chars:
            ctx.counts["documents-kept-whole"] += 1
            ctx.note("split_by heading: documents shorter than split_min_chars were kept whole")
        else:
            sections = split_sections(doc, title, cfg.split_level)
            if not sections:
                ctx.counts["documents-kept-whole"] += 1
                ctx.note("split_by heading: documents without headings were kept whole")
    whole = not sections
    if whole:
        sections = [full]
        known = known_template(cfg.instruction, mapping)
        template = row.instruction if row and row.instruction else known
    else:
        known = known_template(cfg.section_instruction, mapping)
        template = row.section_instruction if row and row.section_instruction else known

    needs = [n for n in template.names if mapping and n in mapping.columns and n not in BUILTIN_PLACEHOLDERS]
    if needs and row is None:
        yield Reject(
            stage="ingest",
            code="no-mapping-row",
            message=f"{display}: no row for this document in the mapping file (the instruction "
            f"uses {', '.join('{' + n + '}' for n in needs)})",
            source=item.source(adapter),
        )
        return
    if whole and not sections[0].body:
        yield Reject(
            stage="ingest",
            code=doc.empty_code,
            message=f"{display}: {doc.empty_message}",
            source=item.source(adapter),
            kind=doc.empty_kind,
        )
        return

    for sec in sections:
        ref = None if whole else (sec.heading[:_REF_CHARS] if sec.heading else f"section {sec.index}")
        src = item.source(adapter, ref=ref, line=sec.line)
        if not sec.body:
            yield Reject(
                stage="ingest",
                code="empty-section",
                message=f"{display}: section {sec.index} has no text under its heading",
                source=src,
                line=sec.line,
                kind="skipped",
            )
            continue
        instruction = clean_text(template.render({**values, "heading": sec.heading}))
        if not instruction:
            yield Reject(
                stage="ingest",
                code="empty-instruction",
                message=f"{display}: the instruction template gives empty text here (an empty mapping cell?)",
                source=src,
                line=sec.line,
            )
            continue
        messages = [Message("user", instruction), Message("assistant", sec.body)]
        if row is not None and row.system:
            messages.insert(0, Message("system", row.system))
        info: dict[str, Any] = {"format": adapter, "title_from": title_from}
        if not whole:
            info.update(section=sec.index, sections=len(sections))
        ctx.counts["document-examples"] += 1
        yield Example(
            make_id(PREFIX, display, str(sec.index), instruction, sec.body),
            messages,
            src,
            meta={"group": display, "document": info},
            flags=[Flag(f.check, f.code, f.severity, f.message, f.details) for f in doc.flags],
        )


def known_template(text: str, mapping: DocumentMapping | None) -> Template:
    """Parse a config template against the built-in placeholders and the mapping's columns."""
    return _parse_cached(text, mapping.columns if mapping else ())


@lru_cache(maxsize=64)
def _parse_cached(text: str, columns: tuple[str, ...]) -> Template:
    return Template.parse(text, "[documents] template", frozenset(BUILTIN_PLACEHOLDERS) | frozenset(columns))


class DocumentAdapter:
    """Base of the document adapters: reading one file is the format module's job.

    Subclasses set ``name``, ``kind`` (for messages) and implement :meth:`sniff` and
    :meth:`load`.
    """

    name = ""
    kind = ""
    prefix = PREFIX
    groups_files = False

    def sniff(self, item: InputFile) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def load(self, item: InputFile, ctx: IngestContext) -> Document:
        """Read one file.

        Raises:
            DocumentError: the file is not readable as this format.
        """
        raise NotImplementedError  # pragma: no cover

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """Yield the examples of each file; a file that cannot be read is a file-level error."""
        cfg = ctx.config.get(DocumentsConfig)
        mapping = load_mapping(cfg.mapping) if cfg.mapping else None
        for item in items:
            try:
                doc = self.load(item, ctx)
            except DocumentError as exc:
                yield ctx.file_error(item, self.name, exc.code, exc.message)
                continue
            except OSError as exc:
                yield ctx.file_error(item, self.name, "unreadable-file", f"cannot read ({exc.strerror})")
                continue
            except Exception as exc:  # parsers raise many kinds for a broken file; name the kind only
                yield ctx.file_error(
                    item,
                    self.name,
                    "unreadable-document",
                    f"cannot be read as {self.kind} ({type(exc).__name__})",
                )
                continue
            yield from document_examples(doc, item, self.name, cfg, mapping, ctx)
