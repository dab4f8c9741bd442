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
from coplaw.structure.eids import EidRegistry, clean_num
from coplaw.structure.headings import Heading, HeadingMatcher
from coplaw.structure.lexicon import AKN_ELEMENT, EID_PREFIX, UNITS, load_lexicon
from coplaw.structure.subdivide import subdivide

_BLANK = re.compile(r"\s*$")
_FLAT_LINE = 5000
_LONG_LINE = 400
_FLAT_SPLIT = re.compile(
    r"(?<=\S)[ \t]+(?=(?:CHAPTER|PART|Part|SCHEDULE)\s+\d|\d{1,3}[A-Z]{0,2}\.[ \t]+[A-Z])")
_ETC = re.compile(r"(?:&\s?c|etc)\.$")
_MARKER_START = re.compile(r"\s*(?:\(\w{1,4}\)|\d{1,3}[.)°º]|[a-z][.)])\s")


@dataclass
class Event:
    """A heading found in the text: where its line starts and ends, and what it says."""

    start: int  # offset of the line
    line_end: int
    head: Heading
    body_start: int
    from_toc: bool = False
    # the heading is a lead-in phrase: heading, body start, soft_from (all offsets absolute)
    # as they are without it
    plain: tuple[str | None, int, int | None] | None = None


@dataclass
class Tree:
    body: list[Provision]
    schedules: list[Provision]
    warnings: list[str]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break. A very long line (a whole Act
    flattened into one paragraph) is cut before each "CHAPTER 2" / "12. Heading" it holds,
    so those can be found as headings; offsets stay those of the text."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        if end - pos > _FLAT_LINE:
            cut = pos
            for m in _FLAT_SPLIT.finditer(text, pos, end):
                out.append((cut, m.start()))
                cut = m.end()
            out.append((cut, end))
        else:
            out.append((pos, end))
        if nl >= n:
            break
        pos = nl + 1
    return out


def _find_events(text: str, lines: list[tuple[int, int]], matcher: HeadingMatcher,
                 numbered: bool) -> list[Event]:
    events: list[Event] = []
    for s, e in lines:
        if e - s < 1:
            continue
        # a long line is a paragraph, unless it opens an article whose words follow on the
        # same line ("ARTÍCULO 3o. Ámbito. A la presente ley ..."): only its start is read
        long = e - s > _LONG_LINE and not numbered
        line = text[s:s + _LONG_LINE] if long else text[s:e]
        if not matcher.may_be_heading(line):
            continue
        head = matcher.classify(line, numbered=numbered)
        if head is None or long and (head.is_container or head.decorated
                                     or head.kind not in UNITS):
            continue
        if head.decorated and head.is_container and " > " in line:
            # "=== Titre 3 - X > Chapitre 1 - Y > Section 2 - Z ===": a path of containers
            crumbs = [matcher.classify(part.strip(" =-#*")) for part in line.split(" > ")]
            if all(c is not None and c.is_container for c in crumbs):
                for crumb in crumbs:
                    assert crumb is not None
                    crumb.decorated = True
                    events.append(Event(s, e, crumb, e))
                continue
        body = s + head.body
        if not text[body:e].strip(" \t-=*#_"):
            body = e  # nothing but decoration left on the line
        plain = None
        if head.plain is not None:
            h, b, soft = head.plain
            plain = (h, s + b, None if soft is None else s + soft)
        events.append(Event(s, e, head, body, plain=plain))
    return events


def _sequence_numbered(events: list[Event]) -> list[Event]:
    """Keep bare "24." lines only where they continue the section numbering (so list items
    "1.", "2." inside a section are not taken for sections). A document numbers its sections
    one way: "24." or "24 Heading", whichever is more common; the other kind is dropped."""
    dots = sum(1 for e in events if e.head.kind == "numbered")
    spaces = sum(1 for e in events if e.head.kind == "numbered-space")
    keep = "numbered-space" if spaces > dots else "numbered"
    events = [e for e in events if e.head.kind not in ("numbered", "numbered-space")
              or e.head.kind == keep]
    for e in events:
        e.head.kind = "numbered" if e.head.kind == "numbered-space" else e.head.kind
    last: str | None = None
    bare = [i for i, ev in enumerate(events)
            if ev.head.kind == "numbered" and not ev.head.decorated]
    for k, i in enumerate(bare):
        ev = events[i]
        num = ev.head.key or ""
        if last is None and _whole(num) <= 3 or last is not None and _follows(last, num):
            last = num
        elif last is None and _whole(num) > 3 and len(bare) > k + 2 and _follows(
                num, events[bare[k + 1]].head.key or "") and _follows(
                events[bare[k + 1]].head.key or "", events[bare[k + 2]].head.key or ""):
            last = num  # an extract starting at "474.1": the next two numbers go on from it
        else:
            ev.head.kind = ""  # out of sequence: a list item, an amount, a date
    return [ev for ev in events if ev.head.kind]


def _whole(num: str) -> int:
    m = re.match(r"\d+", num)
    return int(m.group(0)) if m else -1


def _follows(last: str, num: str) -> bool:
    """Whether section ``num`` can come after ``last``: the next few whole numbers, or one
    inserted after it ("5A" after "5", "163.1" after "163", "474.25" after "474.24")."""
    n, prev = _whole(num), _whole(last)
    if prev < n <= prev + 3:
        return True
    return n == prev and num != last and (num[-1:].isalpha() or "." in num)


def _drop_toc(text: str, events: list[Event]) -> list[Event]:
    """Drop a table of contents: headings near the top that all come again later, with
    little text between them the first time. Its entries lend their words to body headings
    that have none (a PDF's marginal notes are often lost, its arrangement of sections not)."""
    if len(events) < 4:
        return events
    keys = [(e.head.kind, e.head.key) for e in events]
    cut = 0
    first_quarter = events[0].start + (len(text) - events[0].start) // 4
    for i in range(min(len(events), 12)):
        if events[i].start > first_quarter:
            break
        k = keys[i]
        if k[1] is None:
            continue
        j = next((j for j in range(i + 1, len(keys)) if keys[j] == k), None)
        if j is None or j - i < 3:
            continue
        starts = sorted({e.start for e in events[i:j + 1]})
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        if gaps and sum(gaps) / len(gaps) <= 160 and max(gaps) < 1500:
            cut = j  # events[i:j] list the headings again: a table of contents
            break
    if not cut:
        return events
    toc: dict[tuple[str, str | None], str] = {}
    for e in events[:cut]:
        entry = e.head.heading or text[e.body_start:e.line_end].strip().rstrip(".").strip()
        nl = text.find("\n", e.line_end + 1)
        follow = text[e.line_end + 1:nl if nl >= 0 else len(text)].strip()
        if entry and follow[:1].islower() and len(follow) < 100:
            entry = f"{entry} {follow.rstrip('.')}"  # an entry that runs onto a second line
        if entry and len(entry) <= 200:
            toc[(e.head.kind, e.head.key)] = entry
    for ev in events[cut:]:
        soft = ev.head.soft_from is not None
        cur = ev.head.heading
        known = toc.get((ev.head.kind, ev.head.key))
        if (cur and known and not ev.head.is_container and len(cur) > len(known)
                and _plain(cur).startswith(_plain(known))):
            # "Interpretation (1) In this Act ..." run together in flattened text: the
            # arrangement of sections tells where the heading ends
            at = text.find(known.split()[-1], ev.start, ev.line_end)
            if at >= 0:
                ev.head.heading = known
                ev.body_start = at + len(known.split()[-1])
                ev.head.soft_from = None
                ev.plain = None
                continue
        if (ev.head.heading is None or soft) and not ev.head.is_container:
            head = toc.get((ev.head.kind, ev.head.key))
            if head:
                if soft and ev.head.soft_from is not None:
                    if _plain(ev.head.heading) != _plain(head):
                        ev.body_start = ev.start + ev.head.soft_from  # guessed words are text
                    ev.head.soft_from = None
                ev.head.heading = head
                ev.from_toc = True
                words = text[ev.body_start:ev.body_start + len(head) + 40]
                if _plain(words).startswith(_plain(head)):
                    # the heading is printed at the start of the words: skip past it
                    last = head.split()[-1]
                    at = text.find(last, ev.body_start, ev.body_start + len(head) + 40)
                    if at >= 0:
                        ev.body_start = at + len(last)
    return events[cut:]


def _skip_restated_number(text: str, ev: Event) -> None:
    """"--- Section 2 — Heading ---" then "2. Every person ...": the provision's words begin
    by repeating its number, which is not a subdivision."""
    key = ev.head.num
    if not key or ev.head.is_container:
        return
    pos = ev.body_start
    n = len(text)
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    if not text.startswith(key, pos):
        return
    pos += len(key)
    if pos < n and text[pos] == " ":
        pos += 1
        if pos < n and (text[pos] == "(" or text[pos].isupper()):
            ev.body_start = pos  # "163.1 (1) In this section ...", "171 Every one who ..."
            return
    if pos >= n or text[pos] != "." or (pos + 1 < n and text[pos + 1].isdigit()):
        return
    pos += 1
    while pos < n and text[pos] in " \t":
        pos += 1
    while pos < n and text[pos] in "—–-":
        pos += 1
    while pos < n and text[pos] in " \t":
        pos += 1
    ev.body_start = pos


def _merge_repeats(text: str, events: list[Event]) -> list[Event]:
    """"#### Artículo 2" then "ART. 2.": the same provision announced twice with nothing
    (or an editorial note such as "*[Derogado]*") between; keep one, its words starting
    after the second."""
    out: list[Event] = []
    for ev in events:
        prev = out[-1] if out else None
        if (prev is not None and prev.head.is_container == ev.head.is_container
                and (not ev.head.is_container or prev.head.kind == ev.head.kind)
                and _same_num(prev.head.key, ev.head.key)
                and len(text[prev.body_start:ev.start].strip(" \t\r\n*_[]")) <= 30):
            prev.body_start = ev.body_start
            prev.line_end = ev.line_end
            if prev.head.heading is None:
                prev.head.heading = ev.head.heading
                prev.plain = ev.plain
            continue
        out.append(ev)
    return out


def _vote_lead_ins(events: list[Event]) -> None:
    """Keep headings read from a provision's short first phrase ("1. Dignidad humana. El
    Estado ...") only where the document is drafted that way: most of its units open so. Else
    a short first sentence ("5. Queda prohibida la venta. ...") would pass for a heading."""
    units = [e for e in events if not e.head.is_container and e.head.kind != "schedule"]
    leads = sum(1 for e in units if e.plain is not None)
    if leads >= 3 and leads * 2 >= len(units):
        return
    for ev in units:
        if ev.plain is not None:
            heading, body, soft = ev.plain
            ev.head.heading = heading
            ev.body_start = body
            ev.head.soft_from = None if soft is None else soft - ev.start
            ev.plain = None


def _one_line_provision(text: str, ev: Event, end: int) -> None:
    """"Art. 3º Esta Lei entra em vigor na data de sua publicação.": a sentence after the
    number with nothing below it is the provision's text, not a heading over no text."""
    head = ev.head
    if head.soft_from is None or head.heading is None or head.is_container \
            or text[ev.body_start:end].strip():
        return
    words = text[ev.start + head.soft_from:ev.line_end].strip(" \t*_")
    if words.endswith(".") and len(words.split()) >= 3:
        head.heading = None
        ev.body_start = ev.start + head.soft_from


def _same_num(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and clean_num(a).lower() == clean_num(b).lower()


def _plain(s: str | None) -> str:
    return re.sub(r"\W+", " ", s or "").strip().lower()


def _take_heading_line(text: str, lines_after: list[tuple[int, int]], ev: Event,
                       matcher: HeadingMatcher) -> None:
    """"PART II" / "§ 2251." alone on a line: its heading words are on the next line."""
    head = ev.head
    if head.soft_from is not None and lines_after:
        # "ARTICULO 128 —Será reprimido con prisión de" / "el que produjere ...": the words
        # after the number run on into the next line, so they are the provision's text
        first_line = next((text[a:b].strip() for a, b in lines_after if text[a:b].strip()), "")
        if first_line[:1].islower():
            head.heading = None
            ev.body_start = ev.start + head.soft_from
            return
    if head.heading is not None and not text[ev.body_start:ev.line_end].strip():
        _caps_continuation(text, lines_after, ev, matcher)
        return
    if head.heading is not None or text[ev.body_start:ev.line_end].strip():
        return
    nxt = lines_after[:3]
    k = _first_filled(text, nxt)
    if k is None:
        return
    s, e = nxt[k]
    raw = text[s:e]
    cand = raw.strip().strip("*_#").strip()
    if not cand or len(cand) > 200 or cand.endswith((",", ";", ":")):
        return
    if cand.endswith(".") and (len(cand) > 80 or not head.is_container):
        return  # a sentence: the provision's first words, not its heading
    if not (cand[0].isalnum() or cand[0] in "\"'“‘«[") or cand[0].islower() \
            or _MARKER_START.match(cand + " ") or matcher.classify(raw) is not None:
        return
    # the line after must not continue the sentence
    if k + 1 < len(nxt):
        s2, e2 = nxt[k + 1]
        follow = text[s2:e2].strip()
        if follow and follow[0].islower():
            return
    head.heading = cand.rstrip(".").strip()
    ev.body_start = e
    _caps_continuation(text, lines_after[k + 1:], ev, matcher)


def _first_filled(text: str, lines: list[tuple[int, int]]) -> int | None:
    """Which of the next two lines is the first with text: a heading set apart from its
    number by more than one blank line is not taken for one."""
    return next((k for k, (s, e) in enumerate(lines[:2]) if text[s:e].strip()), None)


def _caps_continuation(text: str, following: list[tuple[int, int]], ev: Event,
                       matcher: HeadingMatcher) -> None:
    """A container heading in capitals that runs onto the next line ("... OF FALSE" /
    "STATEMENTS") continues there."""
    head = ev.head
    if not head.is_container or not head.heading or not head.heading.isupper():
        return
    k = _first_filled(text, following)
    if k is None:
        return
    s, e = following[k]
    cand = text[s:e].strip().strip("*_#").strip()
    if (cand and cand.isupper() and len(cand) < 80 and len(cand.split()) <= 6
            and not _MARKER_START.match(cand + " ") and not cand[0].isdigit()
            and matcher.classify(cand) is None):
        head.heading = f"{head.heading} {cand}"
        ev.body_start = e


def _marginal_note(text: str, ev: Event, end: int) -> None:
    """Printed acts put a section's heading in the margin; in extracted text it becomes a
    short line of its own among the section's first paragraphs ("Short title")."""
    soft = ev.head.soft_from is not None
    if ev.head.heading is not None and not soft or ev.head.is_container or ev.head.decorated:
        return
    first = ev.start + ev.head.soft_from if soft and ev.head.soft_from is not None \
        else ev.body_start
    chunk = text[first:min(end, first + 1500)]
    paras = [p for p in re.split(r"\n[ \t]*\n", chunk) if p.strip()]
    for para in paras[1:4]:
        line = para.strip()
        if "\n" in line or not (3 <= len(line) <= 110) \
                or line.endswith((",", ";", ":", "—", "–", "-")):
            continue
        if not line[0].isupper() or line.isupper() or _MARKER_START.match(line + " "):
            continue
        if line.endswith(".") and line.count(" ") > 8 and not _ETC.search(line):
            continue
        ev.head.heading = line.rstrip(".")
        ev.body_start = first
        return
    if soft and ev.head.heading is not None and (
            len(ev.head.heading.split()) > 10 or ev.head.heading.endswith(("-", "—", "–"))):
        ev.head.heading = None  # the words after the number are the section's first sentence
        ev.body_start = first


def _heading_above(text: str, lines: list[tuple[int, int]], idx: int, ev: Event,
                   floor: int) -> None:
    """"#### Indecent photographs of children" then "##### 1": a heading printed above the
    section number (as legislation.gov.uk lays out Acts)."""
    if ev.head.heading is not None:
        return
    j = idx - 1
    while j >= 0 and not text[lines[j][0]:lines[j][1]].strip():
        j -= 1
    if j < 0 or lines[j][0] < floor:
        return
    raw = text[lines[j][0]:lines[j][1]].strip()
    if not raw.startswith("#"):
        return
    cand = raw.lstrip("#").strip().strip("*_").strip()
    if cand and len(cand) <= 200 and not cand[0].isdigit():
        ev.head.heading = cand.rstrip(".")


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

    def current(self, kind: str) -> Provision | None:
        """The open container of ``kind``, if any."""
        return next((p for k, p in reversed(self.stack) if k == kind), None)

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
    word_units = sum(1 for e in events if e.head.kind in UNITS)
    if word_units < 2 or word_units < len(text) / 5000:
        # few "Section 5"/"Article 5" headings for the length: try bare "5." numbering, and
        # keep it when it finds clearly more sections (a stray "Section 6" in a sentence or a
        # schedule table must not hide the Act's real numbering)
        numbered = _sequence_numbered(
            _drop_toc(text, _find_events(text, lines, matcher, numbered=True)))
        found = sum(1 for e in numbered if e.head.kind == "numbered")
        # a single "Section 1" heading stays when bare numbering finds no more than it
        if (word_units < 2 and found > word_units) or found > 2 * word_units + 2:
            events = [e for e in numbered if e.head.kind not in UNITS]
    events = _merge_repeats(text, events)
    _vote_lead_ins(events)
    if not events:
        warnings.append("no headings found: the text is kept as one provision")
    # heading words on the following line
    line_index = {s: i for i, (s, _e) in enumerate(lines)}
    for k, ev in enumerate(events):
        idx = line_index.get(ev.start)
        if idx is not None:
            _take_heading_line(text, lines[idx + 1: idx + 6], ev, matcher)
        if ev.head.kind == "numbered":
            _marginal_note(text, ev, events[k + 1].start if k + 1 < len(events) else len(text))
            if idx is not None and ev.head.decorated:
                _heading_above(text, lines, idx, ev, events[k - 1].line_end if k else 0)

    for ev in events:
        _skip_restated_number(text, ev)
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
        head.heading = (head.heading or "").strip().rstrip(".").rstrip() or None
        _one_line_provision(text, ev, end)
        while ev.body_start < end and text[ev.body_start] in " \t\r\n":
            ev.body_start += 1
        kind = head.kind
        akn = _akn_kind(kind)
        if kind == "schedule":
            conts = _Containers()
            num = head.key or str(len(schedules) + 1)
            eid = reg.make("", "att", num)
            schedule = Provision(eid, "schedule", head.num, head.heading, ev.start, end,
                                 ev.body_start)
            schedules.append(schedule)
            continue
        prefix_base = schedule.eid if schedule else ""
        if head.is_container:
            same = conts.current(kind)
            if same is not None and same.num == head.num and head.num is not None:
                # the open container announced again (a breadcrumb line): keep using it
                continue
            parent = conts.open(kind)
            prefix = parent.eid if parent else prefix_base
            eid = reg.make(prefix, EID_PREFIX[akn], head.key)
            prov = Provision(eid, akn, head.num, head.heading, ev.start, end, ev.body_start)
            conts.push(kind, prov)
        else:
            parent = conts.top()
            prov = Provision(reg.make(prefix_base, EID_PREFIX[akn], head.key), akn, head.num,
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
    us_votes = 0
    for prov, civil in units:
        prov.children.extend(subdivide(text, prov.body_start, prov.end, prov.eid,
                                       "civil" if civil else "common"))
        if prov.children and prov.children[0].kind == "subsection":
            us_votes += 1 if prov.children[0].num[1:2].isalpha() else -1  # type: ignore[index]
    if us_votes > 0:
        # the instrument numbers as the United States Code does: keep one naming throughout
        for prov, civil in units:
            if not civil and prov.children and prov.children[0].kind != "subsection" or (
                    prov.children and (prov.children[0].num or "")[1:2].isdigit()):
                prov.children[:] = subdivide(text, prov.body_start, prov.end, prov.eid, "us")
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
