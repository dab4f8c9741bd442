"""The global review table: one row per country with the five ICMEC criteria.

Built from a published edition, from the newest stored assessment of every jurisdiction, from
an ICMEC-layout CSV (read by the store's edition reader) or from assessments in memory. Rows
are plain data so statistics, exports and the map never touch the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coplaw.findings import Assessment
from coplaw.report import regions
from coplaw.store.editions import CRITERIA, DEFAULT_HEADER, MET_MARK, NOT_MET_MARK, read_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CRITERION_IDS: tuple[str, ...] = tuple(s for s, _ in CRITERIA)
CRITERION_TITLES: dict[str, str] = dict(CRITERIA)
SHORT_TITLES: dict[str, str] = {
    "icmec.review.legislation": "Legislation",
    "icmec.review.definition": "Definition",
    "icmec.review.technology": "Technology",
    "icmec.review.possession": "Possession",
    "icmec.review.isp_reporting": "ISP reporting",
}


@dataclass
class Row:
    country: str
    code: str | None
    statuses: dict[str, str]  # criterion id -> met | not_met (absent: no finding)
    texts: dict[str, str] = field(default_factory=dict)  # original cell texts, when imported
    footnotes: str = ""

    @property
    def met(self) -> int:
        return sum(1 for s in CRITERION_IDS if self.statuses.get(s) == "met")

    @property
    def complete(self) -> bool:
        return all(s in self.statuses for s in CRITERION_IDS)

    def cell(self, criterion: str) -> str:
        if criterion in self.texts:
            return self.texts[criterion]
        status = self.statuses.get(criterion)
        if status is None:
            return ""
        return MET_MARK if status == "met" else NOT_MET_MARK


@dataclass
class ReviewTable:
    name: str
    rows: list[Row]
    header: list[str] = field(default_factory=lambda: list(DEFAULT_HEADER))
    source: str = ""  # edition, latest assessments, csv file
    csv_rows: list[list[str]] | None = None  # a stored edition's own layout (header first)

    def by_code(self) -> dict[str, Row]:
        return {r.code: r for r in self.rows if r.code}

    def key(self, row: Row) -> str:
        return row.code or row.country.casefold()


def _row(country: str, code: str | None, statuses: dict[str, str], texts: dict[str, str],
         footnotes: str) -> Row:
    resolved = (code or "").upper() or regions.code_for(country)
    return Row(country, resolved, statuses, texts, footnotes)


def from_csv(path: Path, name: str | None = None) -> ReviewTable:
    """An ICMEC-layout CSV; errors name the file and line (the store's reader)."""
    header, rows = read_table(path)
    out = [
        _row(r.country, r.code, {s: v[0] for s, v in r.cells.items()},
             {s: v[1] for s, v in r.cells.items()}, r.footnotes)
        for r in rows
    ]
    return ReviewTable(name or path.stem, out, header, f"file {path}")


def from_edition(session: Session, name: str) -> ReviewTable:
    """A published edition from the store, in its own row order."""
    from sqlalchemy import select

    from coplaw.store.editions import get_edition, table_rows
    from coplaw.store.models import EditionCell, EditionRow

    edition = get_edition(session, name)
    rows = session.scalars(
        select(EditionRow).where(EditionRow.edition_id == edition.id)
        .order_by(EditionRow.position)
    ).all()
    out: list[Row] = []
    for rec in rows:
        cells = session.scalars(select(EditionCell).where(EditionCell.row_id == rec.id)).all()
        out.append(_row(rec.country, rec.jurisdiction_code,
                        {c.standard: c.status for c in cells},
                        {c.standard: c.text for c in cells}, rec.footnotes))
    return ReviewTable(edition.name, out, list(edition.header or DEFAULT_HEADER),
                       f"edition {edition.name} ({edition.source}, "
                       f"{edition.published_at:%Y-%m-%d})", table_rows(session, edition))


def from_latest(session: Session) -> ReviewTable:
    """The newest assessment of every stored jurisdiction, with reviewed statuses."""
    from sqlalchemy import select

    from coplaw.store.models import Jurisdiction
    from coplaw.store.records import latest_assessment

    out: list[Row] = []
    for juris in session.scalars(select(Jurisdiction).order_by(Jurisdiction.code)):
        assessment = latest_assessment(session, juris.code)
        if assessment is None:
            continue
        statuses = {f.standard: f.current_status for f in assessment.findings
                    if f.standard in CRITERION_TITLES}
        if not statuses:
            continue
        known = regions.country(juris.code)
        name = juris.name or (known.name if known else juris.code)
        out.append(_row(name, juris.code, statuses, {}, ""))
    return ReviewTable("latest assessments", out, list(DEFAULT_HEADER), "latest stored assessments")


def from_assessments(assessments: Iterable[Assessment], name: str = "assessments") -> ReviewTable:
    out: list[Row] = []
    for a in assessments:
        statuses: dict[str, str] = {
            f.standard: f.status for f in a.findings if f.standard in CRITERION_TITLES
        }
        known = regions.country(a.jurisdiction)
        out.append(_row(known.name if known else a.jurisdiction, a.jurisdiction, statuses, {}, ""))
    return ReviewTable(name, out, list(DEFAULT_HEADER), "assessments")


def standard_statuses(session: Session, standard: str) -> dict[str, str]:
    """alpha-3 -> current status of one standard in each jurisdiction's newest assessment."""
    from sqlalchemy import func, select

    from coplaw.store.models import Assessment as StoredAssessment
    from coplaw.store.models import Finding

    newest = select(func.max(StoredAssessment.id)).group_by(StoredAssessment.jurisdiction_code)
    rows = session.execute(
        select(Finding.jurisdiction_code, Finding.current_status)
        .where(Finding.assessment_id.in_(newest), Finding.standard == standard)
    ).all()
    return {code: status for code, status in rows}
