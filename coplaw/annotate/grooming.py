"""Grooming: communicating with a child for a sexual purpose, and whether a meeting is required.

The model law asks that grooming be an offence even when it stays entirely online, so each
grooming provision records whether it makes a meeting (or travel to one) a condition. A
meeting word counts as a condition unless the provision says it is not needed ("whether or
not a meeting takes place").
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching

REACH = 120  # characters between the act and the child it reaches
PURPOSE_REACH = 800  # and between the act and the sexual purpose that follows it


def grooming(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(
        index,
        windows,
        ["child", "grooming_act"],
        # the purpose: sexual, or committing an offence named by its number
        any_of=[["offence_marker", "attempt"], ["sexual", "offence_purpose"]],
        inherit=frozenset({"offence_marker"}),
    ):
        # the act must reach the child: "communicates with a child", not a list of conditions
        acts = index.within("grooming_act", w.start, w.end)
        kids = index.within("child", w.start, w.end)
        purposes = index.within("sexual", w.start, w.end) + index.within(
            "offence_purpose", w.start, w.end
        )
        if not any(
            abs(k.start - a.start) <= REACH
            and any(0 <= p.start - a.start <= PURPOSE_REACH for p in purposes)
            for a in acts
            for k in kids
        ):
            continue
        # a meeting word is a condition unless a "whether or not" stands right by it, or it
        # only raises the penalty ("penalties are raised when a meeting followed")
        meets = [
            m
            for m in index.within("meeting", w.start, w.end)
            if not index.has("meeting_negation", max(0, m.start - 80), m.end + 40)
            and not index.has("aggravation", max(0, m.start - 200), m.end + 40)
        ]
        requires_meeting = bool(meets)
        anchors = first_in(index, w, ["grooming_act", "child"])
        if requires_meeting:
            anchors.append(meets[0])
        out.append(
            feature(
                "grooming",
                index,
                w,
                anchors,
                requires_meeting=requires_meeting,
                technology=index.has("tech_specific", w.start, w.end)
                or index.has("tech_neutral", w.start, w.end),
            )
        )
    return out
