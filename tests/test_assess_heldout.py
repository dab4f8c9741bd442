"""Drafting patterns met in legislation the engine was not tuned on, both sides.

Each fixture under ``fixtures/laws/heldout/`` is a short excerpt drafted for the test that
reproduces one pattern found when checking the engine on statutes of countries outside the
corpus: a reporting duty written as an offence of omission, a purpose named by reference back
to the acts before it, a defined term placed after the definition wording (Romance order), a
material named by cross-reference to the paragraph describing it, a term defined by the list
that follows it, an offence whose penalty follows its list of conduct and describes the
material instead of naming it, and storage named as part of a device. Every pattern has a
near miss that must not count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.assess.engine import assess_paths
from coplaw.findings import Finding

HELDOUT = Path(__file__).parent / "fixtures" / "laws" / "heldout"


def review(name: str, code: str = "QQA") -> dict[str, Finding]:
    result = assess_paths([HELDOUT / name], code, ["icmec-review"])
    assert not result.errors
    return {f.standard.split(".")[-1]: f for f in result.findings}


def text_of(name: str) -> str:
    return (HELDOUT / name).read_text(encoding="utf-8")


def assert_cites(finding: Finding, name: str, words: str) -> None:
    """The finding is met and one of its quotes holds ``words`` at the offsets it gives."""
    assert finding.status == "met", finding.rationale
    text = text_of(name)
    for ev in finding.evidence:
        assert text[ev.start:ev.end] == ev.quote
    assert any(words in ev.quote for ev in finding.evidence), finding.evidence


# --- a reporting duty drafted as an offence of omission ---------------------------------

@pytest.mark.parametrize("name, words", [
    ("omission_duty_isp_en.txt", "does not refer particulars of the material to the police"),
    ("omission_duty_isp_pt.txt", "de comunicar o fato à autoridade policial"),
])
def test_provider_punished_for_not_reporting_has_a_reporting_duty(name: str, words: str) -> None:
    assert_cites(review(name)["isp_reporting"], name, words)


@pytest.mark.parametrize("name, who", [
    ("omission_duty_everyone_en.txt", "other persons"),
    ("omission_duty_professional_pt.txt", "professional persons"),
])
def test_omission_offence_on_others_is_not_isp_reporting(name: str, who: str) -> None:
    got = review(name)["isp_reporting"]
    assert got.status == "not_met"
    assert who in got.rationale


# --- a purpose named by reference back ("para tales fines") ------------------------------

def test_possession_for_the_purposes_named_before_is_not_simple_possession() -> None:
    got = review("purpose_by_reference_es.txt")["possession"]
    assert got.status == "not_met"
    assert "para tales fines" in got.rationale


def test_own_use_possession_beside_it_is_simple_possession() -> None:
    name = "purpose_by_reference_plus_simple_es.txt"
    assert_cites(review(name)["possession"], name, "para su propio uso poseyere")


# --- a defined term after the definition wording ("se entiende por X:") ------------------

def test_term_after_romance_definition_marker_is_a_definition() -> None:
    name = "definition_term_after_marker_es.txt"
    assert_cites(review(name)["definition"], name, "se entiende por material de abuso sexual")


def test_marker_followed_by_other_words_is_not_a_definition() -> None:
    assert review("definition_marker_not_term_es.txt")["definition"].status == "not_met"


# --- material named by cross-reference ("os materiais previstos na alinea a)") -----------

def test_possessing_materials_referred_to_in_another_paragraph_is_possession() -> None:
    name = "cross_reference_possession_pt.txt"
    assert_cites(review(name)["possession"], name, "detiver os materiais previstos")


def test_cross_referenced_possession_with_a_purpose_is_not_simple_possession() -> None:
    got = review("cross_reference_possession_purpose_pt.txt")["possession"]
    assert got.status == "not_met"
    assert "com o propósito de os vender" in got.rationale


# --- a term defined by the list after it ("X sind: 1. ... 2. ...") -----------------------

def test_term_defined_by_the_list_after_it_is_a_definition() -> None:
    name = "list_definition_de.txt"
    assert_cites(review(name)["definition"], name, "Pornographische Darstellungen Minderjähriger")


def test_term_with_a_verb_that_is_not_a_list_lead_in_is_not_a_definition() -> None:
    assert review("list_copula_not_definition_de.txt")["definition"].status == "not_met"


# --- conduct listed first, the penalty stated after the list ("se le aplicaran ... prision") --

def test_offence_with_penalty_after_its_list_is_child_material_legislation() -> None:
    name = "penalty_after_list_es.txt"
    got = review(name)
    assert_cites(got["legislation"], name, "videograbaciones que muestren actos de carácter sexual")
    assert got["definition"].status == "met"


def test_same_list_without_a_penalty_is_not_an_offence() -> None:
    got = review("penalty_after_list_no_penalty_es.txt")
    assert got["legislation"].status == "not_met"


# --- storage named as part of a device is not the act of storing -------------------------

@pytest.mark.parametrize("name", ["storage_device_not_possession_es.txt",
                                  "storage_device_not_possession_fr.txt"])
def test_storage_device_is_not_possession(name: str) -> None:
    assert review(name)["possession"].status == "not_met"


@pytest.mark.parametrize("name, words", [
    ("storage_act_is_possession_es.txt", "almacenare pornografía infantil"),
    ("storage_act_is_possession_fr.txt", "stocke une image de pornographie infantile"),
])
def test_storing_the_material_is_possession(name: str, words: str) -> None:
    assert_cites(review(name)["possession"], name, words)


def test_heldout_findings_do_not_depend_on_the_code() -> None:
    for name in ("omission_duty_isp_pt.txt", "definition_term_after_marker_es.txt"):
        a, b = review(name, "QQA"), review(name, "ZZB")
        assert {k: (f.status, f.rationale) for k, f in a.items()} == \
            {k: (f.status, f.rationale) for k, f in b.items()}
