"""Golden files: each real-world document (read in place) and the sample data, through ingest.

Regenerate with ``FINE_PREP_REGEN=1 pytest tests/ingest_documents`` and review the diff.
"""

from __future__ import annotations

from typing import Any

import pytest
from ingest_documents_helpers import ROOT, check_golden, doc_config, examples, ingest_rows, rejects

DOCX = "documents-docx"
PDF = "documents-pdf/pdfminer-six-samples"
HTML = "documents-html/mozilla-readability-test-pages"
MD = "documents-markdown"

# case -> (corpora-relative path, [documents] settings)
CORPORA_CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "docx-blk-paras-and-tables": (f"{DOCX}/python-docx/blk-paras-and-tables.docx", {}),
    "docx-comments-rich-para": (f"{DOCX}/python-docx/comments-rich-para.docx", {}),
    "docx-hdr-header-footer": (f"{DOCX}/python-docx/hdr-header-footer.docx", {}),
    "docx-par-hyperlinks": (f"{DOCX}/python-docx/par-hyperlinks.docx", {}),
    "docx-par-known-paragraphs": (f"{DOCX}/python-docx/par-known-paragraphs.docx", {}),
    "docx-par-known-paragraphs-split": (
        f"{DOCX}/python-docx/par-known-paragraphs.docx",
        {"split_by": "heading"},
    ),
    "docx-par-rendered-page-breaks": (f"{DOCX}/python-docx/par-rendered-page-breaks.docx", {}),
    "docx-comments": (f"{DOCX}/python-mammoth/comments.docx", {}),
    "docx-empty": (f"{DOCX}/python-mammoth/empty.docx", {}),
    "docx-endnotes": (f"{DOCX}/python-mammoth/endnotes.docx", {}),
    "docx-footnotes": (f"{DOCX}/python-mammoth/footnotes.docx", {}),
    "docx-simple-list": (f"{DOCX}/python-mammoth/simple-list.docx", {}),
    "docx-strict-format": (f"{DOCX}/python-mammoth/strict-format.docx", {}),
    "docx-tables": (f"{DOCX}/python-mammoth/tables.docx", {}),
    "docx-text-box": (f"{DOCX}/python-mammoth/text-box.docx", {}),
    "docx-tiny-picture": (f"{DOCX}/python-mammoth/tiny-picture.docx", {}),
    "docx-utf8-bom": (f"{DOCX}/python-mammoth/utf8-bom.docx", {}),
    "pdf-acroform": (f"{PDF}/acroform-AcroForm_TEST.pdf", {}),
    "pdf-contrib-2b": (f"{PDF}/contrib-2b.pdf", {}),
    "pdf-vertical-449": (f"{PDF}/contrib-issue-449-vertical.pdf", {}),
    "pdf-identity-cmap-625": (f"{PDF}/contrib-issue-625-identity-cmap.pdf", {}),
    "pdf-non-unicode-cmap-791": (f"{PDF}/contrib-issue-791-non-unicode-cmap.pdf", {}),
    "pdf-chinese-invoice-566": (f"{PDF}/contrib-issue_566_test_1.pdf", {}),
    "pdf-pagelabels": (f"{PDF}/contrib-pagelabels.pdf", {}),
    "pdf-pagelabels-split": (f"{PDF}/contrib-pagelabels.pdf", {"split_by": "heading"}),
    "pdf-encryption-aes-256-r6": (f"{PDF}/encryption-aes-256-r6.pdf", {}),
    "pdf-encryption-rc4-40": (f"{PDF}/encryption-rc4-40.pdf", {}),
    "pdf-jo-vertical": (f"{PDF}/jo.pdf", {}),
    "pdf-simple1": (f"{PDF}/simple1.pdf", {}),
    "pdf-simple3": (f"{PDF}/simple3.pdf", {}),
    "pdf-zen-corrupted": (f"{PDF}/zen_of_python_corrupted.pdf", {}),
    "html-pixnet": (f"{HTML}/pixnet/source.html", {}),
    "html-ietf-1": (f"{HTML}/ietf-1/source.html", {}),
    "html-mozilla-1-split": (f"{HTML}/mozilla-1/source.html", {"split_by": "heading"}),
    "md-guidelines-en": (f"{MD}/sparanoid-chinese-copywriting-guidelines/README.en.md", {}),
    "md-guidelines-zh-hans": (f"{MD}/sparanoid-chinese-copywriting-guidelines/README.zh-Hans.md", {}),
    "md-guidelines-zh-hant-split": (
        f"{MD}/sparanoid-chinese-copywriting-guidelines/README.zh-Hant.md",
        {"split_by": "heading"},
    ),
    "md-guidelines-zh-hant-split-level-3": (
        f"{MD}/sparanoid-chinese-copywriting-guidelines/README.zh-Hant.md",
        {"split_by": "heading", "split_level": 3},
    ),
    "md-tldr-cp-en": (f"{MD}/tldr-pages/pages/common/cp.md", {}),
    "md-tldr-curl-en": (f"{MD}/tldr-pages/pages/common/curl.md", {}),
    "md-tldr-cp-zh": (f"{MD}/tldr-pages/pages.zh/common/cp.md", {}),
    "md-tldr-curl-zh": (f"{MD}/tldr-pages/pages.zh/common/curl.md", {}),
    "md-tldr-cp-zh-tw": (f"{MD}/tldr-pages/pages.zh_TW/common/cp.md", {"split_by": "heading"}),
    "md-tldr-curl-zh-tw": (f"{MD}/tldr-pages/pages.zh_TW/common/curl.md", {}),
}

SAMPLE_CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "sample-returns-policy": ("sample_data/docs/returns_policy.docx", {}),
    "sample-returns-policy-split": ("sample_data/docs/returns_policy.docx", {"split_by": "heading"}),
    "sample-brewing-guide": ("sample_data/docs/brewing_guide.md", {}),
    "sample-brewing-guide-split": ("sample_data/docs/brewing_guide.md", {"split_by": "heading"}),
}


@pytest.mark.parametrize("case", sorted(CORPORA_CASES))
def test_corpora_golden(case: str, corpora, monkeypatch) -> None:
    path, settings = CORPORA_CASES[case]
    monkeypatch.chdir(corpora)  # source.path is the path as given: keep it machine-independent
    check_golden(case, ingest_rows([path], doc_config(**settings)))


@pytest.mark.parametrize("case", sorted(SAMPLE_CASES))
def test_sample_data_golden(case: str, monkeypatch) -> None:
    path, settings = SAMPLE_CASES[case]
    monkeypatch.chdir(ROOT)
    check_golden(case, ingest_rows([path], doc_config(**settings)))


def test_every_example_is_templated_and_grouped_by_document(corpora, monkeypatch) -> None:
    monkeypatch.chdir(corpora)
    for case, (path, settings) in sorted(CORPORA_CASES.items()):
        for ex in examples(ingest_rows([path], doc_config(**settings))):
            assert ex["id"].startswith("doc-"), case
            assert ex["meta"]["group"] == path, case
            roles = [m["role"] for m in ex["messages"]]
            assert roles == ["user", "assistant"], case
            assert ex["messages"][0]["content"].startswith(("Write our document ", "Write the section ")), (
                case
            )
            assert ex["messages"][1]["content"].strip(), case


def test_sample_returns_policy_sections_follow_its_headings(monkeypatch) -> None:
    # sample_data/README.md: the .docx has a title and five headings
    monkeypatch.chdir(ROOT)
    rows = ingest_rows(["sample_data/docs/returns_policy.docx"], doc_config(split_by="heading"))
    refs = [ex["source"]["ref"] for ex in examples(rows)]
    numbered = [r for r in refs if r[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert len(numbered) == 5
    assert not rejects(rows)
    text = "\n".join(ex["messages"][1]["content"] for ex in examples(rows))
    assert "|" in text  # the table is kept as text


def test_sample_brewing_guide_one_section_per_tea(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    source = (ROOT / "sample_data/docs/brewing_guide.md").read_text(encoding="utf-8")
    h2 = [line[3:].strip() for line in source.splitlines() if line.startswith("## ")]
    rows = ingest_rows(["sample_data/docs/brewing_guide.md"], doc_config(split_by="heading"))
    refs = [ex["source"]["ref"] for ex in examples(rows)]
    assert refs[1:] == h2  # section 0 is the introduction under the title
    for ex in examples(rows)[1:]:
        assert ex["messages"][0]["content"].startswith('Write the section "')
        assert not ex["messages"][1]["content"].startswith("## ")
