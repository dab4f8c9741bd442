"""The review workflow, as the global review's methodology runs it.

machine finding -> reviewed (accepted, or overridden with a reason) -> preliminary ->
confirmation requested (a letter goes to the government) -> answered (confirmed, or
corrected with the answer's date and text kept as evidence) -> published in an edition.

Every step is a compare-and-set on the finding's ``version``: a reviewer states the version
they saw, and if someone else changed the finding meanwhile they get a ``ConflictError``
instead of silently overwriting. The machine's status is never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from coplaw.errors import CoplawError
from coplaw.findings import STATUSES
from coplaw.store import audit
from coplaw.store.db import ConflictError
from coplaw.store.models import (
    ANSWERED,
    CONFIRMATION_REQUESTED,
    MACHINE,
    PRELIMINARY,
    PUBLISHED,
    REVIEWED,
    AssessmentInstrument,
    EvidenceRow,
    Finding,
    Instrument,
    Provision,
    ReviewDecision,
    User,
    utcnow,
)
from coplaw.store.records import latest_assessment

__all__ = ["ConflictError", "TransitionError", "decide", "mark_preliminary"]


class TransitionError(CoplawError):
    """The action is not allowed from the finding's current state, or lacks what it needs."""


@dataclass(frozen=True)
class Action:
    name: str
    from_states: frozenset[str]
    to_state: str
    help: str


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("accept", frozenset({MACHINE, REVIEWED}), REVIEWED,
               "a reviewer agrees with the machine's status"),
        Action("override", frozenset({MACHINE, REVIEWED}), REVIEWED,
               "a reviewer sets another status, with a reason"),
        Action("preliminary", frozenset({REVIEWED}), PRELIMINARY,
               "the reviewed result becomes a preliminary result"),
        Action("reopen", frozenset({PRELIMINARY}), REVIEWED,
               "take a preliminary result back for review before any letter"),
        Action("request_confirmation", frozenset({PRELIMINARY}), CONFIRMATION_REQUESTED,
               "a letter asks the government to confirm or correct"),
        Action("confirm", frozenset({CONFIRMATION_REQUESTED}), ANSWERED,
               "the government confirmed the result"),
        Action("correct", frozenset({CONFIRMATION_REQUESTED, ANSWERED}), ANSWERED,
               "the government's answer changes the result"),
        Action("publish", frozenset({CONFIRMATION_REQUESTED, ANSWERED}), PUBLISHED,
               "the result appears in a published edition"),
    )
}

BINARY_FRAMEWORKS = frozenset({"icmec-review"})


def get_user(session: Session, name: str) -> User:
    """The user called ``name``, created on first use."""
    name = name.strip()
    if not name:
        raise CoplawError("a reviewer name is needed (--user or COPLAW_USER)")
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name)
        session.add(user)
        session.flush()
    return user


def _label(f: Finding) -> str:
    return f"finding {f.id} ({f.jurisdiction_code} {f.standard})"


def _check_date(value: str | None) -> str:
    if not value:
        raise TransitionError("the answer's date is required (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise TransitionError(f"answer date {value!r} is not a date (YYYY-MM-DD)") from exc


def decide(
    session: Session,
    finding_id: int,
    action: str,
    user: str,
    expected_version: int,
    *,
    status: str | None = None,
    reason: str | None = None,
    answer_date: str | None = None,
    answer_text: str | None = None,
    cites: Sequence[tuple[str, str]] = (),
) -> ReviewDecision:
    """Apply one workflow step to a finding, in the caller's transaction.

    ``cites`` names the provisions (instrument key, eid) a reviewer's decision rests on; they
    are kept as reviewer evidence with their content hash, so a later amendment of those
    provisions sends the finding back for review.

    Raises ``TransitionError`` for an illegal step and ``ConflictError`` when the finding is
    no longer at ``expected_version``.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise TransitionError(f"unknown action {action!r}; use one of: {', '.join(ACTIONS)}")
    finding = session.get(Finding, finding_id, populate_existing=True)
    if finding is None:
        raise CoplawError(f"finding {finding_id} does not exist")
    if finding.version != expected_version:
        raise ConflictError(
            f"{_label(finding)} was changed by someone else: you saw version "
            f"{expected_version}, it is now version {finding.version} ({finding.state}); "
            "reload it and decide again"
        )
    if finding.state not in spec.from_states:
        raise TransitionError(
            f"{_label(finding)} is '{finding.state}': '{action}' needs it to be "
            f"{' or '.join(sorted(spec.from_states))}"
        )
    new_status = finding.current_status
    if action == "accept":
        new_status = finding.machine_status
    elif action in ("override", "correct"):
        if not status:
            raise TransitionError(f"'{action}' needs the status to record (--status)")
        if status not in STATUSES:
            raise TransitionError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        if finding.framework in BINARY_FRAMEWORKS and status not in ("met", "not_met"):
            raise TransitionError(f"{finding.standard} is binary: status must be met or not_met")
        new_status = status
    if action == "override" and not (reason and reason.strip()):
        raise TransitionError("'override' needs a reason (--reason)")
    if action in ("confirm", "correct"):
        answer_date = _check_date(answer_date)
        if not (answer_text and answer_text.strip()):
            raise TransitionError(f"'{action}' needs the text of the government's answer")

    if cites and action not in ("accept", "override", "correct"):
        raise TransitionError(f"'{action}' does not take cited provisions")
    cited = [_provision(session, finding, key, eid) for key, eid in cites]

    reviewer = get_user(session, user)
    result = session.execute(
        update(Finding)
        .where(Finding.id == finding_id, Finding.version == expected_version)
        .values(
            state=spec.to_state,
            current_status=new_status,
            version=expected_version + 1,
            needs_rereview=False if action in ("accept", "override") else Finding.needs_rereview,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        raise ConflictError(
            f"{_label(finding)} was changed by someone else while you decided "
            f"(you saw version {expected_version}); reload it and decide again"
        )
    decision = ReviewDecision(
        finding_id=finding_id, user_id=reviewer.id, action=action, from_state=finding.state,
        to_state=spec.to_state, status=new_status if action != "publish" else None,
        reason=reason, answer_date=answer_date if action in ("confirm", "correct") else None,
        answer_text=answer_text if action in ("confirm", "correct") else None,
    )
    session.add(decision)
    session.flush()
    position = len(finding.evidence)
    for inst, prov in cited:
        session.add(
            EvidenceRow(
                finding_id=finding_id, position=position, origin="reviewer", kind="text",
                instrument_key=inst.key, instrument_id=inst.id, provision=prov.eid,
                provision_hash=prov.content_hash, quote=prov.heading or "", start=prov.start,
                end=prov.end, decision_id=decision.id,
            )
        )
        position += 1
    if action in ("confirm", "correct") and answer_text:
        session.add(
            EvidenceRow(
                finding_id=finding_id, position=position, origin="answer", kind="answer",
                instrument_key=f"government answer of {answer_date}",
                provision="answer", provision_hash=None, quote=answer_text, start=0,
                end=len(answer_text), decision_id=decision.id,
            )
        )
    audit.append(
        session, reviewer.name, f"review.{action}", "finding", finding_id,
        {
            "decision": decision.id, "from": finding.state, "to": spec.to_state,
            "status": new_status, "machine_status": finding.machine_status,
            "reason": reason, "answer_date": decision.answer_date,
            "version": expected_version + 1,
        },
    )
    session.flush()
    session.refresh(finding)
    return decision


def _provision(
    session: Session, finding: Finding, key: str, eid: str
) -> tuple[Instrument, Provision]:
    """The provision ``eid`` of instrument ``key`` as assessed in the finding's assessment."""
    row = session.execute(
        select(Instrument, Provision)
        .join(AssessmentInstrument, AssessmentInstrument.instrument_id == Instrument.id)
        .join(Provision, Provision.instrument_id == Instrument.id)
        .where(
            AssessmentInstrument.assessment_id == finding.assessment_id,
            Instrument.key == key,
            Provision.eid == eid,
        )
    ).first()
    if row is None:
        raise TransitionError(
            f"{_label(finding)}: no provision {eid!r} in instrument {key!r} of its assessment"
        )
    return row[0], row[1]


def jurisdiction_findings(
    session: Session, code: str, states: Sequence[str] | None = None
) -> list[Finding]:
    """Findings of the newest assessment of ``code``, optionally only in ``states``."""
    assessment = latest_assessment(session, code)
    if assessment is None:
        raise CoplawError(f"{code}: no assessment stored; run `coplaw batch` first")
    stmt = select(Finding).where(Finding.assessment_id == assessment.id).order_by(Finding.id)
    if states:
        stmt = stmt.where(Finding.state.in_(list(states)))
    return list(session.scalars(stmt))


def mark_preliminary(
    session: Session, code: str, user: str, framework: str | None = None
) -> list[int]:
    """Turn every reviewed finding of the jurisdiction (of one framework, if given) into a
    preliminary result.

    Refuses while any of those findings is still an unreviewed machine finding, since the
    letter must carry the whole set.
    """
    found = jurisdiction_findings(session, code)
    if framework:
        found = [f for f in found if f.framework == framework]
        if not found:
            raise TransitionError(f"{code}: no finding of framework {framework!r}")
    waiting = [f for f in found if f.state == MACHINE]
    if waiting:
        names = ", ".join(f"{f.id} {f.standard}" for f in waiting[:10])
        raise TransitionError(
            f"{code}: {len(waiting)} finding(s) not reviewed yet ({names}); accept or "
            "override them first"
        )
    done: list[int] = []
    for f in found:
        if f.state == REVIEWED:
            decide(session, f.id, "preliminary", user, f.version)
            done.append(f.id)
    if not done:
        raise TransitionError(f"{code}: no reviewed finding to make preliminary")
    return done


def history(session: Session, finding_id: int) -> list[ReviewDecision]:
    return list(
        session.scalars(
            select(ReviewDecision)
            .where(ReviewDecision.finding_id == finding_id)
            .order_by(ReviewDecision.id)
        )
    )
