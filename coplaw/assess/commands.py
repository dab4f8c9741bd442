"""``coplaw assess`` and ``coplaw eval``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coplaw.errors import CoplawError

# Options shared by the commands that assess laws (assess, gap).
PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders of legislation.")]
JurisdictionOpt = Annotated[str, typer.Option(
    "--jurisdiction", "-j", help="Code the result is labelled with (ISO 3166).")]
FrameworksOpt = Annotated[list[str] | None, typer.Option(
    "--framework", "-f", help="Framework id (repeatable); all by default.")]


class OutFormat(StrEnum):
    json = "json"
    table = "table"
    html = "html"


class EvalFormat(StrEnum):
    text = "text"
    json = "json"


def assess(
    paths: PathsArg,
    jurisdiction: JurisdictionOpt,
    framework: FrameworksOpt = None,
    fmt: Annotated[OutFormat, typer.Option("--format", help="json, table or html.")
                   ] = OutFormat.json,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="Questionnaire answers to cite (a filled questionnaire or an "
        "answers file from 'coplaw questionnaire import').")] = None,
) -> None:
    """Assess legislation against the standards, with quoted evidence."""
    from coplaw.assess import render
    from coplaw.assess.engine import assess_paths

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    try:
        answer_set = None
        if answers is not None:  # checked before the (slow) assessment
            from coplaw.questionnaire.answers import answers_for

            answer_set = answers_for(answers, jurisdiction)
        result = assess_paths(paths, jurisdiction, framework or None)
        if answer_set is not None:
            from coplaw.questionnaire.apply import apply_answers

            result = apply_answers(result, answer_set)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    text = {"json": render.to_json, "table": render.to_table,
            "html": render.to_html}[fmt.value](result)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


def evaluate(
    labels: Annotated[Path, typer.Argument(help="Labels CSV (the eval-dev format).")],
    corpus: Annotated[Path, typer.Option(
        "--corpus", help="Folder with one sub-folder per code.")],
    fmt: Annotated[EvalFormat, typer.Option("--format", help="text or json.")
                   ] = EvalFormat.text,
) -> None:
    """Agreement of the engine with a labelled table, per criterion."""
    from coplaw.assess import evaluation

    try:
        report = evaluation.evaluate(labels, corpus)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if fmt is EvalFormat.json:
        typer.echo(json.dumps(evaluation.to_dict(report), ensure_ascii=False, indent=2))
    else:
        typer.echo(evaluation.to_text(report))


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``."""
    app.command("assess")(assess)
    app.command("eval")(evaluate)
