"""The country report: the PDF of the bundled example renders (pages turned into images and
checked), shows the findings with quoted evidence and citations, the gap report, review
status from the store, and escapes legal text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.findings import Assessment, Evidence, Finding, InstrumentRef
from coplaw.report import country, render
from coplaw.report.documents import country_html
from coplaw.store.db import open_store
from coplaw.store.models import Assessment as StoredAssessment
from coplaw.store.records import save_assessment
from coplaw.store.review import decide
from coplaw.store.testing import sample_assessment, sample_instrument

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) is not installed")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def valdoria(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Assessment]:
    """The example jurisdiction assessed and reported through the command line."""
    from coplaw.assess.engine import assess_paths

    examples = Path(__file__).resolve().parent.parent / "examples" / "valdoria"
    out = tmp_path_factory.mktemp("valdoria") / "valdoria.pdf"
    result = CliRunner().invoke(app, ["report", "country", "VLD", "--from", str(examples),
                                      "--name", "Republic of Valdoria", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, assess_paths([examples], "VLD")


@needs_poppler
def test_valdoria_pdf_pages_render_and_are_not_blank(valdoria: tuple[Path, Assessment],
                                                     tmp_path: Path) -> None:
    pdf, _ = valdoria
    pngs = render.pdf_to_png(pdf, tmp_path / "page", dpi=40)
    assert 5 <= len(pngs) <= 150
    for png in pngs:
        img = Image.open(png).convert("L")
        ink = sum(img.histogram()[:200]) / (img.size[0] * img.size[1])
        assert ink > 0.004, f"{png.name} looks blank ({ink:.4f} of the page inked)"
        assert img.size[0] < img.size[1]  # A4 portrait
    cover = Image.open(pngs[0]).convert("RGB")
    navy = 0
    for n, p in cover.getcolors(maxcolors=1 << 20) or []:
        assert isinstance(p, tuple)
        if abs(p[0] - 0x12) < 25 and abs(p[1] - 0x30) < 25 and abs(p[2] - 0x4F) < 25:
            navy += n
    assert navy > 200  # the cover rule and headings in the publication's colour


@needs_poppler
def test_valdoria_pdf_text_has_findings_evidence_and_gaps(
        valdoria: tuple[Path, Assessment]) -> None:
    pdf, assessment = valdoria
    text = _words(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                 text=True, check=True).stdout)
    pages = int(re.search(r"Page 1 of (\d+)", text).group(1))  # type: ignore[union-attr]
    assert f"Page {pages} of {pages}" in text
    for heading in ("Republic of Valdoria", "1. Summary", "Scores by framework and area",
                    "Gap report", "Findings in detail", "Instruments assessed",
                    "Legislation specific to CSAM", "What a reform should contain"):
        assert heading.lower() in text.lower(), heading
    for inst in assessment.instruments:
        assert _words(inst.title) in text
    quoted = [f for f in assessment.findings if f.evidence and f.status != "not_assessable"]
    assert quoted
    for f in quoted[:8]:
        words = _words(f.evidence[0].quote).split(" ")[:6]
        assert " ".join(words) in text, (f.standard, words)
    gaps = [f for f in assessment.findings if f.status in ("not_met", "partially_met")]
    assert gaps and str(len(gaps)) != ""
    assert "ISPs required to report suspected CSAM" in text or all(
        f.status == "met" for f in assessment.findings if f.standard.endswith("isp_reporting"))


def test_gap_report_puts_binding_standards_first(valdoria: tuple[Path, Assessment]) -> None:
    _, assessment = valdoria
    report = country.from_assessment(assessment)
    ranks = [country.AUTHORITY_RANK.get(g.authority, 3) for g in report.gaps]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert all(g.status in ("not_met", "partially_met") for g in report.gaps)
    assert any(g.reform for g in report.gaps if g.authority == "binding")
    assert report.frameworks[0].id == "icmec-review"
    crit = report.frameworks[0].score
    assert crit.total == 5 and crit.percent == pytest.approx(100 * crit.counts["met"] / 5)


def test_legal_text_is_escaped_and_citations_are_pinpoint() -> None:
    quote = 'Any person who <script>alert("x")</script> & distributes'
    finding = Finding("icmec.review.possession", "icmec-review", "met", 0.9,
                      "Offence found in <b>s. 5</b>.", "rule:test",
                      [Evidence("penal", "sec_5__subsec_1__para_a", quote, 10, 10 + len(quote),
                                page=12)])
    term = Finding("term.child_pornography", "terminology", "not_met", 0.8,
                   "The law says child pornography.", "rule:term",
                   [Evidence("penal", "sec_2", "child pornography", 0, 17)])
    a = Assessment("KEN", [InstrumentRef("penal", "Penal Code <Amendment>", "penal.txt")],
                   [finding, term])
    html = country_html(country.from_assessment(a))
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" \
        in html
    assert "Penal Code &lt;Amendment&gt;, s. 5(1)(a), p. 12" in html
    assert "&lt;b&gt;s. 5&lt;/b&gt;" in html
    assert "4. Terminology" in html and "Kenya (KEN)" in html


def test_report_from_the_store_shows_review_status(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    doc = sample_instrument("act", {
        "sec_1": "A person who possesses child sexual abuse material commits an offence.",
        "sec_2": "An internet service provider shall report such material to the police.",
    }, title="Children Act")
    verdicts = {
        "icmec.review.possession": ("met", [("act", "sec_1")]),
        "icmec.review.isp_reporting": ("not_met", [("act", "sec_2")]),
    }
    store = open_store(db)
    try:
        with store.session() as s:
            saved = save_assessment(s, sample_assessment("KEN", [doc], verdicts), [doc])
        with store.session() as s:
            stored = s.get_one(StoredAssessment, saved.assessment_id)
            isp = next(f for f in stored.findings if f.standard.endswith("isp_reporting"))
            decide(s, isp.id, "override", "reviewer-a", isp.version, status="met",
                   reason="Section 2 <is> an ISP duty")
    finally:
        store.close()
    out = tmp_path / "ken.html"
    result = CliRunner().invoke(app, ["report", "country", "KEN", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "stored assessment #" in html
    assert "reviewed" in html and "machine said not met" in html
    assert "Section 2 &lt;is&gt; an ISP duty" in html and "reviewer-a" in html
    assert "Children Act, s. 2" in html
    missing = CliRunner().invoke(app, ["report", "country", "FRA", "--db", db, "--out",
                                       str(tmp_path / "x.html")])
    assert missing.exit_code == 1 and "FRA: no stored assessment" in missing.output


def test_country_command_rejects_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["report", "country", "KEN", "--from", str(tmp_path / "nope"),
                              "--out", str(tmp_path / "r.pdf")])
    assert bad.exit_code == 1 and "nope: no such file or folder" in bad.output
    bad = runner.invoke(app, ["report", "country", "KEN", "--from", str(tmp_path),
                              "--out", str(tmp_path / "r.odt")])
    assert bad.exit_code == 1 and "cannot write .odt" in bad.output
