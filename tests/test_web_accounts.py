"""Accounts: argon2 hashes, roles, API tokens, and the ``coplaw account`` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.web.accounts import AccountError, Accounts, can


def test_accounts_roles_and_tokens(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "accounts.json")
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
    token = accounts.new_token("ana")
    assert token not in (tmp_path / "accounts.json").read_text()
    found = accounts.by_token(token)
    assert found is not None and found.name == "ana"
    assert accounts.by_token(token + "x") is None
    accounts.set_role("ana", "viewer")
    assert accounts.get("ana").role == "viewer"  # type: ignore[union-attr]
    # A second reader of the same file sees the change.
    assert Accounts(tmp_path / "accounts.json").by_token(token).role == "viewer"  # type: ignore[union-attr]


def test_role_order() -> None:
    assert can("admin", "upload") and can("analyst", "review") and can("reviewer", "review")
    assert not can("viewer", "review") and not can("reviewer", "upload")
    assert not can("analyst", "admin") and can("viewer", "read")
    assert not can("stranger", "read")


def test_account_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(tmp_path / "web")
    made = runner.invoke(app, ["account", "add", "rita", "--role", "reviewer",
                               "--password-stdin", "--web-dir", folder],
                         input="a long password\n")
    assert made.exit_code == 0, made.output
    bad = runner.invoke(app, ["account", "add", "x", "--role", "king", "--password-stdin",
                              "--web-dir", folder], input="a long password\n")
    assert bad.exit_code == 2
    token = runner.invoke(app, ["account", "token", "rita", "--web-dir", folder])
    assert token.exit_code == 0 and token.output.startswith("cpl_")
    listed = runner.invoke(app, ["account", "list", "--web-dir", folder])
    assert "rita\treviewer\t1 token(s)" in listed.output
    assert Accounts(Path(folder) / "accounts.json").by_token(token.output.strip()) is not None
