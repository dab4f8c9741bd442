"""The review workflow after review, for the web application's pages and API.

The store already runs each step (``review.mark_preliminary``, ``letters.send``,
``review.decide``, ``editions.publish``) and writes the audit entries; this module gathers
what a jurisdiction's workflow page shows (counts by state, what blocks the next step) and
turns the store's refusals into ``WebError`` with the HTTP status a caller should see, so
the routes stay thin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coplaw.errors import CoplawError
from coplaw.store.db import ConflictError, Store
from coplaw.store.editions import CRITERIA, FRAMEWORK, TITLES
from coplaw.store.models import (
    ANSWERED,
    CONFIRMATION_REQUESTED,
    MACHINE,
    PRELIMINARY,
    PUBLISHED,
    REVIEWED,
    STATES,
    Edition,
    EditionRow,
    Finding,
    Jurisdiction,
    Letter,
    ReviewDecision,
    User,
)
from coplaw.store.records import latest_assessment
from coplaw.store.review import BINARY_FRAMEWORKS, jurisdiction_findings
from coplaw.web import data
from coplaw.web.errors import WebError

LETTER_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
ANSWER_ACTIONS = ("confirm", "correct")
SENT = (CONFIRMATION_REQUESTED, ANSWERED)
LISTED = 25  # findings named per blocker; the rest are counted


# --- request bodies of the API ------------------------------------------------------------


class PreliminaryRequest(BaseModel):
    """Make reviewed findings preliminary; ``framework`` limits it to one framework."""

    framework: str | None = None


class LetterRequest(BaseModel):
    """The confirmation letter; ``reply_by`` is a date (YYYY-MM-DD)."""

    addressee: str | None = None
    reply_by: str | None = None


class GovernmentAnswer(BaseModel):
    """The government's answer to the letter: ``confirm``, or ``correct`` with a ``status``;
    ``version`` is the finding version you saw."""

    action: str
    version: int
    answer_date: str
    answer_text: str
    status: str | None = None


class EditionRequest(BaseModel):
    """Publish an edition; without ``jurisdictions`` every ready jurisdiction goes in."""

    name: str
    jurisdictions: list[str] | None = None


# --- reading ------------------------------------------------------------------------------


def _summary(f: Finding, titles: dict[str, str]) -> dict[str, Any]:
    return {"id": f.id, "standard": f.standard, "title": titles.get(f.standard, f.standard),
            "status": f.current_status, "state": f.state, "version": f.version}


def _named(found: list[Finding], titles: dict[str, str]) -> dict[str, Any]:
    """Up to ``LISTED`` findings by name, and how many there are in all."""
    return {"count": len(found), "findings": [_summary(f, titles) for f in found[:LISTED]]}


def publish_blocker(found: list[Finding]) -> str | None:
    """Why the newest assessment cannot go into an edition yet (None when it can): the same
    rule as ``editions.publish``, said for one jurisdiction."""
    by_standard = {f.standard: f for f in found if f.standard in TITLES}
    lacking = [TITLES[s] for s, _ in CRITERIA if s not in by_standard]
    if lacking:
        return f"no finding for {', '.join(lacking)}"
    if all(f.state == PUBLISHED for f in by_standard.values()):
        return "already published (see the editions below)"
    waiting = [f"{TITLES[s]} ({by_standard[s].state.replace('_', ' ')})" for s, _ in CRITERIA
               if by_standard[s].state not in SENT]
    if waiting:
        return ("the five review criteria must all be sent to the government first; "
                f"not yet sent: {', '.join(waiting)}")
    return None


def state(session: Session, code: str) -> dict[str, Any]:
    """Where the newest assessment of ``code`` stands in the workflow, framework by
    framework, and what each next step waits for."""
    juris = session.get(Jurisdiction, code)
    latest = latest_assessment(session, code) if juris else None
    if juris is None or latest is None:
        raise data.NotFound(f"no assessment stored for jurisdiction {code!r}")
    cat = data.catalogue()
    found = list(session.scalars(
        select(Finding).where(Finding.assessment_id == latest.id).order_by(Finding.id)))
    titles = {f.standard: data.standard_info(cat, f.standard)["title"] for f in found}
    frameworks = []
    for fid in sorted({f.framework for f in found}, key=lambda x: (x != FRAMEWORK, x)):
        mine = [f for f in found if f.framework == fid]
        counts = Counter(f.state for f in mine)
        unreviewed = [f for f in mine if f.state == MACHINE]
        frameworks.append({
            "id": fid, "title": cat.frameworks[fid].title if fid in cat.frameworks else fid,
            "counts": {s: counts.get(s, 0) for s in STATES}, "total": len(mine),
            "rereview": sum(1 for f in mine if f.needs_rereview),
            "unreviewed": _named(unreviewed, titles),
            "can_preliminary": not unreviewed and counts.get(REVIEWED, 0) > 0,
        })
    totals = Counter(f.state for f in found)
    unreviewed = [f for f in found if f.state == MACHINE]
    preliminary = [f for f in found if f.state == PRELIMINARY]
    waiting = [f for f in found if f.state in SENT]
    if unreviewed and totals.get(REVIEWED, 0):
        prelim_block = (f"{len(unreviewed)} finding(s) not reviewed yet; a framework can be "
                        "made preliminary once all its findings are reviewed")
    elif not totals.get(REVIEWED, 0):
        prelim_block = "no reviewed finding waits to become preliminary"
    else:
        prelim_block = None
    return {
        "code": code, "name": data.country_name(code, juris.name), "assessment_id": latest.id,
        "assessed_at": latest.created_at.isoformat(timespec="seconds"),
        "states": list(STATES), "totals": {s: totals.get(s, 0) for s in STATES},
        "total": len(found), "frameworks": frameworks,
        "steps": {
            "preliminary": {"blocked_by": prelim_block, "unreviewed": _named(unreviewed, titles)},
            "letter": {"blocked_by": None if preliminary else (
                "no preliminary result waits to be sent (results become preliminary in "
                "step 1)"), "findings": len(preliminary)},
            "answers": {"waiting": _named(
                [f for f in waiting if f.state == CONFIRMATION_REQUESTED], titles),
                "answered": totals.get(ANSWERED, 0)},
            "publish": {"blocked_by": publish_blocker(found), "framework": FRAMEWORK},
        },
        "letters": letters(session, code),
        "editions": [e for e in editions(session) if code in e["jurisdictions"]],
    }


def letters(session: Session, code: str) -> list[dict[str, Any]]:
    """The letters sent to ``code``'s government, newest first, with their formats."""
    if session.get(Jurisdiction, code) is None:
        raise data.NotFound(f"no jurisdiction {code!r}")
    out = []
    for row in session.scalars(select(Letter).where(Letter.jurisdiction_code == code)
                               .order_by(Letter.id.desc())):
        sender = session.get(User, row.created_by) if row.created_by else None
        sent = session.scalar(select(func.count()).select_from(ReviewDecision).where(
            ReviewDecision.action == "request_confirmation",
            ReviewDecision.reason.like(f"letter {code}-%-{row.id}"))) or 0
        out.append({"id": row.id, "jurisdiction": code, "assessment_id": row.assessment_id,
                    "addressee": row.addressee, "reply_by": row.reply_by,
                    "sent_by": sender.name if sender else "", "findings": sent,
                    "at": row.created_at.isoformat(timespec="seconds"),
                    "formats": sorted(row.files or {})})
    return out


@dataclass(frozen=True)
class LetterFile:
    path: Path
    media_type: str
    filename: str


def letter_file(session: Session, code: str, letter_id: int, fmt: str) -> LetterFile:
    """A stored letter file: only the path recorded in the letter's row, and only while its
    bytes still match the digest recorded when it was written."""
    row = session.get(Letter, letter_id)
    if row is None or row.jurisdiction_code != code:
        raise data.NotFound(f"no letter {letter_id} for jurisdiction {code!r}")
    entry = (row.files or {}).get(fmt)
    if fmt not in LETTER_TYPES or not isinstance(entry, dict) or "path" not in entry:
        raise data.NotFound(f"letter {letter_id} has no {fmt!r} file "
                            f"(it has: {', '.join(sorted(row.files or {})) or 'none'})")
    path = Path(str(entry["path"]))
    if not path.is_file():
        raise data.NotFound(f"letter {letter_id}: the {fmt} file is no longer on the server")
    if entry.get("sha256") and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
        raise WebError(409, f"letter {letter_id}: the {fmt} file changed after it was "
                               "written; it is not served")
    return LetterFile(path, LETTER_TYPES[fmt], path.name)


def editions(session: Session) -> list[dict[str, Any]]:
    """Every edition, newest first, with the jurisdictions in it."""
    out = []
    for ed in session.scalars(select(Edition).order_by(Edition.id.desc())):
        rows = session.scalars(select(EditionRow).where(EditionRow.edition_id == ed.id)
                               .order_by(EditionRow.position)).all()
        out.append({"id": ed.id, "name": ed.name, "framework": ed.framework,
                    "source": ed.source, "published_at": ed.published_at.isoformat(
                        timespec="seconds"), "rows": len(rows),
                    "jurisdictions": [r.jurisdiction_code for r in rows if r.jurisdiction_code]})
    return out


# --- steps ---------------------------------------------------------------------------------


def _refused(exc: CoplawError) -> WebError:
    if isinstance(exc, ConflictError):
        return WebError(409, str(exc))
    if isinstance(exc, data.NotFound):
        return WebError(404, str(exc))
    return WebError(400, str(exc))


def _known(session: Session, code: str) -> None:
    if latest_assessment(session, code) is None:
        raise WebError(404, f"no assessment stored for jurisdiction {code!r}")


def make_preliminary(store: Store, code: str, user: str,
                     framework: str | None = None) -> list[int]:
    """Reviewed findings (of one framework, if given) become preliminary results."""
    from coplaw.store.review import mark_preliminary

    try:
        with store.session() as session:
            _known(session, code)
            return mark_preliminary(session, code, user, framework or None)
    except CoplawError as exc:
        raise _refused(exc) from exc


def send_letter(store: Store, code: str, user: str, out_dir: Path, addressee: str | None,
                reply_by: str | None) -> dict[str, Any]:
    """Write the confirmation letter (DOCX and PDF) under ``out_dir`` and move its findings
    to ``confirmation_requested``; a letter written by a failed transaction is removed."""
    from coplaw.store.letters import send

    # Each letter gets its own folder, so a failed attempt removes only its own files.
    folder = out_dir / f"{code}-{secrets.token_hex(6)}"
    try:
        with store.session() as session:
            _known(session, code)
            if not jurisdiction_findings(session, code, [PRELIMINARY]):
                raise WebError(400, f"{code}: no preliminary result to send; make the "
                                       "reviewed findings preliminary first")
            row, _paths = send(session, code, folder, user,
                                addressee=(addressee or "").strip() or None,
                                reply_by=(reply_by or "").strip() or None)
            letter_id = row.id
    except Exception as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, CoplawError):
            raise _refused(exc) from exc
        raise
    with store.reading() as session:
        return next(x for x in letters(session, code) if x["id"] == letter_id)


def record_answer(store: Store, finding_id: int, user: str, action: str, version: int,
                  answer_date: str, answer_text: str, status: str | None = None) -> None:
    """The government's answer to a finding: confirmed, or corrected to ``status``."""
    from coplaw.store.review import decide

    if action not in ANSWER_ACTIONS:
        raise WebError(400, "the answer's action must be confirm or correct")
    try:
        with store.session() as session:
            f = session.get(Finding, finding_id)
            if f is None:
                raise WebError(404, f"finding {finding_id} does not exist")
            if f.version == version and f.state not in (
                    (CONFIRMATION_REQUESTED,) if action == "confirm" else SENT):
                raise WebError(400, f"finding {finding_id} is '{f.state}': a government "
                                       f"answer can be recorded ({action}) only once the "
                                       "letter was sent and before the result is published"
                                       + ("; 'confirm' only before any other answer"
                                          if action == "confirm" else ""))
            decide(session, finding_id, action, user, version,
                   status=(status or None) if action == "correct" else None,
                   answer_date=(answer_date or "").strip() or None,
                   answer_text=(answer_text or "").strip() or None)
    except CoplawError as exc:
        raise _refused(exc) from exc


def answer_statuses(framework: str) -> list[str]:
    """The statuses a correction may set (binary frameworks: met or not met)."""
    from coplaw.findings import STATUSES

    return [s for s in STATUSES if framework not in BINARY_FRAMEWORKS or s in ("met", "not_met")]


def publish_edition(store: Store, name: str, user: str,
                    codes: list[str] | None = None) -> dict[str, Any]:
    """Publish an edition of the review table; ``codes`` limits it to those jurisdictions,
    and then every one of them must be ready (the reason is given for those that are not)."""
    from coplaw.store.editions import publish

    name = name.strip()
    if not name:
        raise WebError(400, "an edition needs a name, e.g. 2026")
    codes = sorted({c.strip().upper() for c in codes or [] if c.strip()}) or None
    try:
        with store.session() as session:
            if session.scalars(select(Edition.id).where(Edition.name == name)).first():
                raise WebError(409, f"edition {name!r} already exists; choose another name")
            blocked = {}
            for code in codes or []:
                latest = latest_assessment(session, code)
                why = (publish_blocker(list(latest.findings)) if latest
                       else "no assessment stored")
                if why:
                    blocked[code] = why
            if blocked:
                raise WebError(400, "cannot publish: " + "; ".join(
                    f"{c}: {why}" for c, why in blocked.items()))
            edition, skipped = publish(session, name, user, codes)
            edition_id = edition.id
    except CoplawError as exc:
        raise _refused(exc) from exc
    with store.reading() as session:
        made = next(e for e in editions(session) if e["id"] == edition_id)
    return {**made, "skipped": skipped}


def today() -> str:
    return dt.date.today().isoformat()
