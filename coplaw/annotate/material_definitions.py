"""Definitions of the material: a defined term, or a description written into an offence.

Three ways a law says what the prohibited material is:
- a defined term ("child pornography" means ...), found by the structure stage or by the
  wording "X means / includes" here;
- a definition of a general word (image, material, pornography) whose meaning is a depiction
  of a child in sexual conduct;
- an offence that itself describes the material ("representations of sexual activity
  involving a person under 18").
A word such as "pornographic" left undefined is not a definition: the paragraph must describe
what is shown (sexual conduct or a sexual display of a child).
"""

from __future__ import annotations

import re

from coplaw.annotate.common import quote_span
from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan, Segment
from coplaw.annotate.windows import provision_at

HEAD = 160  # a definition names its term near the start of its paragraph
WINDOW = 500  # the meaning is read this far after "means"
_GAP = re.compile(r"""[\s"',.)(:\-]*(?:\(\w{1,4}\))?[\s"',.:\-]*""")


def _describes(scan: Scan, start: int, end: int) -> bool:
    return (scan.has("child", start, end) and scan.has("sexual", start, end)
            and (scan.has("depiction", start, end) or scan.has("general_material", start, end)
                 or scan.has("material", start, end)))


_LEAD_END = re.compile(r"""[\s"',.:\-]*""")


def _list_definition(scan: Scan, start: int, end: int) -> bool:
    """A lead-in that names the material and ends on a copula, the meaning following as a
    list ("Pornographic depictions of minors are: 1. realistic images of sexual acts on a
    person under fourteen ..."): the term, the verb, then only punctuation to the end of the
    paragraph, and the items after it describe a child in sexual conduct."""
    if end - start > HEAD + 80:
        return False
    for _, ne, _ in scan.within("material", start, end):
        for cs, ce, _ in scan.within("list_copula", ne, end):
            if (_GAP.fullmatch(scan.folded, ne, cs)
                    and _LEAD_END.fullmatch(scan.folded, ce, end)
                    and _describes(scan, ce, min(len(scan.text), ce + WINDOW))):
                return True
    return False


def annotate(scan: Scan) -> list[Annotation]:
    text = scan.text
    inst = scan.instrument
    out: list[Annotation] = []
    for seg in scan.segments:
        s, e = seg.start, seg.end
        tech = sorted({(a, b) for a, b, _ in scan.within("technology", s, e)
                       + scan.within("technology_neutral", s, e)})
        markers = scan.within("definition_marker", s, e)
        how = None
        if markers:
            named = scan.within("material", s, e)
            # the term stands just before the marker ("'child pornography' means") or, in the
            # Romance order, just after it ("se considera pornografia infantil", "on entend
            # par pornographie enfantine"), with only quotes or punctuation between
            if any((ms >= ne and _GAP.fullmatch(scan.folded, ne, ms))
                   or (ns >= me and ms - s <= HEAD and _GAP.fullmatch(scan.folded, me, ns))
                   for ns, ne, _ in named for ms, me, _ in markers):
                how = "defined_term"
            else:
                for ms, me, _ in markers:
                    near = max(s, ms - 80)
                    term_before = (ms - s <= HEAD or scan.has("general_material", near, ms)
                                   or scan.has("material", near, ms))
                    if term_before and _describes(scan, ms, min(e, me + WINDOW)):
                        how = "defined_description"
                        break
        elif _list_definition(scan, s, e):
            how = "defined_description"
        elif scan.has("acts", s, e) and _describes(scan, s, e) and scan.has(
                "offence_marker", *seg.unit):
            how = "offence_description"
        if how is None:
            if tech:
                out.extend(_depiction_definition(scan, seg, tech))
            continue
        qs, qe = quote_span(text, s, e)
        out.append(Annotation(inst.id, seg.eid, "material_definition", qs, qe,
                              {"how": how, "technology": tech, "segment": (s, e)}))
    return out


def _depiction_definition(scan: Scan, seg: Segment, tech: list[tuple[int, int]]
                          ) -> list[Annotation]:
    """A definition of a word for a depiction that reaches technology: "references to a
    photograph include (b) data stored on a computer disc or by other electronic means" (the
    word and the marker may stand in the lead-in of the item naming the technology). It says
    nothing of children, but it widens the material an offence names with that word
    ("indecent photograph of a child"); the technology test decides whether one does."""
    for start, end in [(seg.start, seg.end), *reversed(seg.chapeau)]:
        for ds, de, _ in scan.within("depiction", start, min(end, start + HEAD)):
            for ms, me, _ in scan.within("definition_marker", de, end):
                if not _GAP.fullmatch(scan.folded, de, ms):
                    continue
                after = [t for t in tech if t[0] >= me]
                if after:
                    inst, text = scan.instrument, scan.text
                    qs, qe = quote_span(text, start, end, focus=ds)
                    cut = text.rfind("\n", qs, qe)  # the bullet of the next item, if any
                    if cut != -1 and not text[cut:qe].strip(" \n\t-*•"):
                        qs, qe = quote_span(text, qs, cut)
                    return [Annotation(inst.id, provision_at(inst, ds) or seg.eid,
                                       "depiction_definition", qs, qe,
                                       {"word": scan.folded[ds:de], "technology": after,
                                        "item": seg.eid,
                                        "item_quote": quote_span(text, seg.start, seg.end,
                                                                 focus=after[0][0])})]
    return []
