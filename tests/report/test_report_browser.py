"""report.html in a real browser: headless Chromium over the DevTools protocol.

Chromium comes from Debian's ``chromium`` package (``.ci/install-browser.sh`` installs it in
CI). The test fails, rather than skips, when it is missing, because CI can run it; set
``FINE_PREP_NO_BROWSER=1`` to skip it knowingly on a machine without a browser.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from report_cdp import Browser, find_chromium


@pytest.fixture(scope="module")
def page(sample_run):  # type: ignore[no-untyped-def]
    binary = find_chromium()
    if binary is None:
        if os.environ.get("FINE_PREP_NO_BROWSER") == "1":
            pytest.skip("FINE_PREP_NO_BROWSER=1: no browser on this machine")
        pytest.fail("chromium not found: run .ci/install-browser.sh (or set CHROMIUM=/path/to/chromium)")
    path = Path(sample_run.out_dir) / "report.html"
    with Browser(binary) as b:
        b.open(path.as_uri())
        yield b, path, json.loads((Path(sample_run.out_dir) / "report.json").read_text(encoding="utf-8"))


def _visible_rows(b: Browser) -> int:
    return int(
        b.js("[...document.querySelectorAll('#items tbody tr')].filter(r => r.offsetParent !== null).length")
    )


def test_loads_offline_without_errors(page) -> None:  # type: ignore[no-untyped-def]
    b, path, _ = page
    assert b.errors() == []
    assert b.requests() == [path.as_uri()]  # nothing fetched but the page itself
    assert b.js("document.characterSet") == "UTF-8"


def test_shows_the_verdict(page) -> None:  # type: ignore[no-untyped-def]
    b, _, rep = page
    status = b.js("document.querySelector('#verdict .status').innerText")
    assert (
        status
        == {"ready": "Ready", "not yet": "Not yet ready", "not ready": "Not ready"}[rep["verdict"]["status"]]
    )
    assert b.js("document.querySelector('#verdict').getBoundingClientRect().top") < 400  # above the fold
    text = b.js("document.querySelector('#verdict').innerText")
    for reason in rep["verdict"]["reasons"]:
        assert reason in text
    assert "港灣茶莊" in b.js("document.body.innerText")  # Chinese survives as text


def test_chinese_is_drawn_with_a_cjk_font(page) -> None:  # type: ignore[no-untyped-def]
    """The Chinese excerpts render with a real CJK face from the page's font stack (not boxes)."""
    b, _, _ = page
    found = b.js(
        "(() => { const e = [...document.querySelectorAll('#items .ex i')].map(i => i.parentElement)"
        ".find(x => /[\\u4e00-\\u9fff]/.test(x.textContent)); if (e) e.id = 'cjk-sample'; return !!e; })()"
    )
    assert found
    fonts = b.fonts_for("#cjk-sample")
    cjk = {
        name: n for name, n in fonts.items() if re.search(r"CJK|WenQuanYi|Hei|Ming|Song|PingFang|TC|SC", name)
    }
    assert cjk and sum(cjk.values()) > 0, f"no CJK font rendered the Chinese text: {fonts}"


def test_filtering_the_table(page) -> None:  # type: ignore[no-untyped-def]
    b, _, rep = page
    total = len(rep["table"])
    assert _visible_rows(b) == total
    assert b.js("document.getElementById('shown').textContent") == f"{total} of {total} shown"
    b.type_text("#q", "script-mismatch")
    want = sum(1 for r in rep["table"] if "script-mismatch" in " ".join(r["codes"]) + r["reason"])
    assert want >= 1 and _visible_rows(b) == want
    b.js("var q=document.getElementById('q'); q.value=''; q.dispatchEvent(new Event('input'))")
    assert _visible_rows(b) == total
    b.js("var k=document.getElementById('kind'); k.value='skipped'; k.dispatchEvent(new Event('change'))")
    assert _visible_rows(b) == sum(1 for r in rep["table"] if r["kind"] == "skipped") > 0
    b.js("var c=document.getElementById('check'); c.value='dedup'; c.dispatchEvent(new Event('change'))")
    assert (
        _visible_rows(b)
        == sum(1 for r in rep["table"] if r["kind"] == "skipped" and r["stage"] == "dedup")
        > 0
    )
    assert b.errors() == []


def test_review_sheet_export_data_is_embedded(page) -> None:  # type: ignore[no-untyped-def]
    b, _, rep = page
    n = b.js("JSON.parse(document.getElementById('sheet').textContent).rows.length")
    assert n == rep["examples"]["flagged"]
    # The button builds the CSV in the page (a blob download) without an error.
    b.js("document.getElementById('export').click()")
    assert b.errors() == []


def test_screenshot(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    b, _, _ = page
    shot = tmp_path / "report.png"
    b.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
