"""Accounts: argon2 hashes in the store, roles, API tokens (issued, revoked), the move from
the old account file, and the ``coplaw account`` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from store_support import KINDS, open_database, usable_kind
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.store import audit
from coplaw.store.db import Store, open_store
from coplaw.store.models import ApiToken, AuditEntry, User
from coplaw.store.review import get_user
from coplaw.web.accounts import AccountError, Accounts, can


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on SQLite and on PostgreSQL."""
    with open_database(usable_kind(request), tmp_path) as (opened, _url):
        yield opened


def test_accounts_roles_and_tokens(store: Store) -> None:
    accounts = Accounts(store)
    accounts.add("ana", "long enough pw", "analyst")
    assert accounts.verify("ana", "long enough pw") is not None
    assert accounts.verify("ana", "long enough pW") is None
    assert accounts.verify("nobody", "long enough pw") is None
    with pytest.raises(AccountError, match="already exists"):
        accounts.add("ana", "another password", "viewer")
    with pytest.raises(AccountError, match="at least 8"):
        accounts.add("bob", "short", "viewer")
    with pytest.raises(AccountError, match="role 'boss'"):
        accounts.add("bob", "long enough pw", "boss")
    token = accounts.new_token("ana", "nightly export")
    with store.session() as s:
        user = s.scalars(select(User).where(User.name == "ana")).one()
        assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
        assert "long enough pw" not in user.password_hash
        digests = s.scalars(select(ApiToken.digest)).all()
    assert digests and token not in digests and all(len(d) == 64 for d in digests)
    found = accounts.by_token(token)
    assert found is not None and found.name == "ana"
    assert accounts.by_token(token + "x") is None
    accounts.set_role("ana", "viewer")
    assert accounts.get("ana").role == "viewer"  # type: ignore[union-attr]
    assert accounts.by_token(token).role == "viewer"  # type: ignore[union-attr]
    # Revoking one token leaves the other working.
    second = accounts.new_token("ana")
    first_id = accounts.tokens("ana")[0].id
    accounts.revoke("ana", first_id, actor="admin")
    assert accounts.by_token(token) is None
    assert accounts.by_token(second) is not None
    listed = accounts.tokens("ana")
    assert listed[0].label == "nightly export" and listed[0].revoked_at is not None
    assert accounts.all()[0].tokens == 1
    with pytest.raises(AccountError, match="no token"):
        accounts.revoke("ana", 999)
    # Every change is in the audit log, and the chain still verifies.
    with store.session() as s:
        actions = s.scalars(select(AuditEntry.action)).all()
        assert audit.verify(s).ok
    assert {"account.created", "token.issued", "account.role", "token.revoked"} <= set(actions)


def test_command_line_reviewer_cannot_log_in_until_given_a_password(store: Store) -> None:
    with store.session() as s:
        get_user(s, "rev")  # what `coplaw review decide --user rev` does
    accounts = Accounts(store)
    assert accounts.get("rev") is None
    assert accounts.verify("rev", "any password at all") is None
    with pytest.raises(AccountError, match="no account"):
        accounts.new_token("rev")
    accounts.add("rev", "now a password", "reviewer")  # keeps the same user row
    with store.session() as s:
        assert len(s.scalars(select(User).where(User.name == "rev")).all()) == 1
    assert accounts.verify("rev", "now a password") is not None


def test_old_account_file_is_imported(store: Store, tmp_path: Path) -> None:
    from argon2 import PasswordHasher

    legacy = tmp_path / "accounts.json"
    legacy.write_text(json.dumps({"accounts": [
        {"name": "old", "role": "reviewer", "password_hash": PasswordHasher().hash("old secret"),
         "tokens": ["a" * 64]}]}), "utf-8")
    accounts = Accounts(store)
    assert accounts.import_file(legacy) == ["old"]
    assert accounts.import_file(legacy) == []  # already there: left alone
    assert accounts.verify("old", "old secret") is not None
    assert accounts.all()[0].tokens == 1
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    with pytest.raises(AccountError, match="bad.json"):
        accounts.import_file(tmp_path / "bad.json")


def test_role_order() -> None:
    assert can("admin", "upload") and can("analyst", "review") and can("reviewer", "review")
    assert not can("viewer", "review") and not can("reviewer", "upload")
    assert not can("analyst", "admin") and can("viewer", "read")
    assert can("analyst", "workflow") and not can("reviewer", "workflow")
    assert can("admin", "publish") and not can("analyst", "publish")
    assert not can("stranger", "read")


def test_account_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    made = runner.invoke(app, ["account", "add", "rita", "--role", "reviewer",
                               "--password-stdin", "--db", db], input="a long password\n")
    assert made.exit_code == 0, made.output
    bad = runner.invoke(app, ["account", "add", "x", "--role", "king", "--password-stdin",
                              "--db", db], input="a long password\n")
    assert bad.exit_code == 2 and "king" in bad.output
    token = runner.invoke(app, ["account", "token", "rita", "--label", "ci", "--db", db])
    assert token.exit_code == 0 and token.output.startswith("cpl_")
    listed = runner.invoke(app, ["account", "list", "--db", db])
    assert "rita\treviewer\t1 token(s)" in listed.output
    role = runner.invoke(app, ["account", "role", "rita", "analyst", "--db", db])
    assert role.exit_code == 0
    pw = runner.invoke(app, ["account", "password", "rita", "--password-stdin", "--db", db],
                       input="another long one\n")
    assert pw.exit_code == 0
    store = open_store(db)
    try:
        accounts = Accounts(store)
        assert accounts.by_token(token.output.strip()).role == "analyst"  # type: ignore[union-attr]
        assert accounts.verify("rita", "another long one") is not None
    finally:
        store.close()
    tokens = runner.invoke(app, ["account", "tokens", "rita", "--db", db])
    assert "\tci\t" in tokens.output and "live" in tokens.output
    revoked = runner.invoke(app, ["account", "revoke", "rita", tokens.output.split("\t")[0],
                                  "--db", db])
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in runner.invoke(app, ["account", "tokens", "rita", "--db", db]).output
    missing = runner.invoke(app, ["account", "token", "nobody", "--db", db])
    assert missing.exit_code == 2 and "no account 'nobody'" in missing.output
