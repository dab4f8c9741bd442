"""Plain data passed between ingest, structure, annotate and assess.

Every offset is a character offset into ``SourceText.text`` (== ``Instrument.text``), so a
quote is always ``text[start:end]`` and evidence can be highlighted exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """A page of the original document and the span of text it produced."""

    number: int
    start: int
    end: int


@dataclass
class SourceSpan:
    """Where a stretch of ``SourceText.text`` (``start``..``end``) came from in the file: a page,
    a line (1-based) and/or an element path (XPath for XML, a short locator for DOCX/HTML)."""

    start: int
    end: int
    page: int | None = None
    line: int | None = None
    element: str | None = None


@dataclass
class Provision:
    """One node of the provision tree (part, chapter, section, subsection, article, ...).

    ``eid`` follows the Akoma Ntoso naming convention (``sec_3__subsec_2__para_a``).
    ``start``/``end`` span the whole provision including its children; ``body_start`` is
    where its own words begin, after the number and heading.
    """

    eid: str
    kind: str
    num: str | None
    heading: str | None
    start: int
    end: int
    body_start: int
    children: list[Provision] = field(default_factory=list)

    def walk(self) -> list[Provision]:
        """This provision and all its descendants, in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class SourceText:
    """What a reader gives: the text, a page map, and a tree when the format carries one."""

    path: str
    format: str  # pdf, docx, html, text, markdown, akn, uslm, lims
    text: str
    pages: list[Page] = field(default_factory=list)
    encoding: str | None = None
    title: str | None = None
    language: str | None = None
    tree: list[Provision] | None = None
    warnings: list[str] = field(default_factory=list)
    source_map: list[SourceSpan] = field(default_factory=list)


@dataclass
class Definition:
    """A defined term, where it is defined, and where the definition applies.

    ``scope`` is the eid of the part/section the definition governs, or None for the whole
    instrument.
    """

    term: str
    meaning: str
    provision: str
    start: int
    end: int
    scope: str | None = None


@dataclass
class CrossRef:
    """A reference in the text to another provision, resolved when the target is loaded."""

    provision: str
    text: str
    start: int
    end: int
    target_instrument: str | None = None
    target: str | None = None


@dataclass
class Instrument:
    """One law, code, regulation or bill with its provision tree."""

    id: str
    title: str
    file: str
    format: str
    language: str
    text: str
    body: list[Provision] = field(default_factory=list)
    schedules: list[Provision] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    references: list[CrossRef] = field(default_factory=list)
    year: int | None = None
    status: str = "in_force"  # or "draft"
    warnings: list[str] = field(default_factory=list)

    def provisions(self) -> list[Provision]:
        """Every provision of body and schedules, in document order."""
        out: list[Provision] = []
        for top in [*self.body, *self.schedules]:
            out.extend(top.walk())
        return out

    def page_at(self, offset: int) -> int | None:
        """The page number holding ``offset``, when the source had pages."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None
