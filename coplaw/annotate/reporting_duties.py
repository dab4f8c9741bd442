"""Duties to report child sexual abuse or abuse material, and who bears them.

Duty-bearers are grouped as the model law groups them: professionals who work with children,
technology workers who may come across material, internet service providers, and financial
and payment institutions. A duty laid on everyone ("every person who knows of a crime shall
report it") names none of these groups and so is not recorded; nor is a liability exemption
for hosts, which imposes no duty to report. A duty laid on "the persons mentioned above" rests
on the groups the provision (or the one before it) names, and both places are cited.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex, Mention
from coplaw.annotate.windows import Feature, Window, feature, matching

GROUPS = {
    "professionals": "bearer_professional",
    "it_workers": "bearer_it",
    "isps": "bearer_isp",
    "financial": "bearer_financial",
}
RECIPIENT = 120  # characters after a reporting verb where its recipient is named
REACH = 200  # characters between a provision and the one before it that names its bearers


def reporting_duties(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    material = ["csam", "abuse_context"]
    inherit = frozenset(material)
    done: list[Window] = []
    for w in matching(
        index,
        windows,
        ["duty", "report_verb"],
        any_of=[list(GROUPS.values()), material],
        inherit=inherit,
    ):
        verbs = _bound_verbs(index, w)
        # the bearers are named before the verb they are bound by, in the same provision
        bearers = _bearers(index, w.start, verbs[-1].start) if verbs else {}
        if bearers:
            first = min((ms[0] for ms in bearers.values()), key=lambda m: m.start)
            out.append(_duty(index, w, first, verbs[0], bearers, None))
            done.append(w)
    # "the persons mentioned above shall report": the groups are named in an earlier provision
    for w in matching(
        index,
        windows,
        ["duty", "report_verb", "bearer_reference"],
        any_of=[material],
        inherit=inherit,
    ):
        if any(o.start <= w.start and w.end <= o.end for o in done):
            continue
        verbs = _bound_verbs(index, w)
        refs = index.within("bearer_reference", w.start, verbs[-1].start) if verbs else []
        earlier = _referent(index, windows, w) if refs else None
        if earlier is None:
            continue
        bearers = _bearers(index, earlier.start, earlier.end)
        naming = feature("duty_bearers", index, earlier, [ms[0] for ms in bearers.values()])
        out.append(_duty(index, w, refs[0], verbs[0], bearers, naming))
    return out


def _bound_verbs(index: ConceptIndex, w: Window) -> list[Mention]:
    """Reporting verbs bound by a duty word ("shall report", "sont tenus de signaler") and
    addressed to someone other than the child's family; none where the provision is an
    exception that allows reporting (lifting professional secrecy)."""
    lead = (w.unit[0], min(w.unit[1], w.unit[0] + 300))
    if index.has("defence_clause", w.start, w.end) or index.has("defence_clause", *lead):
        return []
    return [
        v
        for v in index.within("report_verb", w.start, w.end)
        if index.has("duty", max(w.start, v.start - 80), v.start)
        and not _family_notice(index, w, v)
    ]


def _family_notice(index: ConceptIndex, w: Window, verb: Mention) -> bool:
    """ "shall notify the parent or guardian" tells the family, not an authority: no report."""
    after = (verb.end, min(w.end, verb.end + RECIPIENT))
    return index.has("parent", *after) and not index.has("sector_law_enforcement", *after)


def _duty(
    index: ConceptIndex,
    w: Window,
    first: Mention,
    verb: Mention,
    bearers: dict[str, list[Mention]],
    naming: Feature | None,
) -> Feature:
    return feature(
        "reporting_duty",
        index,
        w,
        [first, verb],
        groups=sorted(bearers),
        material=index.has("csam", w.start, w.end),
        named_in=naming,
    )


def _bearers(index: ConceptIndex, start: int, end: int) -> dict[str, list[Mention]]:
    """The duty-bearer groups named in ``[start, end)``, with their mentions."""
    found = {g: index.within(c, start, end) for g, c in GROUPS.items()}
    return {g: ms for g, ms in found.items() if ms}


def _referent(index: ConceptIndex, windows: list[Window], w: Window) -> Window | None:
    """Where "the persons mentioned above" are named: the nearest earlier provision of the same
    section or article that names a group, else the section or article just before it."""
    unit_start, _ = w.unit
    earlier = [o for o in windows if o.end <= w.start]
    for o in reversed(earlier):
        if o.start >= unit_start and _bearers(index, o.start, o.end):
            return o
    adjacent = [o for o in earlier if o.start < unit_start and unit_start - o.end <= REACH]
    if not adjacent:
        return None
    whole = min(adjacent, key=lambda o: o.start)  # the section itself when it is a window
    return whole if _bearers(index, whole.start, whole.end) else None
