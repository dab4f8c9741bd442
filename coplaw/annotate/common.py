"""Small helpers shared by the annotators: clauses, quotes, and "is this child material?"."""

from __future__ import annotations

import re

from coplaw.annotate.scan import Scan, Segment

# Clause breaks inside a paragraph: semicolons, full stops followed by a space, colons, dashes
# that open a list.
_BREAK = re.compile(r";|:|[.।](?=\s)|\u2014|\s-\s")
MAX_QUOTE = 320
LINK_GAP = 90  # characters between a general material word and the child it involves


def clause(text: str, seg: Segment, pos: int, end: int | None = None) -> tuple[int, int]:
    """Bounds of the clause of ``seg`` around ``pos`` (to ``end``)."""
    end = pos if end is None else end
    start = seg.start
    for m in _BREAK.finditer(text, seg.start, pos):
        start = m.end()
    stop = seg.end
    m2 = _BREAK.search(text, end, seg.end)
    if m2:
        stop = m2.end() if text[m2.start()] in ";." else m2.start()
    return start, stop


def quote_span(text: str, start: int, end: int, focus: int | None = None) -> tuple[int, int]:
    """``start``..``end`` trimmed of spaces and cut to at most MAX_QUOTE characters around
    ``focus``, on word boundaries."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= MAX_QUOTE:
        return start, end
    focus = start if focus is None else focus
    s = max(start, focus - MAX_QUOTE // 3)
    e = min(end, s + MAX_QUOTE)
    s = max(start, e - MAX_QUOTE)
    if s > start:
        sp = text.find(" ", s, e)
        s = sp + 1 if sp != -1 else s
    if e < end:
        sp = text.rfind(" ", s, e)
        e = sp if sp > s else e
    while e > s and text[e - 1] in " ,":
        e -= 1
    return s, e


# Provision citations in the notation legislative drafting shares across languages:
# "§ 184b", "s. 9", "section 163.1", "article 227-23", "art. 218", "artículo 5", "Artikel 3".
_CITATION = re.compile(r"(?:§+|(?<!\w)(?:s|ss|sec|secs|section|sections|art|arts|article|articles|"
                       r"art[ií]culos?|artigos?|artikel)\.?)\s*\d", re.IGNORECASE)


def cites_provision(text: str, start: int, end: int) -> bool:
    """``start..end`` cites a provision by number."""
    return _CITATION.search(text, start, end) is not None


def in_parentheses(text: str, seg_start: int, pos: int) -> bool:
    """``pos`` is inside an unclosed parenthesis opened in the same paragraph: a label such as
    "163.1(4) (possession of child pornography)" in a list of offences, not an offence."""
    chunk = text[seg_start:pos]
    depth = 0
    for ch in chunk:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    # "(a)", "(iv)" markers close at once; only a still-open one counts
    return depth > 0


def child_material(scan: Scan, start: int, end: int) -> tuple[int, int] | None:
    """A span naming child sexual abuse material in ``start..end``: a child-specific name
    ("child pornography"), or a general word (pornographic, obscene) joined to a child word by
    a word of depiction or involvement ("pornographic material using minors")."""
    key = (start, end)
    if key not in scan.material_memo:
        scan.material_memo[key] = _child_material(scan, start, end)
    return scan.material_memo[key]


def _child_material(scan: Scan, start: int, end: int) -> tuple[int, int] | None:
    named = scan.within("material", start, end)
    if named:
        return named[0][0], named[0][1]
    described = _described(scan, start, end)
    if described:
        return described
    generals = scan.within("general_material", start, end)
    if not generals:
        return None
    children = scan.within("child", start, end)
    links = scan.within("link", start, end)
    for gs, ge, _ in generals:
        for cs, ce, _ in children:
            if ge <= cs <= ge + LINK_GAP and any(ge <= ls and le <= cs for ls, le, _ in links):
                return gs, ce
            # child word first: "minors ... in pornographic performances", "children used
            # for pornographic purposes"
            if ce <= gs <= ce + LINK_GAP and any(ce <= ls and le <= gs for ls, le, _ in links):
                return cs, ge
    return None


DESCRIBED_GAP = 80  # characters from a depiction word to the sexual conduct it shows


def _described(scan: Scan, start: int, end: int) -> tuple[int, int] | None:
    """Material described rather than named, in the order depiction, sexual conduct, child,
    the child joined by a word of involvement ("video recordings showing sexual acts of
    persons under eighteen"). The order keeps out material shown *to* a child ("shows a
    child images of sexual activity", "sells sexual images to a minor")."""
    depictions = scan.within("depiction", start, end)
    if not depictions:
        return None
    sexual = scan.within("sexual", start, end)
    children = scan.within("child", start, end)
    links = scan.within("link", start, end)
    text = scan.text
    for ds, de, _ in depictions:
        for ss, se, _ in sexual:
            if not de <= ss <= de + DESCRIBED_GAP:
                continue
            for cs, ce, _ in children:
                if (se <= cs <= se + DESCRIBED_GAP // 2
                        and any(se <= ls and le <= cs for ls, le, _ in links)
                        and not any(c in text[ds:cs] for c in ".;")):
                    return ds, ce
    return None


def refers_to_material(scan: Scan, start: int, end: int) -> bool:
    """The words name some material (general, anaphoric "such material", or a depiction)."""
    return (scan.has("general_material", start, end) or scan.has("anaphora", start, end)
            or scan.has("material", start, end))


def unit_is_child_material(scan: Scan, seg: Segment) -> bool:
    """The section or article holding ``seg`` is about child material (heading or words)."""
    if scan.in_headings("material", seg):
        return True
    us, ue = seg.unit
    return child_material(scan, us, ue) is not None or _paragraph_child_material(scan, us, ue)


def _paragraph_child_material(scan: Scan, start: int, end: int) -> bool:
    generals = scan.within("general_material", start, end)
    if not generals:
        return False
    children = scan.within("child", start, end)
    # a general material word and a child word in the same sentence of the unit
    for gs, _, _ in generals:
        for cs, _, _ in children:
            if abs(cs - gs) < 200 and "." not in scan.text[min(cs, gs):max(cs, gs)].replace(
                    "s.", "").replace("art.", ""):
                return True
    return False
