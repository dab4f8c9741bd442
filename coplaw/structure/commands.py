"""Commands of this stage, registered on the main ``coplaw`` app."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from coplaw.document import Provision


class ParseFormat(StrEnum):
    outline = "outline"
    json = "json"
    akn = "akn"


def _outline(prov: Provision, depth: int, out: list[str]) -> None:
    parts = [prov.eid]
    if prov.num:
        parts.append(prov.num)
    if prov.heading:
        parts.append(f"— {prov.heading}")
    out.append("  " * depth + "  ".join(parts))
    for child in prov.children:
        _outline(child, depth + 1, out)


def parse(
    paths: list[Path] = typer.Argument(..., help="Files or directories of legislation."),  # noqa: B008
    format: ParseFormat = typer.Option(ParseFormat.outline, "--format", "-f",  # noqa: B008
                                       help="outline, json or akn (Akoma Ntoso XML)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),  # noqa: B008
) -> None:
    """Show the provision tree of each file (a directory: all its files, one jurisdiction)."""
    from coplaw.structure.export import to_akn, to_dict
    from coplaw.structure.load import load_paths

    result = load_paths(paths)
    chunks: list[str] = []
    if format is ParseFormat.json:
        payload = {"instruments": [to_dict(i) for i in result.instruments],
                   "errors": [{"file": f, "error": m} for f, m in result.errors]}
        chunks.append(json.dumps(payload, ensure_ascii=False, indent=2))
    elif format is ParseFormat.akn:
        for inst in result.instruments:
            chunks.append(to_akn(inst).decode("utf-8"))
    else:
        for inst in result.instruments:
            lines = [f"{inst.id}  {inst.title}  [{inst.language}, {inst.year or '?'}, "
                     f"{inst.status}]  {inst.file}"]
            for top in inst.body:
                _outline(top, 1, lines)
            for sched in inst.schedules:
                _outline(sched, 1, lines)
            lines.append(f"  ({len(inst.definitions)} definitions, "
                         f"{sum(1 for r in inst.references if r.target)} resolved references)")
            chunks.append("\n".join(lines))
    text = "\n\n".join(chunks) + "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if result.errors:
        if format is not ParseFormat.json:
            typer.echo("\nFiles that could not be parsed:", err=True)
            for file, message in result.errors:
                typer.echo(f"  {file}: {message}", err=True)
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``."""
    app.command("parse")(parse)
