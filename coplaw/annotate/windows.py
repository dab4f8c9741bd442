"""Provision windows for co-occurrence tests, and exact quotes for evidence.

A legal feature ("a parent who permits a child to take part in producing abuse material") is
recognised when its concepts occur together in one provision. Windows are the provisions of
the tree below container level (section, article, subsection, paragraph); the smallest window
holding all the concepts is the one cited. Quotes are clauses cut from the text with their
offsets, so ``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from coplaw.annotate.concepts import ConceptIndex, Mention
from coplaw.document import Instrument, Provision
from coplaw.lexicons.boundaries import is_word_char

CONTAINERS = frozenset(
    {
        "book",
        "part",
        "subpart",
        "chapter",
        "subchapter",
        "title",
        "subtitle",
        "division",
        "subdivision",
        "section_group",
        "subsection_group",
        "heading",
        "crossheading",
    }
)
UNITS = frozenset({"section", "article", "rule", "regulation"})
MAX_WINDOW = 5000
# A window with at least this many cross-references, one per this many characters or fewer,
# is a list of other provisions (a schedule of offences), not a rule of its own.
LIST_REFS = 4
LIST_CHARS_PER_REF = 150
LIST_NUMBERS = 8
LIST_CHARS_PER_NUMBER = 60
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,4}(?:\.\d+)*(?:\(\d+(?:\.\d+)?\))*(?![\w,])"
)  # characters; longer provisions are only windows through their children
MAX_QUOTE = 420
# A clause ends at . ; : before a blank, or at a line end when the next line starts a new
# unit (capital, number, bracket, bullet); lines continuing in lower case are one sentence.
# a full stop (or the danda of Bengali and Devanagari), or a line that starts a new sentence
_BREAK = re.compile(r"[.;:।](?=\s)|\n(?=\s*(?:[A-ZÀ-ÖØ-Þ\d(\"“«*•§-]|$))")


@dataclass(frozen=True)
class Window:
    """A provision (or, without a tree, a paragraph) that concepts must share.

    ``unit_start``/``unit_end`` span the whole section or article the window belongs to, for
    concepts that may sit in a sibling subsection (the penalty of "(1) A person shall not ...").
    """

    eid: str
    start: int
    end: int
    unit_start: int = -1
    unit_end: int = -1
    listing: bool = False  # mostly a list of cross-references ("sections 151, 152, 163.1 ...")

    @property
    def unit(self) -> tuple[int, int]:
        if self.unit_start < 0:
            return self.start, self.end
        return self.unit_start, self.unit_end


@dataclass
class Feature:
    """A legal feature found by an annotator, with the clause that shows it.

    ``attrs`` carries what the feature says (age, duty-bearer groups, categories, ...).
    """

    kind: str
    instrument: str
    provision: str
    start: int
    end: int
    quote: str
    attrs: dict[str, Any] = field(default_factory=dict)


def windows_of(inst: Instrument) -> list[Window]:
    """Provision windows of an instrument, in document order."""
    out: list[Window] = []
    refs = sorted(r.start for r in inst.references)

    def listing(start: int, end: int) -> bool:
        n = bisect.bisect_left(refs, end) - bisect.bisect_left(refs, start)
        if n >= LIST_REFS and (end - start) / n < LIST_CHARS_PER_REF:
            return True
        # references the structure stage did not resolve: dense section numbers
        nums = len(_NUMBER.findall(inst.text, start, end))
        return nums >= LIST_NUMBERS and (end - start) / nums < LIST_CHARS_PER_NUMBER

    def visit(prov: Provision, unit: tuple[int, int] | None) -> None:
        # a group holding articles or sections is a container whatever it is called
        grouping = prov.kind in CONTAINERS or any(d.kind in UNITS for d in prov.walk()[1:])
        if unit is None and not grouping:
            unit = (prov.body_start, prov.end)  # the section or article, however long
        usable = not grouping and prov.end - prov.start <= MAX_WINDOW
        if usable:
            # from where its own words begin: headings and numbers are not the law's wording
            start = max(prov.start, min(prov.body_start, prov.end))
            u = unit or (start, prov.end)
            out.append(Window(prov.eid, start, prov.end, u[0], u[1], listing(start, prov.end)))
        for child in prov.children:
            visit(child, unit)

    for top in [*inst.body, *inst.schedules]:
        visit(top, None)
    if out:
        return out
    # No tree: paragraphs separated by blank lines stand in for provisions.
    pos = 0
    for n, block in enumerate(re.split(r"\n\s*\n", inst.text)):
        start = inst.text.find(block, pos)
        pos = start + len(block)
        if block.strip():
            out.append(Window(f"para_{n + 1}", start, pos))
    return out


_LABELLED = re.compile(r"(?<![\w.])\d{1,4}(?:\.\d+)*\s*\([^()\d]{3,80}\)")


def listing_zones(text: str, min_items: int = 3, gap: int = 300) -> list[tuple[int, int]]:
    """Stretches that list other provisions by number and label ("151 (sexual interference),
    152 (invitation to sexual touching), ..."): their words name offences, they do not make them.
    """
    zones: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for m in _LABELLED.finditer(text):
        if run and m.start() - run[-1].end() > gap:
            if len(run) >= min_items:
                zones.append((run[0].start(), run[-1].end()))
            run = []
        run.append(m)
    if len(run) >= min_items:
        zones.append((run[0].start(), run[-1].end()))
    return zones


def drop_listed(index: ConceptIndex) -> None:
    """Forget mentions inside listing zones (see :func:`listing_zones`)."""
    zones = listing_zones(index.instrument.text)
    if not zones:
        return
    starts = [z[0] for z in zones]
    for concept, items in index.mentions.items():
        kept = []
        for m in items:
            k = bisect.bisect_right(starts, m.start) - 1
            if k >= 0 and m.end <= zones[k][1]:
                continue
            kept.append(m)
        index.mentions[concept] = kept
    index.finish()


def provision_at(inst: Instrument, offset: int) -> str:
    """The eid of the deepest provision that holds ``offset`` ('' when none)."""
    best = ""
    best_len = len(inst.text) + 1
    for prov in inst.provisions():
        if prov.start <= offset < prov.end and prov.end - prov.start < best_len:
            best, best_len = prov.eid, prov.end - prov.start
    return best


def matching(
    index: ConceptIndex,
    windows: list[Window],
    all_of: list[str],
    any_of: list[list[str]] | None = None,
    inherit: frozenset[str] = frozenset(),
) -> list[Window]:
    """The smallest windows holding every concept of ``all_of`` and one of each ``any_of`` group.

    Concepts in ``inherit`` may also be found anywhere in the window's section or article.
    """

    def has(c: str, w: Window) -> bool:
        if index.has(c, w.start, w.end):
            return True
        # from the section or article around it, when that is short enough to be one rule
        unit_start, unit_end = w.unit
        return (
            c in inherit
            and unit_end - unit_start <= MAX_WINDOW
            and index.has(c, unit_start, unit_end)
        )

    def ok(w: Window) -> bool:
        if not all(has(c, w) for c in all_of):
            return False
        return all(any(has(c, w) for c in group) for group in any_of or [])

    hits = [w for w in windows if ok(w)]
    # keep the innermost: drop a window that contains another hit
    minimal = []
    for w in hits:
        if not any(
            o is not w
            and w.start <= o.start
            and o.end <= w.end
            and (o.start, o.end) != (w.start, w.end)
            for o in hits
        ):
            minimal.append(w)
    return minimal


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start..end`` widened so that it cuts no word in two (a Bengali vowel sign belongs to
    its word), even where a provision starts inside one."""
    while 0 < start < len(text) and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while 0 < end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end


def clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``, bounded by ``[lo, hi)``, trimmed of blanks."""
    left = lo
    for m in _BREAK.finditer(text, lo, start):
        left = m.end()
    right = hi
    m2 = _BREAK.search(text, end, hi)
    if m2:
        right = m2.start() + (1 if text[m2.start()] in ".;" else 0)
    if right - left > MAX_QUOTE:
        left = max(left, start - MAX_QUOTE // 2)
        right = min(right, max(end, left + MAX_QUOTE))
    left, right = whole_words(text, left, right)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def feature(
    kind: str, index: ConceptIndex, window: Window, anchors: list[Mention], **attrs: Any
) -> Feature:
    """A feature quoting the clause(s) from the first to the last anchor mention."""
    inst = index.instrument
    text = inst.text
    first = min(anchors, key=lambda m: m.start) if anchors else None
    last = max(anchors, key=lambda m: m.end) if anchors else None
    a_start = first.start if first else window.start
    a_end = last.end if last else window.start
    s, _ = clause(text, a_start, a_start, window.start, window.end)
    _, e = clause(text, a_end, a_end, window.start, window.end)
    if e - s > MAX_QUOTE * 2:
        s, e = clause(
            text,
            a_start,
            a_end if a_end - a_start < MAX_QUOTE else a_start,
            window.start,
            window.end,
        )
    if e <= s:
        s, e = a_start, max(a_end, a_start)
    return Feature(kind, inst.id, window.eid, s, e, text[s:e], dict(attrs))


def first_in(index: ConceptIndex, window: Window, concepts: list[str]) -> list[Mention]:
    """The first mention of each concept in the window (for quoting)."""
    out = []
    for c in concepts:
        found = index.within(c, window.start, window.end)
        if found:
            out.append(found[0])
    return out
