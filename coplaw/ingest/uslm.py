"""USLM XML of the United States Code: text and a provision tree with Akoma Ntoso eIds.

USLM identifies provisions by path (``/us/usc/t18/s2252A/a/1``); coplaw names them as
Akoma Ntoso does (``sec_2252A__subsec_a__para_1``) from the ``num/@value`` of each level.
Editorial and statutory notes and source credits are left out: they are not the enacted
words, and the US Code's notes alone can be longer than the sections.
"""

from __future__ import annotations

from lxml import etree

from coplaw.document import SourceText
from coplaw.ingest.textmap import eid_part, squash
from coplaw.ingest.xmlsafe import local
from coplaw.ingest.xmltree import Scheme, TreeWriter

PREFIXES = {
    "title": "title", "subtitle": "subtitle", "chapter": "chp", "subchapter": "subchp",
    "part": "part", "subpart": "subpart", "division": "dvs", "subdivision": "subdvs",
    "article": "art", "section": "sec", "subsection": "subsec", "paragraph": "para",
    "subparagraph": "subpara", "clause": "cl", "subclause": "subcl", "item": "item",
    "subitem": "subitem", "subsubitem": "subsubitem", "level": "lvl",
}

SCHEME = Scheme(
    containers=PREFIXES,
    blocks=frozenset({"content", "chapeau", "continuation", "p", "heading", "subheading",
                      "num", "proviso", "table"}),
    skip=frozenset({"meta", "notes", "note", "sourceCredit", "toc", "layout", "footnote"}),
    inline_skip=frozenset({"footnote", "ref_note"}),
    breaks=frozenset({"p", "quotedContent", "br", "section", "subsection", "paragraph",
                      "subparagraph", "clause", "subclause", "item", "tr"}),
)


def _eid(el: etree._Element, parent: str, kind: str, num: str | None, index: int) -> str:
    num_el = next((c for c in el if local(c.tag) == "num"), None)
    value = num_el.get("value") if num_el is not None else None
    part = eid_part(value or num or "") if (value or num) else str(index)
    own = f"{PREFIXES[kind]}_{part}"
    return f"{parent}__{own}" if parent else own


SCHEME.make_eid = _eid


def read_uslm(root: etree._Element, name: str) -> SourceText:
    """Text and provisions of a USLM document (``uscDoc``, ``lawDoc`` ...)."""
    writer = TreeWriter(SCHEME, root)
    title = None
    meta = next((c for c in root if local(c.tag) == "meta"), None)
    if meta is not None:
        for el in meta:
            if local(el.tag) in ("title", "docTitle", "dcTitle"):
                title = squash("".join(el.itertext())) or None
                break
    main = next((c for c in root if local(c.tag) == "main"), None)
    tree = writer.walk(main if main is not None else root)
    return writer.source(name, "uslm", tree, title, "en")
