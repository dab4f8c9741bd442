"""Recognising heading lines: "PART II", "Chapitre Ier : ...", "Section 24 Child pornography",
"Artículo 128.-", "§ 184b ...", "24. Interpretation.—(1) ...", "--- Section 3 — Heading ---".

A heading line is split into kind, number, heading words and where the provision's own words
start (``body``), all as offsets into the line so the tree keeps exact positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coplaw.structure.lexicon import CONTAINERS, Language

# Markdown and rebuilt-text decoration around a heading line.
_MD_HEAD = re.compile(r"^(#{1,6})\s+")
_DECOR_L = re.compile(r"(?:[-=]{3,}|\*\*|__)\s*")
_DECOR_R = re.compile(r"\s*(?:[-=]{3,}|\*{1,3}|__)\s*$")
_LINK = re.compile(r"\[([^\]]{1,120})\]\([^)]*\)")

_NUM = re.compile(
    r"(?:[A-Z]{1,2}\*?\.?\s?(?=\d))?"  # L. 111-1, R 12 (French code prefixes)
    r"\d{1,5}[A-Za-z]{0,3}(?:[.\-–:]\d{1,5}[A-Za-z]{0,3})*(?![\d])"
    r"|[IVXLCDM]{1,7}(?![A-Za-z])"
    r"|[A-Z](?![A-Za-z])"
)
# "1º", "176.º" (Portuguese puts a full stop before the mark), "1er"
_ORD_MARK = re.compile(r"^\.?[º°ª]|^(?:er|ère|re|o|a)(?![A-Za-z])")
# "5o": a lowercase o typed for the ordinal mark where the language does so (Spanish,
# Portuguese), not a lettered insertion ("18A", German "§ 111o")
_TYPED_ORD = re.compile(r"(\d+)o")
# A short heading phrase opening the words ("Dignidad humana. El Estado ..."): the phrase, a
# full stop (typeset " ." at times), then the body starting as a sentence does.
_LEAD_IN = re.compile(r"([^\W\d_][^.;:!?()\n]{0,139}?)\s?\.\s+")
_LEAD_IN_WORDS = 16
# "24 Child pornography", "474.25 Obligations of ...", "163.1 (1) In this section ...": a
# section number (decimal in Canadian and Australian drafting) then a space, no full stop
_SPACED_NUM = re.compile(r"(\d{1,4}(?:\.\d{1,3})?[A-Z]{0,2})[ \t]+(?=[A-Z(])")
_FIRST_SUBSECTION = re.compile(r"\(1\)[ \t]+[A-Z]")
_SEP = re.compile(r"^[\s.।:;,\-–—º°ª*_]*")
# "Interpretation.—(1) In this Act" / "Child pornography. — A person" / "Title.- Text", and
# the same with a danda, the full stop of Bengali and Devanagari ("সংজ্ঞা।— এই আইনে")
_SPLIT = re.compile(r"[.।]\s?[—–-]+\s*|\s[—–]\s|[—–]\s*(?=\()|[.।]\s?(?=\(\d)")


@dataclass
class Heading:
    """A recognised heading line. Offsets are relative to the start of the line."""

    kind: str  # a lexicon kind, or "numbered" for a bare "24." line
    num: str | None
    heading: str | None
    body: int  # where the provision's own words start, within the line (== len when none)
    decorated: bool  # markdown heading or "---"/"===" rebuilt-text line
    is_container: bool
    soft_from: int | None = None  # heading guessed from the line's words, which start here
    # when the heading is the words' short first phrase: heading, body and soft_from as they
    # would be without it (the parser goes back to them unless the document votes for it)
    plain: tuple[str | None, int, int | None] | None = None
    eid_num: str | None = None  # the number for the eId when it differs ("Erster" -> "1")

    @property
    def key(self) -> str | None:
        """The number that identifies the provision (ordinal words resolved)."""
        return self.eid_num or self.num


def _suffix(rest: str, suffixes: list[str]) -> tuple[str, int]:
    """A civil-law suffix after the number ("bis", "quáter", "161-D", "161 D"), and its
    length in ``rest``."""
    m = re.match(r"\s*(?:-\s*)?([A-Za-zÀ-ÿ]+)\b", rest)
    if not m:
        return "", 0
    word = m.group(1)
    if len(word) > 1:
        return (word, m.end()) if word.lower() in suffixes else ("", 0)
    if rest[:1] == "-" and m.end() == 2 or not re.match(r"\s+\w|\.\w", rest[m.end():m.end() + 2]):
        # a lone letter joined to the number or ending the number's line; in "Artículo 3º-
        # A los fines ..." it is the first word of the text, in "Title 18 U.S.C." an initial
        return word, m.end()
    return "", 0


def split_heading(rest: str, kind_is_unit: bool) -> tuple[str | None, int]:
    """Split what follows a number into heading words and the start of the body text."""
    stripped = _SEP.match(rest)
    start = stripped.end() if stripped else 0
    text = rest[start:]
    if not text.strip():
        return None, len(rest)
    if text[0] in "(" and kind_is_unit:
        return None, start  # "24. (1) A person ..."
    m = _SPLIT.search(text, 0, 200)
    if m and m.start() > 0 and kind_is_unit:
        head = text[: m.start()].strip()
        if head and len(head) < 160 and not head.endswith((",", ";")):
            return head.rstrip("."), start + m.end()
    trimmed = text.rstrip()
    words = trimmed.split()
    looks_heading = (
        len(trimmed) <= 140
        and len(words) <= 18
        and not trimmed.endswith((":", ";", ","))
        and not (trimmed.endswith(".") and (len(trimmed) > 90 or len(words) > 10))
    )
    if looks_heading:
        return trimmed.rstrip("."), len(rest)
    return None, start


def lead_in(words: str) -> tuple[str, int] | None:
    """A heading set as the first phrase of a provision's words ("Dignidad humana. El Estado
    reconoce ..."): the phrase and where the body starts. Only a short phrase opening with a
    capital, ended by a full stop and followed by a sentence qualifies; the parser keeps such
    headings only where most provisions of the document open this way."""
    m = _LEAD_IN.match(words)
    if not m:
        return None
    head = m.group(1).strip()
    after = words[m.end():]
    tokens = head.split()
    if (not head[0].isupper() or len(tokens) > _LEAD_IN_WORDS
            or not (after[:1].isupper() or after[:1] in "\"“«(<¿¡")
            or len(after.split()) < 3):
        return None
    last = tokens[-1]
    if len(last) < 3 and not (last.isupper() and len(last) == 2):
        return None  # "... Sr." / "... No.": an abbreviation, not the end of a heading
    return head, m.end()


def _with_lead_in(rest: str, head: str | None, body: int) -> tuple[str, int] | None:
    """A lead-in heading and where the body starts, in the words ``rest`` after a unit's
    number, as ``split_heading`` left them (no heading, or the whole line as a soft one)."""
    whole = body == len(rest) and head is not None
    if head is not None and not whole:
        return None
    start = len(rest) - len(rest.lstrip(" \t.:-–—*_º°ª")) if whole else body
    got = lead_in(rest[start:])
    return None if got is None else (got[0], start + got[1])


class HeadingMatcher:
    """Classifies lines for one language."""

    def __init__(self, lang: Language, suffixes: list[str]) -> None:
        self.lang = lang
        self.suffixes = [s.lower() for s in suffixes]
        ords = sorted(lang.ordinals, key=len, reverse=True)
        self._ord_re = re.compile(r"(?i)(" + "|".join(re.escape(o) for o in ords) + r")(?![\w])")
        kinds = sorted(lang.kinds, key=len, reverse=True)
        self._ord_first = re.compile(
            r"(?i)(\w+)\s+(" + "|".join(re.escape(k) for k in kinds) + r")(?![\w])"
        )
        self._sched = re.compile(
            r"(?i)^(?:the\s+)?(?:(" + "|".join(re.escape(o) for o in ords) + r")\s+)?("
            + "|".join(re.escape(s) for s in lang.unnumbered_schedules)
            + r")(?![\w])"
        ) if lang.unnumbered_schedules else None
        starts = [*lang.kinds, *lang.ordinals, *lang.unnumbered_schedules, "the"]
        alt = "|".join(re.escape(w) for w in sorted(set(starts), key=len, reverse=True))
        second = ""
        if lang.ordinal_first:  # "Besonderer Teil": any word, then a heading word
            kinds_alt = "|".join(re.escape(k) for k in sorted(lang.kinds, key=len, reverse=True))
            second = r"|[^\W\d_]+\s+(?:" + kinds_alt + r")(?![^\W\d_])"
        self._quick = re.compile(
            r"(?i)[\s#*=_\->\[]*(?:\d|§|(?:" + alt + r")(?![^\W\d_])" + second + ")")

    def may_be_heading(self, line: str) -> bool:
        """A cheap first test: does the line open with a heading word, an ordinal, a number
        or "§" (after any decoration)? Most lines of a law do not."""
        return self._quick.match(line) is not None

    def strip(self, line: str) -> tuple[int, int, bool]:
        """Bounds of the meaningful part of ``line`` and whether it was decorated."""
        start, end = 0, len(line)
        decorated = False
        m = _MD_HEAD.match(line)
        if m:
            start = m.end()
            decorated = True
        while True:
            m = _DECOR_L.match(line, start)
            if not m or m.end() == start:
                break
            decorated = decorated or line[start] in "-="
            start = m.end()
        while True:
            m = _DECOR_R.search(line, start, end)
            if not m or m.start() == end:
                break
            end = m.start()
        while start < end and line[start] in " \t":
            start += 1
        return start, end, decorated

    def number(self, text: str, pos: int) -> tuple[str, int, str | None] | None:
        """A heading number at ``pos``: digits, roman numeral, letter or ordinal word; the
        number as written, where it ends, and its eId form when that differs."""
        m = self._ord_re.match(text, pos)
        if m:
            return m.group(1), m.end(), str(self.lang.ordinals[m.group(1).lower()])
        m = _NUM.match(text, pos)
        if not m:
            return None
        end = m.end()
        num = m.group(0)
        typed = _TYPED_ORD.fullmatch(num)
        if typed and "o" in self.lang.ordinal_letters:
            num = typed.group(1)  # "ARTÍCULO 5o." is article 5
        om = _ORD_MARK.match(text[end:])
        if om and (om.group(0) in "º°ª" or num.isdigit()):
            end += om.end()
        suf, n = _suffix(text[end:], self.suffixes)
        if suf:
            base = num
            num += text[end:end + n].rstrip()  # "189 bis", "5-A", as written
            end += n
            if len(suf) > 1:  # "366 QUÁTER" and "366 quáter" are one article: art_366quater
                return num, end, f"{base}{suf.lower()}"
        return num, end, None

    def classify(self, line: str, *, numbered: bool = False) -> Heading | None:
        """Return the heading on ``line`` or None. ``numbered`` also accepts bare "24." lines."""
        s, e, decorated = self.strip(line)
        if s >= e:
            return None
        text = line[:e]
        link = _LINK.match(text, s)
        if link:  # "[TITULO I](#2)": a table of contents entry
            text = text[: link.start()] + link.group(1).ljust(link.end() - link.start())
        if decorated:
            bare = re.fullmatch(r"(\d{1,4}[A-Z]{0,3})\.?", text[s:].strip())
            if bare:  # "##### 1A": a section given by its number alone
                return Heading("numbered", bare.group(1), None, len(text), True, False)
        m = self.lang.words_re.match(text, s)
        if m:
            return self._word_heading(text, s, m, decorated)
        if self.lang.ordinal_first:
            h = self._ordinal_first(text, s, decorated)
            if h:
                return h
        if self._sched:
            sm = self._sched.match(text, s)
            after = text[sm.end():].strip() if sm else ""
            if sm and not (decorated or sm.group(2).isupper()):
                sm = None  # "Schedule." alone is a margin note or a reference, not a heading
            if sm and len(after) < 120 and (
                not after or after[0] in "([-–—:." or after[0].isupper()
            ):
                rest_head, body = split_heading(text[sm.end():], False)
                num = sm.group(1) or None
                eid_num = str(self.lang.ordinals[sm.group(1).lower()]) if sm.group(1) else None
                return Heading("schedule", num, rest_head, sm.end() + body, decorated, True,
                               eid_num=eid_num)
        if numbered:
            nm = re.match(r"(\d{1,4}[A-Z]{0,2})[.।](?!\d)", text[s:])  # । ends a number in Bengali
            if nm:
                rest = text[s + nm.end():]
                head, body = split_heading(rest, True)
                soft = None
                if head is not None and body == len(rest):  # no ".—": perhaps a sentence
                    soft = s + nm.end() + len(rest) - len(rest.lstrip())
                at = s + nm.end()
                lead = _with_lead_in(rest, head, body)
                if lead:
                    return Heading("numbered", nm.group(1), lead[0], at + lead[1], decorated,
                                   False, plain=(head, at + body, soft))
                return Heading("numbered", nm.group(1), head, at + body, decorated, False, soft)
            # "24 Child pornography" (a number, a space, a heading: UK and PDF layouts), or
            # "163.1 (1) In this section ..." (the first subsection on the number's line)
            sm2 = _SPACED_NUM.match(text, s)
            if sm2:
                rest = text[sm2.end():].rstrip()
                if rest.startswith("("):
                    if _FIRST_SUBSECTION.match(rest):
                        return Heading("numbered-space", sm2.group(1), None, sm2.end(),
                                       decorated, False)
                elif 2 < len(rest) <= 120 and not rest.endswith((".", ",", ";", ":")) \
                        and not re.search(r"\d", rest):
                    return Heading("numbered-space", sm2.group(1), rest, len(text), decorated,
                                   False)
        return None

    def _word_heading(self, text: str, s: int, m: re.Match[str], decorated: bool) -> Heading | None:
        word = m.group(1).lower()
        kind = self.lang.kinds[word]
        pos = m.end()
        while pos < len(text) and text[pos] in " \t\u00a0":
            pos += 1
        if text[pos:pos + 1] in ("–", "—", "-") and kind in (*CONTAINERS, "schedule"):
            dash = pos  # "SCHEDULE–II", "PART - I"
            pos += 1
            while pos < len(text) and text[pos] in " \t\u00a0":
                pos += 1
            if self.number(text, pos) is None:
                pos = dash
        got = self.number(text, pos)
        if got is None:
            if kind == "schedule" and (decorated or (m.group(1).isupper()
                                                     and not text[pos:].strip(" .:-–—"))):
                head, body = split_heading(text[pos:], False)
                return Heading("schedule", None, head, pos + body, decorated, True)
            rest = text[pos:].strip(" .:-–—")
            if kind in CONTAINERS and decorated and len(rest) < 100:
                # "## Partie législative", "=== Part ===": an unnumbered container
                whole = text[s:].strip(" .:-–—*_")
                return Heading(kind, None, whole if rest else None, len(text), decorated, True)
            return None
        num, pos, eid_num = got
        rest = text[pos:]
        # "--- Section 1 (Artículo 1) ---": the words in brackets name the real provision.
        if decorated:
            inner = re.match(r"\s*\((.+)\)\s*$", rest)
            if inner:
                sub = self.classify(inner.group(1))
                if sub and not sub.is_container:
                    plain = None if sub.plain is None else (sub.plain[0], len(text), None)
                    return Heading(sub.kind, sub.num, sub.heading, len(text), True, False,
                                   eid_num=sub.eid_num, plain=plain)
                return Heading(kind, num, rest.strip(), len(text), True,
                               kind in CONTAINERS, eid_num=eid_num)
        lead = rest.lstrip(" \t")
        if lead[:1] in (",", ";") and (not decorated or m.group(1)[0].islower()):
            return None  # "Título III, se reputa ...": a sentence naming a provision
        if word == "§" and re.fullmatch(r"[IVXLC]+", num):
            kind = "paragraph_group"  # "§ I. De los delitos.": a group of articles
        if lead and lead[0].islower() and not re.match(r"[.:\-–—]", rest.lstrip(" ")[:1] or "x"):
            return None  # "Section 5 of the Act ..." is a sentence, not a heading
        if lead[:1].isdigit() or lead[:1] == "(" and kind in CONTAINERS:
            return None
        is_container = kind in CONTAINERS or kind == "schedule"
        if decorated:
            head = _SEP.sub("", rest, count=1).strip() or None
            return Heading(kind, num, head, len(text), True, is_container, eid_num=eid_num)
        head, body = split_heading(rest, not is_container)
        if is_container and head is None and rest.strip():
            return None  # "Part 2 applies to ..." sentence
        soft = None
        if head is not None and body == len(rest):  # no ".—": the words may be a sentence
            soft = pos + len(rest) - len(rest.lstrip(" \t.:-–—*_º°"))
        led = None if is_container else _with_lead_in(rest, head, body)
        if led:
            return Heading(kind, num, led[0], pos + led[1], decorated, False, eid_num=eid_num,
                           plain=(head, pos + body, soft))
        return Heading(kind, num, head, pos + body, decorated, is_container, soft,
                       eid_num=eid_num)

    def _ordinal_first(self, text: str, s: int, decorated: bool) -> Heading | None:
        m = self._ord_first.match(text, s)
        if not m:
            return None
        first = m.group(1).lower()
        kind = self.lang.kinds[m.group(2).lower()]
        if kind not in CONTAINERS:
            return None
        num: str | None
        eid_num: str | None = None
        if first in self.lang.ordinals:
            num = m.group(1)
            eid_num = str(self.lang.ordinals[first])
        elif decorated and len(text) - s < 160:
            num = None  # "Allgemeiner Teil", "Besonderer Teil"
        else:
            return None
        rest = text[m.end():]
        head = _SEP.sub("", rest, count=1).strip() or None
        if not decorated and head and len(head) > 140:
            return None
        if num is None:
            head = text[s:m.end()].strip() + (f" - {head}" if head else "")
        return Heading(kind, num, head, len(text), decorated, True, eid_num=eid_num)
