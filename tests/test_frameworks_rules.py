"""Both-sides tests of every text-assessable UNICEF and ITU item on drafted legislation.

Each case in ``fixtures/frameworks/cases_en.yaml`` is a short statute that meets the item and
a near miss that must not; the engine must tell them apart and quote its evidence exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from coplaw.assess.frameworks.runner import own_test
from coplaw.document import Instrument, SourceText
from coplaw.standards.catalogue import load_catalogue
from coplaw.structure.load import parse_source

CASES_FILE = Path(__file__).parent / "fixtures" / "frameworks" / "cases_en.yaml"
CASES: dict[str, dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
FRAMEWORK_OF = {"unicef": "unicef-checklist", "itu": "itu-cop-checklist", "ohchr": "ohchr-2015",
                "gp": "guiding-principles-2024"}


def statute(body: str, name: str = "case") -> Instrument:
    text = f"CHILD SAFETY TEST ACT\n\n1. Provisions\n{' '.join(body.split())}\n"
    return parse_source(SourceText(path=f"{name}.txt", format="text", text=text))


def judge(item_id: str, body: str):
    cat = load_catalogue()
    framework = FRAMEWORK_OF[item_id.split(".")[0]]
    finding = own_test(cat.get(item_id), framework, [statute(body, item_id.replace(".", "_"))])
    assert finding is not None, f"{item_id} has no text test"
    return finding


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_meets(item_id: str) -> None:
    finding = judge(item_id, CASES[item_id]["meets"])
    assert finding.status == "met", finding.rationale
    assert finding.evidence, "a met finding must cite the law"
    for ev in finding.evidence:
        inst = statute(CASES[item_id]["meets"], item_id.replace(".", "_"))
        assert inst.text[ev.start:ev.end] == ev.quote
        assert ev.provision.startswith("sec_1")


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_near_miss(item_id: str) -> None:
    case = CASES[item_id]
    finding = judge(item_id, case["near"])
    assert finding.status == case["near_status"], finding.rationale
    assert finding.rationale


def test_every_rule_has_both_cases() -> None:
    from coplaw.assess.frameworks.rules import load_rules

    wanted = [item for fw in FRAMEWORK_OF.values() for item in load_rules(fw).rules]
    missing = [i for i in wanted if i not in CASES]
    assert not missing, f"no drafted cases for {missing}"


def test_every_unicef_and_itu_text_item_has_a_rule() -> None:
    from coplaw.assess.frameworks.rules import load_rules

    cat = load_catalogue()
    for fw in ("unicef-checklist", "itu-cop-checklist"):
        rules = load_rules(fw).rules
        lacking = [i.id for i in cat.items_of(fw) if i.assessable != "questionnaire"
                   and i.id not in rules]
        assert not lacking, f"{fw}: text-assessable items without a text test: {lacking}"


@pytest.mark.parametrize("language", ["fr", "es", "de", "pt", "bn"])
def test_rule_concepts_exist_in_every_language(language: str) -> None:
    from coplaw.assess.frameworks.lexicon import concept_names
    from coplaw.assess.frameworks.rules import load_rules

    have = concept_names(language)
    for fw in FRAMEWORK_OF.values():
        for item, rule in load_rules(fw).rules.items():
            for part in rule.all_parts():
                missing = part.concepts() - have
                assert not missing, f"{language}: {item} uses {missing}"


def test_partial_names_missing_csam_acts() -> None:
    finding = judge("unicef.criminalization.csam_offences", CASES[
        "unicef.criminalization.csam_offences"]["near"])
    assert finding.status == "partially_met"
    for act in ("offering", "importing", "exporting", "accessing", "possessing", "advertising",
                "live-streaming"):
        assert act in finding.rationale
    assert "Not found" in finding.rationale


def test_child_definition_names_lower_age() -> None:
    finding = judge("unicef.criminalization.child_definition",
                    'In this Act, "child" means a person under the age of sixteen years.')
    assert finding.status == "not_met"
    assert "16" in finding.rationale


def test_general_duty_to_report_crime_is_not_business_reporting() -> None:
    finding = judge("unicef.business.mandatory_reporting",
                    "Every person who knows of child sexual abuse material shall report it to the "
                    "police.")
    assert finding.status == "not_met"


def test_meeting_negation_keeps_grooming_met() -> None:
    body = ("A person who communicates with a child through a computer for a sexual purpose "
            "commits an offence, whether or not any meeting takes place.")
    assert judge("unicef.criminalization.grooming", body).status == "met"


def test_court_estimating_a_childs_age_is_no_age_assurance() -> None:
    # near miss: a court or the police establishing a child's age is procedure, not a service
    # checking its users' age before giving access to content
    court = ("Where a child is brought before the court and the age of the child is not known, "
             "the court shall refer the child to a medical officer for age estimation.")
    assert judge("unicef.business.age_assurance", court).status == "not_met"
    service = ("An online service that gives access to pornographic content shall verify the "
               "age of its users before giving access.")
    assert judge("unicef.business.age_assurance", service).status in ("met", "partially_met")


def test_child_cases_taking_precedence_in_court_is_no_triage() -> None:
    # near miss: a court hearing children's cases first is not the police prioritising
    # reports of abuse
    court = ("Where a child justice court sits on the same day as other courts, the cases of "
             "children shall take precedence, and a report of the probation officer shall be "
             "read first.")
    assert judge("unicef.investigation.triage", court).status == "not_met"
