"""The ``dedup`` set stage: exact duplicates, MinHash LSH near-duplicates, held-out leakage.

* ``map`` (in workers): per example, a digest of the normalised compared text, the MinHash
  signature of the answer and its hashed shingle set (and the same for the question where the
  compare rule can need it). Memory per example: ``4 * num_perm`` bytes of answer signature (512
  with the defaults), 4 bytes per distinct answer shingle, and for short answers (under
  ``2 * template_tokens`` tokens) another signature and shingle set for the question; plus a
  16-byte digest and the group label. No text is kept.
* ``reduce``: exact groups by digest; near-duplicate clusters among their representatives (LSH
  candidates pre-filtered by estimated Jaccard, then confirmed by the exact Jaccard of the hashed
  shingle sets); the kept copy per cluster; groups of kept examples whose substantial answers are
  near-duplicates merged for the split; matches against ``--against`` sets.
* ``apply``: drop every other member of a cluster as a ``skipped`` reject naming the kept id.

What counts as a near-duplicate with ``compare = "user+assistant"`` (the default): the answers
are near-duplicates, and either the questions are near-duplicates too, or the answer is
substantial (``template_tokens`` or more). A long answer sent again with a different name and
order number is the template reply the stage exists for; its customers word the same request
differently (the questions of the sample data's planted clusters share almost no shingles), and
the training loss falls on the answer. A short answer ("Yes, we do.") to a different question
is a different example and is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fine_prep.config import Config, section, setting
from fine_prep.dedup.cluster import KEEP_RULES, UnionFind, keep_key
from fine_prep.dedup.normalize import NORMALIZER_VERSION, normalize
from fine_prep.dedup.shingles import (
    SHINGLES_VERSION,
    grams,
    key_digest,
    normalized_tokens,
    shingles,
    token_key,
    tokens,
)
from fine_prep.errors import ConfigError
from fine_prep.record import Example, Reject
from fine_prep.stage import STAGES, StageResult, StageSpec

COMPARE = ("user+assistant", "assistant")
AGAINST_ACTIONS = ("drop", "flag")
MAX_LISTED_CLUSTERS = 500  # clusters listed in the summary (largest first); all are counted
MAX_LISTED_MEMBERS = 100  # member ids listed per cluster (the rejects name every dropped copy)
# Answers this long (words or Han characters) are substantial: the default of template_tokens,
# and the least an answer needs to tie two threads into one split group.
SUBSTANTIAL_TOKENS = 30


@section("dedup")
@dataclass(frozen=True)
class DedupConfig:
    """Exact and near-duplicate removal (MinHash LSH) and leakage against held-out sets."""

    threshold: float = setting(0.8, "Jaccard similarity at or above which two examples are near-duplicates.")
    compare: str = setting(
        "user+assistant",
        "Text compared: 'user+assistant' (near-duplicate answers, and near-duplicate questions "
        "unless the answer has template_tokens or more: the same short answer to a different "
        "question is kept) or 'assistant' only.",
        choices=COMPARE,
    )
    num_perm: int = setting(128, "MinHash permutations (signature length; 4 bytes each per side).")
    bands: int = setting(0, "LSH bands; 0 chooses them from the threshold.")
    rows: int = setting(0, "LSH rows per band (per compared side); 0 chooses them from the threshold.")
    template_tokens: int = setting(
        SUBSTANTIAL_TOKENS,
        "With compare = 'user+assistant': answers of at least this many tokens (words or Han "
        "characters) that are near-duplicates are duplicates whatever the question (template "
        "replies); shorter answers need near-duplicate questions too. 0: always both.",
    )
    shingle_size: int = setting(2, "Tokens per shingle: words, or Han characters (cjk-shingles-v1).")
    mask_digits: bool = setting(True, "Treat every run of digits alike (order numbers, dates, amounts).")
    keep: str = setting(
        "longest-clean",
        "Which copy of a cluster is kept: 'longest-clean' (fewest warn/error flags, longest "
        "answer, then smallest id), 'first' (input order) or 'smallest-id'.",
        choices=KEEP_RULES,
    )
    seed: int = setting(1, "Seed of the MinHash permutations.")
    group_similar: bool = setting(
        True,
        "Kept examples whose answers are near-duplicates (to different questions) share one "
        "meta.group, so the train/validation split keeps them on one side.",
    )
    against: tuple[str, ...] = setting(
        (), "JSONL files (held-out evaluation or previous training sets) to check for leakage."
    )
    against_action: str = setting(
        "drop",
        "What to do with an example that near-duplicates an --against record.",
        choices=AGAINST_ACTIONS,
    )

    def __post_init__(self) -> None:
        # Checked when the config is built (exit 2 at the edge), never first inside a worker.
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"[dedup].threshold must be above 0 and at most 1, got {self.threshold}")
        if not 8 <= self.num_perm <= 1024:
            raise ConfigError(f"[dedup].num_perm must be between 8 and 1024, got {self.num_perm}")
        if self.shingle_size < 1:
            raise ConfigError(f"[dedup].shingle_size must be at least 1, got {self.shingle_size}")
        for key in ("bands", "rows", "template_tokens"):
            if getattr(self, key) < 0:
                raise ConfigError(f"[dedup].{key} must not be negative")


@dataclass
class DedupState:
    """What ``reduce`` decided, keyed by example id."""

    drops: dict[str, tuple[str, str, float]] = field(default_factory=dict)  # id -> (code, kept, sim)
    leaks: dict[str, dict[str, Any]] = field(default_factory=dict)
    regroup: dict[str, str] = field(default_factory=dict)
    copies: dict[str, int] = field(default_factory=dict)  # kept id -> copies dropped
    clusters: list[dict[str, Any]] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)
    params: dict[str, Any] = field(default_factory=dict)


def _joined(ex: Example, role: str) -> str:
    return "\n".join(ex.texts(role))


class DedupStage:
    """Exact + near-duplicate removal; see the module docstring.

    Args:
        config: the resolved configuration (its ``[dedup]`` section).
    """

    name = "dedup"

    def __init__(self, config: DedupConfig) -> None:
        from fine_prep.dedup.minhash import SignatureMaker

        self.cfg = config
        self.both = config.compare == "user+assistant"
        self.maker = SignatureMaker(config.num_perm, config.seed)

    # ------------------------------------------------------------------ map

    def _needs_user(self, answer_tokens: int) -> bool:
        # The question is compared only for short answers (and a margin above them, so that a
        # pair across the boundary can still be checked).
        t = self.cfg.template_tokens
        return self.both and (t <= 0 or answer_tokens < 2 * t)

    def map(self, batch: list[Example]) -> list[Any]:
        """Per example: ``(digest, assistant signature, user signature, bad flags, answer
        length, group, answer tokens, assistant shingle set, user shingle set)``.

        Signatures and sets are ``None`` for an empty text; the user's are kept only where the
        compare rule can need them (short answers with ``user+assistant``).
        """
        cfg = self.cfg
        n = cfg.shingle_size
        mk = self.maker.sketch
        out = []
        for ex in batch:
            norm_a = normalize(_joined(ex, "assistant"))
            a_toks = normalized_tokens(norm_a, cfg.mask_digits)
            a_sk = mk(grams(a_toks, n))
            u_sk = None
            norm_u = ""
            if self.both:
                norm_u = normalize(_joined(ex, "user"))
                if self._needs_user(len(a_toks)):
                    u_sk = mk(grams(normalized_tokens(norm_u, cfg.mask_digits), n))
            key_a = token_key(norm_a)
            key = key_a if not self.both else token_key(norm_u) + "\x1f" + key_a
            # An answer without a word is nobody's duplicate: it would make one giant group.
            digest = key_digest(key) if key_a else None
            bad = sum(1 for f in ex.flags if f.severity in ("warn", "error"))
            out.append(
                (
                    digest,
                    a_sk[0] if a_sk else None,
                    u_sk[0] if u_sk else None,
                    bad,
                    len(norm_a),
                    str(ex.meta.get("group") or ex.id),
                    len(a_toks),
                    a_sk[1] if a_sk else None,
                    u_sk[1] if u_sk else None,
                )
            )
        return out

    def _near(
        self,
        a_mat: Any,
        u_sigs: list[Any] | None,
        long: Any,
        a_sets: list[Any],
        u_sets: list[Any],
        groups: Any = None,
        seed: int = 0,
    ) -> tuple[Any, Any]:
        """Confirmed near-duplicate pairs under the compare rule (see the module docstring).

        LSH candidates pass a cheap filter on estimated Jaccard (a margin below the threshold,
        about four standard errors at 128 permutations), then the exact Jaccard of the hashed
        shingle sets decides, so estimate noise neither drops nor merges anything.

        Returns:
            ``(pairs, sims)``; ``sims`` is the smallest exact similarity over the sides that
            counted.
        """
        import numpy as np

        from fine_prep.dedup.minhash import PREFILTER_MARGIN, confirmed_pairs, exact_jaccard, stack

        cfg = self.cfg
        t = cfg.threshold
        pre = max(0.0, t - PREFILTER_MARGIN)
        pairs, _ = confirmed_pairs(
            [a_mat], pre, cfg.bands, cfg.rows, groups=groups, seed=seed, lsh_threshold=t
        )
        if u_sigs is not None:
            # Two short answers are the second pass's business (banded on both texts); here a
            # stock answer would pair with every other copy of itself for nothing.
            pairs = pairs[long[pairs[:, 0]] | long[pairs[:, 1]]]
        sims = exact_jaccard(a_sets, pairs)
        keep = sims >= t
        pairs, sims = pairs[keep], sims[keep]
        if u_sigs is None:
            return pairs, sims
        # Short answers count only with near-duplicate questions.
        need = ~(long[pairs[:, 0]] & long[pairs[:, 1]])
        if need.any():
            su = exact_jaccard(u_sets, pairs[need])
            sims = sims.copy()
            sims[need] = np.minimum(sims[need], su)
            ok = ~need
            ok[need] = su >= t
            pairs, sims = pairs[ok], sims[ok]
        # Short answers again, banded on both texts: a bucket of one stock answer ("Thank you!")
        # to many questions is then split by question, so a pair is not lost in a big bucket.
        short = np.flatnonzero(~long)
        if len(short) >= 2:
            sub_groups = groups[short] if groups is not None else None
            p2, _ = confirmed_pairs(
                [a_mat, stack([u_sigs[i] for i in short.tolist()], a_mat.shape[1])],
                pre,
                groups=sub_groups,
                seed=seed + 7,
                lsh_threshold=t,
                subset=short,
            )
            if len(p2):
                p2 = short[p2]
                s2 = np.minimum(exact_jaccard(a_sets, p2), exact_jaccard(u_sets, p2))
                ok2 = s2 >= t
                pairs = np.concatenate((pairs, p2[ok2]))
                sims = np.concatenate((sims, s2[ok2]))
                n = a_mat.shape[0]
                _, first = np.unique(pairs[:, 0] * np.int64(n) + pairs[:, 1], return_index=True)
                pairs, sims = pairs[first], sims[first]
        return pairs, sims

    # ------------------------------------------------------------------ reduce

    def reduce(self, ids: list[str], features: list[Any]) -> DedupState:
        """Exact groups, LSH clusters, kept copies, merged groups and leakage matches."""
        import numpy as np

        from fine_prep.dedup.minhash import exact_jaccard, lsh_params, stack

        cfg = self.cfg
        state = DedupState()
        auto_b, auto_r = lsh_params(round(cfg.threshold, 4), cfg.num_perm, 1)
        state.params = {
            "shingles": SHINGLES_VERSION,
            "normalizer": NORMALIZER_VERSION,
            "shingle_size": cfg.shingle_size,
            "mask_digits": cfg.mask_digits,
            "compare": cfg.compare,
            "template_tokens": cfg.template_tokens if self.both else None,
            "threshold": cfg.threshold,
            "num_perm": cfg.num_perm,
            "bands": cfg.bands or auto_b,
            "rows": cfg.rows or auto_r,
            "keep": cfg.keep,
            "signature_bytes_per_example": 4 * cfg.num_perm,
            "question_signature_bytes_per_short_answer": 4 * cfg.num_perm if self.both else 0,
        }

        def rank(i: int) -> tuple[Any, ...]:
            f = features[i]
            return keep_key(cfg.keep, i, ids[i], f[3], f[4])

        # 1. Exact duplicates of the normalised compared text.
        exact: dict[bytes, list[int]] = {}
        for i, f in enumerate(features):
            if f[0] is None:
                state.stats["empty-answers"] += 1
                exact[i.to_bytes(8, "big") + b"empty"] = [i]
            else:
                exact.setdefault(f[0], []).append(i)
        reps: list[int] = []
        members_of: dict[int, list[int]] = {}
        for members in exact.values():
            best = min(members, key=rank)
            reps.append(best)
            if len(members) > 1:
                members_of[best] = members
        reps.sort()
        state.stats["exact-groups"] = len(members_of)

        # 2. Near duplicates among representatives with an assistant text (an empty answer never
        #    enters the index: it would match every other empty answer).
        idx = [i for i in reps if features[i][1] is not None]
        uf = UnionFind(len(idx))
        a_mat = long = None
        u_sigs = [features[i][2] for i in idx] if self.both else None
        pos_of = {i: p for p, i in enumerate(idx)}
        a_sets = [features[i][7] for i in idx]
        u_sets = [features[i][8] for i in idx]
        if idx:
            a_mat = stack([features[i][1] for i in idx], cfg.num_perm)
            long = np.array([features[i][6] >= cfg.template_tokens > 0 for i in idx], dtype=bool)
        if len(idx) >= 2:
            pairs, _ = self._near(a_mat, u_sigs, long, a_sets, u_sets, seed=cfg.seed)
            state.stats["near-pairs"] = len(pairs)
            for a, b in pairs.tolist():
                uf.union(a, b)
            near = uf.components(np.unique(pairs).tolist())
        else:
            near = []

        # 3. Clusters: a near-duplicate component plus every exact copy of its members.
        final_of: dict[int, int] = {}
        clusters: list[tuple[int, list[int], str]] = []
        in_near: set[int] = set()
        for comp in near:
            reps_c = [idx[p] for p in comp]
            kept = min(reps_c, key=rank)
            members = sorted(m for r in reps_c for m in members_of.get(r, [r]))
            clusters.append((kept, members, "near"))
            in_near.update(reps_c)
        for r, members in members_of.items():
            if r not in in_near:
                clusters.append((r, sorted(members), "exact"))
        for kept, members, _ in clusters:
            for m in members:
                final_of[m] = kept
        rep_of = {m: r for r, members in members_of.items() for m in members}
        # Similarity of every near member to the kept copy, in one batch. Near members are
        # compared through their exact group's representative (the only one with a row).
        to_kept = sorted(
            {
                (pos_of[kept], pos_of[rep_of.get(m, m)])
                for kept, members, kind in clusters
                if kind == "near"
                for m in members
                if features[m][0] != features[kept][0]
            }
        )
        sim_to_kept: dict[tuple[int, int], float] = {}
        if to_kept:
            arr = np.array(to_kept, dtype=np.int64)
            sim_to_kept = dict(zip(to_kept, exact_jaccard(a_sets, arr).tolist(), strict=True))
        for kept, members, _kind in clusters:
            kept_digest = features[kept][0]
            for m in members:
                if m == kept:
                    continue
                if features[m][0] == kept_digest:
                    code, sim = "exact-duplicate", 1.0
                else:
                    code = "near-duplicate"
                    sim = round(sim_to_kept.get((pos_of[kept], pos_of[rep_of.get(m, m)]), 0.0), 4)
                state.drops[ids[m]] = (code, ids[kept], sim)
                state.stats[code] += 1
            state.copies[ids[kept]] = len(members) - 1
        clusters.sort(key=lambda c: (-len(c[1]), ids[c[0]]))
        state.stats["clusters"] = len(clusters)
        for kept, members, kind in clusters[:MAX_LISTED_CLUSTERS]:
            entry: dict[str, Any] = {
                "size": len(members),
                "kind": kind,
                "kept": ids[kept],
                "members": [ids[m] for m in members[:MAX_LISTED_MEMBERS]],
            }
            if len(members) > MAX_LISTED_MEMBERS:
                entry["members_not_listed"] = len(members) - MAX_LISTED_MEMBERS
            state.clusters.append(entry)

        survivors = [i for i in idx if final_of.get(i, i) == i]
        kept_rows = survivors

        # 4. Kept examples whose substantial answers are near-duplicates (to different short
        #    questions): one group. Short stock answers ("Thank you!") are not linked: they
        #    would chain every thread into one group and the split could not be made.
        subst = [i for i in survivors if features[i][6] >= SUBSTANTIAL_TOKENS]
        if self.both and cfg.group_similar and a_mat is not None and len(subst) >= 2:
            from fine_prep.dedup.minhash import PREFILTER_MARGIN, confirmed_pairs

            survivors = subst
            rows_s = np.array([pos_of[i] for i in survivors], dtype=np.int64)
            pairs, _ = confirmed_pairs(
                [a_mat],
                max(0.0, cfg.threshold - PREFILTER_MARGIN),
                seed=cfg.seed + 1,
                lsh_threshold=cfg.threshold,
                subset=rows_s,
            )
            s_sets = [a_sets[r] for r in rows_s.tolist()]
            pairs = pairs[exact_jaccard(s_sets, pairs) >= cfg.threshold]
            guf = UnionFind(len(survivors))
            for a, b in pairs.tolist():
                guf.union(a, b)
            for comp in guf.components(np.unique(pairs).tolist()):
                groups = {features[survivors[p]][5] for p in comp}
                if len(groups) < 2:
                    continue
                label = min(groups)
                state.stats["groups-merged"] += len(groups) - 1
                for p in comp:
                    i = survivors[p]
                    if features[i][5] != label:
                        state.regroup[ids[i]] = label

        # 5. Leakage against held-out sets.
        if cfg.against and a_mat is not None:
            self._against(state, ids, kept_rows, a_mat, u_sigs, long, a_sets, u_sets, pos_of)
        return state

    def _against(
        self,
        state: DedupState,
        ids: list[str],
        survivors: list[int],
        a_mat: Any,
        u_sigs: list[Any] | None,
        long: Any,
        a_sets: list[Any],
        u_sets: list[Any],
        pos_of: dict[int, int],
    ) -> None:
        import numpy as np

        from fine_prep.dedup.leakage import read_sets
        from fine_prep.dedup.minhash import stack

        cfg = self.cfg
        n_sh = cfg.shingle_size
        held = read_sets(cfg.against)
        h_toks = [tokens(a, cfg.mask_digits) for _, _, _, a in held]
        h_a = [self.maker.sketch(grams(t, n_sh)) for t in h_toks]
        rows_s = np.array([pos_of[i] for i in survivors], dtype=np.int64)
        a_all = np.concatenate((a_mat[rows_s], stack([x[0] if x else None for x in h_a], cfg.num_perm)))
        a_sets_all = [a_sets[r] for r in rows_s.tolist()] + [x[1] if x else None for x in h_a]
        u_all: list[Any] | None = None
        u_sets_all: list[Any] = []
        if self.both:
            h_u = [self.maker.sketch(shingles(u, n_sh, cfg.mask_digits)) for _, _, u, _ in held]
            assert u_sigs is not None
            u_all = [u_sigs[r] for r in rows_s.tolist()] + [x[0] if x else None for x in h_u]
            u_sets_all = [u_sets[r] for r in rows_s.tolist()] + [x[1] if x else None for x in h_u]
        h_long = np.array([len(t) >= cfg.template_tokens > 0 for t in h_toks], dtype=bool)
        long_all = np.concatenate((long[rows_s], h_long))
        labels = np.concatenate((np.zeros(len(rows_s), np.int64), np.ones(len(held), np.int64)))
        # An empty held-out answer has the empty-set signature; it must match nothing.
        empty = np.concatenate((np.zeros(len(rows_s), bool), np.array([x is None for x in h_a], bool)))
        labels[empty] = -1 - np.arange(int(empty.sum()))
        pairs, sims = self._near(a_all, u_all, long_all, a_sets_all, u_sets_all, groups=labels, seed=cfg.seed)
        n = len(rows_s)
        best: dict[int, tuple[float, int]] = {}
        for (a, b), s in zip(pairs.tolist(), sims.tolist(), strict=True):
            t, h = (a, b - n) if a < n else (b, a - n)
            if t >= n or h < 0:
                continue
            if t not in best or (s, -h) > (best[t][0], -best[t][1]):
                best[t] = (s, h)
        for t, (s, h) in sorted(best.items()):
            path, line, _, _ = held[h]
            state.leaks[ids[survivors[t]]] = {"against": path, "line": line, "similarity": round(s, 4)}
        state.stats["held-out-matches"] = len(state.leaks)

    # ------------------------------------------------------------------ apply

    def apply(self, batch: list[Example], state: DedupState) -> StageResult:
        """Drop the copies that were not kept; regroup, flag or drop the rest as decided."""
        result = StageResult(kept=[])
        for ex in batch:
            drop = state.drops.get(ex.id)
            if drop is not None:
                code, kept, sim = drop
                what = "an exact duplicate" if code == "exact-duplicate" else "a near-duplicate"
                result.rejects.append(
                    Reject(
                        stage="dedup",
                        code=code,
                        message=f"{what} of {kept}, which is kept",
                        source=ex.source,
                        id=ex.id,
                        line=ex.source.line,
                        kind="skipped",
                        details={"kept_id": kept, "similarity": sim},
                        example=ex,
                    )
                )
                result.counts[code] += 1
                continue
            leak = state.leaks.get(ex.id)
            if leak is not None:
                msg = f"near-duplicate of {leak['against']} line {leak['line']} (held-out set)"
                if self.cfg.against_action == "drop":
                    result.rejects.append(
                        Reject(
                            stage="dedup",
                            code="held-out-duplicate",
                            message=msg,
                            source=ex.source,
                            id=ex.id,
                            line=ex.source.line,
                            kind="skipped",
                            details=dict(leak),
                            example=ex,
                        )
                    )
                    result.counts["held-out-duplicate"] += 1
                    continue
                ex.add_flag("duplicate", "held-out-duplicate", "warn", msg, dict(leak))
            if ex.id in state.regroup:
                ex.meta["group"] = state.regroup[ex.id]
            copies = state.copies.get(ex.id)
            if copies:
                ex.meta["duplicates_removed"] = copies
            result.kept.append(ex)
        return result

    def summary(self, state: DedupState) -> dict[str, Any]:
        """Parameters, counts and clusters (size, kind, kept id, member ids); ids only."""
        return {
            **state.params,
            "counts": dict(sorted(state.stats.items())),
            "clusters_listed": len(state.clusters),
            "clusters": state.clusters,
        }


def build(config: Config) -> DedupStage:
    """Build the stage from the resolved configuration (called once per worker)."""
    return DedupStage(config.get(DedupConfig))


STAGES.add(
    "dedup",
    StageSpec(
        name="dedup",
        kind="set",
        build=build,
        order=30,
        description="Remove exact and near-duplicate examples (MinHash LSH), keeping one per cluster.",
    ),
)
