"""Duties to report: who must tell whom about what ("a service provider shall report ... to
the police").

For each paragraph with a reporting verb, the smallest enclosing provision (up to BLOCK
characters) that also names a duty-bearer, a duty ("shall", "must", "is required to") and a
recipient is read as one duty. The annotation records the kind of bearer (providers of
internet or electronic services, everyone, professionals), whether the duty only arises on an
authority's request, whether it sits inside a liability exemption (a condition for keeping a
safe harbour), whether it concerns security incidents, and whether it reaches child sexual
abuse material. A term the instrument defines as a kind of service provider ("provider"
means an electronic communication service provider) counts as a provider.
"""

from __future__ import annotations

import re

from coplaw.annotate.common import child_material, clause, quote_span
from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan, Segment
from coplaw.lexicons import fold

BLOCK = 4000
SENTENCE = 12  # paragraphs of one list sentence read back at most


def _defined_providers(scan: Scan) -> re.Pattern[str] | None:
    isp = scan.lex.categories["isp_bearer"]
    terms = sorted({fold(d.term).strip() for d in scan.instrument.definitions
                    if d.term and len(d.term) < 60 and isp.search(fold(d.meaning[:400]))},
                   key=len, reverse=True)
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")s?(?!\w)")


_NUM = r"\d+[a-z]?(?:[-.]\d+[a-z]?)*"
_CITED = re.compile(rf"(?<![\w.-])({_NUM})(?:\s+(?:a|to|al|bis|through|-)\s+({_NUM}))?(?![\w-])")


def cited_numbers(folded: str, start: int, end: int) -> list[tuple[str, str]]:
    """Provision numbers cited in ``start..end`` as (first, last) ranges ("227-22 to 227-24");
    a duty can reach child material by listing the offences it covers."""
    out = []
    for m in _CITED.finditer(folded, start, end):
        lo = m.group(1).replace(".", "-")
        hi = (m.group(2) or m.group(1)).replace(".", "-")
        if "-" in lo or len(lo) >= 2:
            out.append((lo, hi))
    return out


# A paragraph ending like this continues its sentence in the next one (a list item).
_CONTINUES = re.compile(r"(?:[:;,\u2013\u2014-]|\b(?:and|or|et|ou|y|o|e|und|oder))\s*$")


def _sentence_start(text: str, seg: Segment, previous: list[Segment]) -> int:
    """Start of the sentence ``seg`` ends: earlier paragraphs are walked back while each one
    runs on into the next ("... if the person: (a) is a service provider; and ... (c) does
    not report ... to the police"), so a list sentence is read whole."""
    start = seg.start
    for prev in previous[::-1]:
        if not _CONTINUES.search(text[max(prev.start, prev.end - 12):prev.end].rstrip()):
            break
        start = prev.start
    return start


def _levels(text: str, seg: Segment, previous: list[Segment]) -> list[tuple[int, int]]:
    """Spans read for the bearer, duty and recipient: the paragraph, the paragraph with the
    one or two before it in the same provision (a pronoun subject "they shall inform" names
    its bearer there), the whole list sentence it ends, then enclosing provisions up to BLOCK
    characters."""
    out = [(seg.start, seg.end)]
    for prev in previous[-2:][::-1]:
        out.append((prev.start, seg.end))
    first = _sentence_start(text, seg, previous)
    if first < seg.start and seg.end - first <= BLOCK:
        out.append((first, seg.end))
    chain = [*([seg.provision] if seg.provision else []), *reversed(seg.ancestors)]
    for p in chain:
        if p.end - p.start > BLOCK:
            break
        out.append((p.start, p.end))
    return out


def annotate(scan: Scan) -> list[Annotation]:
    text = scan.text
    defined = _defined_providers(scan)
    out: list[Annotation] = []
    previous: list[Segment] = []
    for seg in scan.segments:
        previous = [p for p in previous if p.provision is seg.provision][-SENTENCE:]
        reports = scan.within("report_verb", seg.start, seg.end)
        if not reports:
            previous.append(seg)
            continue
        levels = _levels(text, seg, previous)
        previous.append(seg)
        chosen = None
        for bs, be in levels:
            isp = scan.has("isp_bearer", bs, be) or bool(
                defined and defined.search(scan.folded, bs, be))
            duty = scan.has("duty_marker", bs, be) or scan.in_headings("duty_marker", seg)
            recipient = scan.has("recipient", bs, be)
            if duty and recipient and (isp or chosen is None):
                chosen = (bs, be, isp)
                if isp:
                    break
        if chosen is None:
            continue
        bs, be, isp = chosen
        if isp:
            bearer = "isp"
        elif scan.has("professional_bearer", bs, be):
            bearer = "professional"
        elif scan.has("general_bearer", bs, be):
            bearer = "general"
        else:
            bearer = "other"
        rs = reports[0][0]
        cs, ce = clause(text, seg, rs, reports[0][1])
        local = [(seg.start, seg.end), *seg.chapeau]
        us, ue = seg.unit
        csam = (child_material(scan, bs, be) is not None
                or child_material(scan, us, ue) is not None
                or scan.title_has("material"))
        qs, qe = quote_span(text, seg.start, seg.end, focus=rs)
        out.append(Annotation(scan.instrument.id, seg.eid, "duty", qs, qe, {
            "bearer": bearer,
            "on_request": scan.has("on_request", cs, ce),
            "in_exemption": bool(scan.in_spans("exemption", local)),
            "incident": scan.has("incident", cs, ce) and not child_material(scan, cs, ce),
            "csam": csam,
            "illegal_content": scan.has("illegal_content", bs, be),
            "block": (bs, be),
            "cites": cited_numbers(scan.folded, bs, be),
        }))
    return out
