"""``coplaw gap``: what the law lacks, binding standards first, with what a reform should
contain."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coplaw.assess.commands import FrameworksOpt, JurisdictionOpt, PathsArg
from coplaw.errors import CoplawError


class GapFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


def gap(
    paths: PathsArg,
    jurisdiction: JurisdictionOpt,
    framework: FrameworksOpt = None,
    fmt: Annotated[GapFormat, typer.Option("--format", help="table, json or html.")
                   ] = GapFormat.table,
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="Questionnaire answers to cite.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """Unmet and partially met standards, binding first, each with what a reform should
    contain and the evidence or what was missing."""
    from coplaw.assess.engine import assess_paths
    from coplaw.gap import render
    from coplaw.gap.build import gap_entries

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    try:
        answer_set = None
        if answers is not None:
            from coplaw.questionnaire.answers import answers_for

            answer_set = answers_for(answers, jurisdiction)
        result = assess_paths(paths, jurisdiction, framework or None)
        if answer_set is not None:
            from coplaw.questionnaire.apply import apply_answers

            result = apply_answers(result, answer_set)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for err in result.errors:
        typer.echo("error: " + "; ".join(f"{k}: {v}" for k, v in err.items()), err=True)
    entries = gap_entries(result)
    if fmt is GapFormat.json:
        text = render.to_json(result, entries)
    elif fmt is GapFormat.html:
        text = render.to_html(result, entries)
    else:
        text = render.to_table(jurisdiction, entries)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


def register(app: typer.Typer) -> None:
    app.command("gap")(gap)
