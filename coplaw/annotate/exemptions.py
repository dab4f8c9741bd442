"""Exemptions and safe harbours: wording that lifts liability from intermediaries (a host
"shall not be liable" unless it had notice). The review does not count such a clause as a
reporting duty, even where informing an authority is a condition of the exemption."""

from __future__ import annotations

from coplaw.annotate.common import quote_span
from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan


def annotate(scan: Scan) -> list[Annotation]:
    out: list[Annotation] = []
    for seg in scan.segments:
        for s, _e, _ in scan.within("exemption", seg.start, seg.end):
            qs, qe = quote_span(scan.text, seg.start, seg.end, focus=s)
            out.append(Annotation(scan.instrument.id, seg.eid, "exemption", qs, qe,
                                  {"isp": scan.has("isp_bearer", seg.start, seg.end)}))
            break
    return out
