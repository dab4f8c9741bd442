"""The letter asking a government to confirm or correct its preliminary results.

As in the review methodology: a short account of the project, the country's results one
criterion at a time with the provisions each rests on, and a request to confirm or correct.
Written as DOCX (python-docx) and PDF (WeasyPrint, from an HTML template); writing it moves
the findings from ``preliminary`` to ``confirmation_requested``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coplaw.errors import CoplawError
from coplaw.store import audit
from coplaw.store.editions import TITLES
from coplaw.store.models import PRELIMINARY, Instrument, Jurisdiction, Letter, Provision
from coplaw.store.review import decide, get_user, jurisdiction_findings

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_WORDS = {
    "met": "Met",
    "not_met": "Not met",
    "partially_met": "Partially met",
    "not_assessable": "Cannot be assessed from the legislation alone",
}


def standard_title(standard: str) -> str:
    """A readable name for a standard: the catalogue's title when it can be loaded."""
    if standard in TITLES:
        return TITLES[standard]
    try:
        from coplaw.standards.catalogue import load_catalogue

        return str(load_catalogue().get(standard).title)
    except Exception:  # the catalogue is optional here; the id is always a valid name
        return standard


@dataclass
class Cited:
    where: str
    quote: str


@dataclass
class LetterItem:
    finding_id: int
    title: str
    status: str
    reasoning: str
    reviewer_note: str | None
    evidence: list[Cited] = field(default_factory=list)


@dataclass
class LetterContent:
    reference: str
    date: str
    addressee: str
    subject: str
    opening: list[str]
    items: list[LetterItem]
    closing: list[str]


def _provision_name(session: Session, instrument_id: int | None, eid: str) -> str:
    """``section 24(1)``-style name from the stored provision, else its eid."""
    prov = None
    if instrument_id is not None:
        prov = session.scalars(
            select(Provision).where(Provision.instrument_id == instrument_id,
                                    Provision.eid == eid)
        ).first()
    if prov is None or not prov.num:
        return f"provision {eid}"
    name = f"{prov.kind or 'provision'} {prov.num}"
    return f"{name} ({prov.heading})" if prov.heading else name


def compose(
    session: Session, code: str, *, addressee: str | None = None, reply_by: str | None = None,
    sender: str = "The review team", today: dt.date | None = None, reference: str = "",
) -> LetterContent:
    """The letter for ``code``'s preliminary results (plain data, nothing written)."""
    juris = session.get(Jurisdiction, code)
    if juris is None:
        raise CoplawError(f"{code}: unknown jurisdiction")
    found = jurisdiction_findings(session, code, [PRELIMINARY])
    order = {standard: i for i, standard in enumerate(TITLES)}
    found.sort(key=lambda f: (order.get(f.standard, len(order)), f.framework, f.standard))
    if not found:
        raise CoplawError(
            f"{code}: no preliminary results to send; review the findings and run "
            f"`coplaw review preliminary {code}` first"
        )
    country = juris.name or code
    day = today or dt.date.today()
    items: list[LetterItem] = []
    titles = {
        i.id: i.title
        for i in session.scalars(select(Instrument).where(Instrument.jurisdiction_code == code))
    }
    for f in found:
        notes = [d.reason for d in f.decisions if d.action == "override" and d.reason]
        cited = [
            Cited(
                where=f"{titles.get(ev.instrument_id or -1, ev.instrument_key)}, "
                f"{_provision_name(session, ev.instrument_id, ev.provision)}"
                + (f", page {ev.page}" if ev.page else ""),
                quote=ev.quote,
            )
            for ev in f.evidence
            if ev.origin == "machine"
        ]
        items.append(LetterItem(
            finding_id=f.id, title=standard_title(f.standard),
            status=STATUS_WORDS.get(f.current_status, f.current_status),
            reasoning=f.rationale, reviewer_note=notes[-1] if notes else None, evidence=cited,
        ))
    reply = f" by {reply_by}" if reply_by else ""
    return LetterContent(
        reference=reference or f"{code}-{day.isoformat()}",
        date=day.strftime("%d %B %Y"),
        addressee=addressee or f"The Chief of Mission, Embassy of {country}",
        subject=f"Preliminary results of the legislative review for {country}",
        opening=[
            "We review national legislation on child sexual abuse material against a "
            "small set of criteria, and publish the results so that governments, "
            "advocates and researchers can see where laws already protect children and "
            "where reform is needed. The review is not a criticism of any country.",
            f"Below are the preliminary results for {country}. Each result names the "
            "provisions of your legislation it rests on, with their words quoted, so that "
            "you can check them against the law in force.",
        ],
        items=items,
        closing=[
            f"Please tell us{reply} whether each result is correct. Where a result should "
            "be corrected, please name the legislation and provisions concerned, and send "
            "their text or a link to it. Your answer will be reviewed and, where it changes "
            "a result, it will be recorded with the result; an excerpt may appear in the "
            "notes of the published table.",
            f"With thanks for your help, {sender}.",
        ],
    )


def write_docx(letter: LetterContent, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = letter.subject
    doc.add_paragraph(f"{letter.date} · reference {letter.reference}")
    doc.add_paragraph(f"To: {letter.addressee}")
    doc.add_heading(letter.subject, level=1)
    for para in letter.opening:
        doc.add_paragraph(para)
    for item in letter.items:
        doc.add_heading(item.title, level=2)
        p = doc.add_paragraph("Preliminary result: ")
        p.add_run(item.status).bold = True
        doc.add_paragraph(item.reasoning)
        if item.reviewer_note:
            doc.add_paragraph(f"Reviewer's note: {item.reviewer_note}")
        if item.evidence:
            doc.add_paragraph("Provisions relied on:")
            for ev in item.evidence:
                doc.add_paragraph(ev.where, style="List Bullet")
                q = doc.add_paragraph(style="Quote")
                run = q.add_run(ev.quote)
                run.font.size = Pt(9)
        else:
            doc.add_paragraph("No provision was found that meets this criterion.")
    doc.add_heading("Your reply", level=2)
    for para in letter.closing:
        doc.add_paragraph(para)
    doc.save(str(path))


def render_html(letter: LetterContent) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape())
    return env.get_template("letter.html").render(letter=letter)


def write_pdf(letter: LetterContent, path: Path) -> None:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango libraries missing
        raise CoplawError(f"{path}: cannot write PDF, WeasyPrint unavailable ({exc}); "
                          "run scripts/setup") from exc
    HTML(string=render_html(letter), base_url=str(TEMPLATES)).write_pdf(str(path))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def send(
    session: Session, code: str, out_dir: Path, user: str, *, addressee: str | None = None,
    reply_by: str | None = None, formats: tuple[str, ...] = ("docx", "pdf"),
    today: dt.date | None = None,
) -> tuple[Letter, dict[str, Path]]:
    """Write the letter files and record that confirmation was requested (one transaction)."""
    bad = [f for f in formats if f not in ("docx", "pdf")]
    if bad:
        raise CoplawError(f"unknown letter format(s) {bad}; use docx and/or pdf")
    if reply_by:
        try:
            reply_by = dt.date.fromisoformat(reply_by).isoformat()
        except ValueError as exc:
            raise CoplawError(f"reply date {reply_by!r} is not a date (YYYY-MM-DD)") from exc
    day = today or dt.date.today()
    sender = get_user(session, user)
    letter_row = Letter(jurisdiction_code=code, assessment_id=0, addressee="", files={},
                        reply_by=reply_by, created_by=sender.id)
    found = jurisdiction_findings(session, code, [PRELIMINARY])
    if found:
        letter_row.assessment_id = found[0].assessment_id
    content = compose(session, code, addressee=addressee, reply_by=reply_by, today=day,
                      sender=user)
    session.add(letter_row)
    session.flush()
    content.reference = f"{code}-{day.isoformat()}-{letter_row.id}"
    letter_row.addressee = content.addressee
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"letter-{code}-{day.isoformat()}-{letter_row.id}"
    paths: dict[str, Path] = {}
    if "docx" in formats:
        paths["docx"] = out_dir / f"{stem}.docx"
        write_docx(content, paths["docx"])
    if "pdf" in formats:
        paths["pdf"] = out_dir / f"{stem}.pdf"
        write_pdf(content, paths["pdf"])
    letter_row.files = {k: {"path": str(p), "sha256": _digest(p)} for k, p in paths.items()}
    for item in content.items:
        f = next(x for x in found if x.id == item.finding_id)
        decide(session, f.id, "request_confirmation", user, f.version,
               reason=f"letter {content.reference}")
    audit.append(session, user, "letter.sent", "letter", letter_row.id,
                 {"jurisdiction": code, "findings": [i.finding_id for i in content.items],
                  "files": letter_row.files})
    return letter_row, paths
