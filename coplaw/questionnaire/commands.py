"""``coplaw questionnaire export|import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coplaw.errors import CoplawError

questionnaire_app = typer.Typer(
    help="Questions for what legislation cannot show, and their answers as evidence.",
    no_args_is_help=True)


@questionnaire_app.command("export")
def export_cmd(
    jurisdiction: Annotated[str, typer.Option(
        "--jurisdiction", "-j", help="Code the questionnaire is for (ISO 3166).")],
    out: Annotated[Path, typer.Option("--out", help="File to write: .html, .csv or .json.")],
) -> None:
    """Write the questionnaire: the ITU stakeholder questions and one question per item that
    legislation cannot show (alone)."""
    from coplaw.questionnaire.export import export

    try:
        n = export(jurisdiction, out)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {n} questions for {jurisdiction} to {out}")


@questionnaire_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A filled questionnaire (.json or .csv).")],
    into: Annotated[Path | None, typer.Option(
        "--into", help="Answers file to merge into (default: answers-CODE.json here).")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Also keep the answers in this review database (SQLite file or URL).")
    ] = None,
) -> None:
    """Validate a filled questionnaire and keep its answers. A file with any problem changes
    nothing; the error names the file and every bad row."""
    from coplaw.questionnaire.answers import import_file, read_answers

    try:
        target = into or Path(f"answers-{read_answers(file).jurisdiction}.json")
        merged, added = import_file(file, target, db)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"imported {added} answers for {merged.jurisdiction} into {target} "
               f"({len(merged.answers)} in all)")


def register(app: typer.Typer) -> None:
    app.add_typer(questionnaire_app, name="questionnaire")
