"""``coplaw serve`` and ``coplaw account``: run the web application and manage its accounts
(kept in the database, beside the findings they review)."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from coplaw.store.commands import DbOpt
from coplaw.web.accounts import Accounts

account_app = typer.Typer(help="Web accounts (admin, analyst, reviewer, viewer) and API tokens.",
                          no_args_is_help=True)

WEB_DIR_HELP = ("Folder for uploads, letters and the session key (default: COPLAW_WEB_DIR or "
                "the per-user data folder).")
WebDir = Annotated[Path | None, typer.Option("--web-dir", help=WEB_DIR_HELP)]


def web_dir(value: Path | None) -> Path:
    """Where the web application keeps its accounts, uploads and session key."""
    if value is not None:
        return value
    env = os.environ.get("COPLAW_WEB_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("coplaw", appauthor=False) / "web"


def session_secret(folder: Path) -> str:
    """The key that signs session cookies: ``COPLAW_SECRET`` or one kept in the folder."""
    env = os.environ.get("COPLAW_SECRET")
    if env:
        return env
    path = folder / "session.key"
    if path.exists():
        return path.read_text("utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, "utf-8")
    os.chmod(path, 0o600)
    return key




def _legacy_import(accounts: Accounts, folder: Path) -> None:
    """Move accounts from the JSON file earlier versions kept in the web folder into the
    store, once; the file is renamed so it is not read again."""
    from coplaw.web.accounts import AccountError

    legacy = folder / "accounts.json"
    if not legacy.is_file():
        return
    try:
        added = accounts.import_file(legacy)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    legacy.rename(legacy.with_suffix(".json.imported"))
    typer.echo(f"{len(added)} account(s) moved from {legacy} into the database", err=True)


NameArg = Annotated[str, typer.Argument(help="Account name.")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from standard input.")]


@contextmanager
def _accounts(db: str | None) -> Iterator[Accounts]:
    """The accounts of the database ``db``; errors become a message and exit code 2."""
    from coplaw.errors import CoplawError
    from coplaw.store.db import open_store

    try:
        store = open_store(db)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        yield Accounts(store)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOpt = None,
    data_dir: WebDir = None,
) -> None:
    """Run the web application (pages and JSON API; OpenAPI at /api/docs)."""
    import uvicorn

    from coplaw.store.db import open_store
    from coplaw.web.app import create_app

    folder = web_dir(data_dir)
    store = open_store(db)
    accounts = Accounts(store)
    _legacy_import(accounts, folder)
    if not accounts.all():
        typer.echo("no account yet; create one with `coplaw account add NAME --role admin`",
                   err=True)
    app = create_app(store, folder / "uploads", session_secret(folder))
    uvicorn.run(app, host=host, port=port, log_level="info")


@account_app.command("add")
def account_add(
    name: NameArg,
    role: Annotated[str, typer.Option(help="admin, analyst, reviewer or viewer.")] = "viewer",
    password_stdin: PasswordStdin = False,
    db: DbOpt = None,
) -> None:
    """Create an account (the password is asked for, or read from stdin)."""
    password = _password(password_stdin)
    with _accounts(db) as accounts:
        accounts.add(name, password, role)
    typer.echo(f"account {name} ({role}) created")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@account_app.command("password")
def account_password(
    name: NameArg,
    password_stdin: PasswordStdin = False,
    db: DbOpt = None,
) -> None:
    """Set a new password for an account."""
    password = _password(password_stdin)
    with _accounts(db) as accounts:
        accounts.set_password(name, password)
    typer.echo(f"password of {name} changed")


@account_app.command("role")
def account_role(
    name: NameArg,
    role: Annotated[str, typer.Argument(help="admin, analyst, reviewer or viewer.")],
    db: DbOpt = None,
) -> None:
    """Give an account another role."""
    with _accounts(db) as accounts:
        accounts.set_role(name, role)
    typer.echo(f"{name} is now {role}")


@account_app.command("token")
def account_token(
    name: NameArg,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    db: DbOpt = None,
) -> None:
    """Print a new API token for the account (shown once; only its digest is kept)."""
    with _accounts(db) as accounts:
        typer.echo(accounts.new_token(name, label))


@account_app.command("revoke")
def account_revoke(
    name: NameArg,
    token_id: Annotated[int, typer.Argument(help="Token number, as `account tokens` lists.")],
    db: DbOpt = None,
) -> None:
    """Revoke one API token of an account; requests with it are refused from now on."""
    with _accounts(db) as accounts:
        accounts.revoke(name, token_id)
    typer.echo(f"token {token_id} of {name} revoked")


@account_app.command("tokens")
def account_tokens(
    name: NameArg,
    db: DbOpt = None,
) -> None:
    """List an account's API tokens (number, label, issued, revoked)."""
    with _accounts(db) as accounts:
        for t in accounts.tokens(name):
            typer.echo(f"{t.id}\t{t.label or '-'}\t{t.created_at}\t"
                       f"{'revoked ' + t.revoked_at if t.revoked_at else 'live'}")


@account_app.command("list")
def account_list(db: DbOpt = None) -> None:
    """List accounts and their roles."""
    with _accounts(db) as accounts:
        for account in accounts.all():
            typer.echo(f"{account.name}\t{account.role}\t{account.tokens} token(s)")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``account`` to the main command line."""
    app.command("serve")(serve)
    app.add_typer(account_app, name="account")
