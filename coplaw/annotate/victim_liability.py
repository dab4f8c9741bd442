"""Clauses that free child victims from criminal liability.

``material`` is true when the clause concerns children used in abuse material; otherwise it
concerns exploitation in general (prostitution, trafficking). A general minimum age of
criminal responsibility is not such a clause: it says nothing about victims or exploitation.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, matching


def victim_nonliability(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(
        index, windows, ["nonliability", "child"], any_of=[["victim", "csam", "exploitation"]]
    ):
        clauses = index.within("nonliability", w.start, w.end)
        # the child must be the subject: named before the non-liability words, close by
        kids = [
            c
            for c in index.within("child", w.start, w.end)
            if any(0 <= n.start - c.start <= 300 for n in clauses)
        ]
        if not kids:
            continue
        material = index.has("csam", w.start, w.end)
        if not material and not (
            index.has("exploitation", w.start, w.end) or index.has("abuse_context", w.start, w.end)
        ):
            continue
        out.append(
            feature("victim_nonliability", index, w, [kids[0], clauses[0]], material=material)
        )
    return out
