"""Building a reader's text piece by piece while recording where each piece came from.

Structured readers (XML, DOCX, HTML) write one line per block; ``TextBuilder`` keeps the running
offset so provisions and ``SourceSpan``s point exactly into the final text.
"""

from __future__ import annotations

import re

from lxml import etree

from coplaw.document import SourceSpan
from coplaw.ingest.xmlsafe import local

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace (XML/HTML layout, not content) to one space."""
    return _WS.sub(" ", text).strip()


class TextBuilder:
    """Append-only text with a source map."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.pos = 0
        self.spans: list[SourceSpan] = []
        self._held = False

    def add(self, text: str, *, element: str | None = None, line: int | None = None,
            page: int | None = None) -> tuple[int, int]:
        """Append ``text``; record a span when a source location is given."""
        start = self.pos
        self._held = False
        if text:
            self._parts.append(text)
            self.pos += len(text)
            if element is not None or line is not None or page is not None:
                self.spans.append(SourceSpan(start, self.pos, page=page, line=line,
                                             element=element))
        return start, self.pos

    def at_line_start(self) -> bool:
        return not self._parts or self._parts[-1].endswith("\n")

    def newline(self) -> None:
        """End the current line unless it is already ended (a held space becomes the end)."""
        if self._held:
            self._parts[-1] = "\n"
            self._held = False
        elif not self.at_line_start():
            self.add("\n")

    def hold_space(self) -> None:
        """Write a space after a number; the next block continues the line after it, while a
        next line turns the space into the line end, so no offset moves."""
        self.add(" ")
        self._held = True

    def continues_line(self) -> bool:
        """True right after ``hold_space``: the next words belong on this line."""
        return self._held

    def text(self) -> str:
        return "".join(self._parts)


def inline_text(el: etree._Element, skip: frozenset[str] = frozenset(),
                breaks: frozenset[str] = frozenset()) -> str:
    """An element's words with inline markup flattened and whitespace squashed.

    Children named in ``skip`` (footnotes, notes) are left out, their tails kept; children in
    ``breaks`` start a new line (nested paragraphs inside a quoted block).
    """
    out: list[str] = []
    _collect(el, skip, breaks, out)
    lines = "".join(out).split("\n")
    return "\n".join(s for s in (squash(line) for line in lines) if s)


_MARKER = re.compile(r"^\s*[\d*†‡]{1,3}\s*$")


def _is_note_marker(el: etree._Element, name: str) -> bool:
    """A footnote reference mark ("1", "*") inside running words: not part of the sentence."""
    if "footnoteRef" in (el.get("class") or "") or name in ("noteRef", "FootnoteRef"):
        return True
    return name == "sup" and bool(_MARKER.match(el.text or "")) and len(el) == 0


def _collect(el: etree._Element, skip: frozenset[str], breaks: frozenset[str],
             out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        name = local(child.tag)
        if name and name not in skip and not _is_note_marker(child, name):
            if name in breaks:
                out.append("\n")
            _collect(child, skip, breaks, out)
            if name in breaks:
                out.append("\n")
        if child.tail:
            out.append(child.tail)


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_INNER = re.compile(r"[^\w]+")
_LABEL = re.compile(r"^(?:section|sec|article|art|paragraph|para|§+)\.?\s*(?=\w)", re.I)


def eid_part(num: str) -> str:
    """A provision number in eId form, per the Akoma Ntoso naming convention: edge punctuation
    and spaces dropped, inner punctuation made a hyphen ('(4.1)' -> '4-1', '§ 2252A.' ->
    '2252A', '189 bis' -> '189bis'); 'nn' when nothing is left."""
    num = num.replace("º", "").replace("°", "").replace("\u00a0", " ")
    num = _EDGE.sub("", num)
    num = _LABEL.sub("", num)
    num = _EDGE.sub("", re.sub(r"\s+", "", num))
    return _INNER.sub("-", num) or "nn"
