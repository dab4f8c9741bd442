"""``coplaw serve`` and ``coplaw account``: run the web application and manage its accounts."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

from coplaw.web.accounts import Accounts

account_app = typer.Typer(help="Web accounts (admin, analyst, reviewer, viewer) and API tokens.",
                          no_args_is_help=True)

WEB_DIR_HELP = ("Folder for accounts, uploads and the session key (default: COPLAW_WEB_DIR or "
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


def _accounts(folder: Path | None) -> Accounts:

    return Accounts(web_dir(folder) / "accounts.json")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help="Database file or URL (else COPLAW_DB).")
                  ] = None,
    data_dir: WebDir = None,
) -> None:
    """Run the web application (pages and JSON API; OpenAPI at /api/docs)."""
    import uvicorn

    from coplaw.store.db import open_store
    from coplaw.web.app import create_app

    folder = web_dir(data_dir)
    accounts = _accounts(folder)
    if not accounts.all():
        typer.echo(f"no account yet in {accounts.path}; create one with "
                   "`coplaw account add NAME --role admin`", err=True)
    store = open_store(db)
    app = create_app(store, accounts, folder / "uploads", session_secret(folder))
    uvicorn.run(app, host=host, port=port, log_level="info")


@account_app.command("add")
def account_add(
    name: Annotated[str, typer.Argument(help="Account name.")],
    role: Annotated[str, typer.Option(help="admin, analyst, reviewer or viewer.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input.")] = False,
    data_dir: WebDir = None,
) -> None:
    """Create an account (the password is asked for, or read from stdin)."""
    from coplaw.web.accounts import AccountError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        _accounts(data_dir).add(name, password, role)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"account {name} ({role}) created")


@account_app.command("token")
def account_token(
    name: Annotated[str, typer.Argument(help="Account name.")],
    data_dir: WebDir = None,
) -> None:
    """Print a new API token for the account (shown once; only its digest is kept)."""
    from coplaw.web.accounts import AccountError

    try:
        typer.echo(_accounts(data_dir).new_token(name))
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@account_app.command("list")
def account_list(
    data_dir: WebDir = None,
) -> None:
    """List accounts and their roles."""
    for account in _accounts(data_dir).all():
        typer.echo(f"{account.name}\t{account.role}\t{len(account.tokens)} token(s)")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``account`` to the main command line."""
    app.command("serve")(serve)
    app.add_typer(account_app, name="account")
