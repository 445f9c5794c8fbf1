"""Runs stages: batches, worker processes, spooling between stages, rejects and summaries.

Only this module (and the CLI) starts processes and writes files. Between stages examples are
spooled to a temporary JSONL file, so memory holds one batch per worker, not the dataset.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from fine_prep.config import Config, RunConfig, load_config
from fine_prep.record import Example, Reject, dumps, read_examples
from fine_prep.stage import STAGES, StageResult, StageSpec


@dataclass
class StageSummary:
    """Per-stage counts for the report."""

    name: str
    examples_in: int = 0
    examples_out: int = 0
    rejected: int = 0
    skipped: int = 0
    flagged: int = 0
    seconds: float = 0.0
    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": self.examples_in,
            "out": self.examples_out,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "flagged": self.flagged,
            "seconds": round(self.seconds, 3),
            "counts": dict(sorted(self.counts.items())),
            "reasons": dict(sorted(self.reasons.items())),
            "details": self.details,
        }

    def add_rejects(self, rejects: Iterable[Reject]) -> None:
        for r in rejects:
            if r.kind == "skipped":
                self.skipped += 1
            else:
                self.rejected += 1
            self.reasons[r.code] += 1


class Spool:
    """A temporary JSONL file of examples between two stages."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / f"{name}.jsonl"
        self.count = 0
        self._fh: IO[str] | None = self.path.open("w", encoding="utf-8")

    def write(self, example: Example) -> None:
        assert self._fh is not None
        self._fh.write(dumps(example.to_dict()))
        self._fh.write("\n")
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def examples(self) -> Iterator[Example]:
        self.close()
        for item in read_examples(self.path):
            if isinstance(item, Reject):  # pragma: no cover - we wrote it ourselves
                raise RuntimeError(f"spool {self.path} is corrupt: {item.message}")
            yield item

    def copy_to(self, target: str | Path) -> None:
        """Write the spooled examples to ``target`` atomically (a byte copy: no re-parsing)."""
        _copy_atomic(self, target)

    def batches(self, size: int) -> Iterator[list[Example]]:
        batch: list[Example] = []
        for ex in self.examples():
            batch.append(ex)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


class RejectSink:
    """Collects rejects in a temporary file; writes them out at the end of a run.

    A reject carries its example's text only when a redacting stage has already run (so the
    rejects file in a run's output folder is de-identified like everything else there).
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / "rejects.jsonl"
        self._fh: IO[str] | None = self.path.open("w", encoding="utf-8")
        self.count = 0

    def add(self, rejects: Iterable[Reject], include_example: bool) -> None:
        assert self._fh is not None
        for r in rejects:
            self._fh.write(dumps(r.to_dict(include_example=include_example)))
            self._fh.write("\n")
            self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def rows(self) -> Iterator[dict[str, Any]]:
        import json

        self.close()
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    def copy_to(self, target: str | Path) -> int:
        """Write the rejects to ``target`` atomically; returns how many there are."""
        _copy_atomic(self, target)
        return self.count


def _copy_atomic(spool: Spool | RejectSink, target: str | Path) -> None:
    import shutil

    from fine_prep.record import atomic_output

    spool.close()
    with spool.path.open("rb") as src, atomic_output(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


class Progress:
    """A progress bar on stderr, only for a terminal and never with ``--quiet``."""

    def __init__(self, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.enabled = enabled

    def bar(self, total: int | None, desc: str) -> Any:
        from tqdm import tqdm

        return tqdm(
            total=total,
            desc=desc,
            unit="ex",
            file=sys.stderr,
            disable=not self.enabled,
            leave=False,
            dynamic_ncols=True,
        )


# ------------------------------------------------------------------ worker processes

_WORKER_STAGE: Any = None


def _worker_init(spec: StageSpec, config_data: dict[str, dict[str, Any]]) -> None:
    global _WORKER_STAGE
    # One BLAS thread per process: the processes are the parallelism.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Config.to_dict() output resolves back to the same Config (its values win over defaults)
    config = load_config(None, config_data)
    _WORKER_STAGE = spec.build(config)


def _worker_process(batch: list[Example]) -> StageResult:
    return _WORKER_STAGE.process(batch)  # type: ignore[no-any-return]


def _worker_map(batch: list[Example]) -> list[Any]:
    return _WORKER_STAGE.map(batch)  # type: ignore[no-any-return]


def worker_count(config: Config) -> int:
    """Workers to use: the configured number, or one per core."""
    n = config.get(RunConfig).workers
    return n if n > 0 else (os.cpu_count() or 1)


class _Mapper:
    """Calls a stage method over batches, in this process or in a pool of workers."""

    def __init__(self, spec: StageSpec, config: Config, workers: int) -> None:
        self.spec = spec
        self.config = config
        self.workers = workers
        self._local: Any = None
        self._pool: Any = None

    def local(self) -> Any:
        if self._local is None:
            self._local = self.spec.build(self.config)
        return self._local

    def run(
        self, method: str, batches: Iterable[list[Example]], total_batches: int
    ) -> Iterator[tuple[Any, dict[str, int]]]:
        """Yield ``(result, flags per id before)`` in input order, at most two batches per worker
        in flight."""
        if self.workers <= 1 or total_batches <= 1:
            fn = getattr(self.local(), method)
            for batch in batches:
                before = _flag_counts(batch)  # the stage may mutate the batch in place
                yield fn(batch), before
            return
        if self._pool is None:
            ctx = mp.get_context("spawn")
            self._pool = ctx.Pool(
                min(self.workers, total_batches),
                initializer=_worker_init,
                initargs=(self.spec, self.config.to_dict()),
            )
        target = _worker_process if method == "process" else _worker_map
        pending: deque[tuple[Any, dict[str, int]]] = deque()
        for batch in batches:
            pending.append((self._pool.apply_async(target, (batch,)), _flag_counts(batch)))
            if len(pending) >= 2 * self.workers:
                job, done = pending.popleft()
                yield job.get(), done
        while pending:
            job, done = pending.popleft()
            yield job.get(), done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


# ------------------------------------------------------------------ running stages


@dataclass
class PipelineResult:
    """Where the surviving examples are, and what each stage did."""

    spool: Spool
    summaries: list[StageSummary]


class Pipeline:
    """Runs a sequence of stages over a stream of examples.

    Args:
        config: the resolved configuration.
        workdir: a temporary folder for spools (the caller removes it).
        progress: progress reporting.
        redacted: the input is already de-identified (rejects may then carry text).
    """

    def __init__(
        self, config: Config, workdir: Path, progress: Progress | None = None, redacted: bool = False
    ) -> None:
        self.config = config
        self.workdir = workdir
        self.progress = progress or Progress(False)
        self.rejects = RejectSink(workdir)
        self.summaries: list[StageSummary] = []
        self.redacted = redacted
        self.batch_size = max(1, config.get(RunConfig).batch_size)
        self.workers = worker_count(config)

    def feed_sources(self, sources: Any, strict: bool | None = None) -> Spool:
        """Spool what :class:`~fine_prep.ingest.sources.Sources` reads, as the ``ingest`` step,
        with what it found (files per adapter, exclusions, assumptions) in its summary.
        ``strict`` as in :meth:`Sources.read`."""
        spool = self.feed(sources.read(strict=strict), "ingest")
        self.summaries[-1].details = sources.summary.to_dict()
        return spool

    def feed(self, items: Iterable[Example | Reject], name: str = "read") -> Spool:
        """Spool an input stream, sending its rejects to the sink; returns the spool."""
        summary = StageSummary(name)
        start = time.perf_counter()
        spool = Spool(self.workdir, f"00-{name}")
        with self.progress.bar(None, name) as bar:
            for item in items:
                if isinstance(item, Reject):
                    summary.add_rejects([item])
                    self.rejects.add([item], include_example=self.redacted)
                else:
                    spool.write(item)
                    bar.update(1)
        spool.close()
        summary.examples_out = spool.count
        summary.examples_in = spool.count + summary.rejected + summary.skipped
        summary.seconds = time.perf_counter() - start
        self.summaries.append(summary)
        return spool

    def run_stage(self, spec: StageSpec, spool: Spool, index: int) -> Spool:
        """Run one stage over a spool and return the next spool."""
        summary = StageSummary(spec.name, examples_in=spool.count)
        start = time.perf_counter()
        out = Spool(self.workdir, f"{index:02d}-{spec.name}")
        n_batches = -(-spool.count // self.batch_size)
        mapper = _Mapper(spec, self.config, self.workers)
        include = self.redacted or spec.redacts
        try:
            with self.progress.bar(spool.count, spec.name) as bar:
                if spec.kind == "set":
                    ids: list[str] = []
                    features: list[Any] = []
                    batches = spool.batches(self.batch_size)
                    for batch_feats, before in mapper.run("map", batches, n_batches):
                        ids.extend(before)
                        features.extend(batch_feats)
                        bar.update(len(before))
                    stage = mapper.local()
                    state = stage.reduce(ids, features)
                    del ids, features
                    results: Iterable[tuple[StageResult, dict[str, int]]] = (
                        (stage.apply(b, state), before)
                        for b in spool.batches(self.batch_size)
                        for before in [_flag_counts(b)]
                    )
                    summary.details = stage.summary(state)
                else:
                    results = mapper.run("process", spool.batches(self.batch_size), n_batches)
                for result, before in results:
                    for ex in result.kept:
                        if len(ex.flags) > before.get(ex.id, 0):
                            summary.flagged += 1
                        out.write(ex)
                    summary.add_rejects(result.rejects)
                    self.rejects.add(result.rejects, include_example=include)
                    summary.counts.update(result.counts)
                    if spec.kind != "set":
                        bar.update(len(before))
        finally:
            mapper.close()
        out.close()
        self.redacted = include
        summary.examples_out = out.count
        summary.seconds = time.perf_counter() - start
        self.summaries.append(summary)
        return out

    def run(self, specs: Iterable[StageSpec], spool: Spool) -> PipelineResult:
        """Run stages in sequence."""
        for i, spec in enumerate(specs, start=1):
            spool = self.run_stage(spec, spool, i)
        return PipelineResult(spool, self.summaries)


def _flag_counts(batch: list[Example]) -> dict[str, int]:
    return {ex.id: len(ex.flags) for ex in batch}


def make_workdir() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for spools."""
    return tempfile.TemporaryDirectory(prefix="fine-prep-")


def summary_path(data_path: str) -> Path | None:
    """Where the stage summaries of a canonical JSONL file live: ``pairs.jsonl`` ->
    ``pairs.summary.json`` (``None`` for standard input/output)."""
    if data_path == "-":
        return None
    p = Path(data_path)
    return p.with_name((p.name[:-6] if p.name.endswith(".jsonl") else p.name) + ".summary.json")


def read_summaries(data_path: str) -> list[dict[str, Any]]:
    """The summaries of the stages that made ``data_path`` (empty when there are none)."""
    import json

    path = summary_path(data_path)
    if path is None or not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [s for s in data if isinstance(s, dict) and "name" in s] if isinstance(data, list) else []


def write_summaries(data_path: str, summaries: list[dict[str, Any]]) -> None:
    """Write the stage summaries beside a canonical JSONL output, so that the next stage and
    ``fine-prep report`` know what was done to it (counts and reasons only, no personal data)."""
    import json

    from fine_prep.record import atomic_output

    path = summary_path(data_path)
    if path is None:
        return
    with atomic_output(path) as fh:
        fh.write(json.dumps(summaries, ensure_ascii=False, indent=1) + "\n")


def run_file_stage(
    stage_name: str,
    in_path: str,
    out_path: str,
    rejects_path: str | None,
    config: Config,
    progress: Progress | None = None,
) -> list[StageSummary]:
    """Run one registered stage over a canonical JSONL file (what ``redact``, ``dedup`` and
    ``check`` do alone).

    Bad input lines go to the rejects with their line numbers; the output is written
    atomically, and beside it ``OUT.summary.json``: the input's own summaries (if any) followed
    by this stage's, so a chain of commands ends with the whole history for ``fine-prep report``.
    Returns the read and stage summaries.

    Raises:
        InputError: the input cannot be read or the output cannot be written.
    """
    spec = STAGES.get(stage_name)
    with make_workdir() as tmp:
        pipe = Pipeline(config, Path(tmp), progress, redacted=False)
        spool = pipe.feed(read_examples(in_path), "read")
        pipe.run_stage(spec, spool, 1).copy_to(out_path)
        if rejects_path:
            pipe.rejects.copy_to(rejects_path)
        done = [s.to_dict() for s in pipe.summaries if s.name != "read"]
        write_summaries(out_path, read_summaries(in_path) + done)
        return pipe.summaries


def ingest_file(
    paths: list[str] | tuple[str, ...],
    out_path: str,
    rejects_path: str | None,
    config: Config,
    progress: Progress | None = None,
) -> tuple[StageSummary, Any]:
    """What ``fine-prep ingest`` does: read sources into one canonical JSONL file.

    The output (and ``OUT.summary.json`` beside it) is written only when reading succeeded:
    in strict mode (one input file) a file-level error raises before anything is written.

    Returns:
        The ingest stage summary and the :class:`~fine_prep.ingest.sources.IngestSummary`
        (files per adapter, excluded files, assumptions made).

    Raises:
        InputError: an input is missing, or (one input file) unreadable or of no known kind.
    """
    from fine_prep.ingest.sources import Sources

    with Sources(paths, config) as src, make_workdir() as tmp:
        pipe = Pipeline(config, Path(tmp), progress)
        spool = pipe.feed_sources(src)
        summary = pipe.summaries[-1]
        spool.copy_to(out_path)
        if rejects_path and pipe.rejects.count:
            pipe.rejects.copy_to(rejects_path)
        write_summaries(out_path, [summary.to_dict()])
        return summary, src.summary
