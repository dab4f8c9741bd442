"""Saving an assessment, and carrying reviews over when a law is re-assessed.

A new text of a law becomes a new instrument version (matched by its content hash); each of
its provisions is stored with the hash of its words. When a jurisdiction is assessed again,
a finding keeps the human review of the previous finding on the same standard only if the
machine verdict is unchanged and it rests on exactly the same provisions (same eid, same
content hash); otherwise it starts again as a machine finding flagged ``needs_rereview``,
and the old review stays visible on the previous finding it links to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coplaw import document, findings
from coplaw.errors import CoplawError
from coplaw.store import audit
from coplaw.store.models import (
    MACHINE,
    PUBLISHED,
    REVIEWED,
    Assessment,
    AssessmentInstrument,
    EvidenceRow,
    Finding,
    Instrument,
    Jurisdiction,
    Provision,
    QuestionnaireAnswer,
    ReviewDecision,
    utcnow,
)

_SPACE = re.compile(r"\s+")


def text_hash(text: str) -> str:
    """Hash of words, blind to line wrapping and spacing (a re-typeset law is the same law)."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class SaveResult:
    assessment_id: int
    jurisdiction: str
    findings: int
    kept: list[str] = field(default_factory=list)  # standards whose review was carried over
    flagged: list[str] = field(default_factory=list)  # standards flagged for re-review


def ensure_jurisdiction(session: Session, code: str, name: str | None = None) -> Jurisdiction:
    row = session.get(Jurisdiction, code)
    if row is None:
        row = Jurisdiction(code=code, name=name)
        session.add(row)
        session.flush()
    elif name and not row.name:
        row.name = name
    return row


def latest_assessment(session: Session, code: str) -> Assessment | None:
    return session.scalars(
        select(Assessment)
        .where(Assessment.jurisdiction_code == code)
        .order_by(Assessment.id.desc())
        .limit(1)
    ).first()


def _instrument_row(
    session: Session, code: str, ref: findings.InstrumentRef, doc: document.Instrument | None
) -> tuple[Instrument, dict[str, str]]:
    """The stored version matching this text, adding a new version when the text changed."""
    if doc is not None:
        content = text_hash(doc.text)
    elif Path(ref.file).is_file():
        content = file_hash(Path(ref.file))
    else:
        content = text_hash(f"{ref.id}\n{ref.title}\n{ref.file}")
    latest = session.scalars(
        select(Instrument)
        .where(Instrument.jurisdiction_code == code, Instrument.key == ref.id)
        .order_by(Instrument.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.content_hash == content:
        rows = session.execute(
            select(Provision.eid, Provision.content_hash).where(
                Provision.instrument_id == latest.id
            )
        )
        known = {eid: digest for eid, digest in rows}
        return latest, known
    row = Instrument(
        jurisdiction_code=code,
        key=ref.id,
        version=(latest.version + 1) if latest else 1,
        title=ref.title,
        file=ref.file,
        year=doc.year if doc else None,
        language=ref.language or (doc.language if doc else None),
        status=doc.status if doc else ref.status,
        content_hash=content,
    )
    session.add(row)
    session.flush()
    hashes: dict[str, str] = {}
    if doc is not None:
        for pos, prov in enumerate(doc.provisions()):
            if prov.eid in hashes:  # a duplicate eid from the parser: the first one stands
                continue
            digest = text_hash(doc.text[prov.start : prov.end])
            hashes[prov.eid] = digest
            session.add(
                Provision(
                    instrument_id=row.id, eid=prov.eid, position=pos, kind=prov.kind,
                    num=prov.num, heading=prov.heading, start=prov.start, end=prov.end,
                    content_hash=digest,
                )
            )
    return row, hashes


Basis = tuple[str, frozenset[tuple[str, str, str]], frozenset[tuple[str, str, str]]]


def _basis(finding: Finding, hashes: dict[str, dict[str, str]] | None = None) -> Basis:
    """What a verdict rests on: machine status, machine evidence and reviewer-cited provisions,
    each as (instrument, eid, content hash). With ``hashes`` (the new texts), the reviewer's
    citations are looked up again, so an amended cited provision no longer matches."""
    machine = frozenset(
        (ev.instrument_key, ev.provision, ev.provision_hash or "")
        for ev in finding.evidence
        if ev.origin == "machine"
    )
    cited = frozenset(
        (
            ev.instrument_key,
            ev.provision,
            (hashes.get(ev.instrument_key, {}).get(ev.provision, "") if hashes is not None
             else ev.provision_hash or ""),
        )
        for ev in finding.evidence
        if ev.origin == "reviewer"
    )
    return finding.machine_status, machine, cited


def save_assessment(
    session: Session,
    assessment: findings.Assessment,
    instruments: Sequence[document.Instrument] = (),
    *,
    frameworks: Sequence[str] | None = None,
    jurisdiction_name: str | None = None,
    actor: str = "coplaw",
    note: str | None = None,
) -> SaveResult:
    """Store ``assessment`` in the caller's transaction, carrying reviews over (see module)."""
    code = assessment.jurisdiction
    ensure_jurisdiction(session, code, jurisdiction_name)
    previous = latest_assessment(session, code)
    docs = {d.id: d for d in instruments}
    docs.update({d.file: d for d in instruments})

    record = Assessment(
        jurisdiction_code=code,
        frameworks=list(frameworks) if frameworks else None,
        previous_id=previous.id if previous else None,
        errors=list(assessment.errors) or None,
        note=note,
    )
    session.add(record)
    session.flush()

    inst_rows: dict[str, Instrument] = {}
    prov_hashes: dict[str, dict[str, str]] = {}
    for ref in assessment.instruments:
        inst, hashes = _instrument_row(session, code, ref, docs.get(ref.id) or docs.get(ref.file))
        inst_rows[ref.id] = inst
        prov_hashes[ref.id] = hashes
        if session.get(AssessmentInstrument, (record.id, inst.id)) is None:
            session.add(AssessmentInstrument(assessment_id=record.id, instrument_id=inst.id))

    old: dict[str, Finding] = {}
    if previous is not None:
        old = {f.standard: f for f in previous.findings}

    result = SaveResult(record.id, code, len(assessment.findings))
    now = utcnow()
    for item in assessment.findings:
        row = Finding(
            assessment_id=record.id, jurisdiction_code=code, standard=item.standard,
            framework=item.framework, machine_status=item.status, confidence=item.confidence,
            rationale=item.rationale, method=item.method, state=MACHINE,
            current_status=item.status, needs_rereview=False, version=1, updated_at=now,
        )
        session.add(row)
        session.flush()
        for pos, ev in enumerate(item.evidence):
            cited = inst_rows.get(ev.instrument)
            digest = prov_hashes.get(ev.instrument, {}).get(ev.provision) or text_hash(ev.quote)
            row.evidence.append(
                EvidenceRow(
                    finding_id=row.id, position=pos, origin="machine", kind=ev.kind,
                    instrument_key=ev.instrument, instrument_id=cited.id if cited else None,
                    provision=ev.provision, provision_hash=digest, quote=ev.quote,
                    start=ev.start, end=ev.end, page=ev.page,
                )
            )
        session.flush()
        prior = old.get(item.standard)
        if prior is None:
            continue
        row.previous_finding_id = prior.id
        if prior.state == MACHINE:
            row.needs_rereview = prior.needs_rereview
            if prior.needs_rereview:
                result.flagged.append(item.standard)
            continue
        before = _basis(prior)
        now_basis = _basis(row)
        if before == (now_basis[0], now_basis[1], _basis(prior, prov_hashes)[2]):
            _carry(session, prior, row, inst_rows)
            result.kept.append(item.standard)
        else:
            row.needs_rereview = True
            result.flagged.append(item.standard)
    session.flush()
    audit.append(
        session, actor, "assessment.saved", "assessment", record.id,
        {
            "jurisdiction": code,
            "previous": previous.id if previous else None,
            "instruments": {k: [r.version, r.content_hash] for k, r in inst_rows.items()},
            "findings": len(assessment.findings),
            "kept": result.kept,
            "flagged": result.flagged,
        },
    )
    return result


def _carry(
    session: Session, prior: Finding, row: Finding, instruments: dict[str, Instrument]
) -> None:
    """Copy the review of ``prior`` onto ``row`` (decisions and answers, pointing back)."""
    row.state = REVIEWED if prior.state == PUBLISHED else prior.state
    row.current_status = prior.current_status
    mapping: dict[int, int] = {}
    for dec in prior.decisions:
        if dec.action == "publish":
            continue  # the new finding is not in the published edition
        copy = ReviewDecision(
            finding_id=row.id, user_id=dec.user_id, action=dec.action,
            from_state=dec.from_state, to_state=dec.to_state, status=dec.status,
            reason=dec.reason, answer_date=dec.answer_date, answer_text=dec.answer_text,
            carried_from_id=dec.carried_from_id or dec.id, created_at=dec.created_at,
        )
        session.add(copy)
        session.flush()
        mapping[dec.id] = copy.id
    base = len(row.evidence)
    for ev in prior.evidence:
        if ev.origin == "machine":
            continue
        inst = instruments.get(ev.instrument_key) if ev.origin == "reviewer" else None
        row.evidence.append(
            EvidenceRow(
                finding_id=row.id, position=base, origin=ev.origin, kind=ev.kind,
                instrument_key=ev.instrument_key,
                instrument_id=inst.id if inst else ev.instrument_id,
                provision=ev.provision, provision_hash=ev.provision_hash, quote=ev.quote,
                start=ev.start, end=ev.end, page=ev.page,
                decision_id=mapping.get(ev.decision_id) if ev.decision_id else None,
            )
        )
        base += 1


def assessment_count(session: Session, code: str) -> int:
    return session.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.jurisdiction_code == code)
    ) or 0


def record_answer(
    session: Session, code: str, question: str, answer: str, *, respondent: str | None = None,
    answered_on: str | None = None, source_file: str | None = None, actor: str = "coplaw",
) -> QuestionnaireAnswer:
    """Keep a questionnaire answer (evidence that legislation text cannot give)."""
    import datetime as dt

    if not answer.strip():
        raise CoplawError(f"{source_file or code}: answer to {question!r} is empty")
    if answered_on:
        try:
            answered_on = dt.date.fromisoformat(answered_on).isoformat()
        except ValueError as exc:
            raise CoplawError(f"{source_file or code}: {answered_on!r} is not a date") from exc
    ensure_jurisdiction(session, code)
    row = QuestionnaireAnswer(jurisdiction_code=code, question=question, answer=answer,
                              respondent=respondent, answered_on=answered_on,
                              source_file=source_file)
    session.add(row)
    session.flush()
    audit.append(session, actor, "questionnaire.answer", "questionnaire_answer", row.id,
                 {"jurisdiction": code, "question": question, "answered_on": answered_on})
    return row
