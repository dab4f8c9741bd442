"""Splitting a provision's words into numbered subdivisions: (1), (a), (i), (A), 1., a), 1°.

Works the same whether each marker starts a line or a whole section sits on one line
("(1) A person who— (a) ...; (b) ... (2) It is a defence ..."): markers are found anywhere,
kept only where the words before them can end a list item (line start, "—", ":", ";", ". ",
"; or") and where they fit a numbering sequence, so that references such as "subsection (1)" or
"section 5(2)" are not taken for structure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coplaw.document import Provision
from coplaw.structure.eids import clean_num
from coplaw.structure.lexicon import EID_PREFIX
from coplaw.structure.numbering import ARABIC, LOWER, ROMAN, UPPER, UROMAN, assign_levels

_PAREN = re.compile(r"\((\d{1,3}[A-Z]{0,2}|[a-z]{1,4}|[A-Z]{1,4})\)")
# Line-start forms used in civil-law codes and lists: "1.", "1)", "1°", "a)", "a.", "I.-", "I -".
_LINE = re.compile(
    r"(?m)^[ \t>*\-]*"
    r"(?:(\d{1,3}[A-Z]?)(?:[.)]|\s?[°º])|([a-z]{1,2})[.)]|([IVXL]{1,6})\s?[.)\-–]\s?)"
    r"(?=[ \t]|$)"
)
# Words that make a following "(a)" a reference, not a marker.
_REF_WORDS = re.compile(
    r"(?i)(?:sub-?sections?|sections?|sub-?paragraphs?|paragraphs?|sub-?clauses?|clauses?|"
    r"articles?|regulations?|rules?|items?|schedules?|parts?|chapters?|s|ss|art|arts|para|paras|"
    r"sub-?para|reg|regs|absatz|abs|nummer|nr|satz|alinéa|inciso|numeral|literal|letra|lit|"
    r"and|or|to|of|in|under|et|ou|y|o|und|oder|bis|à|a|de|del|du)\.?\s*$"
)
_ENDS_ITEM = re.compile(r"(?:[—–:;]|[-]{1,2}|\.|[.;:,]\s*(?:and|or|und|oder|et|ou|y|o|e))\s*$")



@lru_cache(maxsize=1)
def _new_term_patterns() -> list[re.Pattern[str]]:
    """Definition openings of every language (data/definitions.yaml): a new defined term,
    whose own list restarts at (a)."""
    from coplaw.structure.definitions import load_patterns

    out: list[re.Pattern[str]] = []
    for pats in load_patterns().values():
        for pat in pats.inline:
            out.append(re.compile(pat.pattern.replace("(?P<term>", "(?:"), pat.flags))
    return out


def _new_term(text: str, start: int, end: int) -> bool:
    return any(p.search(text, start, end) for p in _new_term_patterns())


#: Kind of a subdivision by its sequence, inside common-law units (section, regulation, rule)
#: and civil-law units (article, §).
COMMON_KINDS = {ARABIC: "subsection", LOWER: "paragraph", ROMAN: "subparagraph", UPPER: "clause",
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
        found[m.start(g)] = (m.start(g), m.end(), token, style, False)
    for m in _PAREN.finditer(text, start, end):
        s = m.start()
        line_start = max(text.rfind("\n", start, s) + 1, start)
        if not text[line_start:s].strip(" \t>*-"):
            found[s] = (s, m.end(), m.group(1), "paren", False)
            continue
        prev = text[max(start, s - 40):s]
        if prev[-1:].isalnum() or prev[-1:] in ")]":
            continue  # "5(2)", "(a)(i)": a reference
        if _REF_WORDS.search(prev) and not _ENDS_ITEM.search(prev):
            continue
        if _ENDS_ITEM.search(prev):
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
    clause (A)), "civil" (paragraph (1), point 1./a)/1°) or "schedule" (paragraph 1.).
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
    seen: set[str] = set()
    for cand, lv in zip(cands, levels, strict=True):
        if lv is None:
            continue
        depth, seq = lv
        mstart, mend, token, style, _inline = cand
        while stack and stack[-1][0] >= depth:
            _, done = stack.pop()
            done.end = _trim_end(text, done.start, mstart)
        parent = stack[-1][1] if stack else None
        kind = _kind(seq, style, drafting)
        base = parent.eid if parent else parent_eid
        eid = f"{base}__{EID_PREFIX[kind]}_{clean_num(token)}"
        unique, n = eid, 2
        while unique in seen:
            unique, n = f"{eid}_{n}", n + 1
        seen.add(unique)
        body = mend
        while body < end and text[body] in " \t":
            body += 1
        num = text[mstart:mend].strip()
        node = Provision(eid=unique, kind=kind, num=num, heading=None, start=mstart, end=end,
                         body_start=body)
        (parent.children if parent else roots).append(node)
        stack.append((depth, node))
    while stack:
        _, done = stack.pop()
        done.end = _trim_end(text, done.start, end)
    for root in roots:
        for node in root.walk():
            _cut_at_new_term(text, node)
    return roots


def _cut_at_new_term(text: str, node: Provision) -> None:
    """A list item inside a definition ends where the next defined term begins."""
    after = node.children[-1].end if node.children else node.body_start + 1
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
