"""The canonical record (:class:`Example`), rejects, and streaming JSONL input/output.

Every stage reads and writes one JSON object per line (UTF-8, no BOM), shaped as
``schemas/canonical.schema.json`` describes. Reading is streaming and strict: every error names
the file and line, and never quotes the line's content (it may hold personal data).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from fine_prep.errors import InputError

ROLES = ("system", "user", "assistant")
CHECKS = ("format", "pii", "duplicate", "language", "style", "length")
SEVERITIES = ("info", "warn", "error")


class RecordError(ValueError):
    """A record that does not have the canonical shape; the message names the field."""


@dataclass(slots=True)
class Message:
    """One chat message."""

    role: str
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(slots=True)
class Source:
    """Where an example came from: enough for a reviewer to find the original.

    ``path`` is the path as given on the command line (never expanded); ``ref`` is the
    adapter's locator (Message-IDs, a line range, a row number); ``line`` a 1-based line.
    """

    adapter: str
    path: str
    ref: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"adapter": self.adapter, "path": self.path}
        if self.ref is not None:
            out["ref"] = self.ref
        if self.line is not None:
            out["line"] = self.line
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(
            adapter=str(data.get("adapter", "")),
            path=str(data.get("path", "")),
            ref=data.get("ref"),
            line=data.get("line"),
        )


@dataclass(slots=True)
class Flag:
    """A finding of a check: it tags, it never drops."""

    check: str
    code: str
    severity: str
    message: str
    details: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
        if self.details:
            out["details"] = self.details
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        return cls(
            check=data["check"],
            code=data["code"],
            severity=data["severity"],
            message=data["message"],
            details=data.get("details"),
        )


@dataclass(slots=True)
class Example:
    """The one record type every stage takes and returns."""

    id: str
    messages: list[Message]
    source: Source
    meta: dict[str, Any] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "messages": [m.to_dict() for m in self.messages],
            "source": self.source.to_dict(),
            "meta": self.meta,
            "flags": [f.to_dict() for f in self.flags],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Example:
        """Build an example from a parsed JSON object.

        Raises:
            RecordError: the object does not have the canonical shape.
        """
        check_shape(data)
        return cls(
            id=data["id"],
            messages=[Message(m["role"], m["content"]) for m in data["messages"]],
            source=Source.from_dict(data["source"]),
            meta=dict(data.get("meta") or {}),
            flags=[Flag.from_dict(f) for f in data.get("flags") or []],
        )

    def texts(self, role: str | None = None) -> list[str]:
        """The contents of the messages, optionally of one role only."""
        return [m.content for m in self.messages if role is None or m.role == role]

    def add_flag(
        self,
        check: str,
        code: str,
        severity: str,
        message: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Attach a finding (the message must not quote personal data)."""
        self.flags.append(Flag(check, code, severity, message, details))


def check_shape(data: Any) -> None:
    """Check the canonical shape quickly, naming the first field that is wrong.

    The JSON Schema (``schemas/canonical.schema.json``) says the same; this is the fast path
    used for every record, and tests keep the two in agreement.

    Raises:
        RecordError: what is wrong, without quoting content.
    """
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, got {type(data).__name__}")
    rid = data.get("id")
    if not isinstance(rid, str) or not rid:
        raise RecordError("'id' must be a non-empty string")
    msgs = data.get("messages")
    if not isinstance(msgs, list) or not msgs:
        raise RecordError("'messages' must be a non-empty list")
    roles = []
    for i, m in enumerate(msgs):
        if not isinstance(m, dict):
            raise RecordError(f"messages[{i}] must be an object")
        role = m.get("role")
        if role not in ROLES:
            raise RecordError(f"messages[{i}].role must be one of {', '.join(ROLES)}")
        if not isinstance(m.get("content"), str):
            raise RecordError(f"messages[{i}].content must be a string")
        if role == "system" and i != 0:
            raise RecordError(f"messages[{i}]: a system message may only come first")
        roles.append(role)
    if "user" not in roles or "assistant" not in roles:
        raise RecordError("'messages' needs at least one user and one assistant message")
    src = data.get("source")
    if not isinstance(src, dict) or not isinstance(src.get("adapter"), str):
        raise RecordError("'source' must be an object with an 'adapter' string")
    if not isinstance(src.get("path"), str):
        raise RecordError("'source.path' must be a string")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise RecordError("'meta' must be an object")
    flags = data.get("flags", [])
    if not isinstance(flags, list):
        raise RecordError("'flags' must be a list")
    for i, f in enumerate(flags):
        if not isinstance(f, dict):
            raise RecordError(f"flags[{i}] must be an object")
        if f.get("check") not in CHECKS:
            raise RecordError(f"flags[{i}].check must be one of {', '.join(CHECKS)}")
        if f.get("severity") not in SEVERITIES:
            raise RecordError(f"flags[{i}].severity must be one of {', '.join(SEVERITIES)}")
        if not isinstance(f.get("code"), str) or not isinstance(f.get("message"), str):
            raise RecordError(f"flags[{i}] needs 'code' and 'message' strings")


@dataclass(slots=True)
class Reject:
    """A record a stage did not keep, with the reason; nothing is dropped silently.

    ``kind`` is ``skipped`` (by policy: an auto-reply, a duplicate) or ``rejected`` (bad input).
    ``example`` is written out only when it is safe to (after redaction); otherwise a reject is
    its source reference and reason alone.
    """

    stage: str
    code: str
    message: str
    source: Source | None = None
    id: str | None = None
    line: int | None = None
    kind: str = "rejected"
    details: dict[str, Any] | None = None
    example: Example | None = None

    def to_dict(self, include_example: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "stage": self.stage,
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "source": self.source.to_dict() if self.source else None,
            "line": self.line,
        }
        if self.details:
            out["details"] = self.details
        if include_example and self.example is not None:
            out["example"] = self.example.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reject:
        ex = data.get("example")
        src = data.get("source")
        return cls(
            stage=data["stage"],
            code=data["code"],
            message=data["message"],
            source=Source.from_dict(src) if src else None,
            id=data.get("id"),
            line=data.get("line"),
            kind=data.get("kind", "rejected"),
            details=data.get("details"),
            example=Example.from_dict(ex) if ex else None,
        )


def make_id(prefix: str, *parts: str) -> str:
    """A stable id from a source reference and content: ``prefix-<12 hex>``.

    The same parts give the same id on every run and machine.
    """
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}-{h[:12]}"


class UniqueIds:
    """Makes ids unique within one output: a repeated id gets ``-2``, ``-3`` … deterministically."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, rid: str) -> str:
        n = self._seen.get(rid)
        if n is None:
            self._seen[rid] = 1
            return rid
        n += 1
        self._seen[rid] = n
        return self(f"{rid}-{n}")


# ---------------------------------------------------------------------------- reading


@dataclass(slots=True)
class Line:
    """One physical line of a JSONL input: its number and parsed value, or the error."""

    number: int
    value: Any = None
    error: str | None = None


def open_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a path for binary reading; ``-`` is standard input.

    Raises:
        InputError: missing, a directory, or unreadable.
    """
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a JSONL file")
    try:
        return p.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def iter_lines(path: str | os.PathLike[str], max_line_bytes: int = 64 << 20) -> Iterator[Line]:
    """Stream a JSONL file as parsed lines, with 1-based line numbers.

    Blank lines are skipped. A line that is not UTF-8 or not JSON comes back with ``error``
    set (with the byte offset of the bad bytes) instead of raising, so that one bad record
    never stops a run.

    Raises:
        InputError: the file cannot be opened.
    """
    fh = open_input(path)
    try:
        offset = 0
        for number, raw in enumerate(fh, start=1):
            start = offset
            offset += len(raw)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                start += 3
            if len(raw) > max_line_bytes:
                yield Line(number, error=f"line is {len(raw)} bytes, over the limit")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Line(number, error=f"not UTF-8: bad byte at offset {start + exc.start}")
                continue
            if not text.strip():
                continue
            try:
                yield Line(number, value=json.loads(text))
            except json.JSONDecodeError as exc:
                yield Line(number, error=f"not JSON: {exc.msg} at column {exc.colno}")
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def read_examples(
    path: str | os.PathLike[str], stage: str = "read", display: str | None = None
) -> Iterator[Example | Reject]:
    """Stream canonical examples; a bad line comes back as a :class:`Reject` with its line.

    Args:
        path: the file (``-`` for standard input).
        stage: the stage named in rejects.
        display: the path shown in messages and ``source.path`` (default: ``path``).
    """
    display = str(path) if display is None else display
    for line in iter_lines(path):
        if line.error is None:
            try:
                yield Example.from_dict(line.value)
                continue
            except RecordError as exc:
                error = str(exc)
        else:
            error = line.error
        yield Reject(
            stage=stage,
            code="bad-record",
            message=f"{display}:{line.number}: {error}",
            source=Source("jsonl", display, line=line.number),
            line=line.number,
        )


# ---------------------------------------------------------------------------- writing


_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(obj: Any) -> str:
    """One compact JSON line (UTF-8 text, no ASCII escaping, no newline).

    U+0085, U+2028 and U+2029 are escaped: they are legal in JSON strings, but tools that split
    lines with ``str.splitlines`` would cut the record there.
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if "\u0085" in s or "\u2028" in s or "\u2029" in s:
        s = s.translate(_LINE_BREAKS)
    return s


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    An interrupted or failed write leaves no file at ``path`` that looks complete: the
    temporary file is removed (or, if the process is killed, left under a ``.tmp-`` name).
    ``-`` writes to standard output.

    Raises:
        InputError: the target folder does not exist or is not writable.
    """
    if str(path) == "-":
        stream = sys.stdout if "b" not in mode else sys.stdout.buffer
        yield stream
        stream.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    # mkstemp creates the file 0600; give it the mode a plain open() would (0666 less umask)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
    try:
        with open(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[Any]) -> int:
    """Write rows (examples, rejects or plain objects) as JSONL atomically; return the count."""
    n = 0
    with atomic_output(path) as fh:
        for row in rows:
            obj = row.to_dict() if hasattr(row, "to_dict") else row
            fh.write(dumps(obj))
            fh.write("\n")
            n += 1
    return n
