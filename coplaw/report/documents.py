"""The HTML documents of the report stage (country report, global table, comparison, map).

Each function returns one self-contained HTML page (stylesheet and SVG inline) that prints
to PDF with :func:`coplaw.report.render.html_to_pdf`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from markupsafe import Markup

from coplaw import __version__
from coplaw.report import chart, render
from coplaw.report.compare import Comparison
from coplaw.report.country import CountryReport, Score
from coplaw.report.stats import SOURCE_FIGURES, SUFFICIENT_MIN, Statistics
from coplaw.report.table import CRITERION_IDS, CRITERION_TITLES, SHORT_TITLES, ReviewTable


def _now() -> str:
    return datetime.now(UTC).strftime("%d %B %Y, %H:%M UTC")


def country_html(report: CountryReport) -> str:
    scores = [s.score for s in report.frameworks if s.id != "terminology"]
    scores = [Score(_short(s.label), s.counts) for s in scores]
    has_terms = bool(report.terminology)
    sections = {"findings": 5 if has_terms else 4, "instruments": 6 if has_terms else 5}
    return render.render_template(
        "country.html.j2", r=report, css=Markup(render.stylesheet()),
        chart=Markup(chart.status_bars(scores)), generated=_now(), version=__version__,
        sec=sections,
    )


SHORT_FRAMEWORKS = {
    "ICMEC Global Legislative Review": "ICMEC review criteria",
    "ICMEC Model Legislation": "ICMEC model law",
    "UNICEF": "UNICEF checklist",
    "ITU": "ITU COP checklist",
    "OHCHR": "OHCHR 2015 report",
    "Guiding principles": "Guiding principles 2024",
}


def _short(title: str) -> str:
    """Framework titles are long; the chart needs a label that fits."""
    for start, short in SHORT_FRAMEWORKS.items():
        if title.startswith(start):
            return short
    return title if len(title) <= 30 else title[:29] + "…"


ABBREVIATIONS = {
    "icmec.review.legislation": "Legisl.",
    "icmec.review.definition": "Defin.",
    "icmec.review.technology": "Techn.",
    "icmec.review.possession": "Possess.",
    "icmec.review.isp_reporting": "ISP rep.",
}


def table_html(table: ReviewTable, stats: Statistics, map_svg: str | None = None) -> str:
    from coplaw.report.worldmap import CRITERIA_COLOURS

    colours = CRITERIA_COLOURS
    return render.render_template(
        "global.html.j2", t=table, s=stats, css=Markup(render.stylesheet()),
        criteria=CRITERION_IDS, titles=CRITERION_TITLES, short=SHORT_TITLES, abbr=ABBREVIATIONS,
        histogram=Markup(chart.criteria_histogram(stats.overall.by_met, colours=colours)),
        map_svg=Markup(map_svg) if map_svg else None, generated=_now(), version=__version__,
        sufficient_min=SUFFICIENT_MIN, source=SOURCE_FIGURES,
    )


def compare_html(comparison: Comparison) -> str:
    return render.render_template(
        "compare.html.j2", c=comparison, css=Markup(render.stylesheet()),
        criteria=CRITERION_IDS, titles=CRITERION_TITLES, short=SHORT_TITLES,
        generated=_now(), version=__version__,
    )
