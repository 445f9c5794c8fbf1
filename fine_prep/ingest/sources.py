"""Finding input files, choosing an adapter for each, and driving the adapters.

Folders are walked in sorted order (a folder an adapter claims as a whole, such as a Maildir or
a Slack export, is handed over as one item); ``.zip`` files are unpacked into a temporary folder
with size and path checks and walked the same way. Each file goes to the adapter that sniffs it
with the highest confidence, or the one forced with ``--adapter``.
"""

from __future__ import annotations

import contextlib
import fnmatch
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fine_prep.config import Config, DatasetConfig
from fine_prep.errors import InputError
from fine_prep.ingest.base import ADAPTERS, HEAD_BYTES, Adapter, IngestConfig, IngestContext, InputFile
from fine_prep.ingest.chat.common import safe_label
from fine_prep.record import Example, Message, Reject, Source, UniqueIds


@dataclass
class IngestSummary:
    """What ingest saw: files per adapter, skipped files, assumptions."""

    files: Counter[str] = field(default_factory=Counter)
    excluded: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, object]:
        return {
            "files_per_adapter": dict(sorted(self.files.items())),
            "excluded_files": [safe_label(p) for p in self.excluded],
            "notes": self.notes,
            "counts": dict(sorted(self.counts.items())),
        }


class Sources(contextlib.AbstractContextManager["Sources"]):
    """The input files of one run; a context manager that cleans up zip extractions.

    Args:
        paths: files and folders as the user typed them.
        config: the resolved configuration.
    """

    def __init__(self, paths: Sequence[str], config: Config) -> None:
        self.paths = list(paths)
        self.config = config
        self.cfg = config.get(IngestConfig)
        self._tmp: list[str] = []
        self.summary = IngestSummary()
        self.bad: list[tuple[InputFile, str, str]] = []  # (item, code, message)

    def __exit__(self, *exc: object) -> None:
        for d in self._tmp:
            shutil.rmtree(d, ignore_errors=True)

    # ---------------------------------------------------------------- discovery
    def files(self) -> list[InputFile]:
        """Every input item, in a deterministic order.

        Raises:
            InputError: a path given on the command line does not exist.
        """
        items: list[InputFile] = []
        for given in self.paths:
            p = Path(given)
            if not p.exists():
                raise InputError(f"{given}: no such file or folder")
            if p.is_dir():
                items.extend(self._walk(p, given))
            else:
                items.extend(self._file(p, given))
        return items

    def _excluded(self, name: str) -> bool:
        return any(fnmatch.fnmatch(name, pat) for pat in self.cfg.exclude)

    def _walk(self, folder: Path, display: str) -> Iterator[InputFile]:
        whole = InputFile(folder, display)
        if self._claimed(whole):
            yield whole
            return
        try:
            entries = sorted(folder.iterdir(), key=lambda e: e.name)
        except OSError as exc:
            self.bad.append((whole, "unreadable-file", f"cannot list folder ({exc.strerror})"))
            return
        for entry in entries:
            shown = f"{display.rstrip('/')}/{entry.name}"
            if self._excluded(entry.name):
                self.summary.excluded.append(shown)
                continue
            if entry.is_symlink():
                self.summary.excluded.append(shown)
                continue
            if entry.is_dir():
                yield from self._walk(entry, shown)
            else:
                yield from self._file(entry, shown)

    def _claimed(self, item: InputFile) -> bool:
        return any(a.sniff(item) > 0 for _, a in ADAPTERS.items() if _handles_dirs(a))

    def _file(self, path: Path, display: str) -> Iterator[InputFile]:
        try:
            with path.open("rb") as fh:
                head = fh.read(HEAD_BYTES)
        except OSError as exc:
            self.bad.append((InputFile(path, display), "unreadable-file", f"cannot read ({exc.strerror})"))
            return
        item = InputFile(path, display, head)
        if head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".zip":
            if any(a.sniff(item) > 0.5 for _, a in ADAPTERS.items()):
                yield item  # an adapter reads this zip itself (e.g. a WhatsApp export)
                return
            yield from self._unzip(item)
            return
        yield item

    def _unzip(self, item: InputFile) -> Iterator[InputFile]:
        try:
            zf = zipfile.ZipFile(item.path)
        except (zipfile.BadZipFile, OSError):
            self.bad.append((item, "corrupt-zip", "not a readable zip file"))
            return
        with zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            total = sum(m.file_size for m in members)
            if total > self.cfg.max_zip_mb * 1024 * 1024:
                self.bad.append((item, "zip-too-large", f"unpacks to {total >> 20} MB, over max_zip_mb"))
                return
            tmp = tempfile.mkdtemp(prefix="fine-prep-zip-")
            self._tmp.append(tmp)
            root = Path(tmp)
            for n, m in enumerate(members, start=1):
                rel = PurePosixPath(m.filename)
                if rel.is_absolute() or ".." in rel.parts:
                    self.bad.append((item, "unsafe-zip-member", f"member #{n} has an unsafe path"))
                    continue
                try:
                    zf.extract(m, root)
                except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile):
                    self.bad.append((item, "corrupt-zip", f"member #{n} cannot be unpacked"))
                    continue
        yield from self._walk(root, f"{item.display}!")

    # ---------------------------------------------------------------- detection
    def choose(self, item: InputFile) -> Adapter | None:
        """The adapter for one item: forced, or the most confident sniffer (ties by name)."""
        if self.cfg.adapter:
            try:
                return ADAPTERS.get(self.cfg.adapter)
            except KeyError as exc:
                raise InputError(str(exc.args[0])) from None
        best: tuple[float, str] | None = None
        for name, adapter in ADAPTERS.items():
            score = adapter.sniff(item)
            if score > 0 and (best is None or score > best[0]):
                best = (score, name)
        return ADAPTERS.get(best[1]) if best else None

    # ---------------------------------------------------------------- reading
    def read(self, strict: bool | None = None) -> Iterator[Example | Reject]:
        """Yield every example and reject of every input.

        Ids are made unique, the dataset's system prompt is added where there is none, and
        ``meta.group`` (the thread or conversation, for the split) defaults to the id.

        Args:
            strict: file-level problems raise :class:`InputError` instead of becoming rejects;
                default: when exactly one file was given.

        Raises:
            InputError: in strict mode, a file that cannot be read or is of no known kind.
        """
        items = self.files()
        if strict is None:
            strict = len(items) == 1 and len(self.paths) == 1
        ctx = IngestContext(self.config, strict=strict)
        groups: dict[str, list[InputFile]] = {}
        order: list[str] = []
        for item, code, msg in self.bad:
            yield ctx.file_error(item, "ingest", code, msg)
        tried = ", ".join(ADAPTERS.names())
        for item in items:
            adapter = self.choose(item)
            if adapter is None:
                yield ctx.file_error(
                    item, "ingest", "unknown-format", f"not a format fine-prep reads (tried: {tried})"
                )
                continue
            if adapter.name not in groups:
                groups[adapter.name] = []
                order.append(adapter.name)
            groups[adapter.name].append(item)
            self.summary.files[adapter.name] += 1
        system = self.config.get(DatasetConfig).system_prompt.strip()
        unique = UniqueIds()
        for name in order:
            adapter = ADAPTERS.get(name)
            batches = [groups[name]] if adapter.groups_files else [[i] for i in groups[name]]
            for batch in batches:
                try:
                    for out in adapter.read(batch, ctx):
                        if isinstance(out, Example):
                            yield _finish(out, system, unique)
                        else:
                            yield out
                except InputError as exc:
                    if strict:
                        raise
                    yield Reject(
                        stage="ingest",
                        code="unreadable-file",
                        message=str(exc),
                        source=Source(name, batch[0].display),
                    )
        self.summary.notes = ctx.notes
        self.summary.counts = ctx.counts


def _finish(example: Example, system: str, unique: UniqueIds) -> Example:
    example.id = unique(example.id)
    if system and example.messages[0].role != "system":
        example.messages.insert(0, Message("system", system))
    example.meta.setdefault("group", example.id)
    return example


def _handles_dirs(adapter: Adapter) -> bool:
    return bool(getattr(adapter, "reads_folders", False))
