"""``coplaw standards``: list the catalogue, show one item with its source lines, its crosswalk."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coplaw.errors import CatalogueError
from coplaw.standards.catalogue import (
    Catalogue,
    find_sources_dir,
    load_catalogue,
    source_lines,
)
from coplaw.standards.schema import FRAMEWORK_IDS, Item

standards_app = typer.Typer(
    name="standards",
    help="The standards catalogue: frameworks, items, sources and crosswalk.",
    no_args_is_help=True,
)

console = Console(soft_wrap=True)

# Exit code when the catalogue cannot answer (unknown id or framework), as for usage errors.
NOT_FOUND = 2


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


def _catalogue() -> Catalogue:
    try:
        return load_catalogue()
    except CatalogueError as exc:
        typer.echo(f"error: the standards catalogue is invalid: {exc}", err=True)
        raise typer.Exit(1) from exc


def _item_or_exit(cat: Catalogue, item_id: str) -> Item:
    if item_id in cat.items:
        return cat.items[item_id]
    hint = sorted(i for i in cat.items if item_id.lower() in i)[:5]
    more = f" Did you mean: {', '.join(hint)}?" if hint else ""
    typer.echo(f"error: no standard with id {item_id!r}.{more} "
               "See `coplaw standards list`.", err=True)
    raise typer.Exit(NOT_FOUND)


def item_record(cat: Catalogue, item: Item) -> dict[str, Any]:
    """An item as plain JSON-ready data, with its framework and crosswalk targets."""
    data = item.model_dump(mode="json", exclude_none=True)
    data["framework"] = cat.framework_of(item.id)
    data["crosswalk"] = [link.target for link in cat.links(item.id)]
    return data


@standards_app.command("list")
def list_items(
    framework: Annotated[
        str | None, typer.Option("--framework", "-f", help="only this framework's items")
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json")] = ListFormat.table,
) -> None:
    """List catalogue items, optionally of one framework."""
    cat = _catalogue()
    if framework is not None and framework not in cat.frameworks:
        known = ", ".join(f for f in FRAMEWORK_IDS if f in cat.frameworks)
        typer.echo(f"error: unknown framework {framework!r} (known: {known})", err=True)
        raise typer.Exit(NOT_FOUND)
    names = [framework] if framework else [f for f in FRAMEWORK_IDS if f in cat.frameworks]
    items = [i for name in names for i in cat.items_of(name)]
    if fmt is ListFormat.json:
        typer.echo(json.dumps([item_record(cat, i) for i in items], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(items)} standards" + (f" of {framework}" if framework else ""))
    table.add_column("id", no_wrap=True)
    for col in ("kind", "area", "authority", "assessable", "title"):
        table.add_column(col, overflow="fold")
    for i in items:
        table.add_row(i.id, i.kind, i.area, i.authority or "", i.assessable, escape(i.title))
    console.print(table)


def _show_text(cat: Catalogue, item: Item, lines: list[tuple[int, str]] | None) -> None:
    fw = cat.frameworks[cat.framework_of(item.id)]
    out = console.print
    out(f"[bold]{escape(item.id)}[/bold]  {escape(item.title)}")
    area = next((a.title for a in fw.areas if a.id == item.area), item.area)
    out(f"framework: {fw.id}  area: {escape(area)}  kind: {item.kind}")
    facts = [f"assessable: {item.assessable}"]
    if item.authority:
        facts.insert(0, f"authority: {item.authority}")
    if item.tags:
        facts.append("tags: " + ", ".join(item.tags))
    out("  ".join(facts))
    if item.parent:
        out(f"detail of: {item.parent}  {escape(cat.items[item.parent].title)}")
    out("\n[bold]Paraphrase[/bold]\n" + escape(item.paraphrase))
    if item.test:
        out("\n[bold]Counts[/bold]")
        for text in item.test.counts:
            out(" + " + escape(text))
        if item.test.does_not_count:
            out("[bold]Does not count[/bold]")
            for text in item.test.does_not_count:
                out(" - " + escape(text))
    if item.terms:
        t = item.terms
        out("\n[bold]Terms[/bold]")
        out("avoid: " + escape("; ".join(t.avoid)))
        out("prefer: " + escape("; ".join(t.prefer)))
        if t.keep_in:
            out("kept in: " + ", ".join(t.keep_in))
        if t.note:
            out(escape(t.note))
    if item.reform:
        out("\n[bold]What a reform should contain[/bold]\n" + escape(item.reform))
    children = cat.children(item.id)
    if children:
        out("\n[bold]Detailed by[/bold]")
        for child in children:
            out(f" {child.id}  {escape(child.title)}")
    src = item.source
    out(f"\n[bold]Source[/bold] {src.file}, lines {src.lines[0]}-{src.lines[1]} "
        f"(anchor: {escape(repr(src.anchor))})")
    if lines is None:
        out("[dim](source text not shown: shared/sources not found; set COPLAW_SOURCES)[/dim]")
    else:
        for n, text in lines:
            out(f"[dim]{n:>5}[/dim] {escape(text.rstrip())}")
    links = cat.links(item.id)
    out("\n[bold]Crosswalk[/bold]" + ("" if links else " (none)"))
    for link in links:
        title = escape(cat.items[link.target].title)
        out(f" {link.target}  {title}  [dim]({escape(link.topic)})[/dim]")


@standards_app.command("show")
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="catalogue item id")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="text or json")] = ShowFormat.text,
) -> None:
    """Show one item: paraphrase, tests, source pointer and source lines, crosswalk."""
    cat = _catalogue()
    item = _item_or_exit(cat, item_id)
    sources = find_sources_dir()
    lines: list[tuple[int, str]] | None = None
    if sources is not None:
        try:
            lines = source_lines(item, sources)
        except CatalogueError as exc:
            typer.echo(f"warning: {exc}", err=True)
    if fmt is ShowFormat.json:
        record = item_record(cat, item)
        record["children"] = [c.id for c in cat.children(item.id)]
        record["source_text"] = None if lines is None else [
            {"line": n, "text": text} for n, text in lines
        ]
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    _show_text(cat, item, lines)


@standards_app.command("crosswalk")
def crosswalk(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="catalogue item id")],
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json")] = ListFormat.table,
) -> None:
    """Items of other frameworks that ask for the same thing as ID."""
    cat = _catalogue()
    item = _item_or_exit(cat, item_id)
    links = cat.links(item.id)
    if fmt is ListFormat.json:
        typer.echo(json.dumps(
            {"id": item.id, "framework": cat.framework_of(item.id),
             "links": [{"id": lk.target, "framework": lk.framework, "topic": lk.topic,
                        "title": cat.items[lk.target].title} for lk in links]},
            ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Crosswalk of {item.id}: {escape(item.title)}")
    table.add_column("framework", no_wrap=True)
    table.add_column("id", no_wrap=True)
    for col in ("title", "topic"):
        table.add_column(col, overflow="fold")
    for lk in links:
        table.add_row(lk.framework, lk.target, escape(cat.items[lk.target].title), escape(lk.topic))
    if not links:
        console.print(f"{item.id} has no crosswalk links.")
        return
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``standards`` command group to ``app``."""
    app.add_typer(standards_app, name="standards")
