"""Text -> provision tree: containers (book, part, chapter, ...), units (section, article, §),
their numbered subdivisions, and schedules kept apart.

Stages, in order: find heading lines (``headings``), drop a table of contents at the top, take
a heading's words from the next line when the number stands alone, nest containers, cut units
at the next heading, and split each unit's words into subdivisions (``subdivide``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coplaw.document import Provision
from coplaw.structure.eids import EidRegistry
from coplaw.structure.headings import Heading, HeadingMatcher
from coplaw.structure.lexicon import AKN_ELEMENT, EID_PREFIX, UNITS, load_lexicon
from coplaw.structure.subdivide import subdivide

_BLANK = re.compile(r"\s*$")
_MARKER_START = re.compile(r"\s*(?:\(\w{1,4}\)|\d{1,3}[.)°º]|[a-z][.)])\s")


@dataclass
class Event:
    """A heading found in the text: where its line starts and ends, and what it says."""

    start: int  # offset of the line
    line_end: int
    head: Heading
    body_start: int


@dataclass
class Tree:
    body: list[Provision]
    schedules: list[Provision]
    warnings: list[str]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            out.append((pos, n))
            break
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        out.append((pos, end))
        pos = nl + 1
    return out


def _find_events(text: str, lines: list[tuple[int, int]], matcher: HeadingMatcher,
                 numbered: bool) -> list[Event]:
    events: list[Event] = []
    for s, e in lines:
        if e - s < 1 or e - s > 400 and not numbered:
            continue
        line = text[s:e]
        ch = line.lstrip()[:1]
        if not ch or not (ch.isalnum() or ch in "#-=*§[_"):
            continue
        head = matcher.classify(line, numbered=numbered)
        if head is None:
            continue
        body = s + head.body
        if not text[body:e].strip(" \t-=*#_"):
            body = e  # nothing but decoration left on the line
        events.append(Event(s, e, head, body))
    return events


def _sequence_numbered(events: list[Event]) -> list[Event]:
    """Keep bare "24." lines only where they continue the section numbering (so list items
    "1.", "2." inside a section are not taken for sections)."""
    out: list[Event] = []
    last: int | None = None
    for ev in events:
        if ev.head.kind != "numbered":
            out.append(ev)
            continue
        m = re.match(r"\d+", ev.head.num or "")
        n = int(m.group(0)) if m else -1
        if last is None and n <= 3 or last is not None and (last < n <= last + 3 or (
                n == last and (ev.head.num or "")[-1:].isalpha())):
            out.append(ev)
            last = n
    return out


def _drop_toc(text: str, events: list[Event]) -> list[Event]:
    """Drop a table of contents: headings near the top that all come again later, with
    little text between them the first time."""
    if len(events) < 4:
        return events
    keys = [(e.head.kind, e.head.num) for e in events]
    later: dict[tuple[str, str | None], int] = {}
    for i in range(len(keys) - 1, -1, -1):
        later.setdefault(keys[i], i)
    cut = 0
    i = 0
    limit = min(len(events), 4000)
    while i < limit:
        k = keys[i]
        j = next((j for j in range(i + 1, len(keys)) if keys[j] == k), None)
        if j is None or k[1] is None:
            break
        span = events[j].start - events[i].start
        if span / (j - i) > 160 or j - i < 3:
            break
        cut = j
        break
    return events[cut:] if cut else events


def _take_heading_line(text: str, lines_after: list[tuple[int, int]], ev: Event) -> None:
    """"PART II" / "§ 2251." alone on a line: its heading words are on the next line."""
    head = ev.head
    if head.heading is not None or text[ev.body_start:ev.line_end].strip():
        return
    nxt = [(s, e) for s, e in lines_after[:3]]
    k = 0
    while k < len(nxt) and not text[nxt[k][0]:nxt[k][1]].strip():
        k += 1
    if k >= len(nxt) or k > 1:
        return
    s, e = nxt[k]
    raw = text[s:e]
    cand = raw.strip().strip("*_#").strip()
    if not cand or len(cand) > 140 or cand.endswith((",", ";", ":")):
        return
    if cand.endswith(".") and (len(cand) > 80 or not head.is_container):
        return  # a sentence: the provision's first words, not its heading
    if not (cand[0].isalnum() or cand[0] in "\"'“‘«[") or cand[0].islower() \
            or _MARKER_START.match(cand + " "):
        return
    # the line after must not continue the sentence
    if k + 1 < len(nxt):
        s2, e2 = nxt[k + 1]
        follow = text[s2:e2].strip()
        if follow and follow[0].islower():
            return
    head.heading = cand.rstrip(".").strip()
    ev.body_start = e


class _Containers:
    """Open containers, nested by what the document has shown: a kind seen inside another
    stays inside it ("Section" groups within "Chapitre"), an unseen pairing nests."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, Provision]] = []
        self.inside: set[tuple[str, str]] = set()

    def open(self, kind: str) -> Provision | None:
        """Close what ``kind`` ends; return the container the new one goes in."""
        kinds = [k for k, _ in self.stack]
        if kind in kinds:
            del self.stack[kinds.index(kind):]
        else:
            while self.stack and (self.stack[-1][0], kind) in self.inside:
                self.stack.pop()
        for k, _ in self.stack:
            self.inside.add((kind, k))
        return self.stack[-1][1] if self.stack else None

    def push(self, kind: str, prov: Provision) -> None:
        self.stack.append((kind, prov))

    def top(self) -> Provision | None:
        return self.stack[-1][1] if self.stack else None


def _akn_kind(kind: str) -> str:
    return "section" if kind == "numbered" else AKN_ELEMENT.get(kind, kind)


def parse_text(text: str, language: str | None) -> Tree:
    """Build the provision tree of ``text`` written in ``language``."""
    lex = load_lexicon()
    matcher = HeadingMatcher(lex.for_language(language), lex.suffixes)
    lines = _lines(text)
    events = _drop_toc(text, _find_events(text, lines, matcher, numbered=False))
    warnings: list[str] = []
    if sum(1 for e in events if e.head.kind in UNITS) < 2:
        numbered = _drop_toc(text, _find_events(text, lines, matcher, numbered=True))
        events = _sequence_numbered(numbered)
    if not events:
        warnings.append("no headings found: the text is kept as one provision")
    # heading words on the following line
    line_index = {s: i for i, (s, _e) in enumerate(lines)}
    for ev in events:
        idx = line_index.get(ev.start)
        if idx is not None:
            _take_heading_line(text, lines[idx + 1: idx + 4], ev)

    reg = EidRegistry()
    body: list[Provision] = []
    schedules: list[Provision] = []
    conts = _Containers()
    schedule: Provision | None = None
    units: list[tuple[Provision, bool]] = []
    for i, ev in enumerate(events):
        end = events[i + 1].start if i + 1 < len(events) else len(text)
        end = _trim(text, ev.start, end)
        head = ev.head
        kind = head.kind
        akn = _akn_kind(kind)
        if kind == "schedule":
            conts = _Containers()
            num = head.num or str(len(schedules) + 1)
            eid = reg.make("", "att", num)
            schedule = Provision(eid, "schedule", head.num, head.heading, ev.start, end,
                                 ev.body_start)
            schedules.append(schedule)
            continue
        prefix_base = schedule.eid if schedule else ""
        if head.is_container:
            parent = conts.open(kind)
            prefix = parent.eid if parent else prefix_base
            eid = reg.make(prefix, EID_PREFIX[akn], head.num)
            prov = Provision(eid, akn, head.num, head.heading, ev.start, end, ev.body_start)
            conts.push(kind, prov)
        else:
            parent = conts.top()
            prov = Provision(reg.make(prefix_base, EID_PREFIX[akn], head.num), akn, head.num,
                             head.heading, ev.start, end, ev.body_start)
            units.append((prov, kind == "article"))
        if parent is not None:
            parent.children.append(prov)
        elif schedule is not None:
            schedule.children.append(prov)
        else:
            body.append(prov)
    # spans of containers reach to the end of their last descendant
    for top in [*body, *schedules]:
        _close(top)
    for prov, civil in units:
        prov.children.extend(subdivide(text, prov.body_start, prov.end, prov.eid,
                                       "civil" if civil else "common"))
    for sched in schedules:
        if not sched.children:
            sched.children.extend(subdivide(text, sched.body_start, sched.end, sched.eid,
                                            "schedule"))
    return Tree(body, schedules, warnings)


def _close(prov: Provision) -> int:
    for child in prov.children:
        prov.end = max(prov.end, _close(child))
    return prov.end


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end
