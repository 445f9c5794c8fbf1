"""Aggregation for the report: the funnel, chart data and the table of flagged/rejected examples.

pandas does the grouping (imported lazily: every module of the package is imported at start-up).
Only counts, lengths, codes, ids, masked source references and reasons leave this module, plus
excerpts of examples that passed a redacting stage (``meta.pii`` is set by it on every example
it sees).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

# Character-length bins of the length charts: roughly doubling, so that one-liners, normal
# replies and long documents all get their own bars.
LENGTH_EDGES = (0, 25, 50, 100, 200, 400, 800, 1600, 3200)
SEVERITY_RANK = {"error": 3, "warn": 2, "info": 1}


def _bin_labels() -> list[str]:
    labels = [f"{a}-{b - 1}" for a, b in zip(LENGTH_EDGES, LENGTH_EDGES[1:], strict=False)]
    return labels + [f"{LENGTH_EDGES[-1]}+"]


def _source_ref(src: Mapping[str, Any] | None, scanner: Any) -> str:
    """Where to find the original: path, then the adapter's locator or line.

    Neither went through the redact stage (a WhatsApp export is named after the other party, a
    document section's ref is its heading), so a chat contact's name in the path is masked as
    ingest's notes mask it, and what the residual scanner finds is replaced by its type.
    """
    if not src:
        return ""
    from fine_prep.pii.scan import mask_path

    where = src.get("ref") or (f"line {src['line']}" if src.get("line") else "")
    return mask_path(f"{src.get('path', '')} {where}".strip(), scanner)


def _mask(text: str, scanner: Any) -> str:
    """``text`` with the residual scanner's finds replaced by ``<TYPE>``."""
    return scanner.mask(text) if scanner is not None else text


def _excerpt(messages: list[Any], role: str, limit: int) -> str:
    texts = [
        m.content if hasattr(m, "content") else m.get("content", "")
        for m in messages
        if (m.role if hasattr(m, "role") else m.get("role")) == role
    ]
    text = "\n".join(texts).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _stage(stages: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    return next((s for s in stages if s.get("name") == name), None)


def _scanner(config: Any) -> Any:
    """The residual personal-data scanner of the redact stage, with the run's ``[redact]``
    settings (its ``keep`` list: the business's own hotline is not residual personal data)."""
    try:
        from fine_prep.pii.scan import ResidualScanner
    except ImportError:  # pragma: no cover - the pii package is part of fine-prep
        return None
    return ResidualScanner(config)


def aggregate(
    examples: Iterable[Any],
    stages: list[dict[str, Any]],
    rejects: Iterable[Mapping[str, Any]],
    cfg: Any,
    scan: bool = True,
    config: Any = None,
) -> dict[str, Any]:
    """Everything the report shows, computed in one pass over the final examples.

    Args:
        examples: final canonical examples (:class:`~fine_prep.record.Example`).
        stages: stage summaries as dicts, in run order (timings already removed).
        rejects: reject rows as written to ``rejects.jsonl``.
        cfg: the :class:`~fine_prep.report.ReportConfig`.
        scan: look for residual personal data (off when the gate already scanned the same texts).
        config: the run's :class:`~fine_prep.config.Config` (its ``[redact]`` settings drive the
            residual scan and the masking of source references); ``None``: the defaults.

    Returns:
        ``examples``, ``funnel``, ``charts``, ``decisions``, ``table``, ``rejects_total``.
    """
    import pandas as pd

    scanner = _scanner(config)
    limit = cfg.excerpt_chars
    rows: list[dict[str, Any]] = []
    table: list[dict[str, Any]] = []
    residual: Counter[str] = Counter()
    flag_codes: Counter[str] = Counter()
    style_features: Counter[str] = Counter()
    for ex in examples:
        redacted = "pii" in ex.meta
        checks = sorted({f.check for f in ex.flags})
        decision = (
            (ex.meta.get("review") or {}).get("decision") if isinstance(ex.meta.get("review"), dict) else None
        )
        for f in ex.flags:
            flag_codes[f"{f.check}:{f.code}"] += 1
            if f.check == "style" and f.details:
                for feat in f.details.get("features", []):
                    if isinstance(feat, dict) and feat.get("feature"):
                        style_features[str(feat["feature"])] += 1
        if scan and scanner is not None:
            for m in ex.messages:
                for etype, _, _ in scanner.scan(m.content):
                    residual[etype] += 1
        rows.append(
            {
                "id": ex.id,
                "q_len": sum(len(m.content) for m in ex.messages if m.role == "user"),
                "a_len": sum(len(m.content) for m in ex.messages if m.role == "assistant"),
                "language": str(ex.meta.get("language") or ""),
                "flagged": bool(ex.flags),
                "open": bool(ex.flags) and decision != "keep",
                "checks": checks,
            }
        )
        if ex.flags:
            worst = max(ex.flags, key=lambda f: SEVERITY_RANK.get(f.severity, 0))
            table.append(
                {
                    "kind": "flagged",
                    "id": ex.id,
                    "stage": "check"
                    if any(c in ("language", "style", "length") for c in checks)
                    else checks[0],
                    "checks": checks,
                    "codes": sorted({f.code for f in ex.flags}),
                    "severity": worst.severity,
                    "reason": _mask("; ".join(f.message for f in ex.flags), scanner),
                    "source": _source_ref(ex.source.to_dict(), scanner),
                    "decision": decision or "",
                    "question": _excerpt(ex.messages, "user", limit) if redacted else None,
                    "answer": _excerpt(ex.messages, "assistant", limit) if redacted else None,
                }
            )
    df = pd.DataFrame(rows, columns=["id", "q_len", "a_len", "language", "flagged", "open", "checks"])

    # ---- rejects: counted by stage, kind and code; excerpts only from redacted copies
    rej_counts: Counter[tuple[str, str, str]] = Counter()
    n_rejects = 0
    for r in rejects:
        n_rejects += 1
        stage, kind, code = str(r.get("stage", "")), str(r.get("kind", "rejected")), str(r.get("code", ""))
        rej_counts[(stage, kind, code)] += 1
        ex = r.get("example")
        # Text only from a copy that went through redaction (the redact stage sets meta.pii).
        safe = isinstance(ex, dict) and "pii" in (ex.get("meta") or {})
        msgs = ex.get("messages", []) if isinstance(ex, dict) and safe else []
        table.append(
            {
                "kind": kind,
                "id": r.get("id") or "",
                "stage": stage,
                "checks": [stage],
                "codes": [code],
                "severity": "",
                "reason": _mask(str(r.get("message", "")), scanner),
                "source": _source_ref(r.get("source"), scanner),
                "decision": "drop" if code == "reviewer-drop" else "",
                "question": _excerpt(msgs, "user", limit) if safe else None,
                "answer": _excerpt(msgs, "assistant", limit) if safe else None,
            }
        )

    funnel = _funnel(stages, rej_counts, flag_codes, df)
    charts = _charts(stages, df, style_features, funnel)
    by_check: Counter[str] = Counter()
    for checks in df["checks"]:
        by_check.update(checks)
    review = _stage(stages, "review")
    decisions = dict((review or {}).get("details") or {})
    decisions.setdefault("applied", 0)
    decisions["flagged_open"] = int(df["open"].sum()) if len(df) else 0
    truncated = max(0, len(table) - cfg.max_rows)
    return {
        "examples": {
            "count": len(df),
            "flagged": int(df["flagged"].sum()) if len(df) else 0,
            "flagged_open": int(df["open"].sum()) if len(df) else 0,
            "by_check": dict(sorted(by_check.items())),
            "flags": dict(sorted(flag_codes.items())),
            "residual_pii": dict(sorted(residual.items())) if scan and scanner is not None else None,
            "redacted": bool(_stage(stages, "redact")),
        },
        "funnel": funnel,
        "charts": charts,
        "decisions": decisions,
        "table": table[: cfg.max_rows],
        "table_truncated": truncated,
        "rejects_total": n_rejects,
    }


def _funnel(
    stages: list[dict[str, Any]],
    rej_counts: Counter[tuple[str, str, str]],
    flag_codes: Counter[str],
    df: Any,
) -> dict[str, Any]:
    """Ingested, skipped/rejected by reason, redacted per type, duplicates, flagged, exported."""
    funnel: dict[str, Any] = {}
    first = stages[0] if stages else None
    if first is not None:
        funnel["ingested"] = int(first.get("in", 0))
    removed: list[dict[str, Any]] = []
    if rej_counts:
        for (stage, kind, code), n in sorted(rej_counts.items()):
            removed.append({"stage": stage, "kind": kind, "code": code, "count": n})
    else:  # no rejects file: the stage summaries still count reasons (without the kind)
        for s in stages:
            for code, n in sorted((s.get("reasons") or {}).items()):
                removed.append({"stage": s["name"], "kind": "removed", "code": code, "count": n})
    funnel["removed"] = removed
    funnel["skipped"] = sum(r["count"] for r in removed if r["kind"] == "skipped")
    funnel["rejected"] = sum(r["count"] for r in removed if r["kind"] != "skipped")
    redact = _stage(stages, "redact")
    if redact is not None:
        counts = redact.get("counts") or {}
        funnel["redacted"] = {
            k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("entity:")
        }
        funnel["examples_with_pii"] = int(counts.get("examples-with-pii", 0))
    dedup = _stage(stages, "dedup")
    if dedup is not None:
        det = dedup.get("details") or {}
        c = det.get("counts") or {}
        funnel["duplicates"] = {
            "removed": int(dedup.get("skipped", 0)) + int(dedup.get("rejected", 0)),
            "exact": int(c.get("exact-duplicate", 0)),
            "near": int(c.get("near-duplicate", 0)),
            "clusters": int(c.get("clusters", len(det.get("clusters") or []))),
        }
    if flag_codes:
        funnel["flagged"] = dict(sorted(flag_codes.items()))
    funnel["final"] = len(df)
    funnel["stages"] = [{"name": s["name"], "in": s.get("in", 0), "out": s.get("out", 0)} for s in stages]
    return funnel


def _charts(
    stages: list[dict[str, Any]], df: Any, style_features: Counter[str], funnel: Mapping[str, Any]
) -> dict[str, Any]:
    """Chart data: bar series as ``{label: count}``, only for what was measured."""
    import pandas as pd

    charts: dict[str, Any] = {}
    if len(df):
        labels = _bin_labels()
        edges = [*LENGTH_EDGES, float("inf")]
        for col, name in (("a_len", "answer_length"), ("q_len", "question_length")):
            cut = pd.cut(df[col], bins=edges, right=False, labels=labels)
            counts = cut.value_counts(sort=False)
            charts[name] = {str(k): int(v) for k, v in counts.items()}
        langs = df.loc[df["language"] != "", "language"].value_counts()
        if len(langs):
            charts["answer_language"] = {
                str(k): int(v) for k, v in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))
            }
    check = _stage(stages, "check")
    if check is not None:
        det = check.get("details") or {}
        if det.get("language_mix", {}).get("questions"):
            charts["question_language"] = dict(det["language_mix"]["questions"])
        if det.get("script_mix"):
            charts["script_mix"] = {k: round(100 * float(v), 1) for k, v in det["script_mix"].items()}
        if det.get("chinese_scripts"):
            charts["chinese_scripts"] = dict(det["chinese_scripts"])
        if style_features:
            charts["style_outliers"] = dict(style_features.most_common())
    if funnel.get("redacted"):
        charts["pii"] = dict(sorted(funnel["redacted"].items(), key=lambda kv: (-kv[1], kv[0])))
    dedup = _stage(stages, "dedup")
    if dedup is not None:
        sizes = Counter(int(c.get("size", 0)) for c in (dedup.get("details") or {}).get("clusters") or [])
        if sizes:
            charts["duplicate_clusters"] = {f"{k} copies": v for k, v in sorted(sizes.items())}
    return charts
