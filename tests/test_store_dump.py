"""Whole-database JSON-lines export and import; ICMEC-layout editions in and out; letters."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from store_support import KINDS, open_database, usable_kind

from coplaw.errors import CoplawError
from coplaw.store import audit, editions, letters, records, review
from coplaw.store.db import Store, open_store
from coplaw.store.dump import export_jsonl, import_jsonl
from coplaw.store.models import Finding
from coplaw.store.testing import (
    database,
    reachable_or_skip_reason,
    sample_assessment,
    sample_instrument,
)

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {
    "sec_1": "Child sexual abuse material means any representation of a child engaged in "
             "sexual activity, by whatever means.",
    "sec_2": "Whoever knowingly possesses child sexual abuse material is guilty of an offence.",
    "sec_3": "Internet service providers must report such material to the police.",
}
VERDICTS = {
    "icmec.review.legislation": ("met", [("act", "sec_2")]),
    "icmec.review.definition": ("met", [("act", "sec_1")]),
    "icmec.review.technology": ("met", [("act", "sec_1")]),
    "icmec.review.possession": ("met", [("act", "sec_2")]),
    "icmec.review.isp_reporting": ("not_met", []),
}
ICMEC_CSV = (
    'Country,Legislation Specific to CSAM,"""CSAM"" Defined",Technology-Facilitated CSAM '
    "Offenses,Simple Possession,ISP Reporting,Footnotes\n"
    "Kalaria,✓,✓,✓ 12,X,X,\"12 The answer of the Embassy, quoted.\"\n"
    "XBB,✓,X,X,X,X,\n"
    "Ostrava Minor,X,X,X,X,X,No legislation found.\n"
)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return usable_kind(request)


@pytest.fixture
def store(kind: str, tmp_path: Path) -> Iterator[Store]:
    with open_database(kind, tmp_path) as (st, _):
        yield st


def _review_to_letter(store: Store, code: str, out: Path, fmt: tuple[str, ...]) -> list[Path]:
    doc = sample_instrument("act", SECTIONS, title="Child Online Protection Act 2021")
    with store.session() as s:
        records.ensure_jurisdiction(s, code, "Kalaria")
        records.save_assessment(s, sample_assessment(code, [doc], VERDICTS), [doc])
    with store.session() as s:
        for f in review.jurisdiction_findings(s, code):
            if f.standard == "icmec.review.isp_reporting":
                review.decide(s, f.id, "override", "ana", f.version, status="met",
                              reason="s.3 obliges providers to report to the police",
                              cites=[("act", "sec_3")])
            else:
                review.decide(s, f.id, "accept", "ana", f.version)
        review.mark_preliminary(s, code, "ana")
    with store.session() as s:
        _, paths = letters.send(s, code, out, "ben", reply_by="2026-06-30", formats=fmt)
    return list(paths.values())


def _populate(store: Store, tmp_path: Path) -> None:
    _review_to_letter(store, "XKA", tmp_path / "letters", ("docx",))
    with store.session() as s:
        f = s.scalars(select(Finding).where(Finding.standard == "icmec.review.possession")).one()
        review.decide(s, f.id, "confirm", "ben", f.version, answer_date="2026-05-01",
                      answer_text="We confirm: section 2 covers possession without intent.")
        records.record_answer(s, "XKA", "itu.q1", "A national strategy was adopted in 2022.",
                              respondent="Ministry", answered_on="2026-04-02")
        with pytest.raises(CoplawError, match="not a date"):
            records.record_answer(s, "XKA", "itu.q2", "yes", answered_on="soon")
    amended = dict(SECTIONS, sec_3=SECTIONS["sec_3"] + " within one day")
    doc = sample_instrument("act", amended, title="Child Online Protection Act 2021")
    with store.session() as s:
        records.save_assessment(s, sample_assessment("XKA", [doc], VERDICTS), [doc])
    csv_path = tmp_path / "icmec.csv"
    csv_path.write_text(ICMEC_CSV, encoding="utf-8")
    with store.session() as s:
        editions.import_table(s, csv_path, "10th edition", "ana")


def _export(store: Store) -> str:
    buf = io.StringIO()
    export_jsonl(store, buf)
    return buf.getvalue()


def test_export_then_import_gives_identical_database(
    store: Store, kind: str, tmp_path: Path
) -> None:
    _populate(store, tmp_path)
    first = _export(store)
    dump = tmp_path / "dump.jsonl"
    dump.write_text(first, encoding="utf-8")
    assert first.count("\n") > 60
    with database(kind, tmp_path) as url:
        other = open_store(url)
        try:
            assert import_jsonl(other, dump) == first.count("\n") - 1
            assert _export(other) == first
            with other.session() as s:
                assert audit.verify(s).ok
                # the copy keeps working: new rows get fresh ids, the chain goes on
                f = s.scalars(select(Finding).where(Finding.state == "machine")).first()
                assert f is not None
                review.decide(s, f.id, "accept", "cy", f.version)
            with other.session() as s:
                assert audit.verify(s).ok
            with pytest.raises(CoplawError, match="empty database"):
                import_jsonl(other, dump)
        finally:
            other.close()


def test_export_moves_between_sqlite_and_postgresql(tmp_path: Path) -> None:
    reason = reachable_or_skip_reason("postgresql")
    if reason:
        pytest.skip(reason)
    with database("sqlite", tmp_path) as lite_url, database("postgresql", tmp_path) as pg_url:
        lite = open_store(lite_url)
        pg = open_store(pg_url)
        try:
            _populate(lite, tmp_path)
            dump = tmp_path / "dump.jsonl"
            dump.write_text(_export(lite), encoding="utf-8")
            import_jsonl(pg, dump)
            assert _export(pg) == _export(lite)
        finally:
            lite.close()
            pg.close()


def test_cli_export_import(store: Store, tmp_path: Path) -> None:
    _populate(store, tmp_path)
    url = store.engine.url.render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if k != "COPLAW_DB"}
    out = tmp_path / "cli.jsonl"
    run = subprocess.run([sys.executable, "-m", "coplaw.cli", "db", "export", "--db", url,
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    target = tmp_path / "copy.db"
    run = subprocess.run([sys.executable, "-m", "coplaw.cli", "db", "import", str(out),
                          "--db", str(target)], cwd=ROOT, capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    copy = open_store(str(target))
    try:
        assert _export(copy) == out.read_text(encoding="utf-8")
    finally:
        copy.close()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("hello\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "coplaw.cli", "db", "import", str(bad),
                          "--db", str(tmp_path / "e.db")], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 1 and "bad.jsonl:1: not a coplaw export" in run.stderr


def test_icmec_table_round_trip(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(ICMEC_CSV, encoding="utf-8")
    with store.session() as s:
        records.ensure_jurisdiction(s, "XKA", "Kalaria")
    with store.session() as s:
        editions.import_table(s, src, "2023", "ana")
    out = tmp_path / "out.csv"
    with store.session() as s:
        assert editions.export_table(s, "2023", out) == 3
        rows = editions.table_rows(s, editions.get_edition(s, "2023"))
    assert list(csv.reader(out.open(encoding="utf-8"))) == list(
        csv.reader(io.StringIO(ICMEC_CSV)))
    assert rows[1][0] == "Kalaria"
    with store.session() as s:
        ed = editions.get_edition(s, "2023")
        from coplaw.store.models import EditionCell, EditionRow

        kal = s.scalars(select(EditionRow).where(EditionRow.edition_id == ed.id,
                                                 EditionRow.position == 0)).one()
        assert kal.jurisdiction_code == "XKA"  # resolved from the stored name
        cells = {c.standard: c.status for c in
                 s.scalars(select(EditionCell).where(EditionCell.row_id == kal.id))}
    assert cells["icmec.review.technology"] == "met"
    assert cells["icmec.review.possession"] == "not_met"
    # importing the export gives the same table again
    with store.session() as s:
        editions.import_table(s, out, "2023 again", "ana")
        again = editions.table_rows(s, editions.get_edition(s, "2023 again"))
    assert again == rows


@pytest.mark.parametrize("content, message", [
    ("Country,Simple Possession\nKalaria,✓\n", "missing column"),
    (ICMEC_CSV.replace("✓ 12", "maybe"), r"in.csv:2: Technology-Facilitated.*'maybe'"),
    (ICMEC_CSV.replace("Footnotes", "Colour"), "unknown column"),
    ("", "empty file"),
])
def test_bad_icmec_table_names_file_and_problem(
    store: Store, tmp_path: Path, content: str, message: str
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(CoplawError, match=message), store.session() as s:
        editions.import_table(s, src, "bad", "ana")


def test_publish_edition_from_reviewed_results(store: Store, tmp_path: Path) -> None:
    _review_to_letter(store, "XKA", tmp_path, ("docx",))
    with store.session() as s:
        f = s.scalars(select(Finding).where(Finding.standard == "icmec.review.possession")).one()
        review.decide(s, f.id, "correct", "ben", f.version, status="not_met",
                      answer_date="2026-05-01",
                      answer_text="Possession is only an offence with intent to distribute.")
    with store.session() as s, pytest.raises(CoplawError, match="XZZ: no assessment"):
        editions.publish(s, "2026", "ana", ["XZZ"])
    with store.session() as s:
        ed, skipped = editions.publish(s, "2026", "ana")
        assert skipped == {}
        rows = editions.table_rows(s, ed)
        states = {f.state for f in review.jurisdiction_findings(s, "XKA")}
    assert states == {"published"}
    assert rows[0] == editions.DEFAULT_HEADER
    assert rows[1][:6] == ["Kalaria", "✓", "✓", "✓", "X", "✓"]
    assert "intent to distribute" in rows[1][6]
    with store.session() as s, pytest.raises(CoplawError, match="already exists"):
        editions.publish(s, "2026", "ana")


def test_letters_are_written_and_request_confirmation(store: Store, tmp_path: Path) -> None:
    paths = _review_to_letter(store, "XKA", tmp_path / "out", ("docx", "pdf"))
    docx_path = next(p for p in paths if p.suffix == ".docx")
    pdf_path = next(p for p in paths if p.suffix == ".pdf")
    from docx import Document

    body = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "Preliminary results of the legislative review for Kalaria" in body
    assert "Whoever knowingly possesses child sexual abuse material" in body  # the evidence
    assert "s.3 obliges providers to report" in body  # the reviewer's reason
    assert "2026-06-30" in body
    assert zipfile.is_zipfile(docx_path)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Simple Possession" in text and "Kalaria" in text
    assert "knowingly possesses" in text
    with store.session() as s:
        assert {f.state for f in review.jurisdiction_findings(s, "XKA")} == {
            "confirmation_requested"}
        with pytest.raises(CoplawError, match="no preliminary results"):
            letters.send(s, "XKA", tmp_path, "ben")
