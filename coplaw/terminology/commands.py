"""``coplaw lint``: outdated terms and media-bound definitions, with the preferred wording."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coplaw.errors import CoplawError


class LintFormat(StrEnum):
    table = "table"
    json = "json"


def _table(rows: list[dict[str, object]], show_kept: bool) -> str:
    lines = []
    for r in rows:
        if not r["flagged"] and not show_kept:
            continue
        where = f"{Path(str(r['file'])).name}:{r['line']}"
        prov = r["provision"] or "-"
        term = " ".join(str(r["term"]).split())
        if len(term) > 70:
            term = term[:67] + "..."
        if r["flagged"]:
            advice = r["note"] or f"prefer '{r['preferred'][0]}'"  # type: ignore[index]
            lines.append(f"{where}  {prov}  {r['rule']}  \"{term}\": {advice} [{r['source']}]")
        else:
            lines.append(f"{where}  {prov}  {r['rule']}  \"{term}\": kept ({r['context']})")
    flagged = sum(1 for r in rows if r["flagged"])
    lines.append(f"{flagged} flagged, {len(rows) - flagged} left alone in legitimate contexts")
    return "\n".join(lines)


def lint(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of legislation.")],
    fmt: Annotated[LintFormat, typer.Option("--format", help="table or json.")
                   ] = LintFormat.table,
    show_kept: Annotated[bool, typer.Option(
        "--show-kept", help="Also list occurrences left alone (titles, quotations, amendments)."
    )] = False,
) -> None:
    """Flag outdated terms (with the preferred term and the rule's source) and definitions tied
    to particular media. Exits 1 when anything is flagged, 2 on errors."""
    from coplaw.structure.load import load_paths
    from coplaw.terminology.lint import lint_instruments

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    try:
        loaded = load_paths(list(paths))
        found = lint_instruments(loaded.instruments)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for file, msg in loaded.errors:
        typer.echo(f"error: {file}: {msg}", err=True)
    rows = [o.to_dict() for o in found]
    if fmt is LintFormat.json:
        typer.echo(json.dumps({"occurrences": rows,
                               "flagged": sum(1 for r in rows if r["flagged"])},
                              ensure_ascii=False, indent=2))
    else:
        typer.echo(_table(rows, show_kept))
    if loaded.errors and not loaded.instruments:
        raise typer.Exit(2)
    if any(r["flagged"] for r in rows):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)
