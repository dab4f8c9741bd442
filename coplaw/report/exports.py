"""Writing the global table, its statistics and comparisons as CSV, XLSX, JSON and HTML.

The CSV is the ICMEC layout that ``coplaw edition import`` reads back: a stored edition is
written with its own header and cell texts (the store's ``table_rows``); any other table with
the default header, ✓ and X.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from coplaw.report import regions
from coplaw.report.compare import Comparison
from coplaw.report.stats import Statistics, is_sufficient
from coplaw.report.table import CRITERION_IDS, CRITERION_TITLES, ReviewTable
from coplaw.store.editions import DEFAULT_HEADER


def layout_rows(table: ReviewTable, complete_only: bool = False) -> list[list[str]]:
    """The table in the review layout, header first (optionally only rows with all five
    verdicts, since the layout has no mark for a missing one)."""
    if table.csv_rows is not None:
        return [list(r) for r in table.csv_rows]
    out = [list(DEFAULT_HEADER)]
    for row in table.rows:
        if complete_only and not row.complete:
            continue
        out.append([row.country, *[row.cell(c) for c in CRITERION_IDS], row.footnotes])
    return out


def write_csv(table: ReviewTable, out: Path) -> list[str]:
    """Write the review-layout CSV; returns the countries left out for lack of a verdict."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(layout_rows(table, complete_only=True))
    if table.csv_rows is not None:
        return []
    return [r.country for r in table.rows if not r.complete]


def table_json(table: ReviewTable, stats: Statistics) -> dict[str, Any]:
    rows = []
    for row in table.rows:
        place = regions.country(row.code) if row.code else None
        rows.append({
            "country": row.country,
            "code": row.code,
            "region": place.region if place else None,
            "sub_region": place.sub_region if place else None,
            "criteria": {c: row.statuses.get(c) for c in CRITERION_IDS},
            "cells": {c: row.cell(c) for c in CRITERION_IDS},
            "criteria_met": row.met,
            "sufficient": is_sufficient(row),
            "footnotes": row.footnotes,
        })
    return {"table": table.name, "source": table.source,
            "criteria": [{"id": c, "title": CRITERION_TITLES[c]} for c in CRITERION_IDS],
            "rows": rows, "statistics": stats.to_dict()}


def write_json(data: dict[str, Any], out: Path) -> None:
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_xlsx(table: ReviewTable, stats: Statistics, out: Path) -> None:
    """Three sheets: the review table, statistics by criterion, statistics by region."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    head_fill = PatternFill("solid", fgColor="12304F")
    head_font = Font(bold=True, color="FFFFFF")
    met_fill = PatternFill("solid", fgColor="D9F0DD")
    not_fill = PatternFill("solid", fgColor="F9D6D3")

    def header(ws: Any, values: list[str]) -> None:
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.fill, cell.font = head_fill, head_font
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = f"B{ws.max_row + 1}"

    wb = Workbook()
    ws = wb.active
    ws.title = "Review table"
    rows = layout_rows(table)
    header(ws, rows[0])
    by_title = {t: c for c, t in CRITERION_TITLES.items()}
    columns = [by_title.get(h) for h in rows[0]]
    for values, row in zip(rows[1:], table.rows, strict=False):
        ws.append(values)
        for cell, crit in zip(ws[ws.max_row], columns, strict=False):
            if crit is None:
                continue
            status = row.statuses.get(crit)
            cell.alignment = Alignment(horizontal="center")
            if status == "met":
                cell.fill = met_fill
            elif status == "not_met":
                cell.fill = not_fill
    ws.column_dimensions["A"].width = 32
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 18
    ws.column_dimensions["G"].width = 60

    o = stats.overall
    st = wb.create_sheet("Statistics")
    header(st, ["Measure", "Countries", "Share (%)"])
    st.append(["Countries in the table", o.countries, 100.0 if o.countries else 0.0])
    for c in CRITERION_IDS:
        st.append([f"Meets: {CRITERION_TITLES[c]}", o.per_criterion[c],
                   o.share(o.per_criterion[c])])
    for k in range(6):
        st.append([f"Meets exactly {k} of 5 criteria", o.by_met[k], o.share(o.by_met[k])])
    st.append(["Sufficient (at least 4 of 5)", o.sufficient, o.share(o.sufficient)])
    st.append(["None (no criterion met)", o.none, o.share(o.none)])
    st.column_dimensions["A"].width = 48

    rg = wb.create_sheet("By region")
    header(rg, ["Region", "Sub-region", "Countries", *[CRITERION_TITLES[c] for c in CRITERION_IDS],
                "Sufficient", "None"])
    for name, g in stats.regions.items():
        rg.append([name, "", g.countries, *[g.per_criterion[c] for c in CRITERION_IDS],
                   g.sufficient, g.none])
        for sub, h in stats.sub_regions.get(name, {}).items():
            rg.append([name, sub, h.countries, *[h.per_criterion[c] for c in CRITERION_IDS],
                       h.sufficient, h.none])
    rg.column_dimensions["A"].width = 16
    rg.column_dimensions["B"].width = 34
    wb.save(str(out))


def comparison_rows(comparison: Comparison) -> list[list[str]]:
    out = [["Country", "Code", "Criterion", "Change", comparison.before, comparison.after]]
    for ch in comparison.changes:
        for c in ch.gained:
            out.append([ch.country, ch.code or "", CRITERION_TITLES[c], "gained", "not met", "met"])
        for c in ch.lost:
            out.append([ch.country, ch.code or "", CRITERION_TITLES[c], "lost", "met", "not met"])
    return out
