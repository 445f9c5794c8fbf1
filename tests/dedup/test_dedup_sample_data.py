"""The sample data's planted duplicates (sample_data/README.md, table planted-duplicates) are
removed and reported as clusters; real mixed Chinese/English text from the corpora is not merged
unless it is a copy."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from helpers_dedup import example, run_dedup

from fine_prep.config import load_config
from fine_prep.dedup.shingles import jaccard, shingles
from fine_prep.dedup.stage import DedupConfig
from fine_prep.ingest.sources import Sources
from fine_prep.pipeline import Pipeline
from fine_prep.stage import STAGES

STAFF = ("@harbourlanetea.example", "Harbour Lane Tea", "港灣茶莊")


def planted_duplicates(sample_data: Path) -> dict[str, list[tuple[str, str]]]:
    """cluster/group id -> [(file, locator)] from the README's planted-duplicates table."""
    text = (sample_data / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- table: planted-duplicates -->", 1)[1]
    out: dict[str, list[tuple[str, str]]] = {}
    for line in table.splitlines()[3:]:
        if not line.startswith("|"):
            break
        cells = [c.strip().strip("`") for c in line.strip("|").split("|")]
        out.setdefault(cells[3], []).append((cells[0], cells[1]))
    return out


def locate(ex, file: str, locator: str) -> bool:
    """Is this example the planted item? (README: CSV locator N is file line N+1; mail locator
    is the staff reply's Message-ID.)"""
    if not ex.source.path.endswith(file):
        return False
    if file.endswith(".csv"):
        return ex.source.line == int(locator) + 1
    return locator in (ex.source.ref or "")


@pytest.fixture(scope="module")
def sample_run(sample_data, tmp_path_factory):
    cfg = load_config(None, {"run": {"workers": 1}, "ingest": {"staff": STAFF}})
    tmp = tmp_path_factory.mktemp("sample")
    with Sources([str(sample_data)], cfg) as src:
        pipe = Pipeline(cfg, tmp)
        spool = pipe.feed(src.read(strict=False), "ingest")
        examples = list(spool.examples())
        out = pipe.run_stage(STAGES.get("dedup"), spool, 1)
        kept = {ex.id for ex in out.examples()}
        rejects = [r for r in pipe.rejects.rows() if r["stage"] == "dedup"]
    return examples, kept, rejects, pipe.summaries[-1].details


def test_planted_csv_clusters_are_removed_and_reported(sample_data, sample_run):
    examples, kept, rejects, details = sample_run
    planted = planted_duplicates(sample_data)
    dropped = {r["id"]: r for r in rejects}
    checked = 0
    for cid, members in planted.items():
        ids = [ex.id for ex in examples for f, loc in members if locate(ex, f, loc)]
        if not all(f.endswith(".csv") for f, _ in members):
            continue
        assert len(ids) == len(members), f"{cid}: planted rows not all ingested"
        survivors = [i for i in ids if i in kept]
        assert len(survivors) == 1, f"{cid}: {len(survivors)} copies kept"
        for i in ids:
            if i != survivors[0]:
                assert dropped[i]["details"]["kept_id"] == survivors[0]
        cluster = [c for c in details["clusters"] if c["kept"] == survivors[0]]
        assert cluster and sorted(cluster[0]["members"]) == sorted(ids)
        checked += 1
    assert checked == 2  # cluster C (near) and group E1 (exact)
    codes = {dropped[i]["code"] for i in dropped}
    assert codes <= {"exact-duplicate", "near-duplicate"}


def test_planted_mail_clusters_are_removed_and_reported(sample_data, sample_run):
    examples, kept, rejects, details = sample_run
    planted = planted_duplicates(sample_data)
    mail = {cid: m for cid, m in planted.items() if all(f.endswith(".mbox") for f, _ in m)}
    assert set(mail) == {"cluster A", "cluster B", "cluster D"}
    assert any(ex.source.path.endswith(".mbox") for ex in examples)
    for cid, members in mail.items():
        ids = [ex.id for ex in examples for f, loc in members if locate(ex, f, loc)]
        assert len(ids) == len(members), f"{cid}: planted replies not all ingested"
        survivors = [i for i in ids if i in kept]
        assert len(survivors) == 1, f"{cid}: {len(survivors)} copies kept"
        assert any(sorted(c["members"]) == sorted(ids) for c in details["clusters"])


def test_nothing_else_in_the_sample_data_is_merged(sample_data, sample_run):
    examples, kept, rejects, details = sample_run
    planted = planted_duplicates(sample_data)
    planted_ids = {ex.id for ex in examples for m in planted.values() for f, loc in m if locate(ex, f, loc)}
    for r in rejects:
        assert r["id"] in planted_ids, f"{r['id']} was dropped but is not a planted duplicate"


def test_real_mixed_text_is_not_merged_unless_copied(corpora, tmp_path):
    """Paragraphs of a real zh-Hant/English style guide: distinct paragraphs stay, edited copies go."""
    path = corpora / "documents-markdown" / "sparanoid-chinese-copywriting-guidelines" / "README.zh-Hant.md"
    paras = [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))]
    paras = [p for p in paras if len(p) >= 60 and not p.startswith(("|", "```", "#"))]
    assert len(paras) >= 10
    rng = random.Random(4)
    exs = [example(f"p{i:03d}", "請問排版規則？", p) for i, p in enumerate(paras)]
    copies = []
    for i in range(0, len(paras), 3):
        p = paras[i]
        k = rng.randrange(len(p))
        # One character changed, and full-width punctuation swapped for ASCII.
        edited = (p[:k] + "改" + p[k + 1 :]).replace("，", ",").replace("。", ".")
        copies.append(example(f"c{i:03d}", "請問排版規則？", edited))
    res = run_dedup(tmp_path, exs + copies)
    dropped = {r["id"]: r["details"]["kept_id"] for r in res["rejects"]}
    text = {e.id: e.texts("assistant")[0] for e in exs + copies}
    n = DedupConfig().shingle_size

    def sim(a: str, b: str) -> float:
        return jaccard(shingles(text[a], n), shingles(text[b], n))

    merged_copies = 0
    for c in copies:
        pid = "p" + c.id[1:]
        together = dropped.get(c.id) == pid or dropped.get(pid) == c.id
        if sim(c.id, pid) >= 0.85:
            assert together, f"{c.id} not merged with {pid}"
            merged_copies += 1
    assert merged_copies >= len(copies) // 2
    # Every merge is backed by a real similarity at or above the threshold (style-guide
    # "wrong/right" example pairs differ only in spacing, and are near-duplicates indeed).
    for a, b in dropped.items():
        assert sim(a, b) >= 0.8 or any(sim(a, x) >= 0.8 for x in text if dropped.get(x) == b or x == b)
