"""One pass of lexicon matching over an instrument, and the text segments annotators read.

Every lexicon category is matched once over the whole (folded) text; annotators then ask for
the hits inside a segment with a binary search, so annotating costs a few regex passes per
instrument whatever the number of provisions.

A *segment* is a paragraph of a provision's own words (text not inside a child provision).
Its *chapeau* is the own words of its ancestors (the lead-in "A person who—" and trailing
"commits an offence"), its *unit* the enclosing section or article, which annotators read
for context (a heading "Child pornography", a penalty in a sibling subsection).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from coplaw.document import Instrument, Provision
from coplaw.lexicons import LIST_CATEGORIES, Lexicon, fold, lexicon

UNIT_KINDS = frozenset({"section", "article", "rule", "regulation", "clause", "paragraph_unit"})
MAX_UNIT = 15000  # a unit longer than this is read only near the segment
# Categories matched over the whole text. Every annotator needs one of them nearby (material,
# sexual conduct, a reporting verb, a liability exemption), so the other categories are only
# matched in the sections holding them, which keeps long codes fast.
ANCHORS = ("material", "general_material", "sexual", "report_verb", "exemption")
NEAR = 2000  # reach around an anchor found outside every provision
_PARA = re.compile(r"[^\n]+")
LONG_PARAGRAPH = 600  # longer paragraphs are read sentence by sentence
_SENTENCE_END = re.compile(r"(?:[.\u0964]|;\s*(?:and|or|et|ou|y|o|und|oder|e)?)\s+"
                           r"(?=\(\d+[a-z]?\)|\d+\.\s|[A-Z\u00c0-\u00dd\u0980-\u09ff\"\u00ab\u201c])")


@dataclass
class Hits:
    """Matches of one category, sorted by start."""

    items: list[tuple[int, int, str]]
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items.sort()
        self.starts = [s for s, _, _ in self.items]

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end, i)
        return [item for item in self.items[i:j] if item[1] <= end]


@dataclass
class Segment:
    """A paragraph of one provision's own words, with where to look for context."""

    start: int
    end: int
    provision: Provision | None
    ancestors: list[Provision]  # outermost first, excluding ``provision``
    unit: tuple[int, int]  # span read for context
    chapeau: list[tuple[int, int]]  # own words of the ancestors

    @property
    def eid(self) -> str:
        return self.provision.eid if self.provision else ""

    def headings(self) -> list[str]:
        chain = [*self.ancestors, *([self.provision] if self.provision else [])]
        return [p.heading for p in chain if p.heading]


class Scan:
    """An instrument with its lexicon hits and segments."""

    def __init__(self, instrument: Instrument, lex: Lexicon | None = None) -> None:
        self.instrument = instrument
        self.text = instrument.text
        self.lex = lex or lexicon(instrument.language)
        self.folded = fold(self.text)
        self._hits: dict[str, Hits] = {}
        self.segments = list(_segments(instrument))
        self._seg_starts = [g.start for g in self.segments]
        self._regions: list[tuple[int, int]] | None = None
        # child_material per span: every subsection asks again about the same chapeaux
        self.material_memo: dict[tuple[int, int], tuple[int, int] | None] = {}

    def regions(self) -> list[tuple[int, int]]:
        """Merged spans worth reading: the sections around every anchor hit."""
        if self._regions is None:
            spans: list[tuple[int, int]] = []
            n = len(self.text)
            for cat in ANCHORS:
                for s, e, _ in self.hits(cat).items:
                    seg = self.segment_at(s)
                    if seg is not None:
                        spans.append(seg.unit)
                        spans.extend(seg.chapeau)
                    else:
                        spans.append((max(0, s - NEAR), min(n, e + NEAR)))
            spans.sort()
            merged: list[tuple[int, int]] = []
            for s, e in spans:
                if merged and s <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], e))
                else:
                    merged.append((s, e))
            self._regions = merged
        return self._regions

    def segment_at(self, offset: int) -> Segment | None:
        i = bisect.bisect_right(self._seg_starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < self.segments[i].end:
            return self.segments[i]
        return None

    def hits(self, category: str) -> Hits:
        got = self._hits.get(category)
        if got is None:
            if category in ANCHORS:
                got = Hits(self.lex.find(category, self.folded))
            else:
                found: list[tuple[int, int, str]] = []
                for s, e in self.regions():
                    found.extend(self.lex.find(category, self.folded, s, e))
                got = Hits(found)
            self._hits[category] = got
        return got

    def within(self, category: str, start: int, end: int) -> list[tuple[int, int, str]]:
        return self.hits(category).within(start, end)

    def has(self, category: str, start: int, end: int) -> bool:
        return bool(self.within(category, start, end))

    def in_spans(self, category: str, spans: list[tuple[int, int]]
                 ) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        for s, e in spans:
            out.extend(self.within(category, s, e))
        return out

    def in_headings(self, category: str, seg: Segment) -> bool:
        pat = (self.lex.categories.get(category) if category in LIST_CATEGORIES else None)
        if pat is None:
            return False
        return any(pat.search(_folded_heading(h)) for h in seg.headings())

    def title_has(self, category: str) -> bool:
        pat = self.lex.categories[category]
        return bool(pat.search(fold(self.instrument.title or "")))


@functools.lru_cache(maxsize=4096)
def _folded_heading(heading: str) -> str:
    return fold(heading)


def _own_spans(prov: Provision) -> list[tuple[int, int]]:
    """Stretches of ``prov``'s own words: from body_start to the end, minus its children."""
    spans = []
    cur = prov.body_start
    for child in sorted(prov.children, key=lambda c: c.start):
        if child.start > cur:
            spans.append((cur, child.start))
        cur = max(cur, child.end)
    if prov.end > cur:
        spans.append((cur, prov.end))
    return spans


_LINE = re.compile(r"[^\n]*\n?")
# A list marker opening a line: (a) a) 1. (iv) 12) - * ... but not a wrapped word such as "years."
_MARKER = re.compile(
    r"\s*(?:\(?(?:\d{1,4}|([a-zA-Z])\1?|[ivxlcIVXLC]{1,6})[.)](?=\s|$)|[-\u2022*#|>]"
    r"|\d+[.\u00b0\u00ba])")
_ENDS = ".;:!?\u0964\u2014)\"'\u201d"


def _lines_joined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs of ``start..end``: a line break ends a paragraph after a blank line, after
    closing punctuation, or before a list marker; otherwise it is hard wrapping inside a
    sentence and the lines are joined."""
    out: list[tuple[int, int]] = []
    cur: int | None = None
    last = start
    for m in _LINE.finditer(text, start, end):
        ls, le = m.start(), m.end()
        if ls == le:
            break
        line = text[ls:le].strip()
        if not line:
            if cur is not None:
                out.append((cur, last))
                cur = None
            continue
        if cur is not None:
            prev = text[cur:last].rstrip()
            if (prev and prev[-1] in _ENDS) or _MARKER.match(text, ls):
                out.append((cur, last))
                cur = None
        if cur is None:
            cur = ls
        last = ls + len(text[ls:le].rstrip())
    if cur is not None:
        out.append((cur, last))
    return out


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for s, e in _lines_joined(text, start, end):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s > LONG_PARAGRAPH:
            cur = s
            for m in _SENTENCE_END.finditer(text, s, e):
                if m.start() - cur >= 40:
                    out.append((cur, m.start() + 1))
                    cur = m.end()
            if e > cur:
                out.append((cur, e))
        elif e > s:
            out.append((s, e))
    return out


def _unit_span(prov: Provision, ancestors: list[Provision]) -> tuple[int, int]:
    chain = [*ancestors, prov]
    units = [p for p in chain if p.kind in UNIT_KINDS]
    unit = units[-1] if units else chain[0]
    if unit.end - unit.start <= MAX_UNIT:
        return unit.start, unit.end
    # too long to read whole: the smallest enclosing provision that is short enough
    for p in reversed(chain):
        if p.end - p.start <= MAX_UNIT:
            return p.start, p.end
    return max(prov.start, prov.body_start - MAX_UNIT // 2), min(prov.end, prov.start + MAX_UNIT)


# "3. Production of material", "Section 5 Possession", "Art. 12 - Scope": a numbered line with
# no closing punctuation, as tables of contents and arrangements of sections list them.
_TOC_LINE = re.compile(r"(?:[^\W\d]{1,10}\.?\s+)?\d+[\w.\-]*\.?\s+\S[^\n]{0,160}")


def _toc_entry(para: str) -> bool:
    para = para.strip()
    return "\n" not in para and para[-1:] not in ".;:," and bool(_TOC_LINE.fullmatch(para))


def _segments(inst: Instrument) -> list[Segment]:
    text = inst.text
    out: list[Segment] = []
    covered: list[tuple[int, int]] = []

    def visit(prov: Provision, ancestors: list[Provision],
              chapeau: list[tuple[int, int]]) -> None:
        unit = _unit_span(prov, ancestors)
        own = _own_spans(prov)
        for s, e in own:
            for ps, pe in _paragraphs(text, s, e):
                out.append(Segment(ps, pe, prov, ancestors, unit, chapeau))
        if prov.children:
            inner = [*ancestors, prov]
            inner_chapeau = [*chapeau, *own]
            for child in prov.children:
                visit(child, inner, inner_chapeau)

    tops = sorted([*inst.body, *inst.schedules], key=lambda p: p.start)
    for top in tops:
        visit(top, [], [])
        covered.append((top.start, top.end))
    # words outside every provision (preamble, or a text the structure stage could not split);
    # when the law has provisions, lines of its table of contents are not read as law
    cur = 0
    for s, e in [*covered, (len(text), len(text))]:
        if s > cur:
            for ps, pe in _paragraphs(text, cur, s):
                if tops and _toc_entry(text[ps:pe]):
                    continue
                unit = (max(0, ps - 2000), min(len(text), pe + 2000))
                out.append(Segment(ps, pe, None, [], unit, []))
        cur = max(cur, e)
    out.sort(key=lambda g: g.start)
    return out
