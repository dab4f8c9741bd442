"""Justice Canada XML (the LIMS schema of laws-lois.justice.gc.ca): text and provisions.

Sections, subsections, paragraphs, subparagraphs, clauses and subclauses carry their
``Label`` as number and ``MarginalNote`` as heading. A ``Definition`` becomes a container
named after its English term (``sec_2__subsec_1__def_child``) so the lettered paragraphs of
two definitions do not share an eId. Historical notes (amendment citations), footnotes and
the bill's identification block are not enacted words and are left out; the title is kept.
An excerpt (``SectionExcerpt act=... section=7``) is read as that one section.
"""

from __future__ import annotations

import re

from lxml import etree

from coplaw.document import SourceText
from coplaw.ingest.textmap import eid_part, squash
from coplaw.ingest.xmlsafe import local
from coplaw.ingest.xmltree import Scheme, TreeWriter

PREFIXES = {
    "Section": "sec", "Subsection": "subsec", "Paragraph": "para", "Subparagraph": "subpara",
    "Clause": "cl", "Subclause": "subcl", "Subsubclause": "subsubcl", "Definition": "def",
    "Schedule": "sch", "SectionExcerpt": "sec", "Part": "part", "Division": "dvs",
}
KINDS = {
    "Section": "section", "Subsection": "subsection", "Paragraph": "paragraph",
    "Subparagraph": "subparagraph", "Clause": "clause", "Subclause": "subclause",
    "Subsubclause": "subsubclause", "Definition": "definition", "Schedule": "schedule",
    "SectionExcerpt": "section", "Part": "part", "Division": "division",
}

SCHEME = Scheme(
    containers=PREFIXES,
    kinds=KINDS,
    blocks=frozenset({"Text", "TitleText", "Heading", "Provision", "ContinuedSectionSubsection",
                      "ContinuedParagraph", "ContinuedSubparagraph", "ContinuedClause",
                      "ContinuedDefinition", "ContinuedFormulaParagraph", "FormulaGroup",
                      "ScheduleFormHeading", "LongTitle", "Note", "OriginatingRef"}),
    skip=frozenset({"Identification", "HistoricalNote", "Footnote", "RecentAmendments",
                    "ReaderNote", "ImageGroup", "PITNote"}),
    inline_skip=frozenset({"FootnoteRef", "HistoricalNote", "Footnote"}),
    breaks=frozenset({"Text", "TitleText", "Label"}),
    num_tags=frozenset({"Label"}),
    heading_tags=frozenset({"MarginalNote"}),
    row_tags=frozenset({"row"}),
)

_SLUG = re.compile(r"[^\w]+")


def _eid(el: etree._Element, parent: str, kind: str, num: str | None, index: int) -> str:
    prefix = PREFIXES[kind]
    if kind == "Definition":
        term = next((t for t in el.iter() if local(t.tag) == "DefinedTermEn"), None)
        if term is None:
            term = next((t for t in el.iter() if local(t.tag) == "DefinedTermFr"), None)
        words = squash("".join(term.itertext())).lower() if term is not None else ""
        part = _SLUG.sub("-", words).strip("-") or str(index)
    elif kind == "SectionExcerpt":
        part = eid_part(el.get("section") or str(index))
    else:
        part = eid_part(num) if num else str(index)
    own = f"{prefix}_{part}"
    return f"{parent}__{own}" if parent and kind != "Section" else own


SCHEME.make_eid = _eid


def read_lims(root: etree._Element, name: str) -> SourceText:
    """Text and provisions of a Justice Canada ``Statute``, ``Regulation`` or excerpt."""
    writer = TreeWriter(SCHEME, root)
    title = None
    ident = next((c for c in root if local(c.tag) == "Identification"), None)
    if ident is not None:
        for tag in ("ShortTitle", "LongTitle"):
            el = next((c for c in ident if local(c.tag) == tag), None)
            if el is not None and squash("".join(el.itertext())):
                title = squash("".join(el.itertext()))
                writer.line(title, el)
                break
    if local(root.tag) == "SectionExcerpt":
        tree = [writer.container(root, "SectionExcerpt", "", 1)]
    else:
        tree = writer.walk(root)
    lang = (root.get("{http://www.w3.org/XML/1998/namespace}lang") or "")[:2] or None
    return writer.source(name, "lims", tree, title, lang)
