"""The email adapters: one reader core, registered as ``email`` and once per source kind.

``email`` accepts every mail kind (detected by content) so that a thread split across an mbox,
a folder of .eml and a Maildir is still one thread (``groups_files``: all mail files of a run
reach one reader). ``mbox``, ``eml``, ``maildir``, ``msg`` and ``pst`` are the same core forced
to one kind, for ``--adapter``; they sniff a little lower than ``email`` so detection picks it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.email.reader import PREFIX, MailReader
from fine_prep.record import Example, Reject


@dataclass(frozen=True)
class MailKind:
    """One source kind: how to recognise it and how to feed its messages to the reader."""

    name: str
    sniff: Callable[[InputFile], float]
    read: Callable[[InputFile, MailReader], Iterator[Reject]]
    folders: bool = False


KINDS: dict[str, MailKind] = {}
THIN_FACTOR = 0.9


class MailAdapter:
    """Reads mail of the given kinds (all: the ``email`` adapter) through one :class:`MailReader`.

    Args:
        name: registry key and ``--adapter`` value.
        kinds: the kinds it reads; empty means every registered kind, detected per file.
    """

    prefix = PREFIX
    groups_files = True

    def __init__(self, name: str, kinds: tuple[str, ...] = ()) -> None:
        self.name = name
        self.kinds = kinds
        self.reads_folders = not kinds or any(k == "maildir" for k in kinds)

    def _kinds(self) -> list[MailKind]:
        return [KINDS[k] for k in self.kinds] if self.kinds else [KINDS[k] for k in sorted(KINDS)]

    def sniff(self, item: InputFile) -> float:
        """Best confidence among its kinds (lowered a little for a single-kind adapter)."""
        best = max((k.sniff(item) for k in self._kinds()), default=0.0)
        return best if not self.kinds else best * THIN_FACTOR

    def detect(self, item: InputFile) -> MailKind | None:
        """The kind of one item; a single-kind adapter always answers its kind (forced)."""
        kinds = self._kinds()
        if len(kinds) == 1:
            return kinds[0]
        scored = [(k.sniff(item), k.name) for k in kinds]
        score, name = max(scored)
        return KINDS[name] if score > 0 else None

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """Feed every item to one reader, then thread and pair across all of them."""
        reader = MailReader(ctx, self.name)
        try:
            for item in items:
                kind = self.detect(item)
                if kind is None:
                    yield reader.reject_file(
                        item, "unknown-format", "not a mailbox, .eml, Maildir, .msg or .pst"
                    )
                    continue
                ctx.counts[f"email-files-{kind.name}"] += 1
                yield from kind.read(item, reader)
            yield from reader.finish()
        finally:
            reader.spool.close()


def register_kind(kind: MailKind) -> None:
    """Add a source kind and its single-kind adapter."""
    KINDS[kind.name] = kind
    ADAPTERS.add(kind.name, MailAdapter(kind.name, (kind.name,)))


ADAPTERS.add("email", MailAdapter("email"))
