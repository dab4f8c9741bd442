"""Penalties and aggravating factors: where the law punishes (imprisonment, fines, "commits an
offence") and where it raises the penalty, notably when the material involves a child (a
sentencing enhancement is what makes a general pornography law child-specific)."""

from __future__ import annotations

from coplaw.annotate.common import quote_span
from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan


def annotate(scan: Scan) -> list[Annotation]:
    out: list[Annotation] = []
    text = scan.text
    for seg in scan.segments:
        s, e = seg.start, seg.end
        marks = scan.within("offence_marker", s, e)
        if marks:
            qs, qe = quote_span(text, s, e, focus=marks[0][0])
            out.append(Annotation(scan.instrument.id, seg.eid, "penalty", qs, qe, {}))
        agg = scan.within("aggravation", s, e)
        if agg:
            child_material = (scan.has("general_material", s, e) or scan.has("material", s, e)
                              or scan.has("anaphora", s, e))
            qs, qe = quote_span(text, s, e, focus=agg[0][0])
            out.append(Annotation(scan.instrument.id, seg.eid, "aggravation", qs, qe, {
                "child": scan.has("child", s, e),
                "material": child_material,
            }))
    return out
