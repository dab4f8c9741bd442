"""Published editions of the global review table, in the ICMEC layout.

The layout is one row per country: the country, the five criteria (met or not), footnotes.
An edition is either imported from such a CSV (a past edition, kept as published) or built
from findings that went through review and confirmation. Export writes the same layout; an
imported edition keeps its header and cell texts, so it exports as it came in.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coplaw.errors import CoplawError
from coplaw.store import audit
from coplaw.store.models import (
    ANSWERED,
    CONFIRMATION_REQUESTED,
    Edition,
    EditionCell,
    EditionRow,
    Finding,
    Jurisdiction,
)
from coplaw.store.records import latest_assessment
from coplaw.store.review import decide

FRAMEWORK = "icmec-review"
CRITERIA: list[tuple[str, str]] = [
    ("icmec.review.legislation", "Legislation Specific to CSAM"),
    ("icmec.review.definition", '"CSAM" Defined'),
    ("icmec.review.technology", "Technology-Facilitated CSAM Offenses"),
    ("icmec.review.possession", "Simple Possession"),
    ("icmec.review.isp_reporting", "ISP Reporting"),
]
TITLES = dict(CRITERIA)
DEFAULT_HEADER = ["Country", *[title for _, title in CRITERIA], "Footnotes"]
MET_MARK, NOT_MET_MARK = "✓", "X"

_YES = {"✓", "✔", "✔️", "☑", "yes", "y", "met", "true", "1"}
_NO = {"x", "✗", "✘", "✕", "no", "n", "not_met", "not met", "false", "0", "-", "–"}
_CELL = re.compile(r"^\s*(?P<mark>.*?)\s*(?P<notes>(?:\d+\s*[,;]?\s*)*)$")


def _role(header: str) -> str | None:
    h = re.sub(r"[^a-z0-9 ]", "", header.lower()).strip()
    if not h:
        return None
    if h.startswith("country") or h == "jurisdiction":
        return "country"
    if h in ("iso", "iso3", "code", "iso code", "jurisdiction code"):
        return "code"
    if "footnote" in h or h in ("notes", "note"):
        return "footnotes"
    if "possession" in h:
        return "icmec.review.possession"
    if "isp" in h.split() or "report" in h:
        return "icmec.review.isp_reporting"
    if "technolog" in h or "computer" in h:
        return "icmec.review.technology"
    if "defin" in h:
        return "icmec.review.definition"
    if "legislation" in h or "specific" in h:
        return "icmec.review.legislation"
    return None


def parse_cell(text: str, where: str) -> str:
    """``met`` or ``not_met`` from a table cell such as ``✓``, ``X 251`` or ``yes``."""
    m = _CELL.match(text)
    mark = (m.group("mark") if m else text).strip().lower()
    if mark in _YES:
        return "met"
    if mark in _NO:
        return "not_met"
    raise CoplawError(f"{where}: cannot read {text!r} as met (✓, yes) or not met (X, no)")


@dataclass
class TableRow:
    country: str
    code: str | None
    cells: dict[str, tuple[str, str]]  # standard -> (status, original text)
    footnotes: str


def read_table(path: Path) -> tuple[list[str], list[TableRow]]:
    """Parse an ICMEC-layout CSV; every problem names the file, line and column."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CoplawError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CoplawError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    rows = list(csv.reader(io.StringIO(content, newline="")))
    if not rows:
        raise CoplawError(f"{path}: empty file; expected a header row")
    header = rows[0]
    roles = [_role(h) for h in header]
    unknown = [h for h, r in zip(header, roles, strict=True) if r is None and h.strip()]
    if unknown:
        raise CoplawError(f"{path}:1: unknown column(s) {unknown}; expected {DEFAULT_HEADER}")
    needed = ["country", *TITLES]
    missing = [TITLES.get(r, r) for r in needed if r not in roles]
    if missing:
        raise CoplawError(f"{path}:1: missing column(s) {missing}")
    dupes = {r for r in roles if r and roles.count(r) > 1}
    if dupes:
        raise CoplawError(f"{path}:1: column(s) given twice: {sorted(dupes)}")
    out: list[TableRow] = []
    for lineno, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise CoplawError(f"{path}:{lineno}: {len(values)} cells, header has {len(header)}")
        values = values + [""] * (len(header) - len(values))
        by_role = {r: v for r, v in zip(roles, values, strict=True) if r}
        country = by_role["country"].strip()
        if not country:
            raise CoplawError(f"{path}:{lineno}: the country cell is empty")
        cells: dict[str, tuple[str, str]] = {}
        for standard, title in CRITERIA:
            text = by_role[standard]
            cells[standard] = (parse_cell(text, f"{path}:{lineno}: {title}"), text)
        code = by_role.get("code", "").strip().upper() or None
        if code is None and re.fullmatch(r"[A-Z]{3}", country):
            code = country
        out.append(TableRow(country, code, cells, by_role.get("footnotes", "")))
    if not out:
        raise CoplawError(f"{path}: no country rows under the header")
    return header, out


def _new_edition(session: Session, name: str, source: str, header: list[str]) -> Edition:
    if session.scalars(select(Edition).where(Edition.name == name)).first() is not None:
        raise CoplawError(f"edition {name!r} already exists; choose another name")
    edition = Edition(name=name, framework=FRAMEWORK, source=source, header=header)
    session.add(edition)
    session.flush()
    return edition


def import_table(session: Session, path: Path, name: str, actor: str = "coplaw") -> Edition:
    """Store an ICMEC-layout CSV as a published edition called ``name``."""
    header, rows = read_table(path)
    names = {
        (j.name or "").casefold(): j.code
        for j in session.scalars(select(Jurisdiction)).all()
        if j.name
    }
    edition = _new_edition(session, name, "import", header)
    for pos, row in enumerate(rows):
        code = row.code or names.get(row.country.casefold())
        rec = EditionRow(edition_id=edition.id, position=pos, country=row.country,
                         jurisdiction_code=code, footnotes=row.footnotes)
        session.add(rec)
        session.flush()
        for standard, (status, text) in row.cells.items():
            session.add(EditionCell(row_id=rec.id, standard=standard, status=status, text=text))
    audit.append(session, actor, "edition.imported", "edition", edition.id,
                 {"name": name, "file": str(path), "rows": len(rows)})
    return edition


def get_edition(session: Session, name: str) -> Edition:
    edition = session.scalars(select(Edition).where(Edition.name == name)).first()
    if edition is None:
        known = session.scalars(select(Edition.name).order_by(Edition.id)).all()
        raise CoplawError(f"no edition {name!r} (known: {', '.join(known) or 'none'})")
    return edition


def table_rows(session: Session, edition: Edition) -> list[list[str]]:
    """The edition as CSV rows (header first) in its own header's column order."""
    header = list(edition.header or DEFAULT_HEADER)
    roles = [_role(h) for h in header]
    out = [header]
    rows = session.scalars(
        select(EditionRow).where(EditionRow.edition_id == edition.id).order_by(EditionRow.position)
    ).all()
    for row in rows:
        cells = {
            c.standard: c
            for c in session.scalars(select(EditionCell).where(EditionCell.row_id == row.id))
        }
        values: list[str] = []
        for role in roles:
            if role == "country":
                values.append(row.country)
            elif role == "code":
                values.append(row.jurisdiction_code or "")
            elif role == "footnotes":
                values.append(row.footnotes)
            elif role in cells:
                values.append(cells[role].text)
            else:
                values.append("")
        out.append(values)
    return out


def export_table(session: Session, name: str, out: Path) -> int:
    rows = table_rows(session, get_edition(session, name))
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return len(rows) - 1


def publish(
    session: Session, name: str, user: str, codes: list[str] | None = None
) -> tuple[Edition, dict[str, str]]:
    """Publish the confirmed (or unanswered, after a letter) review results as an edition.

    A jurisdiction is included when all five criteria of its newest assessment have been sent
    to its government; the others are returned with the reason they were left out.
    """
    if session.scalars(select(Edition.id).where(Edition.name == name)).first() is not None:
        raise CoplawError(f"edition {name!r} already exists; choose another name")
    if codes:
        candidates = sorted({c.upper() for c in codes})
    else:
        candidates = list(session.scalars(select(Jurisdiction.code).order_by(Jurisdiction.code)))
    ready: list[tuple[Jurisdiction, dict[str, Finding]]] = []
    skipped: dict[str, str] = {}
    for code in candidates:
        juris = session.get(Jurisdiction, code)
        assessment = latest_assessment(session, code) if juris else None
        if juris is None or assessment is None:
            skipped[code] = "no assessment"
            continue
        found = {f.standard: f for f in assessment.findings if f.standard in TITLES}
        lacking = [TITLES[s] for s in TITLES if s not in found]
        waiting = [
            f"{TITLES[s]} ({f.state})" for s, f in found.items()
            if f.state not in (CONFIRMATION_REQUESTED, ANSWERED)
        ]
        if lacking or waiting:
            skipped[code] = "; ".join(
                ([f"no finding for {', '.join(lacking)}"] if lacking else [])
                + ([f"not yet sent for confirmation: {', '.join(waiting)}"] if waiting else [])
            )
            continue
        ready.append((juris, found))
    if codes and skipped:
        raise CoplawError(
            "cannot publish: " + "; ".join(f"{c}: {why}" for c, why in skipped.items())
        )
    if not ready:
        raise CoplawError("nothing to publish: no jurisdiction has all five criteria sent "
                          "to its government (see `coplaw letter`)")
    edition = _new_edition(session, name, "review", DEFAULT_HEADER)
    for pos, (juris, found) in enumerate(ready):
        notes: list[str] = []
        row = EditionRow(edition_id=edition.id, position=pos, country=juris.name or juris.code,
                         jurisdiction_code=juris.code, footnotes="")
        session.add(row)
        session.flush()
        for standard, _title in CRITERIA:
            f = found[standard]
            for dec in f.decisions:
                if dec.answer_text and dec.carried_from_id is None:
                    excerpt = " ".join(dec.answer_text.split())
                    if len(excerpt) > 300:
                        excerpt = excerpt[:297] + "..."
                    notes.append(f"{TITLES[standard]}: answer of {dec.answer_date}: {excerpt}")
            session.add(EditionCell(
                row_id=row.id, standard=standard, status=f.current_status,
                text=MET_MARK if f.current_status == "met" else NOT_MET_MARK, finding_id=f.id,
            ))
            decide(session, f.id, "publish", user, f.version, reason=f"edition {name}")
        row.footnotes = " | ".join(notes)
    audit.append(session, user, "edition.published", "edition", edition.id,
                 {"name": name, "jurisdictions": [j.code for j, _ in ready],
                  "skipped": skipped})
    return edition, skipped
