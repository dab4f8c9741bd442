"""The shipped catalogue: counts per framework and area, unique ids, parents, crosswalk."""

from __future__ import annotations

from collections import Counter

import pytest

from coplaw.standards.catalogue import ID_PREFIXES, Catalogue, load_catalogue
from coplaw.standards.schema import FRAMEWORK_IDS


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def _kinds(cat: Catalogue, framework: str) -> Counter[str]:
    assert framework in cat.frameworks, f"framework {framework} is missing from the catalogue"
    return Counter(i.kind for i in cat.items_of(framework))


def test_every_framework_of_the_contract_is_present(cat: Catalogue) -> None:
    assert sorted(cat.frameworks) == sorted(FRAMEWORK_IDS)


def test_unicef_checklist_has_71_items_in_its_9_areas(cat: Catalogue) -> None:
    items = cat.items_of("unicef-checklist")
    assert len(items) == 71
    assert Counter(i.area for i in items) == {
        "evidence": 6, "stakeholders": 4, "reform_methods": 2, "criminalization": 18,
        "business": 7, "investigation": 16, "victims": 9, "monitoring": 3, "implementation": 6,
    }
    assert all(i.kind == "standard" for i in items)
    # every checklist entry carries the source's level of authority
    assert all(i.authority in ("binding", "guidance", "good_practice") for i in items)


def test_icmec_review_has_exactly_the_five_contract_criteria(cat: Catalogue) -> None:
    ids = [i.id for i in cat.items_of("icmec-review")]
    assert ids == [
        "icmec.review.legislation", "icmec.review.definition", "icmec.review.technology",
        "icmec.review.possession", "icmec.review.isp_reporting",
    ]
    for item in cat.items_of("icmec-review"):
        assert item.kind == "criterion"
        assert item.test is not None and item.test.counts and item.test.does_not_count


def test_icmec_review_tests_encode_the_operational_rules(cat: Catalogue) -> None:
    """The rules DESIGN.md names must be present where the engine reads them."""
    def says(item_id: str, field: str, *needles: str) -> bool:
        test = cat.get(item_id).test
        assert test is not None
        texts = test.counts if field == "counts" else test.does_not_count
        return any(all(n in t.lower() for n in needles) for t in texts)

    assert says("icmec.review.isp_reporting", "does_not_count", "general duty", "report")
    assert says("icmec.review.isp_reporting", "does_not_count", "notice-and-takedown")
    assert says("icmec.review.legislation", "does_not_count", "pornography", "sentencing")
    assert says("icmec.review.technology", "counts", "by any means")
    assert says("icmec.review.possession", "does_not_count", "intent to", "distribute")


def test_model_law_has_13_provisions_each_detailed_and_with_a_reform(cat: Catalogue) -> None:
    kinds = _kinds(cat, "icmec-model-law")
    assert kinds["provision"] == 13
    provisions = cat.items_of("icmec-model-law", kind="provision")
    assert [p.id.split(".")[-1][:3] for p in provisions] == [f"p{n:02d}" for n in range(1, 14)]
    assert provisions[2].id.startswith("icmec.model.p03_") and "possession" in provisions[2].tags
    for p in provisions:
        assert p.reform, f"{p.id} has no reform text"
        assert cat.children(p.id), f"{p.id} is not detailed by any recommendation"
    recs = cat.items_of("icmec-model-law", kind="recommendation")
    assert set(kinds) == {"provision", "recommendation"}
    assert all(r.parent in {p.id for p in provisions} for r in recs)
    assert {r.area for r in recs} == {
        "definitions", "offenses", "mandatory_reporting", "industry_responsibility",
        "sanctions_sentencing", "investigations_data_retention",
    }


def test_itu_checklist_principles_and_questions(cat: Catalogue) -> None:
    kinds = _kinds(cat, "itu-cop-checklist")
    assert (kinds["checklist_item"], kinds["principle"], kinds["question"]) == (12, 11, 9)


def test_ohchr_recommendations_and_what_the_law_should_do(cat: Catalogue) -> None:
    kinds = _kinds(cat, "ohchr-2015")
    assert (kinds["recommendation"], kinds["law_should"]) == (16, 5)


def test_guiding_principles_and_their_questions(cat: Catalogue) -> None:
    kinds = _kinds(cat, "guiding-principles-2024")
    assert (kinds["principle"], kinds["question"]) == (6, 18)


def test_terminology_rules_say_what_to_avoid_prefer_and_keep(cat: Catalogue) -> None:
    rules = cat.items_of("terminology")
    assert len(rules) >= 5
    by_id = {r.id: r for r in rules}
    cp = by_id["term.child_pornography"].terms
    assert cp is not None
    assert "child pornography" in cp.avoid and "child sexual abuse material" in cp.prefer
    assert {"act_title", "treaty_quotation", "statute_quotation"} <= set(cp.keep_in)
    assert any("definition" in r.tags for r in rules), "no rule on media-bound definitions"
    for r in rules:
        assert r.kind == "term_rule" and r.terms is not None


def test_ids_are_unique_and_carry_their_framework_prefix(cat: Catalogue) -> None:
    ids = [i.id for fw in cat.frameworks.values() for i in fw.items]
    assert len(ids) == len(set(ids))
    for item_id in ids:
        assert item_id.startswith(ID_PREFIXES[cat.framework_of(item_id)])


def test_every_item_area_is_declared_by_its_framework(cat: Catalogue) -> None:
    for fw in cat.frameworks.values():
        areas = {a.id for a in fw.areas}
        assert {i.area for i in fw.items} <= areas


def test_crosswalk_targets_exist_and_link_back(cat: Catalogue) -> None:
    assert cat.crosswalk, "the crosswalk is empty"
    for source, links in cat.crosswalk.items():
        assert source in cat.items
        for link in links:
            assert link.target in cat.items
            assert cat.framework_of(link.target) != cat.framework_of(source)
            assert source in {back.target for back in cat.links(link.target)}, (
                f"{source} -> {link.target} has no link back")


def test_every_icmec_criterion_and_model_law_provision_is_crosswalked(cat: Catalogue) -> None:
    wanted = [i.id for i in cat.items_of("icmec-review")]
    wanted += [i.id for i in cat.items_of("icmec-model-law", kind="provision")]
    missing = [i for i in wanted if not cat.links(i)]
    assert not missing, f"not in any crosswalk group: {missing}"


def test_possession_crosswalk_reaches_every_other_framework_that_asks_for_it(
    cat: Catalogue,
) -> None:
    frameworks = {lk.framework for lk in cat.links("icmec.review.possession")}
    assert {"icmec-model-law", "unicef-checklist", "itu-cop-checklist"} <= frameworks


def test_loading_is_cached(cat: Catalogue) -> None:
    assert load_catalogue() is load_catalogue()
