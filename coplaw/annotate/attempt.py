"""Attempt clauses, and which offences they reach.

``scope`` is ``material`` when the clause sits in a provision on abuse material, ``instrument``
when it reaches every offence of its act ("an offence under this Act"), ``general`` for a
general rule of the penal code, and ``restricted`` when attempt is punishable only where the
law says so.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching


def attempts(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(index, windows, ["attempt"], any_of=[["offence_marker", "own_scope"]]):
        if index.has("attempt_restriction", w.start, w.end):
            scope = "restricted"
        elif index.has("csam", w.start, w.end):
            scope = "material"
        elif any(
            index.has("own_scope", m.start, m.end + 80)
            for m in index.within("attempt", w.start, w.end)
        ):  # "attempts to commit an offence under this Act"
            scope = "instrument"
        elif w.start == w.unit[0] and any(
            m.start - w.start < 150 for m in index.within("attempt", w.start, w.end)
        ):
            scope = "general"  # a provision about attempt itself
        else:
            continue  # "attempted" in passing, inside some other offence
        out.append(feature("attempt", index, w, first_in(index, w, ["attempt"]), scope=scope))
    return out
