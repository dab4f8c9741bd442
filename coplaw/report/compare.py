"""What changed between two review tables (two editions, or an edition and the latest run)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coplaw.report.stats import is_sufficient
from coplaw.report.table import CRITERION_IDS, ReviewTable


@dataclass
class CountryChange:
    country: str
    code: str | None
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    met_before: int = 0
    met_after: int = 0
    sufficient_before: bool = False
    sufficient_after: bool = False


@dataclass
class Comparison:
    before: str
    after: str
    changes: list[CountryChange]
    unchanged: int
    only_before: list[str]
    only_after: list[str]

    def gained(self, criterion: str) -> list[str]:
        return [c.country for c in self.changes if criterion in c.gained]

    def lost(self, criterion: str) -> list[str]:
        return [c.country for c in self.changes if criterion in c.lost]

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "unchanged": self.unchanged,
            "only_before": self.only_before,
            "only_after": self.only_after,
            "per_criterion": {
                c: {"gained": self.gained(c), "lost": self.lost(c)} for c in CRITERION_IDS
            },
            "countries": [
                {"country": c.country, "code": c.code, "gained": c.gained, "lost": c.lost,
                 "met_before": c.met_before, "met_after": c.met_after,
                 "sufficient_before": c.sufficient_before,
                 "sufficient_after": c.sufficient_after}
                for c in self.changes
            ],
        }


def compare(before: ReviewTable, after: ReviewTable) -> Comparison:
    """Match rows by alpha-3 code (or by name when a row has no code)."""
    old = {before.key(r): r for r in before.rows}
    new = {after.key(r): r for r in after.rows}
    changes: list[CountryChange] = []
    unchanged = 0
    for key, row in new.items():
        prior = old.get(key)
        if prior is None:
            continue
        change = CountryChange(row.country, row.code, met_before=prior.met, met_after=row.met,
                               sufficient_before=is_sufficient(prior),
                               sufficient_after=is_sufficient(row))
        for c in CRITERION_IDS:
            was, now = prior.statuses.get(c), row.statuses.get(c)
            if was != "met" and now == "met":
                change.gained.append(c)
            elif was == "met" and now != "met":
                change.lost.append(c)
        if change.gained or change.lost:
            changes.append(change)
        else:
            unchanged += 1
    changes.sort(key=lambda c: c.country.casefold())
    return Comparison(
        before.name, after.name, changes, unchanged,
        sorted(old[k].country for k in old.keys() - new.keys()),
        sorted(new[k].country for k in new.keys() - old.keys()),
    )
