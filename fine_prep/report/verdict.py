"""The readiness verdict: ready / not yet / not ready, with one reason per check.

Each check answers ``ok``, ``warn`` or ``fail``. Any ``fail`` makes the set *not ready*; any
``warn`` keeps it at *not yet*; otherwise it is *ready*. A check whose stage did not run says
so (as a warning) instead of pretending it passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fine_prep.report.aggregate import _stage

# Rules of thumb for the number of clean examples, from the project's seeds (DESIGN.md,
# "report"): under 50 is too few to matter, 300 is the working minimum, 500+ is ready.
# OpenAI's fine-tuning guide says the same order of magnitude: 10 is the minimum, clear
# improvements usually come from 50-100 examples, and more data keeps helping.
TOO_FEW = 50
WORKING_MINIMUM = 300
READY = 500

STATUS = {"ok": "ready", "warn": "not yet", "fail": "not ready"}


def count_verdict(clean: int) -> tuple[str, str]:
    """The example-count check alone: ``(status, reason)``."""
    if clean >= READY:
        return "ok", f"{clean} clean examples (500+ is ready)"
    if clean >= WORKING_MINIMUM:
        return "warn", f"{clean} clean examples: above the working minimum of 300, below 500"
    if clean >= TOO_FEW:
        return "warn", f"{clean} clean examples: below the working minimum of 300"
    return "fail", f"{_n(clean, 'clean example')}: under 50 is too few to matter"


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def readiness(
    clean: int,
    stages: list[dict[str, Any]],
    agg: Mapping[str, Any],
    export: Mapping[str, Any] | None,
    tokens: Mapping[str, Any] | None,
    cfg: Any,
) -> dict[str, Any]:
    """The verdict with its reasons.

    Args:
        clean: examples exported (train + validation).
        stages: stage summaries (dicts).
        agg: the aggregate of :func:`fine_prep.report.aggregate.aggregate`.
        export: the export counts, or ``None``.
        tokens: the gate's token totals and findings, or ``None``.
        cfg: the :class:`~fine_prep.report.ReportConfig`.

    Returns:
        ``{"status", "reasons", "checks": [{"key", "status", "text"}]}``.
    """
    checks: list[dict[str, str]] = []

    def add(key: str, status: str, text: str) -> None:
        checks.append({"key": key, "status": status, "text": text})

    st, text = count_verdict(clean)
    add("count", st, text)

    ex = agg["examples"]
    n = ex["count"] or clean
    open_flagged = ex["flagged_open"]
    share = open_flagged / n if n else 0.0
    reviewed = agg["decisions"].get("applied", 0)
    rev = f" ({reviewed} reviewer decisions applied)" if reviewed else ""
    if ex["flagged"] == 0:
        add("flagged", "ok", f"no example is flagged{rev}")
    elif share > cfg.flagged_fail:
        add(
            "flagged",
            "fail",
            f"{open_flagged} of {n} examples ({_pct(open_flagged, n)}) are flagged and not reviewed{rev}",
        )
    elif share > cfg.flagged_warn:
        add(
            "flagged",
            "warn",
            f"{open_flagged} of {n} examples ({_pct(open_flagged, n)}) are flagged and not reviewed{rev}",
        )
    else:
        add(
            "flagged",
            "ok",
            f"{open_flagged} of {n} examples ({_pct(open_flagged, n)}) flagged and not reviewed{rev}",
        )

    redact = _stage(stages, "redact")
    residual = ex.get("residual_pii") or {}
    n_res = sum(residual.values())
    gate_pii = (tokens or {}).get("pii_findings", 0)
    if redact is None:
        add("pii", "fail", "no redact stage ran: personal data has not been removed")
    elif n_res or gate_pii:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(residual.items())) or f"{gate_pii} gate findings"
        add("pii", "fail", f"personal data left after redaction: {kinds}")
    else:
        found = sum(agg["funnel"].get("redacted", {}).values())
        add("pii", "ok", f"{found} personal data items replaced; none left in the final examples")

    dedup = _stage(stages, "dedup")
    if dedup is None:
        add("duplicates", "warn", "duplicates were not checked (no dedup stage ran)")
    else:
        d = agg["funnel"].get("duplicates", {})
        add(
            "duplicates",
            "ok",
            f"{d.get('removed', 0)} duplicate copies removed in {d.get('clusters', 0)} clusters",
        )

    check = _stage(stages, "check")
    if check is None:
        add("language", "warn", "language consistency was not checked (no check stage ran)")
        add("style", "warn", "style consistency was not checked (no check stage ran)")
    else:
        mix = (check.get("details") or {}).get("language_mix", {}).get("answers", {})
        total = sum(mix.values()) or 1
        mix_text = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in mix.items()) or "no answers"
        lang_n = ex["by_check"].get("language", 0)
        if n and lang_n / n > cfg.language_warn:
            add("language", "warn", f"answers: {mix_text}; {_n(lang_n, 'example')} with a language finding")
        else:
            add("language", "ok", f"answers: {mix_text}; {_n(lang_n, 'example')} with a language finding")
        style_n = ex["by_check"].get("style", 0)
        mixed = (check.get("details") or {}).get("mixed_style")
        if n and style_n / n > cfg.style_warn:
            add("style", "warn", f"{style_n} of {n} answers ({_pct(style_n, n)}) are style outliers")
        elif isinstance(mixed, dict) and mixed.get("warning"):
            groups = ", ".join(f"{k} {v.get('size', 0)}" for k, v in (mixed.get("groups") or {}).items())
            add("style", "warn", f"the answers mix house styles ({groups})")
        else:
            add("style", "ok", f"{style_n} of {n} answers ({_pct(style_n, n)}) are style outliers")

    if export is not None:
        val = int(export.get("validation", 0))
        if val > 0:
            add("validation", "ok", f"{val} examples held out for validation")
        else:
            add("validation", "warn", "no validation set: nothing held out to measure the model against")

    if tokens and tokens.get("passed") is False:
        codes = ", ".join(tokens.get("error_codes") or [])
        add(
            "gate",
            "fail",
            f"the upload gate (validate) fails: {_n(int(tokens.get('errors', 0)), 'error')} ({codes})",
        )

    worst = "ok"
    for c in checks:
        if c["status"] == "fail":
            worst = "fail"
        elif c["status"] == "warn" and worst == "ok":
            worst = "warn"
    reasons = [c["text"] for c in checks if c["status"] != "ok"] or [checks[0]["text"]]
    return {"status": STATUS[worst], "reasons": reasons, "checks": checks}
