"""Splitting a provision's words into numbered subdivisions: (1), (a), (i), (A), 1., a), 1°.

Works the same whether each marker starts a line or a whole section sits on one line
("(1) A person who— (a) ...; (b) ... (2) It is a defence ..."): markers are found anywhere,
kept only where the words before them can end a list item (line start, "—", ":", ";", ". ",
"; or") and where they fit a numbering sequence, so that references such as "subsection (1)" or
"section 5(2)" are not taken for structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from coplaw.document import Provision
from coplaw.structure.crossrefs import subdivision_words
from coplaw.structure.eids import clean_num
from coplaw.structure.lexicon import EID_PREFIX
from coplaw.structure.numbering import ARABIC, LOWER, ROMAN, UPPER, UROMAN, assign_levels

_INLINE_CIVIL = re.compile(r"[:;—]\s*(?:(\d{1,2})\s?[º°]|([a-z])\))\s")
# "(4.1)": a subsection inserted after (4), as Canadian Acts number them
_PAREN = re.compile(r"\( ?(\d{1,3}(?:\.\d{1,2})?[A-Z]{0,2}|[a-z]{1,4}|[A-Z]{1,4}) ?\)")
# Line-start forms used in civil-law codes and lists: "1.", "1)", "1°", "a)", "a.", "I.-", "I -".
_LINE = re.compile(
    r"(?m)^[ \t>*\-]*"
    r"(?:(\d{1,3}[A-Z]?)(?:[.)]|\s?[°º])|([a-z]{1,2})[.)]|([IVXL]{1,6})\s?[.)\-–]\s?)"
    r"(?=[ \t]|$)"
)
# Conjunctions that may join list items after ";" or "," ("...; or (d) possesses").
_CONJ = frozenset(("and", "or", "und", "oder", "et", "ou", "y", "o", "e"))
_NOTE_END = re.compile(r"\.\s*\[[^\]]{1,40}\]$")


def _inline_ok(prev: str) -> bool:
    """Whether the words before an inline "(a)" can end a list item, so that it opens one:
    after "—", ":", ";", ".", an amendment note "[15/2019]", or "; or" / ", and"; but not
    after "paragraph", "5" ("5(2)"), or in a list of references ("(1), (2), or (3)")."""
    if not prev or prev[-1].isalnum() or prev[-1] in ")]":
        return False
    p = prev.rstrip()
    if not p:
        return False
    c = p[-1]
    if c in "—–:;-":
        return True
    if c == ".":
        i = len(p) - 1
        while i > 0 and (p[i - 1].isalpha() or p[i - 1] == "-"):
            i -= 1
        return p[i:-1].lower() not in subdivision_words()
    if c == "]":
        return bool(_NOTE_END.search(p))
    if not c.isalpha():
        return False
    i = len(p)
    while i > 0 and p[i - 1].isalpha():
        i -= 1
    if p[i:].lower() not in _CONJ:
        return False
    q = p[:i].rstrip()
    if not q or q[-1] not in ".;:,":
        return False
    return not q[:-1].rstrip().endswith(")")  # "(2), or (3)": references


@lru_cache(maxsize=1)
def _new_term_patterns() -> list[re.Pattern[str]]:
    """Definition openings of every language (data/definitions.yaml), as one pattern per
    letter-case mode: a new defined term, whose own list restarts at (a)."""
    from coplaw.structure.definitions import load_patterns

    groups: dict[int, list[str]] = {}
    for pats in load_patterns().values():
        for pat in pats.inline:
            groups.setdefault(pat.flags, []).append(pat.pattern.replace("(?P<term>", "(?:"))
    return [re.compile("|".join(f"(?:{p})" for p in pats), flags)
            for flags, pats in groups.items()]


# every definition opening has a quote or one of these words: a cheap test before the
# full patterns run
_TRIGGER = re.compile(r"[\"“”‘'«]|entend|consid|Sinne|désigne|signifie")


def _new_term(text: str, start: int, end: int) -> bool:
    if not _TRIGGER.search(text, start, end):
        return False
    return any(p.search(text, start, end) for p in _new_term_patterns())


#: Kind of a subdivision by its sequence, inside common-law units (section, regulation, rule)
#: and civil-law units (article, §).
COMMON_KINDS = {ARABIC: "subsection", LOWER: "paragraph", ROMAN: "subparagraph", UPPER: "clause",
                UROMAN: "subclause"}
US_KINDS = {LOWER: "subsection", ARABIC: "paragraph", UPPER: "subparagraph", ROMAN: "clause",
            UROMAN: "subclause"}
SCHEDULE_KINDS = {ARABIC: "paragraph", LOWER: "subparagraph", ROMAN: "clause", UPPER: "subclause",
                  UROMAN: "item"}


def _candidates(text: str, start: int, end: int) -> list[tuple[int, int, str, str, bool]]:
    """(marker start, marker end, token, style, inline?) for each plausible marker."""
    found: dict[int, tuple[int, int, str, str, bool]] = {}
    for m in _LINE.finditer(text, start, end):
        g = 1 if m.group(1) else (2 if m.group(2) else 3)
        token = m.group(g)
        after = text[m.end(g):m.end()].strip()
        style = "degree" if after[:1] in "°º" else ("rparen" if after[:1] == ")" else "dot")
        # "6A." alone may be quoted text (an inserted section), so a line-start number opens
        # a list only from its first item; "(1)" on its own line is trusted
        found[m.start(g)] = (m.start(g), m.end(), token, style, True)
    for m in _INLINE_CIVIL.finditer(text, start, end):
        # "... determines: 1º special rights ...; 2º ...", "siguientes: a) ...; b) ..."
        g = 1 if m.group(1) else 2
        if m.start(g) not in found:
            style = "degree" if g == 1 else "rparen"
            found[m.start(g)] = (m.start(g), m.end(), m.group(g), style, True)
    for m in _PAREN.finditer(text, start, end):
        s = m.start()
        line_start = max(text.rfind("\n", start, s) + 1, start)
        if not text[line_start:s].strip(" \t>*-"):
            found[s] = (s, m.end(), m.group(1), "paren", False)
            continue
        if _inline_ok(text[max(start, s - 60):s]):
            found[s] = (s, m.end(), m.group(1), "paren", True)
    return [found[k] for k in sorted(found)]


# the item before a new definition ends with ";" or "." (and perhaps "and"/"or")
_ITEM_END = re.compile(r"[;.]\s*(?:\w{1,4}\s*)?[\"“‘'«]?\s*\S?$")


def _kind(seq: str, style: str, drafting: str) -> str:
    if drafting == "civil":
        return "paragraph" if seq == ARABIC and style == "paren" else "point"
    if drafting == "schedule":
        return SCHEDULE_KINDS[seq]
    return COMMON_KINDS[seq]


def subdivide(text: str, start: int, end: int, parent_eid: str, drafting: str = "common"
              ) -> list[Provision]:
    """Numbered subdivisions of text[start:end], nested, with eids under ``parent_eid``.

    ``drafting`` names the kinds: "common" (subsection (1), paragraph (a), subparagraph (i),
    clause (A); or United States style when letters hold numbers), "us" (subsection (a),
    paragraph (1), subparagraph (A), clause (i)), "civil" (paragraph (1), point 1./a)/1°) or
    "schedule" (paragraph 1.).
    """
    cands = _candidates(text, start, end)
    if not cands:
        return []
    restarts = [False]
    for prev, cur in zip(cands, cands[1:], strict=False):
        restarts.append(_new_term(text, prev[1], cur[0]))
    levels = assign_levels([c[2] for c in cands], [c[3] for c in cands],
                           [c[4] for c in cands], restarts)
    roots: list[Provision] = []
    stack: list[tuple[int, Provision]] = []
    seqs: dict[int, tuple[str, str, str]] = {}  # id(node) -> (sequence, style, token)
    for cand, lv in zip(cands, levels, strict=True):
        if lv is None:
            continue
        depth, seq = lv
        mstart, mend, token, style, _inline = cand
        while stack and stack[-1][0] >= depth:
            _, done = stack.pop()
            done.end = _trim_end(text, done.start, mstart)
        parent = stack[-1][1] if stack else None
        body = mend
        while body < end and text[body] in " \t":
            body += 1
        num = text[mstart:mend].strip()
        if style == "paren":
            num = num.replace(" ", "")  # "( a )" as typeset in some sources
        node = Provision(eid="", kind="", num=num, heading=None,
                         start=mstart, end=end, body_start=body)
        seqs[id(node)] = (seq, style, token)
        (parent.children if parent else roots).append(node)
        stack.append((depth, node))
    while stack:
        _, done = stack.pop()
        done.end = _trim_end(text, done.start, end)
    kinds = _kinds_for(roots, seqs, drafting)
    seen: set[str] = set()

    def name(node: Provision, base: str) -> None:
        seq, style, token = seqs[id(node)]
        node.kind = kinds(seq, style)
        eid = f"{base}__{EID_PREFIX[node.kind]}_{clean_num(token)}"
        unique, n = eid, 2
        while unique in seen:
            unique, n = f"{eid}_{n}", n + 1
        seen.add(unique)
        node.eid = unique
        for child in node.children:
            name(child, unique)

    for root in roots:
        name(root, parent_eid)
        for node in reversed(root.walk()):  # deepest first, so a parent sees its cut children
            _cut_at_new_term(text, node)
    return roots


def _kinds_for(roots: list[Provision], seqs: dict[int, tuple[str, str, str]], drafting: str
               ) -> Callable[[str, str], str]:
    """How sequences are named in this provision. United States Code style, where letters
    hold numbers ((a)(1)(A)(i)), names subsection (a), paragraph (1), subparagraph (A),
    clause (i); Commonwealth style names subsection (1), paragraph (a), subparagraph (i)."""
    if drafting == "us":
        return lambda seq, style: US_KINDS[seq]
    if drafting == "common":
        def has_us(node: Provision, under_letter: bool) -> bool:
            seq = seqs[id(node)][0]
            if under_letter and seq == ARABIC:
                return True
            return any(has_us(c, under_letter or seq == LOWER) for c in node.children)

        if any(seqs[id(r)][0] == LOWER and has_us(r, False) for r in roots):
            return lambda seq, style: US_KINDS[seq]
    return lambda seq, style: _kind(seq, style, drafting)


def _cut_at_new_term(text: str, node: Provision) -> None:
    """A list item inside a definition ends where the next defined term begins."""
    after = node.children[-1].end if node.children else node.body_start + 1
    if after >= node.end or not _TRIGGER.search(text, after, node.end):
        return
    for pat in _new_term_patterns():
        for m in pat.finditer(text, after, node.end):
            if not _ITEM_END.search(text, max(after, m.start() - 12), m.start() + 1):
                continue  # "(2) In this Part, "material" includes": the item's own definition
            cut = _trim_end(text, node.start, m.start())
            if cut > node.body_start:
                node.end = cut
                after = node.end
            break
    for child in node.children:
        child.end = min(child.end, node.end)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end
