"""Canonical JSONL as an input: records already in fine-prep's format."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.record import Example, Reject, read_examples


class CanonicalAdapter:
    """Reads canonical JSONL; every bad line becomes a reject with its line number."""

    name = "jsonl"
    prefix = "jl"
    groups_files = False

    def sniff(self, item: InputFile) -> float:
        if item.is_dir:
            return 0.0
        first = item.head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip()
        if not first.startswith(b"{"):
            return 0.0
        try:
            obj = json.loads(first)
        except (ValueError, UnicodeDecodeError):
            # a long first line may be cut by the head; trust the extension then
            return 0.6 if item.path.suffix.lower() in (".jsonl", ".ndjson") else 0.0
        if isinstance(obj, dict) and "messages" in obj and "source" in obj:
            return 0.95
        return 0.0

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        for item in items:
            for rec in read_examples(item.path, stage="ingest", display=item.display):
                ctx.counts["jsonl-lines"] += 1
                yield rec


ADAPTERS.add(CanonicalAdapter.name, CanonicalAdapter())
