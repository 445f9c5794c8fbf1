"""Benchmark of the dedup stage on generated customer-service records.

Prints, for each size (default 100,000 and 1,000,000 records): records/s end to end (generate +
map in 2 worker processes, reduce, apply in 2 worker processes), peak RSS of the main process
and of the workers, recall of the planted near-duplicates and false merges (records of
different families in one cluster, the planted hard negatives among them). Then, on 5,000
records, an exact all-pairs Jaccard baseline (a sparse matrix product gives every pair's exact
intersection) run side by side with the stage: the speed ratio and the agreement of the two.

Records (deterministic from the index and --seed): an English, Chinese or mixed question and a
staff answer made of a greeting with the customer's name, 1-4 substance sentences with an order
number, and a closing. Planted near-duplicates re-send a base record's answer with a different
name and order number, sometimes one word changed, and a newly worded question. Hard negatives
share a base record's greeting, closing, name and order number but half or all of its substance
differs. Short stock answers ("Thank you, see you soon!") to different questions are a second
kind of hard negative.

Usage:
    python bench/dedup.py                 # 100k and 1M
    python bench/dedup.py --sizes 20000   # quick
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import numpy as np

from fine_prep.dedup.stage import DedupConfig, DedupStage
from fine_prep.record import Example, Message, Source

DUP_SHARE = 0.10  # planted near-duplicates (copies of a base record)
NEG_SHARE = 0.10  # planted hard negatives (same boilerplate, different substance)
STOCK_SHARE = 0.05  # short stock answers to unrelated questions
BATCH = 2000

_SYL = [c + v for c in "bcdfghjklmnprstvwyz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ee")]
_HAN = [chr(0x4E00 + i) for i in range(0, 3500, 1)]
GREET_EN = ["Dear {n},", "Hi {n},", "Hello {n},", "Dear Mr {n},", "Dear Ms {n},"]
CLOSE_EN = [
    "Best regards, Customer Care, Harbour Lane Tea Co.",
    "Kind regards, the Harbour Lane Tea team.",
    "Thank you for shopping with us. Best regards, Karen",
    "Please let us know if there is anything else we can do for you. Regards, Customer Care",
]
GREET_ZH = ["{n}您好：", "{n}你好，", "親愛的{n}："]
CLOSE_ZH = [
    "祝 生活愉快 港灣茶莊 客戶服務部",
    "如有任何查詢，歡迎隨時聯絡我們。港灣茶莊",
    "多謝您的支持！客戶服務部 敬上",
]
STOCK = [
    "Thank you, see you soon!",
    "Noted with thanks.",
    "多謝！",
    "好的，謝謝。",
    "You're welcome!",
    "OK, thanks!",
]


def _rng(*parts: int) -> random.Random:
    # A cheap deterministic generator per (seed, record, purpose).
    return random.Random(hash_parts(*parts))


def hash_parts(*parts: int) -> int:
    h = 1469598103934665603
    for p in parts:
        h = ((h ^ (p & 0xFFFFFFFFFFFF)) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def _words(rng: random.Random, k: int) -> list[str]:
    return ["".join(rng.choices(_SYL, k=rng.randint(1, 3))) for _ in range(k)]


def _sentence(rng: random.Random, lang: str) -> str:
    if lang == "zh":
        return "".join(rng.choices(_HAN, k=rng.randint(10, 24))) + "。"
    words = _words(rng, rng.randint(7, 15))
    if lang == "mixed":
        words.insert(rng.randrange(len(words)), "".join(rng.choices(_HAN, k=4)))
    return " ".join(words).capitalize() + "."


def _name(rng: random.Random, lang: str) -> str:
    if lang == "zh":
        return "".join(rng.choices(_HAN, k=2)) + "先生"
    return _words(rng, 1)[0].capitalize()


class Plan:
    """What record i is: its kind, family, and the base record it derives from."""

    def __init__(self, n: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.n, self.seed = n, seed
        u = rng.random(n)
        kind = np.zeros(n, dtype=np.int8)  # 0 base, 1 near-dup, 2 hard negative, 3 stock answer
        kind[u < DUP_SHARE] = 1
        kind[(u >= DUP_SHARE) & (u < DUP_SHARE + NEG_SHARE)] = 2
        kind[(u >= DUP_SHARE + NEG_SHARE) & (u < DUP_SHARE + NEG_SHARE + STOCK_SHARE)] = 3
        kind[0] = 0
        bases = np.flatnonzero(kind == 0)
        # derived records copy an earlier base record (anywhere before them)
        pick = rng.random(n)
        derived = (kind == 1) | (kind == 2)
        before = np.searchsorted(bases, np.arange(n))  # bases earlier than each record
        base_of = np.arange(n)
        choice = bases[np.minimum((pick * before).astype(np.int64), np.maximum(before - 1, 0))]
        base_of[derived] = choice[derived]
        self.kind, self.base_of = kind, base_of
        self.family = np.where(kind == 1, base_of, np.arange(n))


def make_example(plan: Plan, i: int) -> Example:
    """Record i of the plan, deterministic from (seed, i)."""
    kind = int(plan.kind[i])
    base = int(plan.base_of[i])
    brng = _rng(plan.seed, base, 1)  # the base record's content
    lang = ("en", "en", "en", "zh", "mixed")[brng.randrange(5)]
    n_sub = brng.randint(1, 4)
    greet = (GREET_ZH if lang == "zh" else GREET_EN)[brng.randrange(3)]
    close = (CLOSE_ZH if lang == "zh" else CLOSE_EN)[brng.randrange(3)]
    subs = [_sentence(brng, lang) for _ in range(n_sub)]
    order = f"#HL{brng.randint(10000, 99999)}"
    name = _name(brng, lang)
    question = _sentence(brng, lang) + " " + _sentence(brng, lang)
    own = _rng(plan.seed, i, 2)
    if kind == 1:  # near-duplicate: new name, order number, question; maybe one word changed
        name = _name(own, lang)
        order = f"#HL{own.randint(10000, 99999)}"
        question = _sentence(own, lang)
        if own.random() < 0.5:
            j = own.randrange(n_sub)
            if lang == "zh":
                s = subs[j]
                k = own.randrange(len(s) - 1)
                subs[j] = s[:k] + own.choice(_HAN) + s[k + 1 :]
            else:
                w = subs[j].split(" ")
                w[own.randrange(len(w))] = _words(own, 1)[0]
                subs[j] = " ".join(w)
    elif kind == 2:  # hard negative: same boilerplate, name and order; half or all substance new
        question = _sentence(own, lang)
        keep = n_sub // 2 if own.random() < 0.5 else 0
        subs = subs[:keep] + [_sentence(own, lang) for _ in range(max(1, n_sub - keep))]
    elif kind == 3:  # a stock answer to an unrelated question
        return Example(
            f"bm-{i:08d}",
            [
                Message("user", _sentence(own, lang)),
                Message("assistant", own.choice(STOCK)),
            ],
            Source("bench", "generated", line=i + 1),
            meta={"group": f"g{i}"},
        )
    sep = "" if lang == "zh" else " "
    body = sep.join(s if k else f"{s[:-1]} (order {order})." for k, s in enumerate(subs))
    answer = f"{greet.format(n=name)}\n\n{body}\n\n{close}"
    return Example(
        f"bm-{i:08d}",
        [Message("user", question), Message("assistant", answer)],
        Source("bench", "generated", line=i + 1),
        meta={"group": f"g{i}"},
    )


# ------------------------------------------------------------------ workers

_PLAN: Plan | None = None
_STAGE: DedupStage | None = None
_STATE: Any = None


def _init(n: int, seed: int, state: Any = None) -> None:
    global _PLAN, _STAGE, _STATE
    _PLAN = Plan(n, seed)
    _STAGE = DedupStage(DedupConfig())
    _STATE = state


def _map(rng: tuple[int, int]) -> tuple[list[str], list[Any], float, float, float]:
    assert _PLAN is not None and _STAGE is not None
    # CPU time, not wall time: other processes share the cores.
    t0 = time.process_time()
    batch = [make_example(_PLAN, i) for i in range(*rng)]
    t1 = time.process_time()
    feats = _STAGE.map(batch)
    return [ex.id for ex in batch], feats, t1 - t0, time.process_time() - t1, rss_mb(resource.RUSAGE_SELF)


def _apply(rng: tuple[int, int]) -> tuple[int, int, float]:
    assert _PLAN is not None and _STAGE is not None
    batch = [make_example(_PLAN, i) for i in range(*rng)]
    res = _STAGE.apply(batch, _STATE)
    return len(res.kept), len(res.rejects), rss_mb(resource.RUSAGE_SELF)


def _gen(rng: tuple[int, int]) -> int:
    assert _PLAN is not None
    return len([make_example(_PLAN, i) for i in range(*rng)])


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process, in MB.

    VmHWM from /proc (Linux), not ru_maxrss: ru_maxrss survives exec, so a process started by
    fork+exec from a big parent would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its reaped children (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def run_stage(n: int, seed: int, workers: int) -> dict[str, Any]:
    """The stage over n generated records; timings, memory and the decisions."""
    ranges = [(s, min(n, s + BATCH)) for s in range(0, n, BATCH)]
    ctx = mp.get_context("spawn")
    cpu0 = _cpu()
    t0 = time.perf_counter()
    ids: list[str] = []
    feats: list[Any] = []
    with ctx.Pool(workers, initializer=_init, initargs=(n, seed)) as pool:
        t_pool = time.perf_counter()
        gen_s = map_s = worker_rss = 0.0
        for bid, bf, g, m, rss in pool.imap(_map, ranges, chunksize=1):
            ids.extend(bid)
            feats.extend(bf)
            gen_s += g
            map_s += m
            worker_rss = max(worker_rss, rss)
    t_map = time.perf_counter()
    # What the stage keeps per record: signatures and hashed shingle sets (payload bytes).
    payload = sum(
        (f[1].nbytes if f[1] is not None else 0)
        + (f[2].nbytes if f[2] is not None else 0)
        + len(f[7] or b"")
        + len(f[8] or b"")
        + 16
        for f in feats
    )
    stage = DedupStage(DedupConfig())
    state = stage.reduce(ids, feats)
    del feats
    t_red = time.perf_counter()
    kept = rejected = 0
    with ctx.Pool(workers, initializer=_init, initargs=(n, seed, state)) as pool:
        for k, r, rss in pool.imap(_apply, ranges, chunksize=1):
            kept += k
            rejected += r
            worker_rss = max(worker_rss, rss)
    t_end = time.perf_counter()
    return {
        "ids": ids,
        "state": state,
        "kept": kept,
        "rejected": rejected,
        "t_start": t_pool - t0,
        "worker_rss": worker_rss,
        "payload_per_record": payload / n,
        "gen_share": gen_s / (gen_s + map_s),
        "t_map": t_map - t0,
        "t_reduce": t_red - t_map,
        "t_apply": t_end - t_red,
        "t_total": t_end - t0,
        "cpu": tuple(b - a for a, b in zip(cpu0, _cpu(), strict=True)),
        "gen_cpu": gen_s,
    }


def gen_rate(n: int, seed: int) -> float:
    """Records/s of the generator alone (one process), to tell its share of the total."""
    m = min(n, 20000)
    _init(n, seed)
    t = time.perf_counter()
    _gen((0, m))
    return m / (time.perf_counter() - t)


def cluster_of(ids: list[str], state: Any) -> np.ndarray:
    """Cluster label per record: the kept id's index (itself when kept)."""
    index = {rid: k for k, rid in enumerate(ids)}
    lab = np.arange(len(ids))
    for rid, (_, kept, _) in state.drops.items():
        lab[index[rid]] = index[kept]
    return lab


def quality(plan: Plan, lab: np.ndarray, threshold: float) -> dict[str, Any]:
    """Recall of planted near-duplicates, false merges, using the exact Jaccard of the planted
    pairs (a planted copy whose answer drifted below the threshold, or whose short answer has a
    new question, is not a duplicate by the stage's rule and is not counted as missed)."""
    from fine_prep.dedup.shingles import jaccard, shingles, tokens

    cfg = DedupConfig()
    dups = np.flatnonzero(plan.kind == 1)
    found = eligible = found_eligible = 0
    below = 0
    for i in dups.tolist():
        b = int(plan.base_of[i])
        same = lab[i] == lab[b]
        found += same
        xa, xb = make_example(plan, i), make_example(plan, b)
        ea, eb = xa.texts("assistant")[0], xb.texts("assistant")[0]
        j = jaccard(shingles(ea, cfg.shingle_size), shingles(eb, cfg.shingle_size))
        # The stage's rule: a short answer is a duplicate only with a near-duplicate question.
        long = min(len(tokens(ea)), len(tokens(eb))) >= cfg.template_tokens
        ju = jaccard(
            shingles(xa.texts("user")[0], cfg.shingle_size), shingles(xb.texts("user")[0], cfg.shingle_size)
        )
        if j >= threshold and (long or ju >= threshold):
            eligible += 1
            found_eligible += same
        else:
            below += 1
    # False merges: records of different families in one cluster.
    fam_by_cluster: dict[int, set[int]] = {}
    for i, c in enumerate(lab.tolist()):
        fam_by_cluster.setdefault(c, set()).add(int(plan.family[i]))
    false_merges = sum(len(f) - 1 for f in fam_by_cluster.values())
    negs = np.flatnonzero(plan.kind == 2)
    neg_merged = int(sum(lab[i] == lab[int(plan.base_of[i])] for i in negs.tolist()))
    stock = np.flatnonzero(plan.kind == 3)
    stock_merged = int(sum(1 for i in stock.tolist() if lab[i] != i or (lab == i).sum() > 1))
    return {
        "planted": len(dups),
        "planted_at_or_above_threshold": eligible,
        "recall": found_eligible / eligible if eligible else 1.0,
        "recall_all_planted": found / len(dups) if len(dups) else 1.0,
        "false_merges": false_merges,
        "hard_negatives": len(negs),
        "hard_negatives_merged": neg_merged,
        "stock_answers": len(stock),
        "stock_answers_merged": stock_merged,
    }


def hard_negative_jaccards(plan: Plan, limit: int = 2000) -> list[float]:
    from fine_prep.dedup.shingles import jaccard, shingles

    n_sh = DedupConfig().shingle_size
    out = []
    for i in np.flatnonzero(plan.kind == 2)[:limit].tolist():
        a = make_example(plan, i).texts("assistant")[0]
        b = make_example(plan, int(plan.base_of[i])).texts("assistant")[0]
        out.append(jaccard(shingles(a, n_sh), shingles(b, n_sh)))
    return out


# ------------------------------------------------------------------ exact baseline


def baseline_pairs(plan: Plan, n: int, threshold: float) -> tuple[set[tuple[int, int]], float]:
    """Every pair's exact Jaccard (assistant and user shingle sets, sparse matrix products),
    with the stage's rule: near-duplicate answers, and near-duplicate questions unless the
    answer has template_tokens or more; plus exact duplicates of the normalised texts."""
    from scipy import sparse

    from fine_prep.dedup.normalize import normalize
    from fine_prep.dedup.shingles import grams, shingles, tokens

    cfg = DedupConfig()
    t = time.perf_counter()
    exs = [make_example(plan, i) for i in range(n)]
    gen = time.perf_counter() - t
    t = time.perf_counter()
    a_tok = [tokens(e.texts("assistant")[0]) for e in exs]
    a_sh = [set(grams(x, cfg.shingle_size)) for x in a_tok]
    u_sh = [set(shingles(e.texts("user")[0], cfg.shingle_size)) for e in exs]

    def jac(sets: list[set[bytes]]) -> np.ndarray:
        vocab: dict[bytes, int] = {}
        rows, cols = [], []
        for r, s in enumerate(sets):
            for g in s:
                rows.append(r)
                cols.append(vocab.setdefault(g, len(vocab)))
        x = sparse.csr_matrix((np.ones(len(rows), np.int32), (rows, cols)), shape=(len(sets), len(vocab)))
        inter = (x @ x.T).toarray().astype(np.float64)
        size = np.asarray(x.sum(axis=1)).ravel().astype(np.float64)
        union = size[:, None] + size[None, :] - inter
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(union > 0, inter / union, 1.0)

    ja, ju = jac(a_sh), jac(u_sh)
    long = np.array([len(x) >= cfg.template_tokens for x in a_tok])
    nonempty = np.array([bool(x) for x in a_sh])
    ok = (ja >= threshold) & ((long[:, None] & long[None, :]) | (ju >= threshold))
    ok &= nonempty[:, None] & nonempty[None, :]
    keys: dict[str, int] = {}
    for i, e in enumerate(exs):
        k = normalize(e.texts("user")[0]) + "\x1f" + normalize(e.texts("assistant")[0])
        j = keys.setdefault(k, i)
        if j != i:
            ok[i, j] = ok[j, i] = True
    ii, jj = np.nonzero(np.triu(ok, 1))
    elapsed = time.perf_counter() - t
    del gen
    return set(zip(ii.tolist(), jj.tolist(), strict=True)), elapsed


def components(n: int, pairs: set[tuple[int, int]]) -> np.ndarray:
    from fine_prep.dedup.cluster import UnionFind

    uf = UnionFind(n)
    for a, b in pairs:
        uf.union(a, b)
    return np.array([uf.find(i) for i in range(n)])


def same_cluster_pairs(lab: np.ndarray) -> set[tuple[int, int]]:
    by: dict[int, list[int]] = {}
    for i, c in enumerate(lab.tolist()):
        by.setdefault(c, []).append(i)
    out = set()
    for m in by.values():
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                out.add((m[x], m[y]))
    return out


def compare_with_baseline(seed: int, n: int = 5000) -> None:
    plan = Plan(n, seed)
    cfg = DedupConfig()
    t = time.perf_counter()
    _init(n, seed)
    assert _STAGE is not None
    exs = [make_example(plan, i) for i in range(n)]
    gen = time.perf_counter() - t
    t = time.perf_counter()
    feats = _STAGE.map(exs)
    state = _STAGE.reduce([e.id for e in exs], feats)
    lsh_time = time.perf_counter() - t
    lab_lsh = cluster_of([e.id for e in exs], state)
    pairs, base_time = baseline_pairs(plan, n, cfg.threshold)
    lab_base = components(n, pairs)
    p_lsh, p_base = same_cluster_pairs(lab_lsh), same_cluster_pairs(lab_base)
    inter = len(p_lsh & p_base)
    drop_lsh = {i for i in range(n) if lab_lsh[i] != i}
    # baseline keeps the same copy rule: the stage's choice is one of many; compare how many
    # records each removes and whether the clusters agree.
    n_drop_base = n - len(set(lab_base.tolist()))
    print(f"\n== exact all-pairs Jaccard baseline vs stage, {n:,} records (one process) ==")
    print(f"  generation (not timed in either): {gen:.2f}s")
    print(f"  stage map+reduce:     {lsh_time:8.2f}s  {n / lsh_time:10,.0f} records/s")
    print(f"  exact all-pairs:      {base_time:8.2f}s  {n / base_time:10,.0f} records/s")
    print(f"  speed ratio (exact / stage): {base_time / lsh_time:.1f}x")
    print(
        f"  removed: stage {len(drop_lsh)}, exact {n_drop_base}; same-cluster pairs: stage {len(p_lsh)}, "
        f"exact {len(p_base)}, both {inter}"
    )
    prec = inter / len(p_lsh) if p_lsh else 1.0
    rec = inter / len(p_base) if p_base else 1.0
    print(f"  agreement on same-cluster pairs: precision {prec:.4f}, recall {rec:.4f}")
    q = quality(plan, lab_base, cfg.threshold)
    print(f"  (exact baseline on planted items: recall {q['recall']:.4f}, false merges {q['false_merges']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--baseline", type=int, default=5000, help="records for the exact baseline (0: skip)")
    ap.add_argument(
        "--pipeline",
        type=int,
        default=100_000,
        help="records for the run through fine_prep.pipeline (0: skip)",
    )
    ap.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)  # one size, in this process
    ap.add_argument("--one-pipeline", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_size(args.one, args.seed, args.workers)
        return
    if args.one_pipeline:
        run_pipeline(args.one_pipeline, args.seed, args.workers)
        return
    cfg = DedupConfig()
    print(
        f"dedup bench: {os.cpu_count()} cores, {args.workers} workers, python {sys.version.split()[0]}, "
        f"load average {os.getloadavg()[0]:.1f} (other processes share these cores)"
    )
    print(
        f"config: compare={cfg.compare} threshold={cfg.threshold} num_perm={cfg.num_perm} "
        f"shingle_size={cfg.shingle_size} template_tokens={cfg.template_tokens}; memory per record: "
        f"answer signature {4 * cfg.num_perm} bytes + 4 bytes per distinct answer shingle "
        f"(+ the same for the question of short answers)"
    )
    if args.baseline:
        compare_with_baseline(args.seed, args.baseline)
    sys.stdout.flush()
    for n in args.sizes:
        # A fresh process per size: its peak RSS is that size's alone.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(n),
                "--seed",
                str(args.seed),
                "--workers",
                str(args.workers),
            ],
            check=True,
        )
    if args.pipeline:
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--one-pipeline",
                str(args.pipeline),
                "--seed",
                str(args.seed),
                "--workers",
                str(args.workers),
            ],
            check=True,
        )
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


def run_pipeline(n: int, seed: int, workers: int) -> None:
    """What `fine-prep dedup IN -o OUT` does: JSONL in, spools, worker processes, JSONL out."""
    import tempfile
    from pathlib import Path

    from fine_prep.config import load_config
    from fine_prep.pipeline import run_file_stage
    from fine_prep.record import dumps

    plan = Plan(n, seed)
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        src = Path(tmp) / "in.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(dumps(make_example(plan, i).to_dict()) + "\n")
        cfg = load_config(None, {"run": {"workers": workers}})
        t = time.perf_counter()
        summaries = run_file_stage(
            "dedup", str(src), str(Path(tmp) / "out.jsonl"), str(Path(tmp) / "rej.jsonl"), cfg
        )
        elapsed = time.perf_counter() - t
        size = src.stat().st_size
    st = summaries[-1]
    print(
        f"\n== {n:,} records through fine_prep.pipeline.run_file_stage (JSONL {size / 1e6:.0f} MB in, {workers} workers) =="
    )
    print(
        f"  {elapsed:.1f}s = {n / elapsed:,.0f} records/s end to end (read, spool, map, reduce, apply, write); "
        f"kept {st.examples_out:,}, skipped {st.skipped:,}; peak RSS main {rss_mb(resource.RUSAGE_SELF):,.0f} MB"
    )


def run_size(n: int, seed: int, workers: int) -> None:
    """One size: run, measure, print."""
    cfg = DedupConfig()
    plan = Plan(n, seed)
    g = gen_rate(n, seed)
    r = run_stage(n, seed, workers)
    lab = cluster_of(r["ids"], r["state"])
    q = quality(plan, lab, cfg.threshold)
    st = r["state"]
    neg_j = hard_negative_jaccards(plan)
    print(f"\n== {n:,} records ==")
    print(
        f"  kinds: {dict(Counter(plan.kind.tolist()))} (0 base, 1 planted near-dup, 2 hard negative, 3 stock)"
    )
    print(
        f"  end to end {r['t_total']:.1f}s = {n / r['t_total']:,.0f} records/s "
        f"(pool start {r['t_start']:.1f}s, generate+map {r['t_map']:.1f}s, reduce {r['t_reduce']:.1f}s, "
        f"generate+apply {r['t_apply']:.1f}s); generator alone {g:,.0f} records/s per process"
    )
    stage_s = r["t_total"] - r["gen_share"] * (r["t_map"] - r["t_start"]) - r["t_start"]
    print(
        f"  stage alone (generation time in the map phase and pool start subtracted, apply kept): "
        f"{stage_s:.1f}s = {n / stage_s:,.0f} records/s"
    )
    cpu_main, cpu_workers = r["cpu"]
    # Generation happens twice in the workers (map and apply phases), at about the same cost.
    stage_workers = max(0.0, cpu_workers - 2 * r["gen_cpu"])
    cpu_stage = cpu_main + stage_workers
    idle_wall = cpu_main + stage_workers / workers
    print(
        f"  CPU time: main {cpu_main:.0f}s, workers {cpu_workers:.0f}s (of which generating records about "
        f"{2 * r['gen_cpu']:.0f}s); the stage alone {cpu_stage:.0f} CPU-s = {n / cpu_stage:,.0f} records per "
        f"CPU-second; on {workers} otherwise idle cores about {idle_wall:.0f}s wall "
        f"(worker CPU / {workers} + all main CPU) = {n / idle_wall:,.0f} records/s"
    )
    print(
        f"  peak RSS: main process {rss_mb(resource.RUSAGE_SELF):,.0f} MB (holds every signature; "
        f"this size runs in a fresh process), largest worker {r['worker_rss']:,.0f} MB"
    )
    print(
        f"  state kept per record: {r['payload_per_record']:,.0f} bytes on average (answer signature 512, "
        f"hashed shingle sets, question signature for short answers, 16-byte digest; Python object "
        f"overhead not counted)"
    )
    print(f"  kept {r['kept']:,}, dropped {r['rejected']:,}; stage counts {dict(st.stats)}")
    print(
        f"  planted near-dups {q['planted']:,} ({q['planted_at_or_above_threshold']:,} at or above the "
        f"threshold by exact Jaccard): recall {q['recall']:.4f} (of all planted {q['recall_all_planted']:.4f})"
    )
    print(
        f"  false merges (records of another family in a cluster): {q['false_merges']}; hard negatives merged "
        f"{q['hard_negatives_merged']} of {q['hard_negatives']}; stock answers merged {q['stock_answers_merged']} "
        f"of {q['stock_answers']}"
    )
    if neg_j:
        print(
            f"  hard negatives' exact Jaccard to their base (first {len(neg_j)}): max {max(neg_j):.3f}, "
            f"median {float(np.median(neg_j)):.3f}"
        )


if __name__ == "__main__":
    main()
