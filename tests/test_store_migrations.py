"""Migrations: an empty database and one made by the previous migration both reach the head,
and the head schema is exactly what the models describe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from store_support import KINDS, usable_kind

from coplaw.store import audit
from coplaw.store.db import current_revision, head_revision, make_engine, open_store, upgrade
from coplaw.store.models import Base
from coplaw.store.testing import database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return usable_kind(request)


def test_there_are_at_least_two_migrations() -> None:
    versions = Path(__file__).resolve().parent.parent / "coplaw/store/migrations/versions"
    assert len(list(versions.glob("0*.py"))) >= 2
    assert head_revision() == "0003_accounts"


def test_empty_database_upgrades_to_models(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        engine = make_engine(url)
        try:
            assert current_revision(engine) is None
            assert upgrade(engine) == head_revision()
            with engine.connect() as conn:
                diff = compare_metadata(
                    MigrationContext.configure(conn, opts={"compare_type": True}),
                    Base.metadata,
                )
            assert diff == []
            assert upgrade(engine) == head_revision()  # idempotent
        finally:
            engine.dispose()


def test_previous_revision_database_upgrades_keeping_data(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        engine = make_engine(url)
        try:
            assert upgrade(engine, "0001_core") == "0001_core"
            assert not inspect(engine).has_table("batch_jobs")
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO jurisdictions (code, name, created_at) "
                                  "VALUES ('XKA', 'Kalaria', CURRENT_TIMESTAMP)"))
            from sqlalchemy.orm import Session

            with Session(engine) as s, s.begin():
                audit.append(s, "ana", "note", "jurisdiction", "XKA", {"made": "at 0001"})
        finally:
            engine.dispose()
        store = open_store(url)  # what every command does: upgrade on open
        try:
            assert current_revision(store.engine) == head_revision()
            assert inspect(store.engine).has_table("batch_jobs")
            with store.session() as s:
                assert s.execute(text("SELECT name FROM jurisdictions")).scalar() == "Kalaria"
                assert audit.verify(s).ok
        finally:
            store.close()


def test_cli_db_upgrade_creates_database_at_given_path(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "review.db"
    run = subprocess.run(
        [sys.executable, "-m", "coplaw.cli", "db", "upgrade", "--db", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "COPLAW_DB"},
    )
    assert run.returncode == 0, run.stderr
    assert "0003_accounts" in run.stdout and target.is_file()
    import sqlite3

    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_path_is_per_user_and_env_overrides(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from coplaw.store.db import default_path, resolve_url

    monkeypatch.delenv("COPLAW_DB", raising=False)
    assert resolve_url() == f"sqlite:///{default_path()}"
    assert "coplaw" in str(default_path())
    monkeypatch.setenv("COPLAW_DB", str(tmp_path / "x.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_reviewers_of_the_second_revision_keep_their_rows_without_passwords(
        kind: str, tmp_path: Path) -> None:
    """0003 adds credentials to ``users``: people who reviewed before it stay, and cannot log
    in until an administrator gives them a password."""
    from coplaw.web.accounts import Accounts

    with database(kind, tmp_path) as url:
        engine = make_engine(url)
        try:
            assert upgrade(engine, "0002_workflow") == "0002_workflow"
            assert "password_hash" not in {c["name"] for c in inspect(engine).get_columns("users")}
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO users (name, role, created_at) "
                                  "VALUES ('rosa', 'reviewer', CURRENT_TIMESTAMP)"))
        finally:
            engine.dispose()
        store = open_store(url)
        try:
            accounts = Accounts(store)
            assert accounts.get("rosa") is None and accounts.all() == []
            accounts.add("rosa", "a password now", "reviewer")
            with store.session() as s:
                assert s.execute(text("SELECT count(*) FROM users")).scalar() == 1
            assert accounts.verify("rosa", "a password now") is not None
        finally:
            store.close()
