"""manifest.json: the register entry, and reproducibility (two runs, same digests)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from report_helpers import run_sample

from fine_prep.report.manifest import content_digest


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_records_inputs_config_versions_counts_outputs(sample_run) -> None:  # type: ignore[no-untyped-def]
    out = Path(sample_run.out_dir)
    m = _manifest(out)
    inputs = {i["path"]: i for i in m["inputs"]}
    mbox = Path(__file__).resolve().parents[2] / "sample_data" / "mail" / "support.mbox"
    assert inputs["sample_data/mail/support.mbox"]["sha256"] == hashlib.sha256(mbox.read_bytes()).hexdigest()
    assert inputs["sample_data/mail/support.mbox"]["bytes"] == mbox.stat().st_size
    assert inputs["sample_data/README.md"]["used"] is False  # excluded by discovery
    assert m["config"] == sample_run.config.to_dict()
    v = m["versions"]
    assert v["fine_prep"] and v["python"] and "presidio-analyzer" in v["packages"]
    assert v["ner_model"]["name"] == m["config"]["redact"]["model"] and v["ner_model"]["version"]
    assert v["components"]["dedup.shingles"] == "cjk-shingles-v1"
    assert [s["name"] for s in m["stages"]][:4] == ["ingest", "redact", "dedup", "check"]
    assert all("seconds" not in s for s in m["stages"])
    outputs = {o["path"]: o for o in m["outputs"]}
    assert set(outputs) == {
        "train.jsonl",
        "validation.jsonl",
        "rejects.jsonl",
        "report.json",
        "report.html",
        "report.md",
    }
    for name, o in outputs.items():
        assert o["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
    assert m["created"].endswith("Z") and m["timings"]["stages"]["ingest"] >= 0
    r = m["reproducibility"]
    assert r["excludes"] == ["created", "timings"] and r["content_digest"] == content_digest(m)


def test_two_runs_give_the_same_outputs_and_digest(sample_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    second = run_sample(tmp_path / "again")
    a, b = _manifest(Path(sample_run.out_dir)), _manifest(Path(second.out_dir))
    assert a["outputs"] == b["outputs"]  # byte-identical files (same SHA-256)
    assert a["reproducibility"]["content_digest"] == b["reproducibility"]["content_digest"]
    # Only the volatile keys may differ.
    for key in set(a) - {"created", "timings"}:
        assert a[key] == b[key], key


def test_the_digest_changes_with_the_config(sample_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = run_sample(tmp_path / "seed", run={"seed": 99})
    a, b = _manifest(Path(sample_run.out_dir)), _manifest(Path(other.out_dir))
    assert a["reproducibility"]["content_digest"] != b["reproducibility"]["content_digest"]
    assert a["config"]["run"]["seed"] != b["config"]["run"]["seed"]
