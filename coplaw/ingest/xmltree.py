"""Turning a legislative XML tree into text plus a ``Provision`` tree, for any vocabulary.

A ``Scheme`` names, for one XML vocabulary, which elements are numbered containers (sections,
paragraphs ...), which are text blocks (one or more lines each), which are left out (metadata,
editorial notes), and how a container's eId is made. The walker then writes one line per
block; a container's number and heading lead its first line, so ``(a) the child;`` reads as
in print, and its ``start``/``body_start``/``end`` are exact offsets into that text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from coplaw.document import Provision, SourceText
from coplaw.ingest.textmap import TextBuilder, eid_part, inline_text
from coplaw.ingest.xmlsafe import local

EidMaker = Callable[[etree._Element, str, str, str | None, int], str]


@dataclass
class Scheme:
    """How one XML vocabulary maps onto text and provisions."""

    containers: dict[str, str]  # element name -> eId prefix ("section" -> "sec")
    blocks: frozenset[str]  # elements written as their own line(s)
    skip: frozenset[str]  # elements dropped with everything inside
    inline_skip: frozenset[str] = frozenset()  # dropped inside a block's words (footnotes)
    breaks: frozenset[str] = frozenset()  # nested elements that start a new line in a block
    num_tags: frozenset[str] = frozenset({"num"})
    heading_tags: frozenset[str] = frozenset({"heading"})
    row_tags: frozenset[str] = frozenset({"tr"})
    kinds: dict[str, str] = field(default_factory=dict)  # element name -> Provision.kind
    make_eid: EidMaker | None = None
    reset_prefix: frozenset[str] = field(default_factory=frozenset)


def default_eid(scheme: Scheme) -> EidMaker:
    """Parent eId + '__' + prefix + '_' + number (or a counter when unnumbered)."""

    def make(el: etree._Element, parent: str, kind: str, num: str | None, index: int) -> str:
        own = f"{scheme.containers[kind]}_{eid_part(num) if num else index}"
        if kind in scheme.reset_prefix or not parent:
            return own
        return f"{parent}__{own}"

    return make


class TreeWriter:
    """Walks an XML tree once, writing text and collecting provisions."""

    def __init__(self, scheme: Scheme, root: etree._Element) -> None:
        self.scheme = scheme
        self.b = TextBuilder()
        self._tree = root.getroottree()
        self._make_eid = scheme.make_eid or default_eid(scheme)
        self._structural = set(scheme.containers) | set(scheme.blocks)

    # ---- public -------------------------------------------------------------------------
    def source(
        self, name: str, fmt: str, tree: list[Provision], title: str | None,
        language: str | None,
    ) -> SourceText:
        """What was written, as the reader's result; the encoding is the XML declaration's."""
        return SourceText(path=name, format=fmt, text=self.b.text(), title=title,
                          language=language, tree=tree, source_map=self.b.spans,
                          encoding=self._tree.docinfo.encoding or "utf-8")

    def walk(self, el: etree._Element, parent_eid: str = "") -> list[Provision]:
        """Write ``el``'s children; return the provisions found directly under it."""
        found: list[Provision] = []
        counters: dict[str, int] = {}
        for child in el:
            name = local(child.tag)
            if not name or name in self.scheme.skip:
                continue
            if name in self.scheme.containers:
                counters[name] = counters.get(name, 0) + 1
                found.append(self.container(child, name, parent_eid, counters[name]))
            elif name in self.scheme.row_tags:
                self.row(child)
            elif name in self.scheme.blocks or not self._has_structure(child):
                self.block(child)
            else:
                found.extend(self.walk(child, parent_eid))
        return found

    def line(self, text: str, el: etree._Element | None = None) -> None:
        """Write one line of text (a title, a heading) tied to ``el``."""
        if not text:
            return
        self.b.newline()
        self.b.add(text, element=self._path(el) if el is not None else None,
                   line=el.sourceline if el is not None else None)
        self.b.newline()

    # ---- pieces -------------------------------------------------------------------------
    def _has_structure(self, el: etree._Element) -> bool:
        return any(local(d.tag) in self._structural for d in el.iterdescendants())

    def _path(self, el: etree._Element) -> str:
        return str(self._tree.getpath(el))

    def words(self, el: etree._Element) -> str:
        return inline_text(el, self.scheme.inline_skip | self.scheme.skip, self.scheme.breaks)

    def block(self, el: etree._Element) -> None:
        text = self.words(el)
        if not text:
            return
        if not self.b.continues_line():
            self.b.newline()
        self.b.add(text, element=self._path(el), line=el.sourceline)
        self.b.newline()

    def row(self, el: etree._Element) -> None:
        cells = [self.words(c) for c in el if local(c.tag)]
        text = " | ".join(c.replace("\n", " ") for c in cells if c)
        if text:
            self.b.newline()
            self.b.add(text, element=self._path(el), line=el.sourceline)
            self.b.newline()

    def container(self, el: etree._Element, kind: str, parent_eid: str,
                  index: int) -> Provision:
        num_el = head_el = None
        for c in el:
            name = local(c.tag)
            if num_el is None and name in self.scheme.num_tags:
                num_el = c
            elif head_el is None and name in self.scheme.heading_tags:
                head_el = c
        num = self.words(num_el).replace("\n", " ") if num_el is not None else None
        heading = self.words(head_el).replace("\n", " ") if head_el is not None else None
        num = num or None
        heading = heading or None
        eid = self._make_eid(el, parent_eid, kind, num, index)
        self.b.newline()
        start = self.b.pos
        path = self._path(el)
        if heading:
            self.b.add(f"{num} {heading}" if num else heading, element=path,
                       line=el.sourceline)
            self.b.newline()
        elif num:
            self.b.add(num, element=path, line=el.sourceline)
            self.b.hold_space()
        body_start = self.b.pos
        prov = Provision(eid=eid, kind=self.scheme.kinds.get(kind, kind), num=num,
                         heading=heading, start=start, end=start, body_start=body_start)
        skip_own = {id(num_el), id(head_el)}
        holder = _Filtered(el, skip_own)
        prov.children = self.walk(holder, eid)  # type: ignore[arg-type]
        self.b.newline()
        prov.end = max(start, self.b.pos - 1)
        return prov


class _Filtered:
    """An element's children minus its own number and heading, for ``walk``."""

    def __init__(self, el: etree._Element, skip: set[int]) -> None:
        self._el = el
        self._skip = skip

    def __iter__(self):  # noqa: ANN204 - an iterator of lxml elements
        return (c for c in self._el if id(c) not in self._skip)
