"""Benchmark: document ingest throughput per format, against the bare parsing library.

For each format, the same files are read N times by fine-prep's adapter (parse, walk, split,
template, Example) and by the library alone (python-docx paragraph text, pdfminer
``extract_text``, markdown-it ``parse``, inscriptis ``get_text``, ``bytes.decode``); the ratio
is adapter time / library time, i.e. the overhead fine-prep adds on top of parsing.

Run: ``python bench/ingest_documents.py [--repeat N] [--corpora DIR]``
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _files(corpora: Path) -> dict[str, list[Path]]:
    sample = ROOT / "sample_data" / "docs"
    return {
        "docx": sorted((corpora / "documents-docx").rglob("*.docx")) + sorted(sample.glob("*.docx")),
        "pdf": [p for p in sorted((corpora / "documents-pdf").rglob("*.pdf")) if "encryption" not in p.name],
        "markdown": sorted((corpora / "documents-markdown").rglob("*.md")) + sorted(sample.glob("*.md")),
        "html": sorted((corpora / "documents-html").rglob("*.html")),
        "text": sorted((corpora / "text-cantonese").rglob("*.txt")),
    }


def _baseline(kind: str) -> Callable[[Path], int]:
    if kind == "docx":
        import docx

        def run(p: Path) -> int:
            try:
                return len("\n".join(par.text for par in docx.Document(str(p)).paragraphs))
            except Exception:  # strict-format: python-docx cannot open it
                return 0

        return run
    if kind == "pdf":
        import logging

        from pdfminer.high_level import extract_text

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        return lambda p: len(extract_text(p))
    if kind == "markdown":
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark")
        return lambda p: len(md.parse(p.read_text(encoding="utf-8")))
    if kind == "html":
        from inscriptis import get_text

        return lambda p: len(get_text(p.read_text(encoding="utf-8", errors="replace")))
    return lambda p: len(p.read_bytes().decode("utf-8", "replace"))


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    n = fn()
    return time.perf_counter() - start, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    default = os.environ.get("FINE_PREP_CORPORA", str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--corpora", default=default)
    args = ap.parse_args()

    from fine_prep.config import load_config
    from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
    from fine_prep.record import Example

    cfg = load_config(None, {"documents": {"split_by": "heading"}})
    print(
        f"{'format':<9}{'files':>6}{'bytes':>10}{'adapter docs/s':>16}{'MB/s':>8}{'library docs/s':>16}{'ratio':>7}"
    )
    for kind, files in _files(Path(args.corpora)).items():
        adapter = ADAPTERS.get(kind)
        items = [InputFile(p, p.name, p.read_bytes()[:8192]) for p in files]
        size = sum(p.stat().st_size for p in files)
        base = _baseline(kind)
        for p in files:  # warm up lazy imports and caches for both sides
            base(p)
        list(adapter.read(items, IngestContext(cfg)))

        def ours(items: list[InputFile] = items, adapter=adapter) -> int:
            n = 0
            for _ in range(args.repeat):
                n += sum(isinstance(r, Example) for r in adapter.read(items, IngestContext(cfg)))
            return n

        def lib(files: list[Path] = files, base=base) -> int:
            return sum(base(p) > -1 for _ in range(args.repeat) for p in files)

        t_ours, _ = _timed(ours)
        t_lib, _ = _timed(lib)
        docs = len(files) * args.repeat
        print(
            f"{kind:<9}{len(files):>6}{size:>10}{docs / t_ours:>16.1f}{size * args.repeat / t_ours / 1e6:>8.2f}"
            f"{docs / t_lib:>16.1f}{t_ours / t_lib:>7.2f}"
        )


if __name__ == "__main__":
    main()
