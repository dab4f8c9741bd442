"""The one XML parser every reader uses: no entity expansion, no DTD loading, no network.

Legislation XML never needs entity declarations, so a document type declaration that declares
entities (the billion-laughs and external-entity attacks) is refused before lxml sees it,
as ``UnsafeFile``. The parser itself also refuses to resolve entities or fetch anything, so a
declaration hidden where the pre-scan does not look still expands nothing. (defusedxml's
lxml wrapper is deprecated; these parser options are what it set, applied here directly.)
"""

from __future__ import annotations

import re

from lxml import etree

from coplaw.errors import CorruptFile, UnsafeFile

_PROLOG_LIMIT = 65536
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_ENTITY_DECL_16 = re.compile("<!ENTITY", re.I)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False,
                           remove_comments=True, remove_pis=True, recover=False)


def _prolog(data: bytes) -> str:
    """The part of the file before the root element, decoded loosely for scanning."""
    head = data[:_PROLOG_LIMIT]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.decode("latin-1")


def check_safe(data: bytes, name: str) -> None:
    """Refuse documents whose DOCTYPE declares entities."""
    prolog = _prolog(data)
    doctype = prolog.find("<!DOCTYPE")
    if doctype < 0:
        doctype = prolog.upper().find("<!DOCTYPE")
    if doctype >= 0 and _ENTITY_DECL_16.search(prolog, doctype):
        raise UnsafeFile(name, "is XML that declares entities in its DOCTYPE (an entity-"
                         "expansion 'XML bomb' or external-entity attack); coplaw does not "
                         "expand XML entities")
    if _ENTITY_DECL.search(data[:_PROLOG_LIMIT]) and b"<!DOCTYPE" in data[:_PROLOG_LIMIT]:
        raise UnsafeFile(name, "is XML that declares entities; coplaw does not expand them")


def parse(data: bytes, name: str) -> etree._Element:
    """Parse XML bytes safely and return the root element."""
    check_safe(data, name)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        msg = str(exc)
        if "entity" in msg.lower() and ("amplification" in msg.lower() or "loop" in msg.lower()):
            raise UnsafeFile(name, f"is an XML entity bomb ({msg})") from exc
        raise CorruptFile(name, f"is not well-formed XML: {msg}") from exc
    if root is None:
        raise CorruptFile(name, "is XML without a root element")
    return root


def local(tag: object) -> str:
    """An element's tag without its namespace ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


_ROOT_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")


def root_name(data: bytes) -> str | None:
    """The root element's local name, read from the prolog without parsing the document."""
    text = _prolog(data).lstrip("\ufeff \t\r\n")
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            return None
        if text.startswith("<?", lt):
            pos = text.find("?>", lt) + 2
        elif text.startswith("<!--", lt):
            pos = text.find("-->", lt) + 3
        elif text.startswith("<!", lt):
            pos = _skip_decl(text, lt)
        else:
            m = _ROOT_TAG.match(text, lt)
            return m.group(1).rsplit(":", 1)[-1] if m else None
        if pos <= 1:
            return None


def _skip_decl(text: str, lt: int) -> int:
    """Skip a <!DOCTYPE ...> including an internal subset in brackets."""
    depth = 0
    i = lt
    while i < len(text):
        ch = text[i]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == ">" and depth <= 0:
            return i + 1
        i += 1
    return 0
