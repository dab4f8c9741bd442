"""Attempt clauses, and which offences they reach.

``scope`` is ``material`` when the clause sits in a provision on abuse material, ``instrument``
when it reaches every offence of its act ("an offence under this Act"), ``general`` for a
general rule of the penal code, and ``restricted`` when attempt is punishable only where the
law says so.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, clause, feature, first_in, matching


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
    out.extend(_headed(index, {f.provision for f in out}))
    return out


def _headed(index: ConceptIndex, seen: set[str]) -> list[Feature]:
    """Articles headed "Attempt" / "Tentativa" state the general rule in words of their own."""
    inst = index.instrument
    pattern = index.lexicon.patterns.get("attempt_heading")
    out: list[Feature] = []
    if pattern is None:
        return out
    for prov in inst.provisions():
        if (
            prov.eid in seen
            or not prov.heading
            or not pattern.fullmatch(prov.heading.strip(" .:-"))
        ):
            continue
        start = max(prov.start, min(prov.body_start, prov.end))
        s, e = clause(inst.text, start, start, start, prov.end)
        while s < e and inst.text[s].isspace():
            s += 1
        if e > s:
            out.append(
                Feature("attempt", inst.id, prov.eid, s, e, inst.text[s:e], {"scope": "general"})
            )
    return out
