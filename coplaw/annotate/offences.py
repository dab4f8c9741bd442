"""Offences about sexual material: the acts, the object, mental element, purpose conditions.

One annotation per paragraph that names an act (produce, distribute, possess, ...) in a
provision that creates an offence. The object is read from the paragraph itself, then from
the lead-in of the enclosing provisions, then from the section (a heading "Child
pornography", or "such image" pointing back to "the image of a minor" two paragraphs up).
``child_specific`` says whether the object is material involving children; a general
pornography offence is kept too (``child_specific`` False) so the tests can say why it did
not count.
"""

from __future__ import annotations

from typing import Any

from coplaw.annotate.common import (
    child_material,
    cites_provision,
    clause,
    in_parentheses,
    quote_span,
    refers_to_material,
    unit_is_child_material,
)
from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan, Segment

POSSESSION_ACTS = frozenset({"possess"})


def _object(scan: Scan, seg: Segment) -> tuple[str, tuple[int, int] | None] | None:
    """(where the child-specific object was found, its span) or ("general", span) or None."""
    here = child_material(scan, seg.start, seg.end)
    if here:
        return "provision", here
    for s, e in seg.chapeau:
        got = child_material(scan, s, e)
        if got:
            return "chapeau", got
    mentions = refers_to_material(scan, seg.start, seg.end) or scan.has(
        "depiction", seg.start, seg.end)
    if mentions and unit_is_child_material(scan, seg):
        return "section", None
    if scan.in_headings("material", seg):
        return "heading", None
    general = scan.within("general_material", seg.start, seg.end)
    if general:
        return "general", (general[0][0], general[0][1])
    return None


def _offence_marker(scan: Scan, seg: Segment) -> tuple[str, tuple[int, int]] | None:
    for where, spans in (("provision", [(seg.start, seg.end)]), ("chapeau", seg.chapeau),
                         ("section", [seg.unit])):
        hits = scan.in_spans("offence_marker", spans)
        if hits:
            return where, (hits[0][0], hits[0][1])
    return None


def _definitional(scan: Scan, seg: Segment, first_act: int) -> bool:
    """A paragraph that defines a term ("'X' means ...", "a person is to be regarded as
    distributing ...") rather than punishing conduct: the definition wording opens it,
    before any act, and it states no penalty."""
    head_end = min(seg.end, seg.start + 120, first_act)
    return (scan.has("definition_marker", seg.start, head_end)
            and not scan.has("offence_marker", seg.start, seg.end))


def annotate(scan: Scan) -> list[Annotation]:
    text = scan.text
    out: list[Annotation] = []
    for seg in scan.segments:
        acts = [a for a in scan.within("acts", seg.start, seg.end)
                if not in_parentheses(text, seg.start, a[0])]
        if not acts or _definitional(scan, seg, acts[0][0]):
            continue
        if scan.in_spans("defence", [(seg.start, seg.end), *seg.chapeau]):
            continue  # a defence or exception, or an item of one
        obj = _object(scan, seg)
        if obj is None:
            continue
        marker = _offence_marker(scan, seg)
        if marker is None:
            continue
        where, obj_span = obj
        if (obj_span and cites_provision(text, obj_span[1], obj_span[1] + 40)
                and not scan.in_spans("offence_marker", [(seg.start, seg.end), *seg.chapeau])):
            continue  # "offences of possessing child pornography under section 9": a reference
        found: list[dict[str, Any]] = []
        for s, e, act in acts:
            cs, ce = clause(text, seg, s, e)
            purpose = scan.within("purpose", cs, ce)
            personal = scan.within("personal_use", cs, ce)
            qs, qe = quote_span(text, cs, ce, focus=s)
            found.append({
                "act": act, "start": s, "end": e, "quote_start": qs, "quote_end": qe,
                "purpose": text[purpose[0][0]:purpose[0][1]] if purpose else None,
                "personal_use": bool(personal),
            })
        local = [(seg.start, seg.end), *seg.chapeau]
        tech = scan.in_spans("technology", local) + scan.in_spans("technology_neutral", local)
        us, ue = seg.unit
        tech_unit = (scan.within("technology", us, ue)
                     + scan.within("technology_neutral", us, ue))
        mental = scan.in_spans("mental", local)
        qs, qe = quote_span(text, seg.start, seg.end, focus=acts[0][0])
        out.append(Annotation(
            scan.instrument.id, seg.eid, "offence", qs, qe,
            {
                "acts": found,
                "child_specific": where != "general",
                "object_from": where,
                "named": bool(obj_span and scan.has("material", obj_span[0], obj_span[1])),
                "object": list(obj_span) if obj_span else None,
                "offence_marker": marker[0],
                "technology": sorted({(s, e) for s, e, _ in tech}),
                "technology_in_section": sorted({(s, e) for s, e, _ in tech_unit}),
                "mental": sorted({m for _, _, m in mental}),
                "segment": (seg.start, seg.end),
                "unit": seg.unit,
            },
        ))
    return out
