"""Database tables of the store (SQLAlchemy 2, typed ``Mapped[]`` style).

The migrations in ``coplaw/store/migrations`` create exactly these tables; a test compares
them. Machine findings are never updated in place by people: a review adds a
``ReviewDecision`` row and moves the finding's workflow ``state``; ``machine_status`` stays as
the engine wrote it, so both are always visible.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every engine (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


# Workflow states of a finding, in the order of the review methodology.
MACHINE = "machine"
REVIEWED = "reviewed"
PRELIMINARY = "preliminary"
CONFIRMATION_REQUESTED = "confirmation_requested"
ANSWERED = "answered"
PUBLISHED = "published"
STATES: tuple[str, ...] = (
    MACHINE,
    REVIEWED,
    PRELIMINARY,
    CONFIRMATION_REQUESTED,
    ANSWERED,
    PUBLISHED,
)


class Jurisdiction(Base):
    __tablename__ = "jurisdictions"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(40), default="reviewer")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # argon2 hash; None for people known only as reviewers on the command line, who cannot
    # log in to the web application.
    password_hash: Mapped[str | None] = mapped_column(Text)


class Instrument(Base):
    """One version of one law: a new row whenever the text (content hash) changes."""

    __tablename__ = "instruments"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    key: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="in_force")
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    provisions: Mapped[list[Provision]] = relationship(
        back_populates="instrument", order_by="Provision.position"
    )


class Provision(Base):
    __tablename__ = "provisions"
    __table_args__ = (UniqueConstraint("instrument_id", "eid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    eid: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(40))
    num: Mapped[str | None] = mapped_column(String(80))
    heading: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))

    instrument: Mapped[Instrument] = relationship(back_populates="provisions")


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    frameworks: Mapped[list[Any] | None] = mapped_column(JSON)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    errors: Mapped[list[Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)

    findings: Mapped[list[Finding]] = relationship(
        back_populates="assessment", order_by="Finding.id"
    )


class AssessmentInstrument(Base):
    __tablename__ = "assessment_instruments"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), primary_key=True)


class Finding(Base):
    """A machine finding plus its place in the review workflow.

    ``version`` is the optimistic-concurrency counter: every change is a compare-and-set on it.
    """

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("assessment_id", "standard"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    standard: Mapped[str] = mapped_column(String(200))
    framework: Mapped[str] = mapped_column(String(100))
    machine_status: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    rationale: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(30), default=MACHINE)
    current_status: Mapped[str] = mapped_column(String(20))
    needs_rereview: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="findings")
    evidence: Mapped[list[EvidenceRow]] = relationship(
        order_by="EvidenceRow.position", foreign_keys="EvidenceRow.finding_id"
    )
    decisions: Mapped[list[ReviewDecision]] = relationship(order_by="ReviewDecision.id")


class EvidenceRow(Base):
    """A quoted span (machine evidence) or a government's answer (``kind='answer'``)."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(20), default="machine")
    kind: Mapped[str] = mapped_column(String(20), default="text")
    instrument_key: Mapped[str] = mapped_column(Text)
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instruments.id"))
    provision: Mapped[str] = mapped_column(String(300))
    provision_hash: Mapped[str | None] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("review_decisions.id"))


class ReviewDecision(Base):
    """One human step on a finding. Never updated; carried copies point at their original."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    answer_date: Mapped[str | None] = mapped_column(String(10))
    answer_text: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("review_decisions.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionnaireAnswer(Base):
    __tablename__ = "questionnaire_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    question: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text)
    respondent: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[str | None] = mapped_column(String(10))
    source_file: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only, hash-chained: ``hash = sha256(canonical(row) + prev_hash)``.

    ``at`` is kept as the exact text that was hashed, so every engine verifies alike.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the last sequence number and hash; locks appends and exposes tail deletion."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


# --- tables added by the second migration --------------------------------------------------


class Letter(Base):
    """A confirmation letter sent to a government, with the digests of the files written."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"))
    addressee: Mapped[str] = mapped_column(Text)
    reply_by: Mapped[str | None] = mapped_column(String(10))
    files: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BatchJob(Base):
    __tablename__ = "batch_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    corpus_dir: Mapped[str] = mapped_column(Text)
    selection: Mapped[str] = mapped_column(Text)
    frameworks: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="running")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class BatchItem(Base):
    __tablename__ = "batch_items"

    job_id: Mapped[int] = mapped_column(ForeignKey("batch_jobs.id"), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column()


class Edition(Base):
    """A published table: imported from CSV, or built from reviewed findings."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    framework: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20))
    header: Mapped[list[Any] | None] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class EditionRow(Base):
    __tablename__ = "edition_rows"
    __table_args__ = (UniqueConstraint("edition_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(Text)
    jurisdiction_code: Mapped[str | None] = mapped_column(String(16))
    footnotes: Mapped[str] = mapped_column(Text, default="")


class EditionCell(Base):
    __tablename__ = "edition_cells"
    __table_args__ = (UniqueConstraint("row_id", "standard"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("edition_rows.id"), index=True)
    standard: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id"))


# --- tables added by the third migration ---------------------------------------------------


class ApiToken(Base):
    """An API token of a user: only its SHA-256 digest is kept; revoked tokens stay listed."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class WebJob(Base):
    """An assessment started from the web application, with its progress, so any server
    process can report it and a restart can tell the user it was interrupted."""

    __tablename__ = "web_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(16), index=True)
    user_name: Mapped[str] = mapped_column(String(200))
    files: Mapped[list[Any]] = mapped_column(JSON)
    answers: Mapped[str | None] = mapped_column(Text)
    step: Mapped[str] = mapped_column(String(20), default="queued")
    detail: Mapped[str | None] = mapped_column(Text)  # e.g. "file 3 of 12: act.pdf"
    fraction: Mapped[float] = mapped_column(Float, default=0.0)  # of the current step
    error: Mapped[str | None] = mapped_column(Text)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    findings: Mapped[int] = mapped_column(Integer, default=0)
    file_errors: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
