"""Workflow tables: letters to governments, resumable batch jobs, published editions; and
triggers that make the audit log append-only at the database level.

Revision ID: 0002_workflow
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_workflow"
down_revision = "0001_core"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

SQLITE_TRIGGERS = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
PG_TRIGGERS = [
    "CREATE FUNCTION coplaw_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION coplaw_audit_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "jurisdiction_code", sa.String(16), sa.ForeignKey("jurisdictions.code"), nullable=False
        ),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), nullable=False),
        sa.Column("addressee", sa.Text, nullable=False),
        sa.Column("reply_by", sa.String(10), nullable=True),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_letters_jurisdiction_code", "letters", ["jurisdiction_code"])
    op.create_table(
        "batch_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("corpus_dir", sa.Text, nullable=False),
        sa.Column("selection", sa.Text, nullable=False),
        sa.Column("frameworks", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
    )
    op.create_table(
        "batch_items",
        sa.Column("job_id", sa.Integer, sa.ForeignKey("batch_jobs.id"), primary_key=True),
        sa.Column("jurisdiction_code", sa.String(16), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
    )
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("framework", sa.String(100), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("header", sa.JSON, nullable=True),
        sa.Column("published_at", TS, nullable=False),
    )
    op.create_table(
        "edition_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("edition_id", sa.Integer, sa.ForeignKey("editions.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("jurisdiction_code", sa.String(16), nullable=True),
        sa.Column("footnotes", sa.Text, nullable=False),
        sa.UniqueConstraint("edition_id", "position"),
    )
    op.create_index("ix_edition_rows_edition_id", "edition_rows", ["edition_id"])
    op.create_table(
        "edition_cells",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("row_id", sa.Integer, sa.ForeignKey("edition_rows.id"), nullable=False),
        sa.Column("standard", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), nullable=True),
        sa.UniqueConstraint("row_id", "standard"),
    )
    op.create_index("ix_edition_cells_row_id", "edition_cells", ["row_id"])
    dialect = op.get_bind().dialect.name
    for sql in SQLITE_TRIGGERS if dialect == "sqlite" else PG_TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS coplaw_audit_append_only()")
    for table in ("edition_cells", "edition_rows", "editions", "batch_items", "batch_jobs",
                  "letters"):
        op.drop_table(table)
