"""Text tests that a rule table cannot express, registered by name (``special:`` in a rule)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coplaw.annotate.child_age import age_phrases
from coplaw.assess.frameworks.common import Prepared, deepest
from coplaw.findings import Evidence, Finding
from coplaw.standards.schema import Item

ADULT_AGE = 18
_DEF_GAP = 160  # characters between the word for child and the defining verb


def _quote(p: Prepared, start: int, end: int) -> Evidence:
    text = p.instrument.text
    lo = max(text.rfind("\n", 0, start) + 1, start - 200)
    hi = text.find("\n", end)
    hi = min(hi if hi != -1 else len(text), end + 200)
    return Evidence(p.instrument.id, deepest(p.instrument, lo, hi), text[lo:hi], lo, hi,
                    page=p.instrument.page_at(lo))


def child_age(item: Item, framework: str, preps: list[Prepared], method: str) -> Finding:
    """Child defined as every person under 18: read the age of each definition of "child".

    A definition is the word for child followed closely by a defining verb ("means", "s'entend")
    and an age threshold. Definitions below 18 are named; offences protecting under-18s
    without any general definition count only partly.
    """
    defined: list[tuple[int, Prepared, int, int]] = []
    used: list[tuple[Prepared, int, int]] = []
    for p in preps:
        idx = p.index
        for unit in p.matcher.units:
            for child in idx.within("child", unit.start, unit.end):
                marks = idx.within("definition_marker", child.end,
                                   min(unit.end, child.end + _DEF_GAP))
                if not marks:
                    continue
                ages = age_phrases(idx, marks[0].end, min(unit.end, marks[0].end + 200))
                if ages:
                    a = ages[0]
                    defined.append((a.age, p, child.start, a.end))
            if not defined:
                for a in age_phrases(idx, unit.start, unit.end):
                    near = idx.has("child", max(unit.start, a.start - 200), a.end + 200)
                    if a.age == ADULT_AGE and near:
                        used.append((p, a.start, a.end))
    adult = [d for d in defined if d[0] == ADULT_AGE]
    lower = [d for d in defined if d[0] < ADULT_AGE]
    if adult:
        ev = [_quote(adult[0][1], adult[0][2], adult[0][3])]
        if lower:
            age, p, s, e = min(lower, key=lambda d: d[0])
            ev.append(_quote(p, s, e))
            return Finding(item.id, framework, "partially_met", 0.7,
                           f"A child is defined as a person under {ADULT_AGE} "
                           f"({ev[0].instrument}, {ev[0].provision}), but another definition sets "
                           f"the age at {age} ({ev[1].instrument}, {ev[1].provision}).", method, ev)
        return Finding(item.id, framework, "met", 0.85,
                       f"A child is defined as a person under {ADULT_AGE} "
                       f"({ev[0].instrument}, {ev[0].provision}).", method, ev)
    if lower:
        age, p, s, e = max(lower, key=lambda d: d[0])
        ev = [_quote(p, s, e)]
        return Finding(item.id, framework, "not_met", 0.75,
                       f"The definition of child found sets the age below {ADULT_AGE}, at {age} "
                       f"({ev[0].instrument}, {ev[0].provision}).", method, ev)
    if used:
        p, s, e = used[0]
        ev = [_quote(p, s, e)]
        return Finding(item.id, framework, "partially_met", 0.55,
                       f"No general definition of child was found, but provisions protect persons "
                       f"under {ADULT_AGE} ({ev[0].instrument}, {ev[0].provision}).", method, ev)
    return Finding(item.id, framework, "not_met", 0.55,
                   "No definition of child by age, and no provision protecting persons under "
                   f"{ADULT_AGE}, was found in the legislation given.", method, [])


SPECIAL: dict[str, Callable[[Item, str, list[Prepared], str], Finding]] = {
    "child_age": child_age,
}


# Acts named by the offence annotator (annotate/offences.py) -> parts of the CSAM acts rule.
ANNOTATED_ACTS: dict[str, tuple[str, ...]] = {
    "producing": ("produce",),
    "offering": ("offer",),
    "distributing": ("distribute", "transmit", "sell"),
    "disseminating": ("disseminate",),
    "importing": ("import",),
    "exporting": ("export",),
    "accessing": ("access", "view", "download", "acquire"),
    "possessing": ("possess",),
    "advertising": ("advertise", "make_known"),
    "livestreaming": ("live_stream",),
}


def annotated_acts(context: Any, preps: list[Prepared]) -> dict[str, Evidence]:
    """Evidence per CSAM act from the annotators' child-specific offence annotations.

    Uses the engine's annotations when the context carries them, else annotates here.
    """
    from coplaw.annotate.run import annotate_instrument

    cached = getattr(context, "annotations", None)
    out: dict[str, Evidence] = {}
    for p in preps:
        inst = p.instrument
        notes = cached.get(inst.id) if isinstance(cached, dict) else None
        if notes is None:
            notes = annotate_instrument(inst)
        for note in notes:
            if note.kind != "offence" or not note.attrs.get("child_specific"):
                continue
            if "offence" not in out:
                out["offence"] = Evidence(inst.id, note.provision, inst.text[note.start:note.end],
                                          note.start, note.end, page=inst.page_at(note.start))
            for act in note.attrs.get("acts", []):
                for part, names in ANNOTATED_ACTS.items():
                    if act.get("act") in names and part not in out:
                        s, e = act.get("quote_start", note.start), act.get("quote_end", note.end)
                        out[part] = Evidence(inst.id, note.provision, inst.text[s:e], s, e,
                                             page=inst.page_at(s))
    return out
