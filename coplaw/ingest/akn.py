"""Akoma Ntoso XML: the document's own text, and a provision tree that keeps its eIds.

Only the legal text is written: preface, preamble, body, conclusions and attachments, never
``meta``. Footnotes (``authorialNote``) are left out of the running words so a quoted
sentence reads as enacted. Containers without an ``eId`` (older documents use ``id``, some
none) get one built by the naming convention from their parent and number.
"""

from __future__ import annotations

from lxml import etree

from coplaw.document import SourceText
from coplaw.ingest.textmap import squash
from coplaw.ingest.xmlsafe import local
from coplaw.ingest.xmltree import Scheme, TreeWriter, default_eid

PREFIXES = {
    "alinea": "al", "article": "art", "attachment": "att", "book": "book", "chapter": "chp",
    "clause": "cl", "division": "dvs", "hcontainer": "hcontainer", "indent": "indent",
    "item": "item", "level": "lvl", "list": "list", "paragraph": "para", "part": "part",
    "point": "point", "proviso": "proviso", "rule": "rule", "section": "sec",
    "subchapter": "subchp", "subclause": "subcl", "subdivision": "subdvs",
    "subparagraph": "subpara", "subpart": "subpart", "subrule": "subrule",
    "subsection": "subsec", "subtitle": "subtitle", "title": "title", "tome": "tome",
    "transitional": "transitional",
}

SCHEME = Scheme(
    containers=PREFIXES,
    blocks=frozenset({"p", "listIntroduction", "listWrapUp", "subheading", "crossHeading",
                      "heading", "num", "longTitle", "formula", "blockContainer"}),
    skip=frozenset({"meta", "toc", "componentRef"}),
    inline_skip=frozenset({"authorialNote"}),
    breaks=frozenset({"p", "eol", "br"}),
)

_LANG3 = {"eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "por": "pt", "deu": "de",
          "ger": "de", "ben": "bn"}


def _eid(el: etree._Element, parent: str, kind: str, num: str | None, index: int) -> str:
    own = el.get("eId") or el.get("id")
    if own:
        return own
    return _fallback(el, parent, kind, num, index)


_fallback = default_eid(SCHEME)
SCHEME.make_eid = _eid


def _first(root: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in root.iter() if local(e.tag) == name), None)


def read_akn(root: etree._Element, name: str) -> SourceText:
    """Text and provisions of an ``akomaNtoso`` document."""
    doc = next((c for c in root if local(c.tag) and local(c.tag) != "components"), root)
    writer = TreeWriter(SCHEME, root)
    tree = writer.walk(doc)
    title = None
    work_name = _first(root, "FRBRWork")
    if work_name is not None:
        for child in work_name:
            if local(child.tag) in ("FRBRname", "FRBRalias") and child.get("value"):
                title = child.get("value")
                break
    if not title:
        for tag in ("shortTitle", "docTitle", "longTitle"):
            el = _first(doc, tag)
            if el is not None and squash("".join(el.itertext())):
                title = squash("".join(el.itertext()))
                break
    language = None
    lang_el = _first(root, "FRBRlanguage")
    if lang_el is not None:
        language = _LANG3.get((lang_el.get("language") or "").lower())
    return writer.source(name, "akn", tree, title, language)
