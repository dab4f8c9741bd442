"""Core tables: jurisdictions, users, instruments, provisions, assessments, findings,
evidence, review decisions, questionnaire answers and the hash-chained audit log.

Revision ID: 0001_core
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jurisdictions",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "jurisdiction_code", sa.String(16), sa.ForeignKey("jurisdictions.code"), nullable=False
        ),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("jurisdiction_code", "key", "version"),
    )
    op.create_index("ix_instruments_jurisdiction_code", "instruments", ["jurisdiction_code"])
    op.create_table(
        "provisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
        sa.Column("eid", sa.String(300), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=True),
        sa.Column("num", sa.String(80), nullable=True),
        sa.Column("heading", sa.Text, nullable=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("instrument_id", "eid"),
    )
    op.create_index("ix_provisions_instrument_id", "provisions", ["instrument_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "jurisdiction_code", sa.String(16), sa.ForeignKey("jurisdictions.code"), nullable=False
        ),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("frameworks", sa.JSON, nullable=True),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("assessments.id"), nullable=True),
        sa.Column("errors", sa.JSON, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_assessments_jurisdiction_code", "assessments", ["jurisdiction_code"])
    op.create_table(
        "assessment_instruments",
        sa.Column(
            "assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), primary_key=True
        ),
        sa.Column(
            "instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), primary_key=True
        ),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), nullable=False),
        sa.Column(
            "jurisdiction_code", sa.String(16), sa.ForeignKey("jurisdictions.code"), nullable=False
        ),
        sa.Column("standard", sa.String(200), nullable=False),
        sa.Column("framework", sa.String(100), nullable=False),
        sa.Column("machine_status", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("current_status", sa.String(20), nullable=False),
        sa.Column("needs_rereview", sa.Boolean, nullable=False),
        sa.Column(
            "previous_finding_id", sa.Integer, sa.ForeignKey("findings.id"), nullable=True
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("assessment_id", "standard"),
    )
    op.create_index("ix_findings_assessment_id", "findings", ["assessment_id"])
    op.create_index("ix_findings_jurisdiction_code", "findings", ["jurisdiction_code"])
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_state", sa.String(30), nullable=False),
        sa.Column("to_state", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("answer_date", sa.String(10), nullable=True),
        sa.Column("answer_text", sa.Text, nullable=True),
        sa.Column(
            "carried_from_id", sa.Integer, sa.ForeignKey("review_decisions.id"), nullable=True
        ),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_review_decisions_finding_id", "review_decisions", ["finding_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("instrument_key", sa.Text, nullable=False),
        sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=True),
        sa.Column("provision", sa.String(300), nullable=False),
        sa.Column("provision_hash", sa.String(64), nullable=True),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column(
            "decision_id", sa.Integer, sa.ForeignKey("review_decisions.id"), nullable=True
        ),
    )
    op.create_index("ix_evidence_finding_id", "evidence", ["finding_id"])
    op.create_table(
        "questionnaire_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "jurisdiction_code", sa.String(16), sa.ForeignKey("jurisdictions.code"), nullable=False
        ),
        sa.Column("question", sa.String(200), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("respondent", sa.Text, nullable=True),
        sa.Column("answered_on", sa.String(10), nullable=True),
        sa.Column("source_file", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index(
        "ix_questionnaire_answers_jurisdiction_code", "questionnaire_answers", ["jurisdiction_code"]
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    # The head row exists from the start, so concurrent first appends lock it, not race it.
    op.execute(f"INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '{'0' * 64}')")


def downgrade() -> None:
    for table in (
        "audit_head",
        "audit_log",
        "questionnaire_answers",
        "evidence",
        "review_decisions",
        "findings",
        "assessment_instruments",
        "assessments",
        "provisions",
        "instruments",
        "users",
        "jurisdictions",
    ):
        op.drop_table(table)
