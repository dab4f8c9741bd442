"""``coplaw assess`` and ``coplaw eval``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coplaw.document import Instrument
from coplaw.errors import CoplawError
from coplaw.findings import Assessment
from coplaw.store.commands import DbOpt
from coplaw.store.db import Store

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
    save: Annotated[bool, typer.Option(
        "--save", help="Also keep the result in the database, for review and the web "
        "application; reviews of unchanged provisions carry over.")] = False,
    name: Annotated[str | None, typer.Option(
        "--name", help="The jurisdiction's name, kept with --save.")] = None,
    db: DbOpt = None,
) -> None:
    """Assess legislation against the standards, with quoted evidence."""
    from coplaw.assess import render
    from coplaw.assess.engine import assess_instruments
    from coplaw.structure.load import load_paths

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    store = None
    try:
        if save:  # opened before the (slow) assessment, so a bad --db fails at once
            from coplaw.store.db import open_store

            store = open_store(db)
        answer_set = None
        if answers is not None:  # checked before the (slow) assessment
            from coplaw.questionnaire.answers import answers_for

            answer_set = answers_for(answers, jurisdiction)
        loaded = load_paths(list(paths))
        errors = [{"file": f, "error": msg} for f, msg in loaded.errors]
        result = assess_instruments(loaded.instruments, jurisdiction, framework or None, errors)
        if answer_set is not None:
            from coplaw.questionnaire.apply import apply_answers

            result = apply_answers(result, answer_set)
        if store is not None:
            _save(store, result, loaded.instruments, framework, name)
    except CoplawError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        if store is not None:
            store.close()
    text = {"json": render.to_json, "table": render.to_table,
            "html": render.to_html}[fmt.value](result)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


def _save(store: Store, result: Assessment, instruments: list[Instrument],
          frameworks: list[str] | None, name: str | None) -> None:
    from coplaw.store.records import save_assessment

    with store.session() as session:
        saved = save_assessment(session, result, instruments, frameworks=frameworks or None,
                                jurisdiction_name=name, note="coplaw assess --save")
    typer.echo(f"saved as assessment {saved.assessment_id} of {result.jurisdiction} "
               f"({saved.findings} findings) in {store.engine.url.render_as_string()}",
               err=True)


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
