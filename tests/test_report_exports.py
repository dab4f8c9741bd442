"""Exports of the global table: the review-layout CSV imports back to the same edition;
XLSX, JSON and HTML carry the same rows; the commands pick the format from the extension."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.report import exports, stats
from coplaw.report.table import CRITERION_IDS, from_assessments, from_csv, from_edition
from coplaw.store.db import open_store
from coplaw.store.editions import DEFAULT_HEADER, import_table
from coplaw.store.testing import sample_assessment, sample_instrument

HEADER = ["Country", "Legislation Specific to CSAM", '"CSAM" Defined',
          "Technology-Facilitated CSAM Offenses", "Simple Possession", "ISP Reporting",
          "Footnotes"]
ROWS = [
    ["Kenya", "✓", "✓ 251", "✓", "✓", "X", "251 Sexual Offences Act, s. 16"],
    ["France", "✓", "✓", "✓", "✓", "✓", ""],
    ["Côte d'Ivoire", "✓", "X", "✓ 99", "X", "X", "99 answer, \"quoted\", with comma"],
    ["Nauru", "X", "X", "X", "X", "X", ""],
    ["<b>Atlantis</b> & Co", "✓", "✓", "✓", "✓", "X", "fictional <script>alert(1)</script>"],
]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'coplaw.db'}"


def _edition_rows(url: str, name: str) -> list[tuple[object, ...]]:
    store = open_store(url)
    try:
        with store.session() as s:
            t = from_edition(s, name)
    finally:
        store.close()
    return [(r.country, r.code, tuple(r.statuses[c] for c in CRITERION_IDS),
             tuple(r.texts[c] for c in CRITERION_IDS), r.footnotes) for r in t.rows]


def test_csv_of_an_edition_imports_back_to_the_same_edition(tmp_path: Path, db: str) -> None:
    source = write(tmp_path / "tenth.csv", HEADER, ROWS)
    store = open_store(db)
    try:
        with store.session() as s:
            import_table(s, source, "10th")
        with store.session() as s:
            table = from_edition(s, "10th")
        out = tmp_path / "export.csv"
        exports.write_csv(table, out)
        with store.session() as s:
            import_table(s, out, "10th-again")
    finally:
        store.close()
    assert out.read_bytes().decode("utf-8").splitlines()[0].startswith("Country,")
    first, second = _edition_rows(db, "10th"), _edition_rows(db, "10th-again")
    assert first == second
    assert len(first) == 5
    assert first[0] == ("Kenya", "KEN", ("met",) * 4 + ("not_met",),
                        ("✓", "✓ 251", "✓", "✓", "X"), "251 Sexual Offences Act, s. 16")
    assert first[2][1] == "CIV"


def test_csv_of_assessments_imports_back(tmp_path: Path, db: str) -> None:
    doc = sample_instrument("act", {"sec_1": "A person who possesses child sexual abuse "
                                              "material commits an offence."})
    verdicts = {c: ("met" if n % 2 == 0 else "not_met", [("act", "sec_1")])
                for n, c in enumerate(CRITERION_IDS)}
    table = from_assessments([sample_assessment("KEN", [doc], verdicts),
                              sample_assessment("FRA", [doc], dict.fromkeys(
                                  CRITERION_IDS, ("met", [("act", "sec_1")])))])
    out = tmp_path / "run.csv"
    assert exports.write_csv(table, out) == []
    back = from_csv(out)
    assert [(r.code, r.statuses) for r in back.rows] == [(r.code, r.statuses) for r in table.rows]
    assert back.header == DEFAULT_HEADER
    store = open_store(db)
    try:
        with store.session() as s:
            import_table(s, out, "run")
    finally:
        store.close()
    assert [r[2] for r in _edition_rows(db, "run")] == \
        [tuple(r.statuses[c] for c in CRITERION_IDS) for r in table.rows]


def test_xlsx_json_and_html_carry_the_rows(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from coplaw.report.documents import table_html

    table = from_csv(write(tmp_path / "t.csv", HEADER, ROWS))
    figures = stats.compute(table)
    xlsx = tmp_path / "t.xlsx"
    exports.write_xlsx(table, figures, xlsx)
    wb = load_workbook(xlsx)
    ws = wb["Review table"]
    assert [c.value for c in ws[1]] == HEADER
    assert [c.value for c in ws[2]] == ROWS[0]
    assert ws["B2"].fill.fgColor.rgb.endswith("D9F0DD") and ws["F2"].fill.fgColor.rgb.endswith(
        "F9D6D3")
    measures = {r[0].value: r[1].value for r in wb["Statistics"].iter_rows(min_row=2)}
    assert measures["Sufficient (at least 4 of 5)"] == 3
    assert measures["None (no criterion met)"] == 1
    assert "By region" in wb.sheetnames

    data = exports.table_json(table, figures)
    json.dumps(data)
    assert data["rows"][0]["criteria"]["icmec.review.isp_reporting"] == "not_met"
    assert data["rows"][0]["region"] == "Africa" and data["rows"][0]["sufficient"] is True
    assert data["statistics"]["overall"]["sufficient"] == 3

    html = table_html(table, figures)
    assert "&lt;b&gt;Atlantis&lt;/b&gt; &amp; Co" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "Côte d&#39;Ivoire" in html or "Côte d'Ivoire" in html


def test_global_command_writes_every_format(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", HEADER, ROWS)
    runner = CliRunner()
    for ext in ("csv", "xlsx", "json", "html"):
        out = tmp_path / f"g.{ext}"
        result = runner.invoke(app, ["report", "global", "--csv", str(source), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
        assert "5 countries: 3 sufficient (>= 4 of 5), 1 none" in result.output
    assert from_csv(tmp_path / "g.csv").rows[1].statuses == from_csv(source).rows[1].statuses
    bad = runner.invoke(app, ["report", "global", "--csv", str(source), "--out",
                              str(tmp_path / "g.docx")])
    assert bad.exit_code == 1 and "cannot write .docx" in bad.output
    broken = write(tmp_path / "broken.csv", HEADER, [["Kenya", "maybe", "✓", "✓", "✓", "X", ""]])
    bad = runner.invoke(app, ["report", "global", "--csv", str(broken), "--out",
                              str(tmp_path / "b.csv")])
    assert bad.exit_code == 1 and "broken.csv:2" in bad.output


def test_compare_command_between_two_stored_editions(tmp_path: Path, db: str) -> None:
    ninth = [list(r) for r in ROWS]
    ninth[0][4] = "X"  # Kenya had no possession offence in the 9th edition
    ninth[1][5] = "X"  # France had no ISP duty
    store = open_store(db)
    try:
        with store.session() as s:
            import_table(s, write(tmp_path / "9.csv", HEADER, ninth), "9th")
            import_table(s, write(tmp_path / "10.csv", HEADER, ROWS), "10th")
    finally:
        store.close()
    out = tmp_path / "c.json"
    result = CliRunner().invoke(app, ["report", "compare", "9th", "10th", "--out", str(out),
                                      "--db", db])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["per_criterion"]["icmec.review.possession"]["gained"] == ["Kenya"]
    assert data["per_criterion"]["icmec.review.isp_reporting"]["gained"] == ["France"]
    assert data["unchanged"] == 3
    html = tmp_path / "c.html"
    assert CliRunner().invoke(app, ["report", "compare", "9th", "10th", "--out", str(html),
                                    "--db", db]).exit_code == 0
    assert "Kenya" in html.read_text(encoding="utf-8")
    missing = CliRunner().invoke(app, ["report", "compare", "9th", "11th", "--out", str(html),
                                       "--db", db])
    assert missing.exit_code == 1 and "no edition '11th'" in missing.output


def test_rows_without_every_verdict_are_left_out_of_the_csv_and_named(tmp_path: Path) -> None:
    from coplaw.report.table import ReviewTable, Row

    table = ReviewTable("t", [Row("Kenya", "KEN", dict.fromkeys(CRITERION_IDS, "met")),
                              Row("Peru", "PER", {CRITERION_IDS[0]: "met"})])
    out = tmp_path / "t.csv"
    assert exports.write_csv(table, out) == ["Peru"]
    assert [r.country for r in from_csv(out).rows] == ["Kenya"]


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None,
                    reason="pdftotext (poppler-utils) is not installed")
def test_global_pdf_of_a_stored_edition_has_statistics_map_and_table(tmp_path: Path,
                                                                     db: str) -> None:
    import subprocess

    store = open_store(db)
    try:
        with store.session() as s:
            import_table(s, write(tmp_path / "10.csv", HEADER, ROWS), "10th")
    finally:
        store.close()
    out = tmp_path / "g.pdf"
    result = CliRunner().invoke(app, ["report", "global", "--edition", "10th", "--db", db,
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for expected in ("Countries meeting each criterion", "By region (UN M49)", "Sub-Saharan Africa",
                     "do not imply endorsement", "The review table", "Côte d'Ivoire",
                     "251 Sexual Offences Act, s. 16", "<b>Atlantis</b> & Co"):
        assert expected in text, expected
