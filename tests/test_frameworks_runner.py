"""Framework runner: every item gets a finding, binding first, questionnaire items wait for
answers, crosswalk reuse says so, rule data errors name the file, other languages work."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.assess.frameworks import FRAMEWORKS
from coplaw.assess.frameworks.common import AUTHORITY_ORDER
from coplaw.assess.frameworks.rules import RuleTable, load_rules
from coplaw.assess.frameworks.runner import through_crosswalk
from coplaw.document import Instrument, SourceText
from coplaw.errors import CatalogueError
from coplaw.findings import Evidence, Finding
from coplaw.standards.catalogue import Catalogue, Link, load_catalogue
from coplaw.structure.load import parse_source

FIXTURES = Path(__file__).parent / "fixtures" / "frameworks"

ACT = (FIXTURES / "act_en.txt").read_text(encoding="utf-8")


def act(text: str = ACT, name: str = "act", language: str | None = None) -> Instrument:
    return parse_source(SourceText(path=f"{name}.txt", format="text", text=text,
                                   language=language))


def test_every_item_gets_one_finding_binding_first() -> None:
    cat = load_catalogue()
    findings = FRAMEWORKS["unicef-checklist"]([act()])
    ids = [f.standard for f in findings]
    assert sorted(ids) == sorted(i.id for i in cat.items_of("unicef-checklist"))
    ranks = [AUTHORITY_ORDER[cat.items[f.standard].authority] for f in findings]
    assert ranks == sorted(ranks), "binding first, then guidance, then good practice"


def test_questionnaire_items_are_not_assessable_and_say_what_is_needed() -> None:
    cat = load_catalogue()
    findings = {f.standard: f for f in FRAMEWORKS["unicef-checklist"]([act()])}
    for item in cat.items_of("unicef-checklist"):
        if item.assessable == "questionnaire":
            f = findings[item.id]
            assert f.status == "not_assessable"
            assert "answers" in f.rationale and not f.evidence


def test_findings_quote_the_text_exactly() -> None:
    inst = act()
    for f in FRAMEWORKS["unicef-checklist"]([inst]):
        for ev in f.evidence:
            assert inst.text[ev.start:ev.end] == ev.quote
            assert ev.instrument == inst.id
        if f.status in ("met", "partially_met"):
            assert f.evidence, f.standard


def test_same_text_same_findings_whatever_the_file_name() -> None:
    a = FRAMEWORKS["unicef-checklist"]([act(name="first")])
    b = FRAMEWORKS["unicef-checklist"]([act(name="second")])
    assert [(f.standard, f.status) for f in a] == [(f.standard, f.status) for f in b]


def test_crosswalk_reuse_says_where_the_verdict_comes_from() -> None:
    cat = load_catalogue()
    item = cat.items_of("itu-cop-checklist")[0]
    fake = Catalogue(frameworks=cat.frameworks, items=cat.items,
                     item_framework=cat.item_framework, item_file=cat.item_file,
                     crosswalk={item.id: [Link("unicef.criminalization.grooming",
                                               "unicef-checklist", "grooming")]})
    source = Finding("unicef.criminalization.grooming", "unicef-checklist", "met", 0.8,
                     "Found a grooming offence.", "rule:x",
                     [Evidence("act", "sec_3", "quote", 0, 5)])
    got = through_crosswalk(item, "itu-cop-checklist", fake,
                            {"unicef.criminalization.grooming": source})
    assert got is not None
    assert got.status == "met" and got.evidence == source.evidence
    assert "crosswalk" in got.rationale and "unicef.criminalization.grooming" in got.rationale
    assert got.method == "crosswalk:unicef.criminalization.grooming"


def test_other_frameworks_cover_every_item() -> None:
    cat = load_catalogue()
    inst = act()
    for fw in ("itu-cop-checklist", "ohchr-2015", "guiding-principles-2024"):
        if fw not in cat.frameworks:
            continue
        findings = FRAMEWORKS[fw]([inst])
        assert sorted(f.standard for f in findings) == sorted(i.id for i in cat.items_of(fw))
        for f in findings:
            item = cat.items[f.standard]
            if item.assessable != "questionnaire":
                assert f.method != "no-test", f"{f.standard}: no test and no crosswalk link"


def test_bad_rule_table_names_file_and_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    from coplaw.assess.frameworks import rules

    (tmp_path / "unicef-checklist.yaml").write_text(
        "framework: unicef-checklist\nrules:\n  unicef.criminalization.grooming:\n"
        "    parts:\n      - {name: x, core: true, label: a made-up part,\n"
        "         all: [no_such_concept]}\n",
        encoding="utf-8")
    monkeypatch.setattr(rules, "RULES", tmp_path)
    rules.load_rules.cache_clear()
    try:
        with pytest.raises(CatalogueError, match="grooming.*no_such_concept"):
            rules.load_rules("unicef-checklist")
        (tmp_path / "unicef-checklist.yaml").write_text("framework: [unclosed\n", encoding="utf-8")
        rules.load_rules.cache_clear()
        with pytest.raises(CatalogueError, match="unicef-checklist.yaml"):
            rules.load_rules("unicef-checklist")
    finally:
        rules.load_rules.cache_clear()


def test_shipped_rule_tables_validate() -> None:
    for fw in ("unicef-checklist", "itu-cop-checklist", "ohchr-2015", "guiding-principles-2024"):
        assert isinstance(load_rules(fw), RuleTable)


FR = (FIXTURES / "loi_fr.txt").read_text(encoding="utf-8")

ES = (FIXTURES / "ley_es.txt").read_text(encoding="utf-8")

PT = (FIXTURES / "lei_pt.txt").read_text(encoding="utf-8")


def test_french_statute() -> None:
    cat = load_catalogue()
    from coplaw.assess.frameworks.runner import own_test

    inst = act(FR, "loi", "fr")
    csam = own_test(cat.get("unicef.criminalization.csam_offences"), "unicef-checklist", [inst])
    assert csam is not None and csam.status == "partially_met"
    assert "producing" not in csam.rationale.split("Not found")[1]
    groom = own_test(cat.get("unicef.criminalization.grooming"), "unicef-checklist", [inst])
    assert groom is not None
    assert groom.status == "met", groom.rationale


def test_spanish_statute() -> None:
    cat = load_catalogue()
    from coplaw.assess.frameworks.runner import own_test

    inst = act(ES, "ley", "es")
    limit = own_test(cat.get("unicef.criminalization.no_limitation_period"), "unicef-checklist",
                     [inst])
    assert limit is not None
    assert limit.status == "met", limit.rationale
    pen = own_test(cat.get("unicef.criminalization.penalties"), "unicef-checklist", [inst])
    assert pen is not None
    assert pen.status in ("met", "partially_met"), pen.rationale


def test_portuguese_statute() -> None:
    cat = load_catalogue()
    from coplaw.assess.frameworks.runner import own_test

    inst = act(PT, "lei", "pt")

    def judge(item: str) -> Finding:
        got = own_test(cat.get(item), "unicef-checklist", [inst])
        assert got is not None, item
        return got

    csam = judge("unicef.criminalization.csam_offences")
    assert csam.status in ("partially_met", "met"), csam.rationale
    missing = csam.rationale.split("Not found")[1]
    for found in ("producing", "distributing", "possessing"):
        assert found not in missing, found
    assert "importing" in missing
    groom = judge("unicef.criminalization.grooming")
    assert groom.status == "met", groom.rationale
    limit = judge("unicef.criminalization.no_limitation_period")
    assert limit.status == "met", limit.rationale
    assert any("não prescreve" in ev.quote for ev in limit.evidence)
    pen = judge("unicef.criminalization.penalties")
    assert pen.status == "met", pen.rationale
    for silent in ("unicef.criminalization.sextortion", "unicef.criminalization.extraditable",
                   "unicef.criminalization.universal_jurisdiction"):
        assert judge(silent).status == "not_met", silent


def test_engine_registers_the_frameworks() -> None:
    from coplaw.assess.engine import REGISTRY

    for fw in FRAMEWORKS:
        assert fw in REGISTRY


def test_csam_acts_reuse_the_offence_annotator() -> None:
    """An act the rule's own search misses is taken from the engine's offence annotation."""
    from dataclasses import dataclass, field

    from coplaw.annotate.model import Annotation
    from coplaw.assess.frameworks.runner import own_test

    inst = act()
    start = inst.text.index("produces")
    note = Annotation(inst.id, "sec_2", "offence", start, start + 8, {
        "child_specific": True,
        "acts": [{"act": "import", "quote_start": start, "quote_end": start + 8}]})

    @dataclass
    class Ctx:
        instruments: list[Instrument]
        annotations: dict[str, list[Annotation]] = field(default_factory=dict)

    cat = load_catalogue()
    item = cat.get("unicef.criminalization.csam_offences")
    plain = own_test(item, "unicef-checklist", Ctx([inst], {inst.id: []}))
    helped = own_test(item, "unicef-checklist", Ctx([inst], {inst.id: [note]}))
    assert plain is not None and helped is not None
    assert "importing" in plain.rationale.split("Not found")[1]
    assert "importing" not in helped.rationale.split("Not found")[1]
    assert "offence annotator" in helped.rationale
    assert any(ev.quote == "produces" for ev in helped.evidence)


def test_a_word_inside_a_longer_phrase_counts_once() -> None:
    """Spanish "no menor de" (not less than) must not also count as "menor" (a child)."""
    from coplaw.assess.frameworks.runner import own_test

    text = ("LEY DE PRUEBA\n\nArtículo 1\nEl que cometiere hurto será reprimido con prisión no "
            "menor de dos años.\n")
    inst = act(text, "hurto", "es")
    got = own_test(load_catalogue().get("unicef.criminalization.penalties"), "unicef-checklist",
                   [inst])
    assert got is not None
    assert got.status == "not_met", got.rationale


def test_a_portuguese_minimum_penalty_is_not_a_child() -> None:
    """Portuguese "não menor de" / "não inferior a" (not less than) must not count as "menor"."""
    from coplaw.assess.frameworks.runner import own_test

    text = ("LEI DE TESTE\n\nArtigo 1.º\nQuem cometer furto é punido com pena de prisão não "
            "inferior a dois anos ou, em caso de reincidência, não menor de três anos.\n\n"
            "Artigo 2.º\nQuem cometer dano é punido com pena de reclusão não menor de um ano.\n")
    inst = act(text, "furto", "pt")
    got = own_test(load_catalogue().get("unicef.criminalization.penalties"), "unicef-checklist",
                   [inst])
    assert got is not None
    assert got.status == "not_met", got.rationale


@pytest.mark.parametrize(("duty", "found"), [
    ("deverá, após notificação, tornar indisponível o conteúdo", True),
    # near miss: making the content public is no removal
    ("deverá, após notificação, tornar público o conteúdo", False),
])
def test_portuguese_takedown_by_making_content_unavailable(duty: str, found: bool) -> None:
    cat = load_catalogue()
    from coplaw.assess.frameworks.runner import own_test

    text = ("LEI DE ENSAIO\n\nArt. 1º Esta Lei regula a internet.\n\n"
            f"Art. 2º O provedor de aplicações de internet {duty} que contenha cenas de "
            "nudez envolvendo criança.\n")
    got = own_test(cat.get("unicef.business.notice_and_takedown"), "unicef-checklist",
                   [act(text, "lei", "pt")])
    assert got is not None
    assert (got.status != "not_met") is found, got.rationale
