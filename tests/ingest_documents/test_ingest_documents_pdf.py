"""PDFs: encrypted files, scans without a text layer, damaged streams, vertical text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_documents_helpers import doc_config, examples, ingest_rows, rejects

from fine_prep.cli import main
from fine_prep.errors import InputError

PDF = "documents-pdf/pdfminer-six-samples"


HELVETICA = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def _pdf(content: bytes, resources: bytes = b"<< >>") -> bytes:
    """A one-page PDF with the given content stream and a correct xref table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources %s >>" % resources,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# a scanned page: one 2x2 grey inline image scaled to the page, no text operators at all
SCAN = b"q 200 0 0 200 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x80\x90\xa0\xb0 EI Q"


def test_scanned_pdf_is_rejected_with_a_clear_reason(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdf(SCAN))
    rows = ingest_rows([str(scan)], doc_config(), strict=True)  # a reject, not a file error
    [rej] = rejects(rows)
    assert rej["code"] == "no-text-layer" and rej["kind"] == "rejected"
    assert "OCR" in rej["message"] and "scan.pdf" in rej["message"]
    assert not examples(rows)


def test_generated_pdf_with_text_is_read(tmp_path: Path) -> None:
    page = tmp_path / "hours.pdf"
    page.write_bytes(_pdf(b"BT /F1 12 Tf 20 100 Td (Open daily 10 to 7) Tj ET", HELVETICA))
    [ex] = examples(ingest_rows([str(page)], doc_config()))
    assert "Open daily 10 to 7" in ex["messages"][1]["content"]


@pytest.mark.parametrize("name", ["encryption-aes-256-r6.pdf", "encryption-rc4-40.pdf"])
def test_encrypted_pdf_is_a_file_level_error(name: str, corpora, monkeypatch) -> None:
    monkeypatch.chdir(corpora)
    path = f"{PDF}/{name}"
    with pytest.raises(InputError, match="encrypted PDF") as exc:
        ingest_rows([path], doc_config(), strict=True)
    assert str(exc.value).startswith(path)
    rows = ingest_rows([path, f"{PDF}/simple1.pdf"], doc_config())
    assert [r["code"] for r in rejects(rows)] == ["encrypted-pdf"]
    assert len(examples(rows)) == 1


def test_cli_exit_2_for_an_encrypted_pdf_alone(corpora, tmp_path) -> None:
    res = CliRunner().invoke(
        main, ["ingest", str(corpora / PDF / "encryption-rc4-40.pdf"), "-o", str(tmp_path / "o.jsonl")]
    )
    assert res.exit_code == 2
    assert "encryption-rc4-40.pdf: encrypted PDF" in res.output


def test_owner_password_only_pdf_is_read(corpora) -> None:
    # issue-625 is encrypted with an empty user password: any viewer opens it
    [ex] = examples(ingest_rows([str(corpora / PDF / "contrib-issue-625-identity-cmap.pdf")], doc_config()))
    assert ex["messages"][1]["content"].startswith("Faktura nr FV 1/2021")


def test_corrupted_pdf_keeps_its_text_and_is_flagged(corpora) -> None:
    [ex] = examples(ingest_rows([str(corpora / PDF / "zen_of_python_corrupted.pdf")], doc_config()))
    assert "Beautiful is better than ugly." in ex["messages"][1]["content"]
    assert [f["code"] for f in ex["flags"]] == ["pdf-data-loss"]


def test_vertical_japanese_is_read_in_lines_not_one_character_per_line(corpora) -> None:
    [ex] = examples(ingest_rows([str(corpora / PDF / "jo.pdf")], doc_config()))
    lines = [ln for ln in ex["messages"][1]["content"].splitlines() if ln.strip()]
    assert "わたくしといふ現象は" in lines
    assert sum(len(ln.strip()) == 1 for ln in lines) / len(lines) < 0.2


def test_not_a_pdf_with_a_pdf_name(tmp_path) -> None:
    fake = tmp_path / "brochure.pdf"
    fake.write_text("<html>not a pdf</html>", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        ingest_rows([str(fake)], doc_config(), strict=True)


def test_pdf_split_by_heading_keeps_the_document_whole_and_says_so(corpora) -> None:
    from fine_prep.ingest.sources import Sources

    with Sources([str(corpora / PDF / "simple1.pdf")], doc_config(split_by="heading")) as src:
        out = list(src.read())
    assert len(out) == 1 and out[0].meta["document"].get("section") is None
    assert any("pdf files have no headings" in n for n in src.summary.notes)
