"""Duties to report child sexual abuse or abuse material, and who bears them.

Duty-bearers are grouped as the model law groups them: professionals who work with children,
technology workers who may come across material, internet service providers, and financial
and payment institutions. A duty laid on everyone ("every person who knows of a crime shall
report it") names none of these groups and so is not recorded; nor is a liability exemption
for hosts, which imposes no duty to report.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, matching

GROUPS = {
    "professionals": "bearer_professional",
    "it_workers": "bearer_it",
    "isps": "bearer_isp",
    "financial": "bearer_financial",
}


def reporting_duties(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(
        index,
        windows,
        ["duty", "report_verb"],
        any_of=[list(GROUPS.values()), ["csam", "abuse_context"]],
        inherit=frozenset({"csam", "abuse_context"}),
    ):
        # an exception that allows reporting (lifting professional secrecy) is no duty
        lead = (w.unit[0], min(w.unit[1], w.unit[0] + 300))
        if index.has("defence_clause", w.start, w.end) or index.has("defence_clause", *lead):
            continue
        # a duty word must bind the reporting verb ("shall report", "sont tenus de signaler")
        verbs = [
            v
            for v in index.within("report_verb", w.start, w.end)
            if index.has("duty", max(w.start, v.start - 80), v.start)
        ]
        if not verbs:
            continue
        # the bearers are named before the verb they are bound by, in the same provision
        last = verbs[-1].start
        bearers = {g: [m for m in index.within(c, w.start, last)] for g, c in GROUPS.items()}
        groups = sorted(g for g, ms in bearers.items() if ms)
        if not groups:
            continue
        first = min((ms[0] for ms in bearers.values() if ms), key=lambda m: m.start)
        anchors = [first, verbs[0]]
        out.append(
            feature(
                "reporting_duty",
                index,
                w,
                anchors,
                groups=groups,
                material=index.has("csam", w.start, w.end),
            )
        )
    return out
