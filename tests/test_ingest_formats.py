"""Readers on small documents drafted here: DOCX numbering, HTML boilerplate, text, Markdown,
Akoma Ntoso, language detection, OCR and its cache."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from coplaw.document import SourceText
from coplaw.ingest import SUPPORTED_SUFFIXES, language, read

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _line_of(src: SourceText, words: str) -> str:
    return next(line for line in src.text.splitlines() if words in line)


def _add_list(document: Any, abstract_id: int, num_id: int,
              levels: list[tuple[str, str]]) -> None:
    """A list definition: levels of (numFmt, lvlText), e.g. ("lowerLetter", "(%1)")."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    absn = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
                     f"{lvls}</w:abstractNum>")
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
                    f'<w:abstractNumId w:val="{abstract_id}"/></w:num>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    numbering.append(num)


def _numbered(paragraph: Any, num_id: int, level: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def test_docx_numbered_lists_kept_as_text(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "Child Safety Act"
    _add_list(document, 90, 91, [("decimal", "(%1)"), ("lowerLetter", "(%2)"),
                                  ("lowerRoman", "(%3)")])
    document.add_heading("PART I - OFFENCES", level=1)
    document.add_paragraph("5. Possession of child sexual abuse material")
    _numbered(document.add_paragraph("A person who possesses such material commits an "
                                     "offence."), 91, 0)
    _numbered(document.add_paragraph("In this section \u2014"), 91, 0)
    _numbered(document.add_paragraph("the child;"), 91, 1)
    _numbered(document.add_paragraph("the material, including\u2014"), 91, 1)
    _numbered(document.add_paragraph("a film;"), 91, 2)
    _numbered(document.add_paragraph("a computer file; and"), 91, 2)
    _numbered(document.add_paragraph("the device."), 91, 1)
    convicted = document.add_paragraph("A person convicted is liable to imprisonment")
    _numbered(convicted, 91, 0)
    from docx.oxml import parse_xml

    # a tracked deletion inside the paragraph is not part of the text
    convicted._p.append(parse_xml(
        f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="x"><w:r><w:delText> for life'
        "</w:delText></w:r></w:del>"))
    convicted.add_run(".")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Offence"
    table.rows[0].cells[1].text = "Ten years"
    path = tmp_path / "act.docx"
    document.save(path)

    src = read(path)
    assert src.format == "docx" and src.title == "Child Safety Act"
    lines = src.text.splitlines()
    assert lines[:2] == ["PART I - OFFENCES", "5. Possession of child sexual abuse material"]
    assert lines[2] == "(1) A person who possesses such material commits an offence."
    assert lines[3:9] == ["(2) In this section \u2014", "(a) the child;",
                          "(b) the material, including\u2014", "(i) a film;",
                          "(ii) a computer file; and", "(c) the device."]
    assert lines[9] == "(3) A person convicted is liable to imprisonment."
    assert lines[10] == "Offence | Ten years"
    span = next(s for s in src.source_map if src.text[s.start:s.end] == "(a) the child;")
    assert span.element == "/w:document/w:body/w:p[5]"
    assert src.language == "en"


def test_docx_style_numbering(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for words in ("First duty of the provider.", "Second duty of the provider."):
        document.add_paragraph(words, style="List Number")
    path = tmp_path / "styled.docx"
    document.save(path)
    src = read(path)
    assert src.text.splitlines() == ["1. First duty of the provider.",
                                     "2. Second duty of the provider."]


def test_docx_lists_continue_restart_and_redefine_as_word_does(tmp_path: Path) -> None:
    """Two lists over one definition continue the count; "restart numbering" (a
    startOverride) starts again; a level redefined in the override uses its own format."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_list(document, 80, 81, [("decimal", "%1.")])
    numbering = document.part.numbering_part.element
    for xml in (
        f'<w:num xmlns:w="{W_NS}" w:numId="82"><w:abstractNumId w:val="80"/></w:num>',
        f'<w:num xmlns:w="{W_NS}" w:numId="83"><w:abstractNumId w:val="80"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
        f'<w:num xmlns:w="{W_NS}" w:numId="84"><w:abstractNumId w:val="80"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="(%1)"/>'
        "</w:lvl></w:lvlOverride></w:num>",
    ):
        numbering.append(parse_xml(xml))
    for words, num_id in (("Scope.", 81), ("Definitions.", 81), ("Offences.", 82),
                          ("First duty.", 83), ("Second duty.", 83), ("Fourth item.", 84),
                          ("Penalties.", 82)):
        _numbered(document.add_paragraph(words), num_id, 0)
    path = tmp_path / "lists.docx"
    document.save(path)
    assert read(path).text.splitlines() == [
        "1. Scope.", "2. Definitions.", "3. Offences.",  # 82 continues 81
        "1. First duty.", "2. Second duty.",  # 83 restarts
        "(D) Fourth item.",  # 84 redefines the level and starts at 4
        "4. Penalties.",  # back on the shared count
    ]


def test_valdoria_docx_example(examples_dir: Path) -> None:
    path = examples_dir / "valdoria" / "child_protection_act_2019.docx"
    src = read(path)
    assert src.text.startswith("CHILD PROTECTION ACT, 2019\n")
    assert "(a) receive and investigate reports of the abuse of children;" in src.text


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Act 12 - Legal Portal</title>
<script>var tracking = "should never appear";</script><style>p { color: red; }</style></head>
<body>
<div id="top-menu"><a href="/">Home</a> | <a href="/laws">Laws</a> | <a href="/a">About</a></div>
<div class="breadcrumbs"><a href="/">Portal</a> &gt; <a href="/laws">Laws</a> &gt; Act 12</div>
<div class="content">
<h1>Children (Online Protection) Act</h1>
<h2>Part 2 &mdash; Offences</h2>
<h3>6. Indecent images of children</h3>
<p>(1) Any person who makes, distributes or possesses an indecent image of a child commits an
offence and is liable on conviction to imprisonment for a term not exceeding ten years.</p>
<p>(2) In this section&mdash;</p>
<p>(a) the child;</p>
<p>(b) the image;</p>
<p>(3) It is not a defence that the image was made by a computer without the use of a real
child, where the image appears to be of a child engaged in sexual conduct.</p>
<p>(4) Proceedings under this section require the consent of the Director of Public
Prosecutions, who shall decide within thirty days of receiving the file.</p>
</div>
<div class="sidebar"><p>Related laws: Penal Code; Evidence Act; Cybercrime Act</p></div>
<div class="bottom"><p>Copyright 2024 Legal Portal. All rights reserved.</p>
<p>Privacy | Terms | Contact us</p></div>
</body></html>
"""


def test_html_drops_boilerplate_and_keeps_short_lines(tmp_path: Path) -> None:
    path = tmp_path / "act.html"
    path.write_text(PAGE, "utf-8")
    src = read(path)
    assert src.format == "html"
    lines = src.text.splitlines()
    assert lines[0] == "Children (Online Protection) Act"
    assert "Part 2 \u2014 Offences" in lines and "6. Indecent images of children" in lines
    assert "(a) the child;" in lines and "(b) the image;" in lines
    assert lines[-1].startswith("(4) Proceedings under this section")
    for junk in ("tracking", "Home", "Portal >", "Related laws", "Copyright", "Privacy"):
        assert junk not in src.text, junk
    assert _line_of(src, "(1) Any person").endswith("not exceeding ten years.")
    assert src.title == "Children (Online Protection) Act"
    span = next(s for s in src.source_map if src.text[s.start:s.end] == "(a) the child;")
    # the path and line of the page as written (before menus were removed)
    assert span.element == "/html/body/div[3]/p[3]" and span.line == 14


LAYOUT_TABLE_PAGE = """<html><head><title>Republic Act No. 99</title></head><body>
<div id="top"><a href="/">The Law Library</a> | <a href="/statutes">Statutes</a></div>
<table width="100%"><tr><td width="20%"><a href="/a">Acts</a><br><a href="/b">Decrees</a></td>
<td><p align="center"><b>REPUBLIC ACT NO. 99</b></p>
<p align="center">AN ACT DEFINING ONLINE OFFENCES AGAINST CHILDREN AND PROVIDING PENALTIES</p>
<p>Section 1. <i>Title</i>. — This Act shall be known as the "Online Child Safety Act".</p>
<p>Section 4. <i>Offences</i>. — The following acts constitute offences punishable under
this Act when committed through a computer system or any other similar means:</p>
<p>(a) Offences against children:<br>(1) Grooming;<br>(2) Live streaming of abuse;</p>
<table border="1"><tr><td>Offence</td><td>Penalty</td></tr>
<tr><td>Grooming</td><td>Six years</td></tr></table>
<p>Section 31. <i>Effectivity</i>. — This Act shall take effect fifteen days after its
publication in the Official Gazette or in two newspapers of general circulation.</p>
</td></tr></table>
<div class="foot">The Law Library, a project of a law foundation</div>
</body></html>"""


def test_html_layout_table_page(tmp_path: Path) -> None:
    """An old-style page: the law sits in a layout table beside a link column."""
    path = tmp_path / "ra99.html"
    path.write_text(LAYOUT_TABLE_PAGE, "utf-8")
    src = read(path)
    lines = src.text.splitlines()
    assert lines[:2] == ["REPUBLIC ACT NO. 99",
                         "AN ACT DEFINING ONLINE OFFENCES AGAINST CHILDREN AND PROVIDING "
                         "PENALTIES"]
    assert "(a) Offences against children:" in lines
    assert "(1) Grooming;" in lines and "(2) Live streaming of abuse;" in lines
    assert "Offence | Penalty" in lines and "Grooming | Six years" in lines
    assert lines[-1].startswith("Section 31. Effectivity.")
    for junk in ("Law Library", "Statutes", "Decrees"):
        assert junk not in src.text, junk


def test_html_cp1252_declared_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "loi.htm"
    body = ("<html><head><meta charset='windows-1252'></head><body><main>"
            "<p>Article 1 \u2014 Le présent décret s’applique à tous les mineurs.</p>"
            "<p>Article 2 \u2014 Les fournisseurs d’accès signalent les contenus.</p>"
            "</main></body></html>")
    path.write_bytes(body.encode("cp1252"))
    src = read(path)
    assert "s’applique à tous les mineurs" in src.text
    assert src.language == "fr"


def test_valdoria_html_example(examples_dir: Path) -> None:
    path = examples_dir / "valdoria" / "online_safety_act_2022.html"
    src = read(path)
    assert src.text.startswith("Online Safety Act, 2022\n")
    assert "(a) does not have actual knowledge of the illegal content; and" in src.text
    assert "Search the portal" not in src.text and "analytics" not in src.text


def test_plain_text_offsets_are_file_positions(tmp_path: Path) -> None:
    body = "1. Short title\r\nThis Act may be cited as the Test Act.\r\n\r\n2. Interpretation\n"
    path = tmp_path / "act.txt"
    path.write_bytes(body.encode("utf-8"))
    src = read(path)
    assert src.text == body
    assert [(s.line, src.text[s.start:s.end]) for s in src.source_map] == [
        (1, "1. Short title\r\n"), (2, "This Act may be cited as the Test Act.\r\n"),
        (3, "\r\n"), (4, "2. Interpretation\n")]


def test_markdown_kept_verbatim_with_title(tmp_path: Path) -> None:
    body = ('---\ntitle: "Ley de Prueba"\n---\n# Ley de Prueba\n\n## Artículo 1\n\n'
            "**Artículo 1.-** El que posea material será penado.\n")
    path = tmp_path / "ley.md"
    path.write_text(body, "utf-8")
    src = read(path)
    assert src.format == "markdown" and src.text == body
    assert src.title == "Ley de Prueba"
    assert src.language == "es"


def test_akoma_ntoso_keeps_eids_and_offsets() -> None:
    src = read(FIXTURES / "sample_act.akn.xml")
    assert src.format == "akn"
    assert src.title == "Sample Child Online Safety Act, 2020"
    assert src.language == "en"
    provs = {p.eid: p for top in src.tree or [] for p in top.walk()}
    assert list(provs) == [
        "chp_1", "sec_1", "sec_1__para_a", "sec_1__para_b", "chp_2", "sec_2",
        "sec_2__subsec_1", "sec_2__subsec_2", "sec_2__subsec_2__para_a",
        "sec_2__subsec_2__para_b", "att_1", "att_1__hcontainer_1"]
    sec2 = provs["sec_2"]
    assert (sec2.kind, sec2.num, sec2.heading) == (
        "section", "2.", "Possession of child sexual abuse material")
    assert src.text[sec2.start:sec2.body_start] == \
        "2. Possession of child sexual abuse material\n"
    para = provs["sec_2__subsec_2__para_a"]
    assert src.text[para.start:para.end] == \
        "(a) is a police officer acting in the course of duty; or"
    assert src.text[para.body_start:].startswith("is a police officer")
    assert provs["sec_2"].end == provs["sec_2__subsec_2__para_b"].end
    # the footnote is not inside the enacted sentence; metadata is not text
    assert "In this Act—" in src.text and "Inserted by" not in src.text
    assert "/akn/xx" not in src.text
    span = next(s for s in src.source_map if src.text[s.start:s.end].startswith("reported"))
    assert span.element and span.line


@pytest.mark.parametrize("text, lang", [
    ("The Minister may by regulation require any person who provides an internet service "
     "to report to the police the address of any site that contains such material.", "en"),
    ("Le fait de détenir une image à caractère pornographique d'un mineur est puni de cinq "
     "ans d'emprisonnement et de 75 000 euros d'amende.", "fr"),
    ("El que, por medio de comunicaciones electrónicas, contactare a una persona menor de "
     "edad con el propósito de cometer cualquier delito será penado.", "es"),
    ("Quem adquirir, possuir ou armazenar, por qualquer meio, fotografia ou vídeo com cena "
     "de sexo explícito envolvendo criança ou adolescente será punido com a pena da lei.",
     "pt"),
    ("Wer einen kinderpornographischen Inhalt verbreitet oder der Öffentlichkeit "
     "zugänglich macht, wird mit Freiheitsstrafe von einem Jahr bis zu zehn Jahren bestraft.",
     "de"),
    ("কোন ব্যক্তি শিশুকে ব্যবহার করিয়া পর্নোগ্রাফি উৎপাদন করিলে তিনি অপরাধ করিয়াছেন বলিয়া গণ্য "
     "হইবেন এবং উক্ত অপরাধের জন্য দণ্ডিত হইবেন।", "bn"),
])
def test_language_detection(text: str, lang: str) -> None:
    assert language.detect(text) == lang


def test_language_needs_enough_text() -> None:
    assert language.detect("Act 12") is None
    assert language.detect("") is None


def test_supported_suffixes() -> None:
    assert {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".xml"} <= SUPPORTED_SUFFIXES
    assert ".doc" not in SUPPORTED_SUFFIXES


def _image_pdf(path: Path, words: str) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1700, 2200), "white")
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.load_default(size=64)
    except TypeError:  # older Pillow
        font = ImageFont.load_default()
    draw.text((150, 300), words, fill="black", font=font)
    img.save(path, "PDF", resolution=200.0)
    return path


def test_ocr_reads_a_scanned_page_and_caches_it(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("PIL")
    pytesseract = pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    monkeypatch.delenv("COPLAW_OCR", raising=False)
    monkeypatch.setenv("COPLAW_CACHE_DIR", str(tmp_path / "cache"))
    path = _image_pdf(tmp_path / "scan.pdf", "Section 5 Offences against children")
    src = read(path)
    assert "Offences against children" in src.text
    assert len(src.pages) == 1 and src.source_map[0].element == "ocr"
    assert any("read by OCR" in w for w in src.warnings)
    assert list((tmp_path / "cache" / "ocr").glob("*.txt"))

    def no_tesseract(*args: object, **kwargs: object) -> str:
        raise AssertionError("OCR ran again instead of using the cache")

    monkeypatch.setattr(pytesseract, "image_to_string", no_tesseract)
    assert read(path).text == src.text


BLUEBELL_SOURCE = """CHAPTER 1 - Preliminary

  SEC 1. - Interpretation

    In this Act—

    PARA (a)

      "child" means a person under eighteen;

    PARA (b)

      "material" means any image.

CHAPTER 2 - Offences

  SEC 2. - Possession

    SUBSEC (1)

      A person who possesses child sexual abuse material commits an offence.

    SUBSEC (2)

      It is a defence that the person—

      PARA (a)

        is a police officer; or

      PARA (b)

        reported the material.
"""


def test_akoma_ntoso_from_bluebell_keeps_every_eid(tmp_path: Path) -> None:
    """Akoma Ntoso written by Laws.Africa's own grammar reads back with its eIds, in order."""
    parser_mod = pytest.importorskip("bluebell.parser")
    from cobalt import FrbrUri
    from lxml import etree

    xml = parser_mod.AkomaNtosoParser(FrbrUri.parse("/akn/za/act/2020/1")).parse_to_xml(
        BLUEBELL_SOURCE, "act")
    path = tmp_path / "act.xml"
    path.write_bytes(etree.tostring(xml, xml_declaration=True, encoding="UTF-8"))
    expected = [(el.get("eId"), el.findtext("{*}num"), el.findtext("{*}heading"))
                for el in xml.iter("{*}chapter", "{*}section", "{*}subsection",
                                   "{*}paragraph")]
    src = read(path)
    got = [(p.eid, p.num, p.heading) for top in src.tree or [] for p in top.walk()]
    assert got == expected
    provs = {p.eid: p for top in src.tree or [] for p in top.walk()}
    para = provs["chp_2__sec_2__subsec_2__para_a"]
    assert src.text[para.start:para.end] == "(a) is a police officer; or"


def test_pdf_text_layer_is_composed() -> None:
    # a text layer may hold a letter and its accent apart; the page text composes them, so
    # the offence lexicons (written for one-character letters) read it
    from coplaw.ingest.pdf import _clean
    from coplaw.lexicons import fold, lexicon

    page = "Article 1\r\nLa pe\u0301dopornographie est punie."
    text = _clean(page)
    assert text == "Article 1\nLa pédopornographie est punie."
    assert lexicon("fr").find("material", fold(text))
    assert not lexicon("fr").find("material", fold(page))  # the near miss: left apart
