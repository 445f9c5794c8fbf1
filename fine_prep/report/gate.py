"""Token totals, the cost estimate and the gate's verdict for the report, from ``validate``.

The report does not count tokens itself: it runs the same gate a data engineer runs before an
upload (:func:`fine_prep.providers.validate.validate_file`) over the exported files and keeps
its numbers. Only counts, codes and file names are kept, never a finding's line content.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from fine_prep.config import Config


def run_gate(out_dir: str | Path, provider: str, config: Config) -> dict[str, Any] | None:
    """Validate ``train.jsonl`` (and ``validation.jsonl``) in ``out_dir``.

    Returns:
        Token totals, the cost estimate and finding counts; ``None`` when there is nothing to
        validate (no training example was exported).
    """
    from fine_prep.errors import InputError
    from fine_prep.providers.validate import validate_file

    out = Path(out_dir)
    train, val = out / "train.jsonl", out / "validation.jsonl"
    if not train.is_file() or train.stat().st_size == 0:
        return None
    val_path = str(val) if val.is_file() and val.stat().st_size > 0 else None
    try:
        rep = validate_file(str(train), provider, config, val_path)
    except InputError:
        return None
    return summarise(rep)


def summarise(rep: Any) -> dict[str, Any]:
    """The parts of a validate :class:`~fine_prep.providers.validate.Report` the report shows."""
    summary = rep.summary()
    files = []
    for f in summary.get("files", []):
        files.append(
            {
                "file": Path(str(f.get("file", ""))).name,
                "role": f.get("role"),
                "examples": f.get("examples", 0),
                "tokens": f.get("tokens_total", 0),
                "tokens_per_example": f.get("tokens_per_example", {}),
                "over_token_cap": f.get("over_token_cap", 0),
            }
        )
    codes: Counter[str] = Counter(f.code for f in rep.findings)
    sev: Counter[str] = Counter(f.severity for f in rep.findings)
    cost = dict(summary.get("cost") or {})
    return {
        "provider": rep.provider,
        "tokens_exact": bool(summary.get("tokens_exact")),
        "files": files,
        "total_tokens": sum(f["tokens"] for f in files),
        "cost": cost,
        "passed": not rep.failed,
        "errors": sev.get("error", 0),
        "error_codes": sorted({f.code for f in rep.findings if rep.fails(f)}),
        "warnings": sev.get("warn", 0),
        "findings": dict(sorted(codes.items())),
        "pii_findings": sum(n for c, n in codes.items() if c.startswith("pii-")),
        "checks": dict(getattr(rep, "checks", {}) or {}),
    }
