"""Technology wording: named technologies (computer, internet, electronic means) and
technology-neutral wording ("by any means", "in any form"), which the review counts too."""

from __future__ import annotations

from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan


def annotate(scan: Scan) -> list[Annotation]:
    out: list[Annotation] = []
    for seg in scan.segments:
        for category, neutral in (("technology", False), ("technology_neutral", True)):
            for s, e, _ in scan.within(category, seg.start, seg.end):
                out.append(Annotation(scan.instrument.id, seg.eid, "technology", s, e,
                                      {"neutral": neutral, "words": scan.text[s:e]}))
    return out
