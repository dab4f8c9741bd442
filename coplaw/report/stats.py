"""Statistics of a review table, overall and by UN M49 region.

"Sufficient" legislation means at least four of the five criteria met; "none" means no
criterion met. That reading is the one that fits the figures the 10th edition states
(138 of 196 countries sufficient, 10 with no legislation): requiring all five would leave out
the many countries whose law meets everything but an ISP reporting duty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coplaw.report import regions
from coplaw.report.table import CRITERION_IDS, ReviewTable, Row

SUFFICIENT_MIN = 4
SOURCE_FIGURES = {"edition": "10th", "countries": 196, "sufficient": 138, "none": 10}


def is_sufficient(row: Row) -> bool:
    return row.met >= SUFFICIENT_MIN


def is_none(row: Row) -> bool:
    return row.complete and row.met == 0


@dataclass
class Counts:
    """Counts for one group of countries (all, or one region)."""

    countries: int = 0
    per_criterion: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERION_IDS, 0))
    by_met: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(6), 0))
    sufficient: int = 0
    none: int = 0
    incomplete: int = 0  # rows lacking a verdict on some criterion (counted by what they have)

    def add(self, row: Row) -> None:
        self.countries += 1
        for c in CRITERION_IDS:
            if row.statuses.get(c) == "met":
                self.per_criterion[c] += 1
        self.by_met[row.met] += 1
        self.sufficient += is_sufficient(row)
        self.none += is_none(row)
        self.incomplete += not row.complete

    def share(self, n: int) -> float:
        return round(100.0 * n / self.countries, 1) if self.countries else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "countries": self.countries,
            "per_criterion": dict(self.per_criterion),
            "by_criteria_met": {str(k): v for k, v in self.by_met.items()},
            "sufficient": self.sufficient,
            "none": self.none,
            "incomplete": self.incomplete,
        }


@dataclass
class Statistics:
    table: str
    overall: Counts
    regions: dict[str, Counts]
    sub_regions: dict[str, dict[str, Counts]]
    unplaced: list[str]  # countries whose region is unknown (no alpha-3 code found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "sufficient_rule": f"at least {SUFFICIENT_MIN} of {len(CRITERION_IDS)} criteria met",
            "none_rule": "no criterion met",
            "overall": self.overall.to_dict(),
            "regions": {k: v.to_dict() for k, v in self.regions.items()},
            "sub_regions": {
                r: {k: v.to_dict() for k, v in subs.items()} for r, subs in self.sub_regions.items()
            },
            "unplaced": self.unplaced,
        }


def compute(table: ReviewTable) -> Statistics:
    overall = Counts()
    by_region: dict[str, Counts] = {r: Counts() for r in regions.REGION_ORDER}
    by_sub: dict[str, dict[str, Counts]] = {r: {} for r in regions.REGION_ORDER}
    unplaced: list[str] = []
    for row in table.rows:
        overall.add(row)
        place = regions.country(row.code) if row.code else None
        if place is None:
            unplaced.append(row.country)
            by_region.setdefault(regions.NO_REGION, Counts()).add(row)
            continue
        by_region[place.region].add(row)
        by_sub[place.region].setdefault(place.sub_region, Counts()).add(row)
    by_region = {k: v for k, v in by_region.items() if v.countries}
    by_sub = {k: dict(sorted(v.items())) for k, v in by_sub.items() if v}
    return Statistics(table.name, overall, by_region, by_sub, unplaced)
