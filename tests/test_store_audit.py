"""The audit log is append-only and hash-chained; `coplaw audit verify` finds tampering."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from store_support import KINDS, open_database, usable_kind

from coplaw.store import audit
from coplaw.store.db import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=KINDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    with open_database(usable_kind(request), tmp_path) as (st, url):
        with st.session() as s:
            for i in range(6):
                audit.append(s, "ana", "review.accept", "finding", i, {"n": i, "note": "é"})
        yield st, url


def _cli_verify(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coplaw.cli", "audit", "verify", "--db", url],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "COPLAW_DB"},
    )


def _bypass_guard(store: Store, sql: str) -> None:
    """What an attacker with database access does: switch the guard off, then edit."""
    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        conn.exec_driver_sql(sql)


def test_chain_verifies_and_cli_says_so(db: tuple[Store, str]) -> None:
    store, url = db
    with store.session() as s:
        report = audit.verify(s)
    assert report.ok and report.rows == 6 and report.head_seq == 6
    run = _cli_verify(url)
    assert run.returncode == 0, run.stderr
    assert "intact: 6 rows" in run.stdout


def test_log_refuses_update_and_delete(db: tuple[Store, str]) -> None:
    store, _ = db
    for sql in ("UPDATE audit_log SET actor = 'eve' WHERE seq = 2",
                "DELETE FROM audit_log WHERE seq = 3"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(sql))


def test_tampered_row_is_reported(db: tuple[Store, str]) -> None:
    store, url = db
    _bypass_guard(store, "UPDATE audit_log SET payload = '[99]' WHERE seq = 3")
    with store.session() as s:
        report = audit.verify(s)
    assert not report.ok
    assert any(p.startswith("row 3: content changed") for p in report.problems)
    run = _cli_verify(url)
    assert run.returncode == 1
    assert "row 3: content changed" in run.stderr and "TAMPERED" in run.stderr


def test_rehashed_row_still_breaks_the_chain(db: tuple[Store, str]) -> None:
    store, _ = db
    # an attacker who also recomputes the row's own hash: the next row no longer links to it
    with store.session() as s:
        row = s.execute(text("SELECT * FROM audit_log WHERE seq = 2")).mappings().one()
    forged = audit.row_hash(2, row["at"], "eve", row["action"], row["entity"],
                            row["entity_id"], row["payload"], row["prev_hash"])
    _bypass_guard(store, f"UPDATE audit_log SET actor = 'eve', hash = '{forged}' WHERE seq = 2")
    with store.session() as s:
        problems = audit.verify(s).problems
    assert problems == ["row 3: does not link to the row before it"]


def test_deleted_rows_are_reported(db: tuple[Store, str]) -> None:
    store, url = db
    _bypass_guard(store, "DELETE FROM audit_log WHERE seq = 4")
    with store.session() as s:
        problems = audit.verify(s).problems
    assert "row 4 deleted (sequence jumps to 5)" in problems
    _bypass_guard(store, "DELETE FROM audit_log WHERE seq = 6")
    run = _cli_verify(url)
    assert run.returncode == 1
    assert "deleted from the end of the log" in run.stderr
