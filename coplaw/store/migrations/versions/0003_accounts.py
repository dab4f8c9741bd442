"""Web accounts kept with the data: password hashes on users, API tokens, and the progress of
assessments started from the web application.

Revision ID: 0003_accounts
Revises: 0002_workflow
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_accounts"
down_revision = "0002_workflow"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.Text, nullable=True))
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "web_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("jurisdiction_code", sa.String(16), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("answers", sa.Text, nullable=True),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("fraction", sa.Float, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), nullable=True),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("file_errors", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_web_jobs_jurisdiction_code", "web_jobs", ["jurisdiction_code"])


def downgrade() -> None:
    op.drop_table("web_jobs")
    op.drop_table("api_tokens")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_hash")
