"""Every file of the shared corpus ingests, or fails with the error we expect and can explain."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.document import SourceText
from coplaw.errors import IngestError, NoTextLayer
from coplaw.ingest import read
from coplaw.ingest.text import decode_bytes

pytestmark = pytest.mark.corpus

# Files that must NOT give text, and why. Anything not listed here must give text.
EXPECTED_ERRORS: dict[str, tuple[type[IngestError], str]] = {
    # The manifest: "Official PDF, scanned images only (no text layer)". OCR is off in this
    # walk (it takes minutes on two cores), so the reader must say so instead of returning "".
    "LKA/penal_code_amendment_act_no29_1998.pdf": (NoTextLayer, "no text layer"),
    # Also a scan: pdfium finds no text on any of its 21 pages.
    "LKA/national_child_protection_authority_act_no50_1998.pdf": (NoTextLayer,
                                                                  "no text layer"),
}

NOT_LEGISLATION = {"README.md", "MANIFEST.csv"}


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*")
                  if p.is_file() and p.name not in NOT_LEGISLATION and not p.name.startswith("."))


def test_whole_corpus_reads_or_fails_as_expected(corpus_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPLAW_OCR", "0")
    files = _files(corpus_dir)
    assert len(files) >= 100
    seen_errors: dict[str, IngestError] = {}
    formats: set[str] = set()
    for path in files:
        rel = path.relative_to(corpus_dir).as_posix()
        try:
            src = read(path)
        except IngestError as exc:
            assert rel in EXPECTED_ERRORS, f"unexpected failure: {exc}"
            seen_errors[rel] = exc
            continue
        assert rel not in EXPECTED_ERRORS, f"{rel} was expected to fail but gave text"
        formats.add(src.format)
        assert src.text.strip(), rel
        assert src.path == str(path)
        assert src.language in {"en", "fr", "es", "de", "bn"}, (rel, src.language)
        _check_offsets(rel, src)
        if path.suffix in (".txt", ".md"):
            # plain text: the text IS the decoded file, so offsets are file positions
            assert src.text == decode_bytes(path.read_bytes(), rel)[0]
    for rel, (kind, words) in EXPECTED_ERRORS.items():
        err = seen_errors[rel]
        assert isinstance(err, kind), (rel, err)
        assert words in str(err) and rel in str(err).replace("\\", "/")
    assert formats == {"text", "markdown", "pdf", "uslm", "lims"}


def _check_offsets(rel: str, src: SourceText) -> None:
    n = len(src.text)
    prev_end = 0
    for page in src.pages:
        assert page.start == prev_end and page.end > page.start, rel
        prev_end = page.end
    if src.pages:
        assert prev_end == n
    for span in src.source_map:
        assert 0 <= span.start <= span.end <= n, rel
    for top in src.tree or []:
        for prov in top.walk():
            assert 0 <= prov.start <= prov.body_start <= prov.end <= n, (rel, prov.eid)
            for child in prov.children:
                assert prov.start <= child.start and child.end <= prov.end, (rel, child.eid)


def test_guyana_pdfs_pages_and_a_known_phrase(corpus_dir: Path) -> None:
    counts = {"criminal_law_offences_act_cap8_01.pdf": 185,
              "protection_of_children_act_cap46_06.pdf": 53,
              "sexual_offences_act_cap8_03.pdf": 102}
    for name, pages in counts.items():
        src = read(corpus_dir / "GUY" / name)
        assert len(src.pages) == pages
        assert [p.number for p in src.pages] == list(range(1, pages + 1))
    src = read(corpus_dir / "GUY" / "sexual_offences_act_cap8_03.pdf")
    page10 = src.pages[9]
    text10 = src.text[page10.start:page10.end]
    assert "Cap. 8:03" in text10
    at = src.text.index("penetration is a continuing act")
    assert page10.start <= at < page10.end
    assert "SEXUAL OFFENCES ACT" in src.text[src.pages[0].start:src.pages[0].end]


@pytest.mark.parametrize("rel, lang", [
    ("ARG/ley_26904.md", "es"),
    ("COL/ley_1273_2009_delitos_informaticos.txt", "es"),
    ("FRA/lcen_loi_2004-575_article_6.md", "fr"),
    ("SEN/loi_2008-11_cybercriminalite.txt", "fr"),
    ("DEU/tmg_telemediengesetz.md", "de"),
    ("BGD/pornography_control_act_2012_bn.txt", "bn"),
    ("BGD/penal_code_1860.txt", "en"),
    ("GBR/protection_of_children_act_1978_ukpga_1978_37.md", "en"),
    ("LKA/computer_crime_act_no24_2007.pdf", "en"),
])
def test_language_of_corpus_files(corpus_dir: Path, rel: str, lang: str) -> None:
    assert read(corpus_dir / rel).language == lang


def test_uslm_tree_has_section_eids(corpus_dir: Path) -> None:
    src = read(corpus_dir / "USA" / "usc18_ch110_sexual_exploitation_of_children.xml")
    assert src.format == "uslm"
    eids = {p.eid: p for top in src.tree or [] for p in top.walk()}
    for eid in ("sec_2251", "sec_2252A", "sec_2252A__subsec_a__para_1", "sec_2256",
                "sec_2258A", "sec_2258A__subsec_a"):
        assert eid in eids, eid
    sec = eids["sec_2252A"]
    assert sec.kind == "section" and sec.num == "§ 2252A."
    assert sec.heading and "child pornography" in sec.heading
    assert src.text[sec.start:].startswith("§ 2252A.")
    para = eids["sec_2252A__subsec_a__para_1"]
    assert src.text[para.start:para.body_start] == "(1) "
    # notes and source credits are not enacted text
    assert "Editorial Notes" not in src.text and "Pub. L." not in src.text[:2000]


def test_lims_tree_has_sections_and_definitions(corpus_dir: Path) -> None:
    src = read(corpus_dir / "CAN" / "I-20.7_mandatory_reporting_internet_child_pornography_act.xml")
    assert src.format == "lims"
    assert src.title and src.title.startswith("An Act respecting the mandatory reporting")
    eids = {p.eid: p for top in src.tree or [] for p in top.walk()}
    assert {"sec_1", "sec_2", "sec_3", "sec_1__subsec_1", "sec_1__subsec_2"} <= set(eids)
    assert eids["sec_2"].heading == "Duty to report Internet address"
    definition = eids["sec_1__subsec_1__def_internet-service"]
    assert src.text[definition.start:definition.end].startswith(
        "Internet service means a service providing Internet access")
    excerpt = read(corpus_dir / "CAN" / "criminal_code_C-46_s7_4.1-5_extraterritorial_excerpt.xml")
    assert [p.eid for p in (excerpt.tree or [])[0].walk()][:3] == [
        "sec_7", "sec_7__subsec_4-1", "sec_7__subsec_4-11"]


@pytest.mark.slow
def test_scanned_corpus_pdf_is_read_by_ocr(corpus_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The 6-page scan through Tesseract (about 20 s the first time; then from the cache)."""
    from coplaw.ingest.pdf import tesseract_status

    monkeypatch.delenv("COPLAW_OCR", raising=False)
    if tesseract_status() is not None:
        pytest.skip(f"OCR unavailable: {tesseract_status()}")
    src = read(corpus_dir / "LKA" / "penal_code_amendment_act_no29_1998.pdf")
    assert len(src.pages) == 6
    assert any("read by OCR" in w for w in src.warnings)
    first = src.text[src.pages[0].start:src.pages[0].end]
    assert "PENAL CODE (AMENDMENT)" in first and "No. 29 OF 1998" in first
    assert "This Act may be cited as the Penal Code (Amendment)" in src.text
    assert src.language == "en"
