"""report.md: a short summary of the report, fit for a pull-request comment."""

from __future__ import annotations

from typing import Any

ICON = {"ok": "✅", "warn": "⚠️", "fail": "❌"}
BADGE = {"ready": "🟢 **Ready**", "not yet": "🟡 **Not yet**", "not ready": "🔴 **Not ready**"}


def render_markdown(report: dict[str, Any]) -> str:
    """The verdict with its checks, the funnel in one table, tokens and cost if known.

    Args:
        report: the data of report.json.

    Returns:
        Markdown text (GitHub-flavoured), ending in a newline.
    """
    v = report["verdict"]
    lines = [f"## fine-prep dataset report: {BADGE.get(v['status'], v['status'])}", ""]
    for c in v.get("checks", []):
        lines.append(f"- {ICON.get(c['status'], '')} {c['text']}")
    lines += ["", "| step | examples |", "| --- | ---: |"]
    f = report.get("funnel") or {}
    if "ingested" in f:
        lines.append(f"| ingested | {f['ingested']} |")
    if f.get("skipped"):
        lines.append(f"| skipped (by policy) | {f['skipped']} |")
    if f.get("rejected"):
        lines.append(f"| rejected (bad input) | {f['rejected']} |")
    if "redacted" in f:
        lines.append(
            f"| personal data items replaced | {sum(f['redacted'].values())} "
            f"(in {f.get('examples_with_pii', 0)} examples) |"
        )
    if "duplicates" in f:
        d = f["duplicates"]
        lines.append(f"| duplicates removed | {d['removed']} ({d['clusters']} clusters) |")
    ex = report.get("examples") or {}
    if ex.get("flagged"):
        lines.append(f"| flagged for review | {ex['flagged']} ({ex.get('flagged_open', 0)} not reviewed) |")
    e = report.get("export")
    if e:
        lines.append(f"| exported | {e['train']} train + {e['validation']} validation ({e['provider']}) |")
    dec = report.get("decisions") or {}
    if dec.get("applied"):
        lines.append(f"| reviewer decisions | {dec.get('keep', 0)} keep, {dec.get('drop', 0)} drop |")
    t = report.get("tokens")
    if t:
        cost = t.get("cost") or {}
        kind = "exact" if t.get("tokens_exact") else "estimated"
        lines += ["", f"Tokens: {t['total_tokens']:,} ({kind})."]
        if cost.get("estimated_usd") is not None:
            lines[-1] += (
                f" Estimated training cost: ${cost['estimated_usd']:,.2f} "
                f"({cost.get('epochs', '?')} epochs at ${cost.get('usd_per_million', 0):.2f}/M tokens)."
            )
    lines += ["", "Full report: `report.html` (open it in a browser); numbers: `report.json`.", ""]
    return "\n".join(lines)
