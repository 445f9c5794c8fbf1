"""report.html: one self-contained page for reviewers (inline CSS, JS and SVG; no network).

Everything is drawn here: charts are inline SVG built in Python, so the page reads the same
offline, as an e-mail attachment, and with scripts blocked (only the table filter and the CSV
export need JavaScript). Text is escaped with :func:`html.escape`; the page declares UTF-8 and a
font stack with Traditional Chinese faces so Hong Kong text renders on every platform.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

# Plain-text badges, not emoji: emoji fonts are missing on many servers and mail clients.
BADGE = {"ok": "fine", "warn": "attention", "fail": "blocks"}
STATUS_CLASS = {"ready": "ready", "not yet": "notyet", "not ready": "notready"}
STATUS_TEXT = {
    "ready": "Ready",
    "not yet": "Not yet ready",
    "not ready": "Not ready",
}
KIND_TEXT = {
    "flagged": "flagged",
    "skipped": "removed by policy",
    "rejected": "rejected (bad input)",
    "removed": "removed",
}

# Latin first (for the English UI), then Hong Kong / Taiwan Traditional Chinese faces per
# platform (macOS/iOS PingFang HK, Windows Microsoft JhengHei, Linux/Android Noto/Source Han).
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang HK", '
    '"PingFang TC", "Hiragino Sans CNS", "Microsoft JhengHei", "Noto Sans CJK TC", "Noto Sans TC", '
    '"Source Han Sans TC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
)

CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:__FONT__;color:#1d2330;background:#f5f6f8;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 10px}
.sub{color:#5b6475;font-size:.9rem}
.card{background:#fff;border:1px solid #dfe3ea;border-radius:8px;padding:16px 18px;margin:12px 0}
.verdict{border-left:8px solid #999}
.verdict.ready{border-left-color:#1f9d55}.verdict.notyet{border-left-color:#d69e2e}.verdict.notready{border-left-color:#d64545}
.verdict .status{font-size:1.6rem;font-weight:700}
.ready .status{color:#1f7a45}.notyet .status{color:#a06a00}.notready .status{color:#b52f2f}
.checks{list-style:none;padding:0;margin:10px 0 0}.checks li{margin:5px 0;display:flex;gap:8px;align-items:baseline}
.badge{flex:none;display:inline-block;min-width:74px;text-align:center;font-size:.75rem;font-weight:700;padding:1px 6px;border-radius:10px;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.badge.ok{background:#1f9d55}.badge.warn{background:#d69e2e}.badge.fail{background:#d64545}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.tile{background:#fff;border:1px solid #dfe3ea;border-radius:8px;padding:10px 12px}
.tile b{display:block;font-size:1.4rem}.tile span{color:#5b6475;font-size:.85rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:12px}
.grid .card{margin:0}.grid h3{font-size:.95rem;margin:0 0 6px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
#items{table-layout:fixed}#items code{word-break:break-all;font-size:.78rem}
#items th:nth-child(1){width:10%}#items th:nth-child(2){width:12%}#items th:nth-child(3){width:27%}
#items th:nth-child(4){width:17%}#items th:nth-child(5){width:34%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.controls input,.controls select,.controls button{font:inherit;padding:5px 8px;border:1px solid #c5cbd6;border-radius:6px;background:#fff}
.controls input{min-width:260px}
.pill{display:inline-block;padding:1px 7px;border-radius:10px;font-size:.78rem;background:#eef1f5;margin:1px 2px 1px 0}
.pill.flagged{background:#fdf3d7}.pill.skipped{background:#e6eefc}.pill.rejected{background:#fbe3e3}
.ex{white-space:pre-wrap;word-break:break-word;font-size:.82rem;color:#333;max-height:11em;overflow:auto}
.ex i{color:#5b6475;font-style:normal;font-weight:600}
.muted{color:#7a8394}.scroll{max-height:640px;overflow:auto;border:1px solid #dfe3ea;border-radius:8px;background:#fff}
svg text{font-family:__FONT__;font-size:12px;fill:#1d2330}
footer{margin-top:32px;color:#7a8394;font-size:.8rem}
""".replace("__FONT__", FONT_STACK)

# The table filter and the review-sheet export; plain DOM, no libraries.
JS = """
(function(){
  var q=document.getElementById('q'),k=document.getElementById('kind'),c=document.getElementById('check');
  var rows=[].slice.call(document.querySelectorAll('#items tbody tr'));
  var shown=document.getElementById('shown');
  function apply(){
    var t=(q.value||'').toLowerCase(),kv=k.value,cv=c.value,n=0;
    rows.forEach(function(r){
      var ok=(!kv||r.dataset.kind===kv)&&(!cv||(' '+r.dataset.checks+' ').indexOf(' '+cv+' ')>=0)&&
             (!t||r.textContent.toLowerCase().indexOf(t)>=0);
      r.style.display=ok?'':'none'; if(ok)n++;
    });
    shown.textContent=n+' of '+rows.length+' shown';
  }
  q.addEventListener('input',apply);k.addEventListener('change',apply);c.addEventListener('change',apply);
  apply();
  var b=document.getElementById('export');
  if(b){b.addEventListener('click',function(){
    var data=JSON.parse(document.getElementById('sheet').textContent);
    function cell(v){v=(v==null?'':String(v));return /[",\\n\\r]/.test(v)?'"'+v.replace(/"/g,'""')+'"':v;}
    var lines=[data.columns.join(',')];
    data.rows.forEach(function(r){lines.push(data.columns.map(function(col){return cell(r[col]);}).join(','));});
    var blob=new Blob(['\\ufeff'+lines.join('\\r\\n')+'\\r\\n'],{type:'text/csv;charset=utf-8'});
    var a=document.createElement('a');a.href=URL.createObjectURL(blob);a.download='review-sheet.csv';
    document.body.appendChild(a);a.click();a.remove();
  });}
})();
"""

CHART_TITLES = {
    "answer_length": "Answer length (characters)",
    "question_length": "Question length (characters)",
    "answer_language": "Language of the answers",
    "question_language": "Language of the questions",
    "script_mix": "Script mix (% of letters)",
    "chinese_scripts": "Chinese messages: Traditional vs Simplified",
    "pii": "Personal data replaced, per type",
    "style_outliers": "Style outliers: what was unusual",
    "duplicate_clusters": "Duplicate clusters by size",
}
CHART_COLORS = {
    "pii": "#8e6bbf",
    "duplicate_clusters": "#c0703a",
    "style_outliers": "#d69e2e",
    "answer_length": "#3b7dd8",
    "question_length": "#4aa3a0",
}


def bar_chart(data: dict[str, float], color: str = "#3b7dd8", width: int = 340) -> str:
    """A horizontal bar chart as inline SVG (labels left, values right)."""
    if not data:
        return ""
    row, label_w, value_w = 22, 150, 44
    bar_w = width - label_w - value_w
    top = max(float(v) for v in data.values()) or 1.0
    height = row * len(data) + 4
    parts = [
        f'<svg role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(data.items()):
        y = i * row + 2
        w = max(1.0, bar_w * float(value) / top) if value else 0
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(str(label))[:24]}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 7}" rx="3" fill="{color}">'
            f"<title>{escape(str(label))}: {shown}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(stages: list[dict[str, Any]], width: int = 700) -> str:
    """Examples in and out of each stage as paired bars (SVG)."""
    if not stages:
        return ""
    row, label_w = 30, 90
    top = max(max(int(s["in"]), int(s["out"])) for s in stages) or 1
    bar_w = width - label_w - 150
    height = row * len(stages) + 6
    parts = [
        f'<svg role="img" aria-label="examples per stage" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, s in enumerate(stages):
        y = i * row + 3
        w_in = bar_w * int(s["in"]) / top
        w_out = bar_w * int(s["out"]) / top
        lost = int(s["in"]) - int(s["out"])
        note = f"{s['in']} in → {s['out']} out" + (f" (−{lost})" if lost > 0 else "")
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-weight="600">{escape(s["name"])}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w_in:.1f}" height="{row - 8}" rx="3" fill="#dfe6f3"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w_out:.1f}" height="{row - 8}" rx="3" fill="#3b7dd8"/>'
            f'<text x="{label_w + w_in + 6:.1f}" y="{y + 19}">{escape(note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _tile(value: Any, label: str) -> str:
    return f'<div class="tile"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'


def _verdict(report: dict[str, Any]) -> str:
    v = report["verdict"]
    cls = STATUS_CLASS.get(v["status"], "")
    items = "".join(
        f'<li><span class="badge {escape(c["status"])}">{BADGE.get(c["status"], c["status"])}</span>'
        f"<span>{escape(c['text'])}</span></li>"
        for c in v.get("checks", [])
    )
    return (
        f'<section id="verdict" class="card verdict {cls}" data-status="{escape(v["status"])}">'
        f'<div class="status">{escape(STATUS_TEXT.get(v["status"], v["status"]))}</div>'
        f'<div class="sub">Is this dataset ready to send for fine-tuning? Each line below is one check '
        "(fine, needs attention, or blocks the upload).</div>"
        f'<ul class="checks">{items}</ul></section>'
    )


def _tiles(report: dict[str, Any]) -> str:
    f = report.get("funnel") or {}
    ex = report.get("examples") or {}
    e = report.get("export")
    tiles = []
    if "ingested" in f:
        tiles.append(_tile(f["ingested"], "records read from the sources"))
    if e:
        tiles.append(_tile(e["train"] + e["validation"], "clean examples exported"))
    if f.get("skipped") or f.get("rejected"):
        tiles.append(_tile(f.get("skipped", 0) + f.get("rejected", 0), "removed, with reasons"))
    if "redacted" in f:
        tiles.append(_tile(sum(f["redacted"].values()), "personal data items replaced"))
    if "duplicates" in f:
        tiles.append(_tile(f["duplicates"]["removed"], "duplicate copies removed"))
    if ex.get("flagged"):
        tiles.append(_tile(ex["flagged"], "examples flagged for review"))
    t = report.get("tokens")
    if t:
        tiles.append(
            _tile(f"{t['total_tokens']:,}", "tokens" + ("" if t.get("tokens_exact") else " (estimated)"))
        )
        usd = (t.get("cost") or {}).get("estimated_usd")
        if usd is not None:
            tiles.append(_tile(f"${usd:,.2f}", "estimated training cost"))
    return f'<div class="tiles">{"".join(tiles)}</div>'


def _funnel(report: dict[str, Any]) -> str:
    f = report.get("funnel") or {}
    parts = ['<section id="funnel"><h2>What happened to the data</h2><div class="card">']
    parts.append(funnel_chart(f.get("stages") or []))
    rows = []
    if "ingested" in f:
        rows.append(("Records read (ingested)", f["ingested"], ""))
    for r in f.get("removed") or []:
        what = KIND_TEXT.get(r["kind"], r["kind"])
        rows.append((f"{r['stage']}: {r['code']}", -int(r["count"]), what))
    if "redacted" in f:
        detail = ", ".join(f"{k} {v}" for k, v in f["redacted"].items())
        rows.append(("Personal data replaced by placeholders", sum(f["redacted"].values()), detail))
    if "duplicates" in f:
        d = f["duplicates"]
        rows.append(
            (
                "Duplicates removed",
                -d["removed"],
                f"{d['exact']} exact, {d['near']} near, in {d['clusters']} clusters",
            )
        )
    for code, n in (f.get("flagged") or {}).items():
        rows.append((f"Flagged: {code}", n, "kept, for a reviewer to decide"))
    dec = report.get("decisions") or {}
    if dec.get("applied"):
        rows.append(
            (
                "Reviewer decisions applied",
                dec["applied"],
                f"{dec.get('keep', 0)} keep, {dec.get('drop', 0)} drop, "
                f"{dec.get('unmatched', 0)} ids not found",
            )
        )
    e = report.get("export")
    if e:
        rows.append(
            (f"Exported to train.jsonl ({e['provider']})", e["train"], f"{e['groups']['train']} groups")
        )
        rows.append(("Exported to validation.jsonl", e["validation"], f"{e['groups']['validation']} groups"))
    body = "".join(
        f"<tr><td>{escape(a)}</td><td class=num>{b}</td><td class=muted>{escape(str(c))}</td></tr>"
        for a, b, c in rows
    )
    parts.append(
        f"<table><thead><tr><th>Step</th><th class=num>Count</th><th>Detail</th></tr></thead><tbody>{body}</tbody></table>"
    )
    parts.append("</div></section>")
    return "".join(parts)


def _charts(report: dict[str, Any]) -> str:
    charts = report.get("charts") or {}
    cards = []
    for key, title in CHART_TITLES.items():
        data = charts.get(key)
        if data:
            cards.append(
                f'<div class="card" id="chart-{key}"><h3>{escape(title)}</h3>'
                f"{bar_chart(data, CHART_COLORS.get(key, '#3b7dd8'))}</div>"
            )
    if not cards:
        return ""
    return f'<section id="charts"><h2>Charts</h2><div class="grid">{"".join(cards)}</div></section>'


def _excerpt_cell(row: dict[str, Any]) -> str:
    if row.get("question") is None and row.get("answer") is None:
        return '<td class="muted">text not shown (removed before redaction); find it by the source reference</td>'
    return (
        f'<td><div class="ex"><i>Q:</i> {escape(row.get("question") or "")}\n'
        f"<i>A:</i> {escape(row.get('answer') or '')}</div></td>"
    )


def _table(report: dict[str, Any]) -> str:
    rows = report.get("table") or []
    if not rows:
        return ""
    kinds = sorted({r["kind"] for r in rows})
    checks = sorted({c for r in rows for c in r.get("checks", [])})
    body = []
    for r in rows:
        body.append(
            f'<tr data-kind="{escape(r["kind"])}" data-checks="{escape(" ".join(r.get("checks", [])))}">'
            f'<td><span class="pill {escape(r["kind"])}">{escape(KIND_TEXT.get(r["kind"], r["kind"]))}</span>'
            f"{'<br><span class=muted>' + escape(r['severity']) + '</span>' if r.get('severity') else ''}</td>"
            f"<td>{''.join(f'<span class=pill>{escape(c)}</span>' for c in r.get('codes', []))}"
            f'<br><span class="muted">{escape(r.get("stage", ""))}</span></td>'
            f"<td>{escape(r.get('reason', ''))}"
            f"{'<br><b>reviewer: ' + escape(r['decision']) + '</b>' if r.get('decision') else ''}</td>"
            f'<td><code>{escape(r.get("source", ""))}</code><br><span class="muted">{escape(r.get("id") or "")}</span></td>'
            f"{_excerpt_cell(r)}</tr>"
        )
    kind_opts = "".join(f'<option value="{escape(k)}">{escape(KIND_TEXT.get(k, k))}</option>' for k in kinds)
    check_opts = "".join(f'<option value="{escape(c)}">{escape(c)}</option>' for c in checks)
    more = report.get("table_truncated") or 0
    note = f'<p class="muted">{more} more rows are in report.json and rejects.jsonl.</p>' if more else ""
    sheet = _sheet_json(rows)
    return (
        '<section id="review"><h2>Flagged and removed examples</h2>'
        '<p class="sub">Flagged examples are still in the dataset; a reviewer decides keep or drop '
        "(export the review sheet, fill the decision column, then run again with "
        "<code>--decisions</code>). Excerpts are shown after redaction only.</p>"
        '<div class="controls"><input id="q" type="search" placeholder="Search reason, code, source, text…" '
        'aria-label="search">'
        f'<select id="kind" aria-label="kind"><option value="">all kinds</option>{kind_opts}</select>'
        f'<select id="check" aria-label="check or stage"><option value="">all checks and stages</option>{check_opts}</select>'
        '<button id="export" type="button">Export review sheet (CSV)</button>'
        '<span id="shown" class="muted"></span></div>'
        '<div class="scroll"><table id="items"><thead><tr><th>Kind</th><th>Code</th><th>Reason</th>'
        "<th>Source</th><th>Excerpt (redacted)</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>{note}"
        f'<script type="application/json" id="sheet">{sheet}</script></section>'
    )


def _sheet_json(rows: list[dict[str, Any]]) -> str:
    """The review sheet's rows (flagged examples) as JSON safe inside a script element."""
    from fine_prep.report.review import SHEET_COLUMNS, sheet_rows

    data = {"columns": list(SHEET_COLUMNS), "rows": sheet_rows(rows)}
    text = json.dumps(data, ensure_ascii=False)
    # "</" would end the script element early; "<!--" could open a comment state.
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _tokens(report: dict[str, Any]) -> str:
    t = report.get("tokens")
    if not t:
        return ""
    rows = "".join(
        f"<tr><td>{escape(str(f['file']))}</td><td class=num>{f['examples']}</td><td class=num>{f['tokens']:,}</td>"
        f"<td class=num>{(f.get('tokens_per_example') or {}).get('p50', '')}</td>"
        f"<td class=num>{(f.get('tokens_per_example') or {}).get('max', '')}</td></tr>"
        for f in t.get("files", [])
    )
    cost = t.get("cost") or {}
    gate = "passes" if t.get("passed") else f"fails ({t.get('errors', 0)} errors)"
    findings = ", ".join(f"{k} {v}" for k, v in (t.get("findings") or {}).items()) or "none"
    return (
        '<section id="tokens"><h2>Tokens and estimated cost</h2><div class="card">'
        "<table><thead><tr><th>File</th><th class=num>Examples</th><th class=num>Tokens</th>"
        f"<th class=num>Median per example</th><th class=num>Longest</th></tr></thead><tbody>{rows}</tbody></table>"
        + (
            f"<p><b>Estimated training cost: ${cost['estimated_usd']:,.2f}</b>. "
            f'<span class="muted">{escape(str(cost.get("assumptions", "")))}</span></p>'
            if cost.get("estimated_usd") is not None
            else ""
        )
        + f"<p>The upload gate (<code>fine-prep validate</code>) {escape(gate)}; findings: {escape(findings)}.</p>"
        "</div></section>"
    )


def render_html(report: dict[str, Any]) -> str:
    """The whole page for a report (the data of report.json).

    Args:
        report: the report data.

    Returns:
        One HTML document with everything inline.
    """
    inputs = ", ".join(report.get("inputs") or [])
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>fine-prep dataset report</title>"
        f"<style>{CSS}</style></head><body><main>"
        "<h1>Fine-tuning dataset report</h1>"
        f'<div class="sub">Sources: {escape(inputs)} · fine-prep {escape(str(report.get("fine_prep_version", "")))}</div>'
        f"{_verdict(report)}{_tiles(report)}{_funnel(report)}{_charts(report)}{_table(report)}{_tokens(report)}"
        "<footer>Made by fine-prep. No personal data: counts per type, and excerpts only after "
        "redaction. The same numbers are in report.json; the register entry is manifest.json.</footer>"
        f"</main><script>{JS}</script></body></html>\n"
    )
