"""Word documents: tracked changes, text boxes, comments, and files that are not .docx at all."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_documents_helpers import doc_config, examples, ingest_rows, rejects

from fine_prep.cli import main
from fine_prep.errors import InputError

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'
DATE = 'w:author="Editor" w:date="2024-03-01T09:00:00Z"'


def _tracked_docx(path: Path) -> Path:
    """A .docx written by python-docx, with tracked changes added as raw WordprocessingML.

    ECMA-376 Part 1, 17.13.5: w:ins / w:del (runs, with w:delText), w:moveFrom / w:moveTo,
    and w:trPr/w:del for a deleted table row.
    """
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_heading("Delivery terms", level=1)
    p = d.add_paragraph("We deliver in ")
    p._p.append(
        parse_xml(
            f'<w:del {W} w:id="1" {DATE}><w:r><w:delText xml:space="preserve">five </w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        parse_xml(f'<w:ins {W} w:id="2" {DATE}><w:r><w:t xml:space="preserve">two </w:t></w:r></w:ins>')
    )
    p.add_run("working days.")
    gone = d.add_paragraph()
    gone._p.append(
        parse_xml(f'<w:del {W} w:id="3" {DATE}><w:r><w:delText>OBSOLETE-CLAUSE</w:delText></w:r></w:del>')
    )
    moved = d.add_paragraph("Fees: ")
    moved._p.append(
        parse_xml(f'<w:moveFrom {W} w:id="4" {DATE}><w:r><w:t>MOVED-AWAY</w:t></w:r></w:moveFrom>')
    )
    moved._p.append(
        parse_xml(f'<w:moveTo {W} w:id="5" {DATE}><w:r><w:t>HK$40 per order</w:t></w:r></w:moveTo>')
    )
    d.add_heading("Areas", level=1)
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Area", "Days"), ("Kowloon", "1"), ("DELETED-ROW", "9")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    tr = table.rows[2]._tr
    tr.insert(0, parse_xml(f'<w:trPr {W}><w:del w:id="6" {DATE}/></w:trPr>'))
    # a text box: Word writes it twice (DrawingML choice, VML fallback); it must be read once
    box = d.add_paragraph()
    box._p.append(
        parse_xml(
            f'<w:r {W} {MC} {WPS} {V}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed note</w:t></w:r></w:p>"
            "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>"
            "<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed note</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    commented = d.add_paragraph("Returns within 7 days.")
    d.add_comment(commented.runs, text="COMMENT-TEXT check with legal", author="Reviewer")
    d.save(str(path))
    return path


def test_tracked_deletions_are_excluded_and_insertions_kept(tmp_path) -> None:
    path = _tracked_docx(tmp_path / "terms.docx")
    rows = ingest_rows([str(path)], doc_config())
    [ex] = examples(rows)
    body = ex["messages"][1]["content"]
    assert "We deliver in two working days." in body
    assert "five" not in body
    assert "OBSOLETE-CLAUSE" not in body
    assert "MOVED-AWAY" not in body
    assert "Fees: HK$40 per order" in body
    assert "Kowloon | 1" in body
    assert "DELETED-ROW" not in body
    assert body.count("Boxed note") == 1
    assert "COMMENT-TEXT" not in body
    assert "Returns within 7 days." in body


def test_tracked_changes_split_by_heading(tmp_path) -> None:
    path = _tracked_docx(tmp_path / "terms.docx")
    rows = ingest_rows([str(path)], doc_config(split_by="heading"))
    refs = [ex["source"]["ref"] for ex in examples(rows)]
    assert refs == ["Delivery terms", "Areas"]
    first = examples(rows)[0]
    assert first["messages"][0]["content"] == 'Write the section "Delivery terms" of our document "terms".'
    assert first["meta"]["document"]["sections"] == 2


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"this is plain text, not a zip", "not-a-docx", "not a zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not-a-docx", "password"),
        (b"PK\x03\x04" + b"\x00garbage" * 50, "not-a-docx", "not a zip"),
    ],
    ids=["text", "ole-or-encrypted", "broken-zip"],
)
def test_bad_docx_is_a_file_level_error(tmp_path, content: bytes, code: str, words: str) -> None:
    bad = tmp_path / "policy.docx"
    bad.write_bytes(content)
    # alone, strict: an InputError naming the file
    with pytest.raises(InputError, match="policy.docx") as exc:
        ingest_rows([str(bad)], doc_config(), strict=True)
    assert words in str(exc.value)
    # among others (run): a reject with the reason, and the good file still ingested
    good = tmp_path / "ok.md"
    good.write_text("# Opening hours\n\nMonday to Saturday, 10 am to 7 pm.\n", encoding="utf-8")
    rows = ingest_rows([str(bad), str(good)], doc_config())
    [rej] = rejects(rows)
    assert rej["code"] == code and words in rej["message"] and rej["source"]["adapter"] == "docx"
    assert len(examples(rows)) == 1


def test_zip_that_is_not_a_word_document(tmp_path) -> None:
    bad = tmp_path / "notes.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a Word document"):
        ingest_rows([str(bad)], doc_config(), strict=True)


def test_truncated_docx_is_a_file_level_error(tmp_path, corpora) -> None:
    data = (corpora / "documents-docx/python-mammoth/tables.docx").read_bytes()
    bad = tmp_path / "tables.docx"
    bad.write_bytes(data[: len(data) // 2])
    rows = ingest_rows([str(bad), str(corpora / "documents-docx/python-mammoth/comments.docx")], doc_config())
    assert [r["code"] for r in rejects(rows)] == ["not-a-docx"]


def test_cli_exit_2_for_a_docx_that_is_not_a_zip_alone(tmp_path) -> None:
    bad = tmp_path / "policy.docx"
    bad.write_text("not a zip", encoding="utf-8")
    res = CliRunner().invoke(main, ["ingest", str(bad), "-o", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 2
    assert "policy.docx" in res.output and "not a zip" in res.output


def test_cli_many_files_reject_the_bad_docx_and_go_on(tmp_path, corpora) -> None:
    bad = tmp_path / "policy.docx"
    bad.write_text("not a zip", encoding="utf-8")
    good = tmp_path / "tables.docx"
    shutil.copy(corpora / "documents-docx/python-mammoth/tables.docx", good)
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(bad), str(good), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    rej = (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8")
    assert '"not-a-docx"' in rej


def test_empty_and_picture_only_documents_are_skipped_with_a_reason(corpora, monkeypatch) -> None:
    monkeypatch.chdir(corpora)
    paths = ["documents-docx/python-mammoth/empty.docx", "documents-docx/python-mammoth/tiny-picture.docx"]
    rows = ingest_rows(paths, doc_config())
    assert [(r["code"], r["kind"]) for r in rejects(rows)] == [("empty-document", "skipped")] * 2
    assert not examples(rows)


def test_strict_format_docx_reads_like_transitional(corpora) -> None:
    # python-docx cannot open ISO 29500 Strict packages; the raw reader must
    rows = ingest_rows([str(corpora / "documents-docx/python-mammoth/strict-format.docx")], doc_config())
    [ex] = examples(rows)
    assert ex["messages"][1]["content"] == "Test"


def test_list_labels_come_from_numbering(tmp_path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Email us your order number", style="List Number")
    d.add_paragraph("Bring the item to the shop", style="List Number")
    d.add_paragraph("Keep the receipt", style="List Bullet")
    path = tmp_path / "steps.docx"
    d.save(str(path))
    [ex] = examples(ingest_rows([str(path)], doc_config()))
    assert ex["messages"][1]["content"] == (
        "1. Email us your order number\n2. Bring the item to the shop\n- Keep the receipt"
    )


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [
        (3, "decimal", "3"),
        (28, "lowerLetter", "ab"),
        (4, "upperRoman", "IV"),
        (7, "decimalZero", "07"),
        (1, "taiwaneseCountingThousand", "一"),
        (10, "chineseCounting", "十"),
        (23, "chineseCountingThousand", "二十三"),
        (2, "ideographTraditional", "乙"),
        (5, "someFutureFormat", "5"),
    ],
)
def test_list_number_formats(n: int, fmt: str, label: str) -> None:
    from fine_prep.ingest.documents.docx import _format_number

    assert _format_number(n, fmt) == label


def test_docx_over_the_zip_size_limit_is_refused(tmp_path) -> None:
    from fine_prep.config import load_config

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b" " * (2 * 1024 * 1024))
    cfg = load_config(None, {"ingest": {"max_zip_mb": 1}})
    [rej] = rejects(ingest_rows([str(bomb)], cfg))
    assert rej["code"] == "docx-too-large"


def test_footnotes_and_endnotes_follow_the_paragraph_that_cites_them(corpora) -> None:
    for name in ("footnotes.docx", "endnotes.docx"):
        [ex] = examples(ingest_rows([str(corpora / "documents-docx/python-mammoth" / name)], doc_config()))
        assert ex["messages"][1]["content"] == "Ouch[1].[2]\n\n[1] A tachyon walks into a bar.\n\n[2] Fin."
