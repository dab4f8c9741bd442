"""``coplaw report``: country reports, the global table and statistics, maps, comparisons.

The output format follows the extension of ``--out``. Tables come from a published edition
(``--edition``), a review-layout CSV (``--csv``), or else the newest stored assessments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coplaw.errors import CoplawError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coplaw.report.country import FindingView
    from coplaw.report.table import ReviewTable


report_app = typer.Typer(help="Reports: country report, global table and statistics, world "
                         "map, comparison of editions.", no_args_is_help=True)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="COPLAW_DB", help="SQLite file or database URL; default: the "
                 "per-user coplaw.db"),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="output file; its extension picks "
                                      "the format")]
EditionOpt = Annotated[str | None, typer.Option("--edition", help="a published edition")]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="a review table in the ICMEC "
                                             "layout (CSV) instead of the store")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def _format(out: Path, allowed: tuple[str, ...]) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise _fail(f"{out}: cannot write .{fmt or '(no extension)'} here; use one of "
                    + ", ".join("." + a for a in allowed))
    if not out.parent.exists():
        raise _fail(f"{out}: folder {out.parent} does not exist")
    return fmt


@contextmanager
def _session(db: str | None) -> Iterator[Session]:
    from coplaw.store.db import open_store

    store = open_store(db)
    try:
        with store.session() as session:
            yield session
    finally:
        store.close()


def _write_page(html: str, fmt: str, out: Path) -> None:
    """Write an HTML page as it is (``html``) or printed to PDF (any other format)."""
    if fmt == "html":
        out.write_text(html, encoding="utf-8")
    else:
        from coplaw.report.render import html_to_pdf

        html_to_pdf(html, out)


def _done(out: Path) -> None:
    typer.echo(f"wrote {out}")


@report_app.command("country")
def country(
    code: Annotated[str, typer.Argument(help="jurisdiction code, e.g. KEN")],
    out: OutOpt,
    from_: Annotated[list[Path] | None, typer.Option(
        "--from", help="assess these files or folders now instead of using the store")] = None,
    framework: Annotated[list[str] | None, typer.Option("--framework", help="only these "
                                                        "frameworks (with --from)")] = None,
    name: Annotated[str | None, typer.Option("--name", help="country name to print")] = None,
    db: DbOpt = None,
) -> None:
    """The country report (PDF, HTML or JSON): scores, findings with quoted evidence, gaps."""
    from coplaw.report import country as model
    from coplaw.report.documents import country_html

    fmt = _format(out, ("pdf", "html", "json"))
    try:
        if from_:
            missing = [str(p) for p in from_ if not p.exists()]
            if missing:
                raise CoplawError(f"{', '.join(missing)}: no such file or folder")
            from coplaw.assess.engine import assess_paths

            assessment = assess_paths(from_, code.upper(), framework or None)
            if not assessment.findings:
                problems = "; ".join(f"{e.get('file', e.get('framework'))}: {e.get('error')}"
                                     for e in assessment.errors)
                raise CoplawError(f"nothing could be assessed ({problems or 'no files'})")
            report = model.from_assessment(assessment)
            payload = assessment.to_dict()
        else:
            with _session(db) as session:
                report = model.from_store(session, code)
            payload = {"jurisdiction": report.code, "origin": report.origin,
                       "date": report.date.isoformat(),
                       "findings": [_finding_json(f) for f in report.findings]}
        if name:
            report.name = name
        if fmt == "json":
            out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
        else:
            _write_page(country_html(report), fmt, out)
    except CoplawError as exc:
        raise _fail(str(exc)) from exc
    _done(out)


def _finding_json(f: FindingView) -> dict[str, object]:
    """A stored finding as JSON, without the catalogue paraphrase the HTML shows beside it."""
    from dataclasses import asdict

    data = asdict(f)
    data.pop("asks", None)
    return data


def _table(edition: str | None, csv: Path | None, db: str | None) -> ReviewTable:
    from coplaw.report import table

    if csv is not None:
        if edition:
            raise CoplawError("give --edition or --csv, not both")
        return table.from_csv(csv)
    with _session(db) as session:
        if edition:
            return table.from_edition(session, edition)
        return _latest(session)


def _latest(session: Session) -> ReviewTable:
    """The newest stored assessments as a table; an empty store is an error, not a blank
    report."""
    from coplaw.report import table

    found = table.from_latest(session)
    if not found.rows:
        raise CoplawError("no stored assessment with review criteria; give --edition or --csv")
    return found


@report_app.command("global")
def global_(
    out: OutOpt,
    edition: EditionOpt = None,
    csv: CsvOpt = None,
    with_map: Annotated[bool, typer.Option("--map/--no-map", help="include the map (HTML, "
                                           "PDF)")] = True,
    db: DbOpt = None,
) -> None:
    """The review table with its statistics (CSV, XLSX, JSON, HTML or PDF)."""
    from coplaw.report import exports, stats, worldmap
    from coplaw.report.documents import table_html

    fmt = _format(out, ("csv", "xlsx", "json", "html", "pdf"))
    try:
        tab = _table(edition, csv, db)
        figures = stats.compute(tab)
        if fmt == "csv":
            left_out = exports.write_csv(tab, out)
            if left_out:
                typer.echo(f"warning: left out of the CSV for lack of a verdict on every "
                           f"criterion: {', '.join(left_out)}", err=True)
        elif fmt == "xlsx":
            exports.write_xlsx(tab, figures, out)
        elif fmt == "json":
            exports.write_json(exports.table_json(tab, figures), out)
        else:
            svg = worldmap.table_map(tab) if with_map else None
            _write_page(table_html(tab, figures, svg), fmt, out)
    except CoplawError as exc:
        raise _fail(str(exc)) from exc
    o = figures.overall
    typer.echo(f"{o.countries} countries: {o.sufficient} sufficient (>= 4 of 5), {o.none} none")
    _done(out)


@report_app.command("map")
def map_(
    out: OutOpt,
    edition: EditionOpt = None,
    csv: CsvOpt = None,
    standard: Annotated[str | None, typer.Option("--standard", help="colour by this standard's "
                                                 "status in the stored assessments")] = None,
    width: Annotated[int, typer.Option(help="PNG width in pixels")] = 2000,
    db: DbOpt = None,
) -> None:
    """The world map (SVG, PNG, interactive HTML or PDF)."""
    from coplaw.report import render, worldmap

    fmt = _format(out, ("svg", "png", "html", "pdf"))
    try:
        if standard:
            if edition or csv:
                raise CoplawError("--standard reads the stored assessments; drop --edition/--csv")
            from coplaw.report.table import standard_statuses
            from coplaw.standards.catalogue import load_catalogue

            item = load_catalogue().items.get(standard)
            if item is None:
                raise CoplawError(f"no standard {standard!r} (see `coplaw standards list`)")
            with _session(db) as session:
                statuses = standard_statuses(session, standard)
            if not statuses:
                raise CoplawError(f"no stored finding on {standard}")
            title = item.title
            svg = worldmap.standard_map(standard, title, statuses, fmt == "html")
        else:
            tab = _table(edition, csv, db)
            title = tab.name
            svg = worldmap.table_map(tab, fmt == "html")
        if fmt == "svg":
            out.write_text(svg, encoding="utf-8")
        elif fmt == "png":
            render.svg_to_png(svg, out, width)
        elif fmt == "html":
            out.write_text(worldmap.interactive_page(svg, title), encoding="utf-8")
        else:
            page = (f"<html><head><style>@page {{ size: A4 landscape; margin: 10mm }} "
                    f"svg {{ width: 100%; height: auto }}</style></head><body>{svg}</body></html>")
            _write_page(page, "pdf", out)
    except CoplawError as exc:
        raise _fail(str(exc)) from exc
    _done(out)


def _named_table(ref: str, db: str | None) -> ReviewTable:
    """An edition name, ``latest`` (the stored assessments), or a CSV file."""
    from coplaw.report import table

    path = Path(ref)
    if path.suffix.lower() == ".csv":
        if not path.is_file():
            raise CoplawError(f"{ref}: no such file")
        return table.from_csv(path)
    with _session(db) as session:
        if ref == "latest":
            return _latest(session)
        return table.from_edition(session, ref)


@report_app.command("compare")
def compare(
    before: Annotated[str, typer.Argument(help="edition name, 'latest', or a CSV file")],
    after: Annotated[str, typer.Argument(help="edition name, 'latest', or a CSV file")],
    out: OutOpt,
    db: DbOpt = None,
) -> None:
    """Which countries gained or lost which criterion between two editions."""
    import csv as csvlib

    from coplaw.report import compare as diff
    from coplaw.report import exports
    from coplaw.report.documents import compare_html

    fmt = _format(out, ("html", "pdf", "json", "csv"))
    try:
        a, b = _named_table(before, db), _named_table(after, db)
        result = diff.compare(a, b)
        if fmt == "json":
            exports.write_json(result.to_dict(), out)
        elif fmt == "csv":
            with out.open("w", encoding="utf-8", newline="") as fh:
                csvlib.writer(fh).writerows(exports.comparison_rows(result))
        else:
            _write_page(compare_html(result), fmt, out)
    except CoplawError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{len(result.changes)} countries changed, {result.unchanged} unchanged")
    _done(out)


def register(app: typer.Typer) -> None:
    """Add ``coplaw report ...`` to ``app``."""
    app.add_typer(report_app, name="report")



