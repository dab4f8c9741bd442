"""Turn an assessment into gap entries, ordered by authority.

Authority comes from the item; an item the source does not grade (ICMEC, ITU, OHCHR, guiding
principles) takes the strongest authority of the items the crosswalk says ask for the same
thing, and says so. What a reform should contain comes from the item's ``reform`` text, or its
parent's (a model-law recommendation under its fundamental provision), or an equivalent item's.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from coplaw.findings import Assessment, Finding
from coplaw.standards.catalogue import Catalogue, load_catalogue

GAP_STATUSES = ("not_met", "partially_met")
AUTHORITY_RANK = {"binding": 0, "guidance": 1, "good_practice": 2}
FRAMEWORK_ORDER = ("icmec-review", "unicef-checklist", "icmec-model-law", "ohchr-2015",
                   "itu-cop-checklist", "guiding-principles-2024", "terminology")
_NOT_FOUND = re.compile(r"(?:Not found|does not show|No provision[^:.]*shows?)\s*:?\s*([^.]+)",
                        re.IGNORECASE)


@dataclass
class GapEntry:
    standard: str
    framework: str
    title: str
    status: str
    authority: str | None
    authority_via: str | None
    reform: str | None
    reform_from: str | None
    rationale: str
    missing: str | None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    equivalents: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def effective_authority(cat: Catalogue, item_id: str) -> tuple[str | None, str | None]:
    """The item's authority, or the strongest of its crosswalk equivalents (with which)."""
    item = cat.get(item_id)
    if item.authority:
        return item.authority, None
    best: tuple[int, str, str] | None = None
    for link in cat.links(item_id):
        auth = cat.get(link.target).authority
        if auth and (best is None or AUTHORITY_RANK[auth] < best[0]):
            best = (AUTHORITY_RANK[auth], auth, link.target)
    return (best[1], best[2]) if best else (None, None)


def reform_text(cat: Catalogue, item_id: str, _seen: frozenset[str] = frozenset()
                ) -> tuple[str | None, str | None]:
    """What a reform should contain, and the item the words come from."""
    item = cat.get(item_id)
    if item.reform:
        return " ".join(item.reform.split()), item_id
    if item.parent and item.parent not in _seen:
        text, src = reform_text(cat, item.parent, _seen | {item_id})
        if text:
            return text, src
    linked = sorted(cat.links(item_id), key=lambda lk: AUTHORITY_RANK.get(
        cat.get(lk.target).authority or "", 3))
    for link in linked:
        target = cat.get(link.target)
        if target.reform:
            return " ".join(target.reform.split()), target.id
    return None, None


def _missing(finding: Finding) -> str | None:
    m = _NOT_FOUND.search(finding.rationale)
    if m:
        return m.group(1).strip()
    if not finding.evidence:
        return "no provision of the legislation given shows it"
    return None


def _rank(cat: Catalogue, entry: GapEntry, pos: dict[str, int]) -> tuple[int, int, int, int]:
    fw = FRAMEWORK_ORDER.index(entry.framework) if entry.framework in FRAMEWORK_ORDER else 99
    return (AUTHORITY_RANK.get(entry.authority or "", 3), GAP_STATUSES.index(entry.status), fw,
            pos.get(entry.standard, len(pos)))


def gap_entries(assessment: Assessment) -> list[GapEntry]:
    """Unmet and partially met standards, binding first, then guidance, good practice and
    ungraded; within a level unmet before partially met."""
    cat = load_catalogue()
    status_of = {f.standard: f.status for f in assessment.findings}
    out: list[GapEntry] = []
    for f in assessment.findings:
        if f.status not in GAP_STATUSES or f.standard not in cat.items:
            continue
        item = cat.get(f.standard)
        auth, via = effective_authority(cat, f.standard)
        reform, reform_from = reform_text(cat, f.standard)
        eq = [f"{lk.target} ({status_of.get(lk.target, 'not assessed')})"
              for lk in cat.links(f.standard)]
        out.append(GapEntry(
            f.standard, f.framework, item.title, f.status, auth, via, reform,
            None if reform_from == f.standard else reform_from, f.rationale, _missing(f),
            [{k: v for k, v in vars(e).items() if v is not None} for e in f.evidence], eq))
    pos = {item_id: n for n, item_id in enumerate(cat.items)}
    out.sort(key=lambda e: _rank(cat, e, pos))
    return out
