"""Commands of the store: database, batch runs, review workflow, letters, editions, audit.

Every command takes ``--db PATH_OR_URL`` (or ``COPLAW_DB``); without it the per-user SQLite
database is used. The schema is brought up to date on open.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from coplaw.errors import CoplawError
from coplaw.store.db import Store, open_store, resolve_url, upgrade

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="COPLAW_DB", help="SQLite file or database URL "
                 "(postgresql://...); default: the per-user coplaw.db"),
]
UserOpt = Annotated[
    str | None, typer.Option("--user", envvar="COPLAW_USER", help="who decides (default: login)")
]

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


@contextmanager
def _opened(db: str | None) -> Iterator[Store]:
    try:
        store = open_store(db)
    except CoplawError as exc:
        raise _fail(exc) from exc
    try:
        yield store
    except CoplawError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()


def _user(user: str | None) -> str:
    return user or os.environ.get("COPLAW_USER") or getpass.getuser()


def _codes(only: str | None) -> list[str] | None:
    return [c.strip().upper() for c in only.split(",") if c.strip()] if only else None


db_app = typer.Typer(help="Create, upgrade, export and import the database.",
                     no_args_is_help=True)
review_app = typer.Typer(help="Review machine findings: list, show, decide, preliminary.",
                         no_args_is_help=True)
edition_app = typer.Typer(help="Published editions of the review table (ICMEC layout CSV).",
                          no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(db: DbOpt = None, revision: str = typer.Option("head", help="target")) -> None:
    """Create the database or bring its schema to the newest (or given) revision."""
    from coplaw.store.db import make_engine

    try:
        engine = make_engine(db)
        reached = upgrade(engine, revision)
        engine.dispose()
    except CoplawError as exc:
        raise _fail(exc) from exc
    console.print(f"{resolve_url(db)}: schema at {reached}", highlight=False)


@db_app.command("export")
def db_export(
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file (default stdout)")] = None,
) -> None:
    """Write the whole database as JSON lines."""
    from coplaw.store.dump import export_jsonl

    with _opened(db) as store:
        if out is None:
            n = export_jsonl(store, sys.stdout)
        else:
            with out.open("w", encoding="utf-8") as fh:
                n = export_jsonl(store, fh)
            errors.print(f"{n} rows written to {out}", highlight=False)


@db_app.command("import")
def db_import(
    file: Annotated[Path, typer.Argument(help="a file written by `coplaw db export`")],
    db: DbOpt = None,
) -> None:
    """Load an export into an empty database."""
    from coplaw.store.dump import import_jsonl

    with _opened(db) as store:
        n = import_jsonl(store, file)
    console.print(f"{n} rows imported from {file}", highlight=False)


def batch(
    corpus_dir: Annotated[Path, typer.Argument(help="folder with one folder per jurisdiction")],
    only: Annotated[str | None, typer.Option("--only", help="codes, comma-separated")] = None,
    framework: Annotated[
        list[str] | None, typer.Option("--framework", help="framework id (repeatable)")
    ] = None,
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
    db: DbOpt = None,
) -> None:
    """Assess every jurisdiction of a corpus and store the results; resumes after a crash."""
    from coplaw.store.batch import run_batch

    with _opened(db) as store:
        result = run_batch(store, corpus_dir, _codes(only), framework or None,
                           show_progress=progress and sys.stderr.isatty())
    word = "resumed" if result.resumed else "started"
    console.print(
        f"batch job {result.job_id} {word}: {len(result.done)} assessed, "
        f"{len(result.skipped)} already done, {len(result.failed)} failed", highlight=False,
    )
    for code, why in result.failed.items():
        errors.print(f"{code}: {why}", highlight=False)
    if result.failed:
        raise typer.Exit(1)


@review_app.command("list")
def review_list(
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", "-j")] = None,
    state: Annotated[str | None, typer.Option(help="only this workflow state")] = None,
    framework: Annotated[str | None, typer.Option(help="only this framework")] = None,
    rereview: Annotated[bool, typer.Option("--rereview", help="only flagged")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOpt = None,
) -> None:
    """Findings of each jurisdiction's newest assessment, machine and human status side by side."""
    from sqlalchemy import func, select

    from coplaw.store.models import Assessment, Finding

    with _opened(db) as store, store.session() as s:
        newest = select(func.max(Assessment.id)).group_by(Assessment.jurisdiction_code)
        stmt = select(Finding).where(Finding.assessment_id.in_(newest))
        if jurisdiction:
            stmt = stmt.where(Finding.jurisdiction_code == jurisdiction.upper())
        if state:
            stmt = stmt.where(Finding.state == state)
        if framework:
            stmt = stmt.where(Finding.framework == framework)
        if rereview:
            stmt = stmt.where(Finding.needs_rereview.is_(True))
        rows = s.scalars(stmt.order_by(Finding.jurisdiction_code, Finding.standard)).all()
        if as_json:
            print(json.dumps([
                {"id": f.id, "jurisdiction": f.jurisdiction_code, "standard": f.standard,
                 "machine_status": f.machine_status, "status": f.current_status,
                 "state": f.state, "version": f.version, "needs_rereview": f.needs_rereview}
                for f in rows], indent=1))
            return
        table = Table("id", "jur.", "standard", "machine", "status", "state", "ver", "flag")
        for f in rows:
            table.add_row(str(f.id), f.jurisdiction_code, f.standard, f.machine_status,
                          f.current_status, f.state, str(f.version),
                          "re-review" if f.needs_rereview else "")
        console.print(table)


@review_app.command("show")
def review_show(finding_id: int, db: DbOpt = None) -> None:
    """One finding: the machine's verdict and evidence, then every human decision."""
    from coplaw.store.models import Finding, User
    from coplaw.store.review import history

    with _opened(db) as store, store.session() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise _fail(CoplawError(f"finding {finding_id} does not exist"))
        console.print(f"[bold]{f.jurisdiction_code} {f.standard}[/] (finding {f.id}, "
                      f"version {f.version}, state {f.state})")
        console.print(f"machine: {f.machine_status} ({f.confidence:.2f}, {f.method})",
                      highlight=False)
        console.print(f"  {f.rationale}", highlight=False)
        for ev in f.evidence:
            console.print(f"  [{ev.origin}] {ev.instrument_key} {ev.provision} "
                          f"[{ev.start}:{ev.end}] “{ev.quote}”", highlight=False, markup=False)
        console.print(f"current: {f.current_status}"
                      + (" (flagged for re-review)" if f.needs_rereview else ""))
        for d in history(s, f.id):
            who = s.get(User, d.user_id).name if d.user_id else "?"  # type: ignore[union-attr]
            extra = " ".join(x for x in (
                d.status and f"status={d.status}", d.reason and f"reason={d.reason!r}",
                d.answer_date and f"answer {d.answer_date}: {d.answer_text!r}",
                d.carried_from_id and f"(carried from decision {d.carried_from_id})") if x)
            console.print(f"  {d.created_at:%Y-%m-%d %H:%M} {who}: {d.action} "
                          f"{d.from_state} -> {d.to_state} {extra}", highlight=False,
                          markup=False)


@review_app.command("decide")
def review_decide(
    finding_id: int,
    action: Annotated[str, typer.Argument(help="accept, override, reopen, confirm, correct")],
    status: Annotated[str | None, typer.Option(help="status for override/correct")] = None,
    reason: Annotated[str | None, typer.Option(help="why (required for override)")] = None,
    version: Annotated[int | None, typer.Option(
        "--version", help="the version you reviewed (from `review list`); protects against "
        "overwriting someone else's decision")] = None,
    answer_date: Annotated[str | None, typer.Option(help="date of the government's answer")] = None,
    answer_text: Annotated[str | None, typer.Option(help="text of the answer")] = None,
    answer_file: Annotated[Path | None, typer.Option(help="file holding the answer text")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Record one review decision on a finding."""
    from coplaw.store.models import Finding
    from coplaw.store.review import decide

    if answer_file is not None:
        try:
            answer_text = answer_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(CoplawError(f"{answer_file}: cannot read the answer: {exc}")) from exc
    with _opened(db) as store, store.session() as s:
        if version is None:
            f = s.get(Finding, finding_id)
            if f is None:
                raise _fail(CoplawError(f"finding {finding_id} does not exist"))
            version = f.version
        d = decide(s, finding_id, action, _user(user), version, status=status, reason=reason,
                   answer_date=answer_date, answer_text=answer_text)
        console.print(f"finding {finding_id}: {d.from_state} -> {d.to_state}"
                      + (f" ({d.status})" if d.status else ""), highlight=False)


@review_app.command("preliminary")
def review_preliminary(
    code: str,
    framework: Annotated[str | None, typer.Option(help="only this framework's findings")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Make every reviewed finding of a jurisdiction a preliminary result."""
    from coplaw.store.review import mark_preliminary

    with _opened(db) as store, store.session() as s:
        done = mark_preliminary(s, code.upper(), _user(user), framework)
    console.print(f"{code.upper()}: {len(done)} preliminary results", highlight=False)


def letter(
    code: Annotated[str, typer.Argument(help="jurisdiction code")],
    out: Annotated[Path, typer.Option("--out", "-o", help="folder for the letter files")] = Path(),
    addressee: Annotated[str | None, typer.Option(help="to whom")] = None,
    reply_by: Annotated[str | None, typer.Option(help="reply date YYYY-MM-DD")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", help="docx, pdf")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Write the confirmation letter (DOCX and PDF) with the preliminary results."""
    from coplaw.store.letters import send

    with _opened(db) as store, store.session() as s:
        row, paths = send(s, code.upper(), out, _user(user), addressee=addressee,
                          reply_by=reply_by, formats=tuple(fmt or ("docx", "pdf")))
    for path in paths.values():
        console.print(str(path), highlight=False)
    errors.print(f"letter {row.id}: confirmation requested", highlight=False)


@edition_app.command("import")
def edition_import(
    csv_file: Annotated[Path, typer.Argument(help="ICMEC layout: country, 5 criteria, notes")],
    name: Annotated[str, typer.Option("--name", help="edition name, e.g. 2023")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Store a published review table as an edition."""
    from coplaw.store.editions import import_table

    with _opened(db) as store, store.session() as s:
        ed = import_table(s, csv_file, name, _user(user))
        console.print(f"edition {ed.name!r} imported from {csv_file}", highlight=False)


@edition_app.command("export")
def edition_export(
    name: str,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write")],
    db: DbOpt = None,
) -> None:
    """Write an edition as CSV in the ICMEC layout."""
    from coplaw.store.editions import export_table

    with _opened(db) as store, store.session() as s:
        n = export_table(s, name, out)
    console.print(f"{n} countries written to {out}", highlight=False)


@edition_app.command("publish")
def edition_publish(
    name: str,
    only: Annotated[str | None, typer.Option("--only", help="codes, comma-separated")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Publish reviewed results that were sent for confirmation as a new edition."""
    from coplaw.store.editions import publish

    with _opened(db) as store, store.session() as s:
        ed, skipped = publish(s, name, _user(user), _codes(only))
        console.print(f"edition {ed.name!r} published", highlight=False)
    for code, why in skipped.items():
        errors.print(f"left out {code}: {why}", highlight=False)


@edition_app.command("list")
def edition_list(db: DbOpt = None) -> None:
    """Editions in the database."""
    from sqlalchemy import select

    from coplaw.store.models import Edition

    with _opened(db) as store, store.session() as s:
        for ed in s.scalars(select(Edition).order_by(Edition.id)):
            typer.echo(f"{ed.name}\t{ed.source}\t{ed.published_at:%Y-%m-%d}")


@audit_app.command("verify")
def audit_verify(db: DbOpt = None) -> None:
    """Recompute the audit chain; report any changed or deleted row (exit 1 if any)."""
    from coplaw.store.audit import verify

    with _opened(db) as store, store.session() as s:
        report = verify(s)
    if report.ok:
        console.print(f"audit log intact: {report.rows} rows, head {report.head_hash[:16]}…",
                      highlight=False)
        return
    for problem in report.problems:
        errors.print(f"audit: {problem}", highlight=False)
    errors.print(f"audit log TAMPERED: {len(report.problems)} problem(s) in {report.rows} rows")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``."""
    app.add_typer(db_app, name="db")
    app.command("batch")(batch)
    app.add_typer(review_app, name="review")
    app.command("letter")(letter)
    app.add_typer(edition_app, name="edition")
    app.add_typer(audit_app, name="audit")
