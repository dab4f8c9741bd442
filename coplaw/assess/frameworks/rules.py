"""Item -> rule tables (YAML) and their evaluation over concept indexes.

Most text tests share one shape: "some provision says X, Y and Z close together". A rule lists
named *parts*; each part is a set of concepts that must co-occur inside one provision window,
within ``span`` characters, with none of its ``none`` concepts nearby. Core parts decide
whether anything is there at all (a rule without core parts needs at least one part); the
other parts decide met versus partially met, and the missing ones are named in the rationale.
``fallback`` parts give ``partially_met`` when the core is absent (a weaker form of the
standard); ``against`` parts downgrade ``met`` when a provision says the opposite (e.g. double
criminality still required).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coplaw.annotate.concepts import ConceptIndex, Mention
from coplaw.annotate.windows import Window, clause, whole_words, windows_of
from coplaw.errors import CatalogueError

RULES = Path(__file__).resolve().parent / "data" / "rules"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Part(Strict):
    """Concepts that must appear together: each of ``all``, one of each ``any`` group."""

    name: str
    label: str = Field(min_length=5, description="what the part is, in plain words")
    all: list[str] = Field(default_factory=list)
    any: list[list[str]] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list, description="cancel ``none`` when present")
    span: int = Field(default=500, ge=20, le=8000)
    unit_max: int | None = Field(
        default=None, ge=20, le=8000,
        description="also match anywhere in a provision up to this long (acts listed in later "
        "paragraphs that refer back to the material)")
    core: bool = False
    distinct: bool = Field(
        default=False, description="a word inside a longer phrase of another concept does not "
        "count for its own concept (\"no menor de\" is not a word for child)")

    @model_validator(mode="after")
    def _not_empty(self) -> Part:
        if not self.all and not self.any:
            raise ValueError(f"part {self.name!r} has no concept")
        return self

    def concepts(self) -> set[str]:
        return {*self.all, *self.none, *self.unless, *(c for g in self.any for c in g)}


class Rule(Strict):
    parts: list[Part] = Field(min_length=1)
    fallback: list[Part] = Field(default_factory=list)
    against: list[Part] = Field(default_factory=list)
    fallback_status: Literal["partially_met", "not_met"] = "partially_met"
    absent: Literal["not_met", "not_assessable"] = "not_met"
    absent_note: str | None = None
    special: str | None = Field(default=None, description="name of a Python test instead")
    supplement: Literal["annotated_acts"] | None = Field(
        default=None, description="also accept parts the offence annotator found")
    confidence: float = Field(default=0.7, gt=0, le=1)

    @model_validator(mode="after")
    def _one_core(self) -> Rule:
        names = [p.name for p in [*self.parts, *self.fallback, *self.against]]
        if len(names) != len(set(names)):
            raise ValueError("part names must be unique within a rule")
        return self

    def all_parts(self) -> list[Part]:
        return [*self.parts, *self.fallback, *self.against]


class RuleTable(Strict):
    framework: str
    rules: dict[str, Rule]


@cache
def load_rules(name: str) -> RuleTable:
    """Read and validate ``data/rules/<name>.yaml``; unknown concepts are errors."""
    from coplaw.assess.frameworks.lexicon import concept_names

    path = RULES / f"{name}.yaml"
    try:
        table = RuleTable.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{path}: invalid rule table: {exc}") from exc
    known = concept_names()
    for item, rule in table.rules.items():
        for part in rule.all_parts():
            unknown = sorted(part.concepts() - known)
            if unknown:
                raise CatalogueError(
                    f"{path}: rule {item}, part {part.name}: unknown concepts {', '.join(unknown)}")
    return table


@dataclass(frozen=True)
class Hit:
    """Where a part was found: the cover of its mentions inside one provision window."""

    part: str
    instrument: str
    window: Window
    start: int
    end: int
    mentions: tuple[Mention, ...]


def units(windows: list[Window]) -> list[Window]:
    """The outermost windows (others nest inside them), in document order."""
    out: list[Window] = []
    for w in sorted(windows, key=lambda w: (w.start, -w.end)):
        if out and out[-1].start <= w.start and w.end <= out[-1].end:
            continue
        out.append(w)
    return out


def _min_cover(slots: list[list[Mention]], span: int
               ) -> tuple[int, int, tuple[Mention, ...]] | None:
    """Smallest range holding one mention of every slot (None when over ``span``).

    A sliding window over the mentions in offset order: linear in the number of mentions.
    """
    events = sorted(((m.start, m.end, i, m) for i, slot in enumerate(slots) for m in slot),
                    key=lambda ev: (ev[0], ev[1], ev[2]))
    need = len(slots)
    counts = [0] * need
    have = 0
    best: tuple[int, int, int, int] | None = None  # start, end, lo, hi
    lo = 0
    for hi, (_, h_end, i, _m) in enumerate(events):
        counts[i] += 1
        if counts[i] == 1:
            have += 1
        while have == need:
            start = events[lo][0]
            if h_end - start <= span and (best is None or h_end - start < best[1] - best[0]):
                best = (start, h_end, lo, hi)
            j = events[lo][2]
            counts[j] -= 1
            if counts[j] == 0:
                have -= 1
            lo += 1
    if best is None:
        return None
    chosen: dict[int, Mention] = {}
    for ev in events[best[2]:best[3] + 1]:
        chosen.setdefault(ev[2], ev[3])
    end = max(best[1], *(m.end for m in chosen.values()))
    return best[0], end, tuple(sorted(chosen.values(), key=lambda m: m.start))


def _drop_nested(slots: list[list[Mention]]) -> list[list[Mention]]:
    """Drop a mention lying strictly inside a longer mention of another slot, so one phrase
    does not count twice ("no menor de" is a minimum penalty, not a word for child)."""
    spans = [(m.start, m.end, i) for i, slot in enumerate(slots) for m in slot]
    out = []
    for i, slot in enumerate(slots):
        keep = [m for m in slot if not any(
            j != i and s <= m.start and m.end <= e and (e - s) > (m.end - m.start)
            for s, e, j in spans)]
        out.append(keep)
    return out


class Matcher:
    """Finds rule parts in one instrument through its concept index."""

    NONE_MARGIN = 200
    # Concepts that make a provision about children: among equally good hits, these are cited
    # first (a jurisdiction clause of a child-protection chapter before one on the territorial sea).
    TOPICAL = ("child", "csam", "abuse_context", "exploitation")

    def __init__(self, index: ConceptIndex) -> None:
        self.index = index
        self.inst = index.instrument
        self.units = units(windows_of(self.inst))

    def find(self, part: Part, limit: int = 3) -> list[Hit]:
        """The tightest hits of ``part``, smallest first, at most ``limit``."""
        hits: list[Hit] = []
        for w in self.units:
            slots: list[list[Mention]] = []
            for c in part.all:
                slots.append(self.index.within(c, w.start, w.end))
            for group in part.any:
                slots.append([m for c in group for m in self.index.within(c, w.start, w.end)])
            if any(not s for s in slots):
                continue
            if part.distinct:
                slots = _drop_nested(slots)
                if any(not s for s in slots):
                    continue
            reach = part.span
            if part.unit_max is not None and w.end - w.start <= part.unit_max:
                reach = max(reach, w.end - w.start)
            cover = _min_cover(slots, reach)
            if cover is None:
                continue
            start, end, mentions = cover
            if part.none:
                lo = max(w.start, start - self.NONE_MARGIN)
                hi = min(w.end, end + self.NONE_MARGIN)
                if any(self.index.has(c, lo, hi) for c in part.none) and not any(
                        self.index.has(c, lo, hi) for c in part.unless):
                    continue
            hits.append(Hit(part.name, self.inst.id, w, start, end, mentions))
        hits.sort(key=lambda h: (not self.topical(h.window), h.end - h.start, h.start))
        return hits[:limit]

    def topical(self, w: Window) -> bool:
        return any(self.index.has(c, w.start, w.end) for c in self.TOPICAL)


def quote_span(text: str, hit: Hit) -> tuple[int, int]:
    """The clause(s) around a hit, bounded by its window, as offsets into ``text``."""
    s, _ = clause(text, hit.start, hit.start, hit.window.start, hit.window.end)
    _, e = clause(text, hit.end, hit.end, hit.window.start, hit.window.end)
    if e - s > 900:
        s, e = whole_words(text, max(hit.window.start, hit.start - 80),
                           min(hit.window.end, hit.end + 80))
    if e <= s:
        s, e = hit.start, hit.end
    return s, e
