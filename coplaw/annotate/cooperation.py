"""Cooperation between authorities and the private sector or civil society on child protection."""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching


def cooperation(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(
        index,
        windows,
        ["cooperation", "child"],
        any_of=[["sector_private", "sector_civil"], ["csam", "abuse_context", "exploitation"]],
    ):
        sectors = sorted(
            s
            for s in ("sector_private", "sector_civil", "sector_law_enforcement")
            if index.has(s, w.start, w.end)
        )
        out.append(
            feature(
                "cooperation",
                index,
                w,
                first_in(index, w, ["cooperation"]),
                sectors=[s.removeprefix("sector_") for s in sectors],
            )
        )
    return out
