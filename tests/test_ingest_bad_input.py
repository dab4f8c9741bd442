"""Bad files get the right exception, and the message names the file and the problem."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from coplaw.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    IngestError,
    NoTextLayer,
    TooLarge,
    UnsafeFile,
    UnsupportedFormat,
)
from coplaw.ingest import read


def _raises(path: Path, kind: type[IngestError], words: str, **kw: object) -> IngestError:
    with pytest.raises(kind) as info:
        read(path, **kw)  # type: ignore[arg-type]
    exc = info.value
    assert str(path) in str(exc), f"message does not name the file: {exc}"
    assert words in exc.reason, f"{words!r} not in {exc.reason!r}"
    return exc


def _blank_pdf(path: Path, **save: object) -> Path:
    pikepdf = pytest.importorskip("pikepdf")
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    pdf.save(path, **save)
    return path


def _text_pdf(path: Path, line: str) -> Path:
    """A one-page PDF with a real text layer, written by hand (Helvetica, one text run)."""
    stream = f"BT /F1 12 Tf 72 700 Td ({line}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def test_corrupt_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "gazette.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + os.urandom(2000))
    _raises(bad, CorruptFile, "damaged PDF")


def test_truncated_pdf(tmp_path: Path) -> None:
    good = _text_pdf(tmp_path / "whole.pdf", "Section 1 Offences")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[:150])
    _raises(cut, CorruptFile, "damaged PDF")


def test_password_protected_pdf(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    path = _blank_pdf(tmp_path / "locked.pdf",
                      encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw", R=6))
    _raises(path, EncryptedFile, "password-protected")


def test_pdf_without_text_and_ocr_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPLAW_OCR", "0")
    path = _blank_pdf(tmp_path / "scan.pdf")
    exc = _raises(path, NoTextLayer, "no text layer")
    assert "OCR is turned off" in exc.reason


def test_pdf_without_text_and_no_tesseract(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pytesseract = pytest.importorskip("pytesseract")
    monkeypatch.delenv("COPLAW_OCR", raising=False)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such"))
    path = _blank_pdf(tmp_path / "scan.pdf")
    exc = _raises(path, NoTextLayer, "no text layer")
    assert "tesseract program is not installed" in exc.reason


def test_text_pdf_reads(tmp_path: Path) -> None:
    src = read(_text_pdf(tmp_path / "act.pdf", "Section 1 Offences against children"))
    assert src.format == "pdf"
    assert "Section 1 Offences against children" in src.text
    assert [(p.number, p.start) for p in src.pages] == [(1, 0)]


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "act.txt"
    path.write_bytes(content)
    _raises(path, EmptyFile, "empty" if not content else "whitespace")


def test_binary_garbage_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "act.txt"
    path.write_bytes(bytes(range(256)) * 8 + os.urandom(4096))
    _raises(path, CorruptFile, "binary")


def test_binary_garbage_named_pdf_or_docx(tmp_path: Path) -> None:
    for name in ("act.pdf", "act.docx"):
        path = tmp_path / name
        path.write_bytes(b"\x00\x01\x02\x03" * 500 + os.urandom(1000))
        _raises(path, CorruptFile, "not a readable")


def test_unknown_extension_with_garbage(tmp_path: Path) -> None:
    path = tmp_path / "act.bin"
    path.write_bytes(b"\x00\xff\x13" * 400)
    _raises(path, UnsupportedFormat, "not a format coplaw reads")


def test_pdf_named_txt_is_read_as_pdf_with_warning(tmp_path: Path) -> None:
    pdf = _text_pdf(tmp_path / "real.pdf", "Section 2 Possession")
    path = tmp_path / "looks_like_text.txt"
    path.write_bytes(pdf.read_bytes())
    src = read(path)
    assert src.format == "pdf"
    assert "Section 2 Possession" in src.text
    assert any("named .txt but its content is PDF" in w and str(path) in w
               for w in src.warnings)


def test_text_named_pdf_is_read_as_text_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "act.pdf"
    path.write_text("1. Short title\nThis Act may be cited as the Test Act.\n", "utf-8")
    src = read(path)
    assert src.format == "text" and src.text.startswith("1. Short title")
    assert any("named .pdf" in w for w in src.warnings)


def test_html_named_xml_and_akn_named_txt(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<!DOCTYPE html><html><body><main><h1>Act</h1>"
                    "<p>1. This Act applies to every person.</p></main></body></html>", "utf-8")
    assert read(page).format == "html"
    akn = Path(__file__).parent / "fixtures" / "ingest" / "sample_act.akn.xml"
    renamed = tmp_path / "act.txt"
    renamed.write_bytes(akn.read_bytes())
    src = read(renamed)
    assert src.format == "akn" and src.tree
    assert any("Akoma Ntoso" in w for w in src.warnings)


def test_text_that_starts_with_a_tag(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    body = "<Section 1> This Act applies to every person in the Republic.\n"
    path.write_text(body, "utf-8")
    src = read(path)
    assert src.format == "text" and src.text == body and not src.warnings


def test_utf16_with_and_without_bom(tmp_path: Path) -> None:
    text = "Artículo 5.— El que posea material de abuso sexual infantil será penado.\n" * 5
    for enc, bom in (("utf-16", True), ("utf-16-le", False), ("utf-16-be", False)):
        path = tmp_path / f"ley-{enc}.txt"
        path.write_bytes(text.encode(enc))
        src = read(path)
        assert src.text == text, enc
        assert src.encoding and src.encoding.startswith("utf-16"), (enc, src.encoding)
        assert src.language == "es"
        if bom:
            assert src.encoding == "utf-16-le"


def test_cp1252_text(tmp_path: Path) -> None:
    text = ("Article 227-23 — Le fait de détenir une image à caractère pornographique d’un "
            "mineur est puni de cinq ans d’emprisonnement et de 75 000 € d’amende.\n") * 3
    path = tmp_path / "code.txt"
    path.write_bytes(text.encode("cp1252"))
    src = read(path)
    assert src.text == text
    assert src.encoding == "cp1252"
    assert src.language == "fr"


def test_utf8_bom_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "act.md"
    path.write_bytes(b"\xef\xbb\xbf# Act\n\n1. Short title\n")
    src = read(path)
    assert src.text == "# Act\n\n1. Short title\n"
    assert src.format == "markdown" and src.title == "Act"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>
<section eId="sec_1"><num>1</num><content><p>&lol9;</p></content></section>
</body></act></akomaNtoso>
"""


def test_xml_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(BILLION_LAUGHS, "utf-8")
    _raises(path, UnsafeFile, "entities")


def test_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not leak", "utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
                    '<Statute><Body><Section><Label>1</Label><Text>&s;</Text></Section>'
                    '</Body></Statute>', "utf-8")
    _raises(path, UnsafeFile, "entities")


def test_malformed_and_unknown_xml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Statute><Body><Section><Label>1</Label></Body>", "utf-8")
    _raises(broken, CorruptFile, "not well-formed XML")
    other = tmp_path / "feed.xml"
    other.write_text("<rss><channel><title>News</title></channel></rss>", "utf-8")
    _raises(other, UnsupportedFormat, "<rss>")


def _docx_bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * size + b"</w:document>")
    return path


def test_docx_zip_bomb_ratio(tmp_path: Path) -> None:
    path = _docx_bomb(tmp_path / "bomb.docx", 40 * 1024 * 1024)
    assert path.stat().st_size < 200_000
    _raises(path, UnsafeFile, "zip bomb")


def test_docx_unpacked_total_over_limit(tmp_path: Path) -> None:
    # many entries, each under the ratio check's floor, that together unpack to 18 MiB
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
        for i in range(20):
            zf.writestr(f"word/media/part{i}.xml", b" " * 900_000)
    assert path.stat().st_size < 1024 * 1024
    _raises(path, UnsafeFile, "would unpack to", max_bytes=1024 * 1024)


def test_docx_that_is_just_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "act.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    _raises(path, CorruptFile, "not a Word document")


def test_old_word_doc(tmp_path: Path) -> None:
    path = tmp_path / "act.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    _raises(path, UnsupportedFormat, ".doc")
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
                       + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    _raises(locked, EncryptedFile, "password-protected")


def test_rtf_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "act.txt"
    path.write_bytes(b"{\\rtf1\\ansi {\\b Section 1.} This Act applies.}")
    _raises(path, UnsupportedFormat, "save it as .docx")


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "code.txt"
    path.write_text("Section 1. Offences.\n" * 100, "utf-8")
    exc = _raises(path, TooLarge, "over the", max_bytes=1000)
    assert "limit" in exc.reason


def test_missing_file_and_directory(tmp_path: Path) -> None:
    _raises(tmp_path / "nope.txt", IngestError, "no such file")
    _raises(tmp_path, IngestError, "directory")
