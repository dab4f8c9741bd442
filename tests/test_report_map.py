"""The world map: every country of a table coloured by criteria met or marked as no data,
checked by sampling the pixels of the rendered PNG at known points."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.report import regions, render, worldmap
from coplaw.report.table import CRITERION_IDS, ReviewTable, Row

# (alpha-3, longitude, latitude) of a point well inside each country
INSIDE = [
    ("USA", -100, 40), ("CAN", -105, 60), ("BRA", -50, -10), ("RUS", 90, 62),
    ("CHN", 103, 33), ("AUS", 134, -25), ("IND", 78, 22), ("DZA", 3, 28), ("ARG", -65, -35),
    ("COD", 23, -3), ("SAU", 45, 24), ("MNG", 103, 46), ("LBY", 17, 27), ("SDN", 30, 15),
    ("MEX", -102, 24), ("PER", -75, -10), ("IRN", 54, 32), ("EGY", 29, 26), ("NER", 9, 17),
    ("TCD", 18, 15), ("MLI", -2, 18), ("AGO", 17, -12), ("ETH", 40, 8), ("ZAF", 24, -30),
    ("COL", -73, 4), ("BOL", -64, -17), ("TUR", 35, 39), ("FRA", 2, 46.5), ("ESP", -4, 40),
    ("UKR", 31, 49),
]
# KAZ and MLT (a dot) are in the table without a verdict; GRL is not in the table
NO_DATA_INSIDE = [("KAZ", 67, 48), ("GRL", -40, 72), ("MLT", 14.44, 35.89)]
DOTS = [("SGP", 103.82, 1.35), ("BHR", 50.54, 26.04)]

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                   reason="pdftoppm (poppler-utils) is not installed")


def _met(n: int) -> set[str]:
    return set(CRITERION_IDS[: n % 6])


def big_table() -> tuple[ReviewTable, dict[str, int]]:
    """Every country with boundaries or a dot, except Greenland; KAZ without verdicts."""
    shapes = worldmap.load_shapes()
    expected: dict[str, int] = {}
    rows: list[Row] = []
    for n, code in enumerate(sorted(c for c in shapes if regions.country(c))):
        if code == "GRL":
            continue
        known = regions.country(code)
        assert known is not None
        if code in ("KAZ", "MLT"):
            rows.append(Row(known.name, code, {}))
            continue
        met = (n * 7 + 3) % 6
        expected[code] = met
        rows.append(Row(known.name, code, {c: ("met" if c in _met(met) else "not_met")
                                           for c in CRITERION_IDS}))
    return ReviewTable("Test edition", rows), expected


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _close(a: tuple[int, ...], b: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=False))


def test_every_country_of_the_table_is_on_the_map() -> None:
    table, expected = big_table()
    assert len(table.rows) >= 150
    svg = worldmap.table_map(table, interactive=True)
    drawn = dict(re.findall(r'data-code="([A-Z]{3})" data-name="[^"]*" data-value="([^"]*)"',
                            svg))
    for row in table.rows:
        assert row.code in drawn, row.country
        if row.code in expected:
            assert drawn[row.code] == f"{expected[row.code]} of 5 criteria met"
    assert drawn["KAZ"] == drawn["GRL"] == drawn["MLT"] == "no data"
    assert "do not imply endorsement" in svg
    assert "Not drawn" not in svg  # every country of this table has boundaries or a dot


@needs_poppler
def test_png_pixels_show_the_right_colour_at_known_points(tmp_path: Path) -> None:
    table, expected = big_table()
    svg = worldmap.table_map(table)
    png = tmp_path / "map.png"
    render.svg_to_png(svg, png, width_px=2000)
    img = Image.open(png).convert("RGB")
    assert img.size[0] == 2000
    scale = img.size[0] / worldmap.WIDTH
    palette = [_rgb(c) for c in worldmap.CRITERIA_COLOURS]

    def pixel(lon: float, lat: float) -> tuple[int, int, int]:
        x, y = worldmap.to_svg(lon, lat)
        return img.getpixel((round(x * scale), round(y * scale)))  # type: ignore[return-value]

    for code, lon, lat in INSIDE + DOTS:
        got = pixel(lon, lat)
        want = palette[expected[code]]
        assert _close(got, want), f"{code}: pixel {got}, expected {want} ({expected[code]} met)"
    for code, lon, lat in NO_DATA_INSIDE:
        r, g, b = pixel(lon, lat)
        assert abs(r - g) <= 6 and abs(g - b) <= 6 and 130 <= r <= 215, f"{code}: {(r, g, b)}"
    # the ocean is not a country colour, and the image is not blank
    ocean = pixel(-30, 0)
    assert ocean not in palette and _close(ocean, _rgb("#eef4f8"), 4)
    colours = img.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50


@needs_poppler
def test_map_command_writes_svg_png_and_offline_html(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Country", "Legislation Specific to CSAM", '"CSAM" Defined',
                    "Technology-Facilitated CSAM Offenses", "Simple Possession",
                    "ISP Reporting", "Footnotes"])
        w.writerow(["Kenya", "✓", "✓", "✓", "✓", "X", ""])
        w.writerow(["<Brazil>", "✓", "✓", "✓", "✓", "✓", ""])
    runner = CliRunner()
    for ext in ("svg", "png", "html"):
        out = tmp_path / f"m.{ext}"
        result = runner.invoke(app, ["report", "map", "--csv", str(path), "--out", str(out),
                                     "--width", "800"])
        assert result.exit_code == 0, result.output
    assert Image.open(tmp_path / "m.png").size[0] == 800
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<script>" in page and 'data-code="KEN"' in page
    assert not re.search(r'(src|href)="https?:', page)  # nothing fetched from the network
    assert "4 of 5 criteria met" in page
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<Brazil>" not in svg


def test_antimeridian_rings_are_split() -> None:
    ring = [(170.0, 60.0), (-170.0, 60.0), (-170.0, 70.0), (170.0, 70.0)]
    pieces = worldmap.split_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        lons = [p[0] for p in piece]
        assert max(lons) - min(lons) <= 10.0 + 1e-9


def test_map_by_one_standard_and_global_table_from_the_store(tmp_path: Path) -> None:
    from coplaw.report.table import from_latest
    from coplaw.store.db import open_store
    from coplaw.store.records import save_assessment
    from coplaw.store.testing import sample_assessment, sample_instrument

    db = f"sqlite:///{tmp_path / 'm.db'}"
    doc = sample_instrument("act", {"sec_1": "A person who possesses child sexual abuse "
                                             "material commits an offence."})
    store = open_store(db)
    try:
        for code, status in (("KEN", "met"), ("BRA", "not_met"), ("IND", "met")):
            verdicts = dict.fromkeys(CRITERION_IDS, ("met", [("act", "sec_1")]))
            verdicts["icmec.review.possession"] = (status, [("act", "sec_1")])
            with store.session() as s:
                save_assessment(s, sample_assessment(code, [doc], verdicts), [doc])
        with store.session() as s:
            table = from_latest(s)
    finally:
        store.close()
    assert [(r.code, r.met) for r in table.rows] == [("BRA", 4), ("IND", 5), ("KEN", 5)]
    out = tmp_path / "poss.svg"
    result = CliRunner().invoke(app, ["report", "map", "--standard", "icmec.review.possession",
                                      "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert f'fill="{worldmap.STATUS_COLOURS["not_met"]}"' in svg
    assert svg.count(f'fill="{worldmap.STATUS_COLOURS["met"]}"') >= 2 + 1  # 2 countries + key
    assert "Brazil: Not met" in svg and "Kenya: Met" in svg
    bad = CliRunner().invoke(app, ["report", "map", "--standard", "icmec.review.nothing",
                                   "--db", db, "--out", str(out)])
    assert bad.exit_code == 1 and "no standard 'icmec.review.nothing'" in bad.output
    out = tmp_path / "latest.json"
    result = CliRunner().invoke(app, ["report", "global", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 countries: 3 sufficient" in result.output
