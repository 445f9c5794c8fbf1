"""The pipeline runner: batches, worker processes, rejects, counts, set stages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from fine_prep.config import load_config
from fine_prep.pipeline import Pipeline
from fine_prep.record import Example, Message, Source

sys.path.insert(0, str(Path(__file__).parent))
from stages_for_tests import LONGEST, UPPER  # noqa: E402


def examples(n: int) -> list[Example]:
    out = []
    for i in range(n):
        user = "drop" if i % 10 == 3 else ("please flag" if i % 10 == 5 else f"question {i}")
        out.append(
            Example(
                f"t-{i:04d}",
                [Message("user", user), Message("assistant", "a" * (i % 7 + 1))],
                Source("t", "in", f"r{i}", i + 1),
            )
        )
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_example_stage_in_processes_keeps_order_and_counts(tmp_path: Path, workers: int) -> None:
    cfg = load_config(None, {"run": {"workers": workers, "batch_size": 16}})
    pipe = Pipeline(cfg, tmp_path)
    spool = pipe.feed(examples(100))
    result = pipe.run([UPPER], spool)
    out = list(result.spool.examples())
    assert [e.id for e in out] == [f"t-{i:04d}" for i in range(100) if i % 10 != 3]
    assert all(e.messages[1].content.isupper() for e in out)
    s = result.summaries[-1]
    assert (s.examples_in, s.examples_out, s.rejected, s.flagged) == (100, 90, 10, 10)
    assert s.reasons == {"asked-to-drop": 10}
    pids = [k for k in s.counts if k.startswith("pid-")]
    assert 1 <= len(pids) <= workers  # set-up once per process, never per batch
    assert (f"pid-{os.getpid()}" in pids) == (workers == 1)  # workers > 1: work ran in worker processes
    rejects = list(pipe.rejects.rows())
    assert len(rejects) == 10 and all(r["stage"] == "upper" and r["line"] is None for r in rejects)
    assert all("example" not in r for r in rejects)  # not redacted yet: no text in rejects


@pytest.mark.parametrize("workers", [1, 2])
def test_set_stage_map_reduce_apply(tmp_path: Path, workers: int) -> None:
    cfg = load_config(None, {"run": {"workers": workers, "batch_size": 8}})
    pipe = Pipeline(cfg, tmp_path)
    result = pipe.run([LONGEST], pipe.feed(examples(50)))
    s = result.summaries[-1]
    assert s.details == {"median": 4}
    out = list(result.spool.examples())
    assert all(len(e.messages[-1].content) <= 4 for e in out)
    assert s.skipped == 50 - len(out) and s.reasons == {"too-long": s.skipped}


def test_same_output_for_any_worker_count(tmp_path: Path) -> None:
    outs = []
    for workers in (1, 2):
        cfg = load_config(None, {"run": {"workers": workers, "batch_size": 7}})
        (tmp_path / str(workers)).mkdir()
        pipe = Pipeline(cfg, tmp_path / str(workers))
        res = pipe.run([UPPER, LONGEST], pipe.feed(examples(60)))
        outs.append([e.to_dict() for e in res.spool.examples()])
    assert outs[0] == outs[1]
