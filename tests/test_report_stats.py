"""Statistics of the global table: per criterion, by number met, sufficient, none, regions,
and the comparison of two editions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coplaw.report import regions, stats
from coplaw.report.compare import compare
from coplaw.report.table import CRITERION_IDS, ReviewTable, Row, from_csv

LEG, DEF, TECH, POSS, ISP = CRITERION_IDS


def row(code: str, met: set[str], name: str | None = None) -> Row:
    known = regions.country(code)
    return Row(name or (known.name if known else code), code,
               {c: ("met" if c in met else "not_met") for c in CRITERION_IDS})


def test_counts_on_a_table_with_known_figures() -> None:
    table = ReviewTable("known", [
        row("FRA", set(CRITERION_IDS)),                 # 5: sufficient
        row("DEU", {LEG, DEF, TECH, POSS}),             # 4: sufficient (no ISP duty)
        row("KEN", {LEG, DEF, TECH, ISP}),              # 4: sufficient
        row("BRA", {LEG, DEF, TECH}),                   # 3: not sufficient
        row("JPN", {LEG}),                              # 1
        row("NRU", set()),                              # 0: none
        row("TUV", set()),                              # 0: none
    ])
    s = stats.compute(table)
    o = s.overall
    assert o.countries == 7
    assert o.per_criterion == {LEG: 5, DEF: 4, TECH: 4, POSS: 2, ISP: 2}
    assert o.by_met == {0: 2, 1: 1, 2: 0, 3: 1, 4: 2, 5: 1}
    assert o.sufficient == 3
    assert o.none == 2
    assert o.share(o.sufficient) == pytest.approx(42.9)
    assert s.regions["Europe"].countries == 2 and s.regions["Europe"].sufficient == 2
    assert s.regions["Africa"].sufficient == 1
    assert s.regions["Oceania"].none == 2
    assert s.regions["Americas"].per_criterion[LEG] == 1
    assert s.sub_regions["Oceania"]["Micronesia"].countries == 1
    assert s.sub_regions["Africa"]["Sub-Saharan Africa"].countries == 1
    assert set(s.regions) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert s.to_dict()["overall"]["by_criteria_met"]["4"] == 2


def test_sufficient_is_four_of_five_and_none_is_zero() -> None:
    four = row("ITA", {LEG, DEF, TECH, POSS})
    three = row("ESP", {LEG, DEF, TECH})
    zero = row("PER", set())
    assert stats.is_sufficient(four) and not stats.is_sufficient(three)
    assert stats.is_none(zero) and not stats.is_none(three)
    # a row with a missing verdict is not "none": absence of a finding is not a verdict
    partial = Row("Chile", "CHL", {LEG: "not_met"})
    assert not stats.is_none(partial)
    s = stats.compute(ReviewTable("t", [partial, zero]))
    assert s.overall.none == 1 and s.overall.incomplete == 1


def test_rule_reproduces_the_figures_the_source_states() -> None:
    """The 10th edition: 196 countries, 138 sufficient, 10 with none. A table shaped like it
    (many sufficient countries lack only the ISP duty) gives exactly those figures under the
    4-of-5 reading, and clearly not under an all-five reading."""
    codes = sorted(c for c in regions.load_countries())[:196]
    rows: list[Row] = []
    for n, code in enumerate(codes):
        if n < 40:
            met = set(CRITERION_IDS)
        elif n < 138:
            met = {LEG, DEF, TECH, POSS}
        elif n < 160:
            met = {LEG, DEF, TECH}
        elif n < 186:
            met = {LEG, POSS}
        else:
            met = set()
        rows.append(row(code, met))
    o = stats.compute(ReviewTable("shaped", rows)).overall
    assert (o.countries, o.sufficient, o.none) == (196, 138, 10)
    assert (o.sufficient, o.none) == (stats.SOURCE_FIGURES["sufficient"],
                                      stats.SOURCE_FIGURES["none"])
    assert o.by_met[5] == 40  # what an all-five reading would have called sufficient


def test_unknown_countries_are_reported_not_dropped() -> None:
    s = stats.compute(ReviewTable("t", [Row("Atlantis", None, {LEG: "met"}),
                                        row("FRA", {LEG})]))
    assert s.unplaced == ["Atlantis"]
    assert s.overall.countries == 2
    assert s.regions[regions.NO_REGION].countries == 1


def test_m49_table_covers_every_un_member_and_names_resolve() -> None:
    countries = regions.load_countries()
    assert len(countries) >= 245
    sizes = {r: sum(1 for c in countries.values() if c.region == r) for r in regions.REGION_ORDER}
    assert sizes["Africa"] >= 58 and sizes["Europe"] >= 50 and sizes["Oceania"] >= 25
    places = {c: regions.country(c) for c in ("MEX", "SDN", "CYP", "NRU")}
    assert all(places.values())
    assert [(p.intermediate_region or p.sub_region) for p in places.values() if p] == \
        ["Central America", "Northern Africa", "Western Asia", "Micronesia"]
    for name, code in [("Côte d'Ivoire", "CIV"), ("Viet Nam", "VNM"), ("Holy See", "VAT"),
                       ("United Kingdom", "GBR"), ("Korea, Republic of", "KOR"),
                       ("Russian Federation", "RUS"), ("Türkiye", "TUR"), ("gbr", "GBR")]:
        assert regions.code_for(name) == code, name
    assert regions.code_for("Atlantis") is None


def test_compare_lists_who_gained_and_lost_which_criterion() -> None:
    before = ReviewTable("9th", [row("FRA", {LEG, DEF}), row("KEN", {LEG, DEF, TECH, POSS}),
                                 row("PER", set()), row("NRU", {LEG})])
    after = ReviewTable("10th", [row("FRA", {LEG, DEF, TECH, POSS}), row("KEN", {LEG, DEF, TECH}),
                                 row("PER", set()), row("TUV", {LEG})])
    result = compare(before, after)
    assert [c.code for c in result.changes] == ["FRA", "KEN"]
    assert result.gained(TECH) == ["France"] and result.gained(POSS) == ["France"]
    assert result.lost(POSS) == ["Kenya"]
    fra = result.changes[0]
    assert (fra.met_before, fra.met_after, fra.sufficient_before, fra.sufficient_after) == \
        (2, 4, False, True)
    assert result.unchanged == 1
    assert result.only_before == ["Nauru"] and result.only_after == ["Tuvalu"]
    assert result.to_dict()["per_criterion"][POSS] == {"gained": ["France"], "lost": ["Kenya"]}


def test_csv_table_resolves_country_names_to_regions(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Country", "Legislation Specific to CSAM", '"CSAM" Defined',
                    "Technology-Facilitated CSAM Offenses", "Simple Possession",
                    "ISP Reporting", "Footnotes"])
        w.writerow(["Kenya", "✓", "✓", "✓", "✓ 12", "X", "12 see the Act"])
        w.writerow(["Viet Nam", "X", "X", "X", "X", "X", ""])
    table = from_csv(path)
    assert [r.code for r in table.rows] == ["KEN", "VNM"]
    s = stats.compute(table)
    assert s.regions["Africa"].sufficient == 1 and s.regions["Asia"].none == 1
