"""A world choropleth, drawn by coplaw itself from vendored boundary data (no network).

Countries are coloured by the number of review criteria they meet (0-5) or by the status of
one standard; every country of the table is coloured or shown as "no data", and countries too
small for the 1:110m boundaries are drawn as dots. The projection is Equal Earth (equal-area,
so large countries do not look more important than they are).
"""

from __future__ import annotations

import csv
import html
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from coplaw.errors import CoplawError
from coplaw.report import regions
from coplaw.report.table import CRITERION_IDS, SHORT_TITLES, ReviewTable

DATA = Path(__file__).resolve().parent / "data"
TOPOLOGY = DATA / "countries-110m.json"
POINTS = DATA / "small_countries.csv"
# Features of the boundary data that carry no ISO numeric code.
UNCODED = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
SKIP = {"010"}  # Antarctica

NO_DATA = "#c8c8c8"
CRITERIA_COLOURS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
STATUS_COLOURS = {
    "met": "#1a9850",
    "partially_met": "#fdae61",
    "not_met": "#d73027",
    "not_assessable": "#8073ac",
}
STATUS_LABELS = {
    "met": "Met",
    "partially_met": "Partially met",
    "not_met": "Not met",
    "not_assessable": "Not assessable",
}
NOTE = ("Boundaries and names shown do not imply endorsement or acceptance. "
        "Boundaries: Natural Earth (public domain).")

WIDTH = 1000.0
MAP_TOP = 56.0
SCALE = 180.0  # SVG units per projected unit; the Equal Earth world is 2 x 2.7064 wide
MAP_HEIGHT = 2 * 1.3173 * SCALE

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of degrees, in projected units (x right, y up)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def to_svg(lon: float, lat: float) -> tuple[float, float]:
    """Where a longitude/latitude falls in the map's SVG coordinates (1000 wide)."""
    x, y = equal_earth(lon, lat)
    return WIDTH / 2 + x * SCALE, MAP_TOP + MAP_HEIGHT / 2 - y * SCALE


@dataclass
class Shape:
    code: str
    name: str
    rings: list[list[tuple[float, float]]] = field(default_factory=list)  # lon/lat
    point: tuple[float, float] | None = None


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts: list[tuple[float, float]] = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


@lru_cache(maxsize=1)
def load_shapes() -> dict[str, Shape]:
    """alpha-3 -> shape (boundary rings, or a point for the smallest countries)."""
    try:
        topo = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
        arcs = _decode_arcs(topo)
        geometries = topo["objects"]["countries"]["geometries"]
    except (OSError, ValueError, KeyError) as exc:
        raise CoplawError(f"{TOPOLOGY}: cannot read the boundary data: {exc}") from exc
    numeric = regions.by_numeric()
    shapes: dict[str, Shape] = {}

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    for geom in geometries:
        gid, name = geom.get("id"), geom.get("properties", {}).get("name", "")
        if gid in SKIP:
            continue
        code = numeric.get(gid) if gid else UNCODED.get(name)
        if code is None:
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        shape = shapes.setdefault(code, Shape(code, name))
        for poly in polys:
            shape.rings.extend(ring(r) for r in poly)
    with POINTS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["alpha3"] not in shapes:
                shapes[row["alpha3"]] = Shape(row["alpha3"], row["alpha3"],
                                              point=(float(row["lon"]), float(row["lat"])))
    return shapes


def _clip(ring: list[tuple[float, float]], limit: float, keep_below: bool
          ) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a ring to one side of the meridian ``lon = limit``."""
    def inside(p: tuple[float, float]) -> bool:
        return p[0] <= limit if keep_below else p[0] >= limit

    out: list[tuple[float, float]] = []
    for i, cur in enumerate(ring):
        prev = ring[i - 1]
        if inside(cur) != inside(prev):
            t = (limit - prev[0]) / (cur[0] - prev[0])
            out.append((limit, prev[1] + t * (cur[1] - prev[1])))
        if inside(cur):
            out.append(cur)
    return out


def split_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the 180th meridian, as the pieces on either side of it."""
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        prev = unwrapped[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        unwrapped.append((lon, lat))
    lons = [p[0] for p in unwrapped]
    if min(lons) >= -180 and max(lons) <= 180:
        return [ring]
    pieces: list[list[tuple[float, float]]] = []
    for shift in (-360.0, 0.0, 360.0):
        moved = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = _clip(_clip(moved, 180.0, True), -180.0, False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def _path(rings: list[list[tuple[float, float]]], split: bool = True) -> str:
    parts: list[str] = []
    pieces = (p for ring in rings for p in split_antimeridian(ring)) if split else iter(rings)
    for r in pieces:
        pts = [to_svg(lon, lat) for lon, lat in r]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


@dataclass
class MapValue:
    """What one country shows: its colour key, legend label, and a tooltip line."""

    key: str
    label: str
    detail: str = ""


@dataclass
class Legend:
    title: str
    entries: list[tuple[str, str]]  # (colour, label)


def criteria_values(rows: list[tuple[str, int | None, str]]) -> dict[str, MapValue]:
    """(alpha-3, criteria met or None, detail) -> values for :func:`render_svg`."""
    out: dict[str, MapValue] = {}
    for code, met, detail in rows:
        if met is None:
            continue
        out[code] = MapValue(str(met), f"{met} of 5 criteria met", detail)
    return out


def criteria_legend() -> tuple[Legend, dict[str, str]]:
    colours = {str(n): c for n, c in enumerate(CRITERIA_COLOURS)}
    entries = [(c, f"{n}") for n, c in enumerate(CRITERIA_COLOURS)]
    return Legend("ICMEC review criteria met (of 5)", entries), colours


def status_legend(title: str) -> tuple[Legend, dict[str, str]]:
    return (Legend(title, [(STATUS_COLOURS[s], STATUS_LABELS[s]) for s in STATUS_COLOURS]),
            dict(STATUS_COLOURS))


def render_svg(title: str, values: dict[str, MapValue], legend: Legend,
               colours: dict[str, str], subtitle: str = "", interactive: bool = False,
               listed: frozenset[str] = frozenset()) -> str:
    """The map as a standalone SVG document; names and details are escaped.

    ``listed`` are the countries of the table: a small one without a value is still drawn,
    as a grey "no data" dot, whereas unlisted small territories are left off."""
    shapes = load_shapes()
    esc = html.escape
    height = MAP_TOP + MAP_HEIGHT + 92
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" font-family="DejaVu Sans, sans-serif" '
        'class="coplaw-map">',
        f'<rect width="{WIDTH:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="20" y="28" font-size="20" font-weight="bold" fill="#1d2b3a">{esc(title)}</text>',
    ]
    if subtitle:
        out.append(f'<text x="20" y="47" font-size="12" fill="#4a5a6a">{esc(subtitle)}</text>')
    # the globe's outline (the meridians at +-180 degrees)
    edge = [(180.0, float(lat)) for lat in range(-90, 91, 5)]
    edge += [(-180.0, float(lat)) for lat in range(90, -91, -5)]
    out.append(f'<path d="{_path([edge], split=False)}" fill="#eef4f8" stroke="#9fb3c4" '
               'stroke-width="0.8"/>')
    regions_table = regions.load_countries()
    dots: list[str] = []
    for code, shape in sorted(shapes.items()):
        value = values.get(code)
        colour = colours.get(value.key, NO_DATA) if value else NO_DATA
        known = regions_table.get(code)
        name = known.name if known else shape.name
        shown = value.label if value else "no data"
        tip = f"{name}: {shown}" + (f" — {value.detail}" if value and value.detail else "")
        attrs = (f'data-code="{esc(code)}" data-name="{esc(name)}" data-value="{esc(shown)}" '
                 f'data-detail="{esc(value.detail if value else "")}"') if interactive else ""
        if shape.point is not None:
            if value is None and code not in listed:
                continue
            x, y = to_svg(*shape.point)
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{colour}" '
                        f'stroke="#333" stroke-width="0.6" {attrs}><title>{esc(tip)}</title>'
                        '</circle>')
            continue
        fill = "url(#nodata)" if value is None else colour
        out.append(f'<path d="{_path(shape.rings)}" fill="{fill}" stroke="#ffffff" '
                   f'stroke-width="0.4" {attrs}><title>{esc(tip)}</title></path>')
    out.extend(dots)
    missing = sorted(c for c in set(values) | listed if c not in shapes)
    # legend
    ly = MAP_TOP + MAP_HEIGHT + 18
    out.append(f'<text x="20" y="{ly:.0f}" font-size="12" font-weight="bold" '
               f'fill="#1d2b3a">{esc(legend.title)}</text>')
    x = 20.0
    for colour, label in [*legend.entries, ("url(#nodata)", "No data")]:
        out.append(f'<rect x="{x:.0f}" y="{ly + 8:.0f}" width="18" height="14" fill="{colour}" '
                   'stroke="#555" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 24:.0f}" y="{ly + 19:.0f}" font-size="11" '
                   f'fill="#1d2b3a">{esc(label)}</text>')
        x += 30 + 6.6 * len(label)
    out.append(f'<circle cx="{x + 9:.0f}" cy="{ly + 15:.0f}" r="3.2" fill="#ffffff" '
               'stroke="#333" stroke-width="0.6"/>')
    out.append(f'<text x="{x + 18:.0f}" y="{ly + 19:.0f}" font-size="11" fill="#1d2b3a">'
               'small country (dot)</text>')
    note_y = ly + 44
    if missing:
        names = ", ".join(missing)
        out.append(f'<text x="20" y="{note_y:.0f}" font-size="10" fill="#4a5a6a">Not drawn '
                   f'(no boundary data): {esc(names)}</text>')
        note_y += 14
    out.append(f'<text x="20" y="{note_y:.0f}" font-size="10" font-style="italic" '
               f'fill="#4a5a6a">{esc(NOTE)}</text>')
    defs = ('<defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="' + NO_DATA +
            '"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/>'
            '</pattern></defs>')
    out.insert(1, defs)
    out.append("</svg>")
    return "\n".join(out)


def table_map(table: ReviewTable, interactive: bool = False) -> str:
    """The choropleth of criteria met for every country of a review table."""
    rows: list[tuple[str, int | None, str]] = []
    for row in table.rows:
        if not row.code:
            continue
        met = [SHORT_TITLES[c] for c in CRITERION_IDS if row.statuses.get(c) == "met"]
        detail = ("met: " + ", ".join(met)) if met else "no criterion met"
        rows.append((row.code, row.met if row.statuses else None, detail))
    legend, colours = criteria_legend()
    return render_svg(f"Legislation on child sexual abuse material: {table.name}",
                      criteria_values(rows), legend, colours,
                      f"Number of the five global review criteria met ({len(table.rows)} "
                      "countries)", interactive, frozenset(r.code for r in table.rows if r.code))


def standard_map(standard: str, title: str, statuses: dict[str, str],
                 interactive: bool = False) -> str:
    """The choropleth of one standard's status in each country."""
    values = {code: MapValue(s, STATUS_LABELS.get(s, s)) for code, s in statuses.items()
              if s in STATUS_COLOURS}
    legend, colours = status_legend(f"{title} ({standard})")
    return render_svg(title, values, legend, colours,
                      f"Status of {standard} in {len(values)} jurisdictions", interactive)


def interactive_page(svg: str, title: str) -> str:
    """A standalone HTML page (no network) with the map, tooltips and a country finder."""
    from markupsafe import Markup

    from coplaw.report.render import render_template

    names = sorted(((c.alpha3, c.name) for c in regions.load_countries().values()),
                   key=lambda p: p[1])
    return render_template("map.html.j2", svg=Markup(svg), title=title, names=names)
