"""Sniffing, Markdown/HTML/text specifics, and the no-text-is-lost property of the splitter."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_documents_helpers import ROOT, doc_config, examples, ingest_rows

from fine_prep.ingest.base import ADAPTERS, InputFile
from fine_prep.ingest.documents.common import Document, _title_block, split_sections, whole_section
from fine_prep.ingest.documents.markdown import markdown_blocks
from fine_prep.ingest.documents.text import TEXT_SNIFF
from fine_prep.ingest.sources import Sources

WHATSAPP_LINES = (
    b"12/03/2024, 10:15 - Harbour Lane Tea: Hello! How can we help?\n"
    b"12/03/2024, 10:16 - Winnie: Do you ship to Tai Po?\n"
)


def _item(path: Path, head: bytes) -> InputFile:
    return InputFile(path, path.name, head)


def test_each_format_is_sniffed_by_its_adapter(corpora) -> None:
    cases = {
        "documents-docx/python-mammoth/tables.docx": "docx",
        "documents-pdf/pdfminer-six-samples/simple1.pdf": "pdf",
        "documents-markdown/tldr-pages/pages/common/cp.md": "markdown",
        "documents-html/mozilla-readability-test-pages/pixnet/source.html": "html",
        "text-cantonese/ctcpc/ctcpc_yue_sentences_sample.txt": "text",
    }
    with Sources([], doc_config()) as src:
        for rel, name in cases.items():
            path = corpora / rel
            chosen = src.choose(_item(path, path.read_bytes()[:8192]))
            assert chosen is not None and chosen.name == name, rel


def test_plain_text_sniff_is_below_a_whatsapp_adapter(tmp_path) -> None:
    chat = tmp_path / "WhatsApp Chat with Winnie.txt"
    chat.write_bytes(WHATSAPP_LINES)
    assert ADAPTERS.get("text").sniff(_item(chat, WHATSAPP_LINES)) == TEXT_SNIFF < 0.9


def test_sample_whatsapp_exports_do_not_go_to_the_text_adapter() -> None:
    with Sources([], doc_config()) as src:
        for name in ("whatsapp_harbourlane.txt", "whatsapp_zh_hk.txt"):
            path = ROOT / "sample_data" / "chat" / name
            chosen = src.choose(_item(path, path.read_bytes()[:8192]))
            assert chosen is not None and chosen.name != "text", name


def test_text_document_in_big5_is_decoded(corpora) -> None:
    path = corpora / "text-cjk-encodings/cpython-cjkencodings/big5.txt"
    reference = (corpora / "text-cjk-encodings/cpython-cjkencodings/big5-utf8.txt").read_text(
        encoding="utf-8"
    )
    [ex] = examples(ingest_rows([str(path)], doc_config()))
    assert ex["messages"][1]["content"] == reference.strip()
    assert ex["messages"][0]["content"] == 'Write our document "big5".'


def test_markdown_front_matter_title_and_setext_heading(tmp_path) -> None:
    md = tmp_path / "guide.md"
    md.write_text(
        '---\ntitle: "Tea Guide 茶葉指南"\nlang: en\n---\n\nIntro.\n\nGreen tea\n---------\n\n'
        "80°C.  \nShort steeps.\n\n```\n# not a heading\n```\n\n## Black tea\n\nBoiling.\n",
        encoding="utf-8",
    )
    rows = examples(ingest_rows([str(md)], doc_config(split_by="heading")))
    assert [r["source"]["ref"] for r in rows] == ["Tea Guide 茶葉指南", "Green tea", "Black tea"]
    # the Markdown is kept as written: the hard line break and the code fence survive
    assert rows[1]["messages"][1]["content"] == "80°C.  \nShort steeps.\n\n```\n# not a heading\n```"
    [whole] = examples(ingest_rows([str(md)], doc_config()))
    assert not whole["messages"][1]["content"].startswith("---")
    assert whole["meta"]["document"]["title_from"] == "metadata"


def test_html_title_and_headings(tmp_path) -> None:
    page = tmp_path / "faq.htm"
    page.write_text(
        "<html><head><meta charset='big5'><title>常見問題 FAQ</title></head><body><nav>Home | Shop</nav>"
        "<h1>FAQ</h1><p>Intro</p><h2>送貨</h2><p>三天內送達。</p><table><tr><td>九龍</td><td>1</td></tr>"
        "</table><h2>Returns</h2><p>Seven days.</p><footer>(c) shop</footer></body></html>",
        encoding="big5",
    )
    rows = examples(ingest_rows([str(page)], doc_config(split_by="heading")))
    assert [r["source"]["ref"] for r in rows] == ["常見問題 FAQ", "送貨", "Returns"]
    assert rows[1]["messages"][1]["content"] == "三天內送達。\n\n九龍 | 1"
    text = "".join(r["messages"][1]["content"] for r in rows)
    assert "Home | Shop" not in text and "(c) shop" not in text


@st.composite
def markdown_docs(draw) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 4), st.text("abc 中文", min_size=1)),
                st.text("abc 中文\n-*`>#", max_size=40),
            ),
            max_size=12,
        )
    )
    return "\n\n".join(pieces)


@settings(max_examples=200, deadline=None)
@given(source=markdown_docs(), split_level=st.integers(0, 3))
def test_markdown_splitting_never_loses_text(source: str, split_level: int) -> None:
    def squeeze(text: str) -> str:
        return "".join(text.split())

    blocks = markdown_blocks(source.split("\n"))
    doc = Document(blocks, verbatim=True)
    assert "".join(squeeze(b.text) for b in blocks) == squeeze(source)
    assert squeeze(whole_section(doc, "T").body) == squeeze(source)
    sections = split_sections(doc, "T", split_level)
    if not sections:
        return
    # every block is in one section's text, except the title and the headings cut at
    cut_lines = {s.line for s in sections if s.index > 0}
    title = _title_block(blocks)
    kept = [b for i, b in enumerate(blocks) if i != title and not (b.level and b.line in cut_lines)]
    assert "".join(squeeze(s.body) for s in sections) == "".join(squeeze(b.text) for b in kept)
    assert [s.index for s in sections] == sorted(s.index for s in sections)


def test_xhtml_with_an_xml_declaration(tmp_path) -> None:
    page = tmp_path / "notice.xhtml"
    page.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        "<title>Typhoon notice</title></head><body><p>Closed during signal 8.</p></body></html>",
        encoding="utf-8",
    )
    [ex] = examples(ingest_rows([str(page)], doc_config()))
    assert ex["messages"] == [
        {"role": "user", "content": 'Write our document "Typhoon notice".'},
        {"role": "assistant", "content": "Closed during signal 8."},
    ]


@settings(max_examples=60, deadline=None)
@given(
    suffix=st.sampled_from([".docx", ".pdf", ".md", ".html", ".txt"]),
    head=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"<html><title>"]),
    data=st.binary(max_size=400),
)
def test_no_input_bytes_make_an_adapter_raise(
    tmp_path_factory, suffix: str, head: bytes, data: bytes
) -> None:
    from fine_prep.ingest.base import IngestContext
    from fine_prep.record import Reject

    path = tmp_path_factory.mktemp("fuzz") / f"doc{suffix}"
    path.write_bytes(head + data)
    cfg = _defaults()
    names = {".docx": "docx", ".pdf": "pdf", ".md": "markdown", ".html": "html", ".txt": "text"}
    adapter = ADAPTERS.get(names[suffix])
    item = _item(path, (head + data)[:8192])
    assert adapter.sniff(item) > 0
    for rec in adapter.read([item], IngestContext(cfg, strict=False)):
        if isinstance(rec, Reject):
            assert rec.code and path.name in rec.message


_CFG: list = []


def _defaults():
    if not _CFG:
        _CFG.append(doc_config())
    return _CFG[0]
