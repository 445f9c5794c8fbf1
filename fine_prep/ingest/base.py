"""What an ingest adapter is, the adapter registry, and the context adapters are handed.

An adapter turns files of one kind (an mbox, a WhatsApp export, a CSV of Q&A pairs) into
canonical :class:`~fine_prep.record.Example` records. It reads only what it is handed, yields
examples and :class:`~fine_prep.record.Reject` records (``kind="skipped"`` for policy skips such
as auto-replies, ``"rejected"`` for bad input), and never prints or exits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from fine_prep.config import Config, section, setting
from fine_prep.errors import InputError
from fine_prep.record import Example, Reject, Source
from fine_prep.registry import Registry

HEAD_BYTES = 8192


@section("ingest")
@dataclass(frozen=True)
class IngestConfig:
    """Reading sources: which adapter, who is staff, how turns become examples."""

    adapter: str = setting("", "Force one adapter for every input file (empty: detect by content).")
    staff: tuple[str, ...] = setting(
        (),
        "Who is staff: email addresses or @domain for mail; speaker names or phone numbers "
        "for chats. Empty: inferred, and the assumption is reported.",
    )
    multi_turn: bool = setting(
        False, "One multi-turn example per thread/conversation instead of one per round."
    )
    max_turns: int = setting(0, "With multi_turn, the most user+assistant turns per example (0: no limit).")
    exclude: tuple[str, ...] = setting(
        ("README*", "LICENSE*", "NOTICE*", "*.py", "*.sh", "*.toml", ".*"),
        "File-name patterns skipped when walking folders (reported, not silently dropped).",
    )
    max_zip_mb: int = setting(4096, "Largest total uncompressed size of a .zip input, in MB.")


@dataclass(frozen=True)
class InputFile:
    """One file handed to an adapter.

    Attributes:
        path: where to read it on this machine (may be inside a temporary zip extraction).
        display: the path as the user gave it (or below it): goes into ``source.path``.
        head: the first bytes, for sniffing.
    """

    path: Path
    display: str
    head: bytes = b""

    @property
    def is_dir(self) -> bool:
        return self.path.is_dir()

    def source(self, adapter: str, ref: str | None = None, line: int | None = None) -> Source:
        """A :class:`Source` pointing into this file."""
        return Source(adapter, self.display, ref, line)


@dataclass
class IngestContext:
    """What an adapter is handed besides its files.

    Attributes:
        config: the resolved configuration (adapters read their own section).
        strict: a file-level problem should raise :class:`InputError` (one input file given to
            ``ingest``) rather than become a reject (many files in ``run``).
        notes: assumptions made (inferred staff, date order), for the summary and report.
            Notes must not contain personal data.
        counts: free-form counters (``charset-fallback``, ``messages``) for the summary.
    """

    config: Config
    strict: bool = False
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def file_error(self, item: InputFile, adapter: str, code: str, message: str) -> Reject:
        """A file-level failure: raises in strict mode, else returns a reject for the file.

        ``message`` must say what is wrong without quoting content.

        Raises:
            InputError: in strict mode.
        """
        if self.strict:
            raise InputError(f"{item.display}: {message}")
        return Reject(
            stage="ingest",
            code=code,
            message=f"{item.display}: {message}",
            source=item.source(adapter),
        )

    def note(self, text: str) -> None:
        """Record an assumption once."""
        if text not in self.notes:
            self.notes.append(text)


@runtime_checkable
class Adapter(Protocol):
    """A source kind.

    Attributes:
        name: kebab-case registry key and ``--adapter`` value.
        prefix: short prefix of the example ids it makes (``em``, ``wa``).
        groups_files: ``read`` is called once with all files detected as this kind (email
            threading across files); otherwise once per file.
        reads_folders: (optional attribute) the adapter may claim a whole folder, such as a
            Maildir or an unpacked Slack export; ``sniff`` is then also asked about folders.
    """

    name: str
    prefix: str
    groups_files: bool

    def sniff(self, item: InputFile) -> float:
        """Confidence in 0..1 that ``item`` is of this kind (0: no). Directories allowed."""
        ...

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """Yield examples and rejects from the files."""
        ...


ADAPTERS: Registry[Adapter] = Registry("adapter")
