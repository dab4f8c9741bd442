"""The review's operational rules, both sides, on legislation drafted for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.assess.engine import assess_paths
from coplaw.findings import Finding

LAWS = Path(__file__).parent / "fixtures" / "laws"

HEAD = "TEST ACT 2040\n\n1. Short title\nThis Act may be cited as the Test Act 2040.\n\n"
CSAM_OFFENCE = ("2. Child pornography\n(1) Any person who produces or distributes child "
                "pornography commits an offence and is liable to imprisonment for ten years.\n\n")


def review(tmp_path: Path, *texts: str) -> dict[str, Finding]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        (tmp_path / f"law_{n}.txt").write_text(text, encoding="utf-8")
    result = assess_paths([tmp_path], "XXA", ["icmec-review"])
    assert not result.errors
    return {f.standard.split(".")[-1]: f for f in result.findings}


def test_general_duty_to_report_crimes_is_not_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE + "3. Reporting\nEvery person who knows of "
                 "the commission of an offence against a child shall report it to the police.\n")
    assert got["isp_reporting"].status == "not_met"
    assert "everyone" in got["isp_reporting"].rationale


def test_service_provider_duty_to_report_is_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE + "3. Reporting\nAn internet service provider "
                 "that becomes aware of child pornography on its network shall report it to "
                 "the police without delay.\n")
    assert got["isp_reporting"].status == "met"
    assert "shall report it to the police" in got["isp_reporting"].evidence[0].quote


def test_notice_and_takedown_exemption_is_not_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE + "3. Hosts\nA hosting service provider shall "
                 "not be liable for child pornography stored by a user, on condition that upon "
                 "obtaining knowledge it removes it and informs the competent authority.\n")
    assert got["isp_reporting"].status == "not_met"
    assert "exemption" in got["isp_reporting"].rationale


def test_duty_on_request_is_not_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE + "3. Assistance\nA service provider shall "
                 "inform the police of subscriber details relating to child pornography upon "
                 "the written request of an investigating officer.\n")
    assert got["isp_reporting"].status == "not_met"


def test_general_pornography_ban_is_not_csam_legislation(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + "2. Pornography\nAny person who produces, sells or "
                 "distributes pornographic material commits an offence and is liable to "
                 "imprisonment for three years.\n")
    assert got["legislation"].status == "not_met"
    assert "whatever the age" in got["legislation"].rationale


def test_child_aggravation_of_a_pornography_ban_is_csam_legislation(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + "2. Pornography\n(1) Any person who produces, sells or "
                 "distributes pornographic material commits an offence and is liable to "
                 "imprisonment for three years.\n(2) The penalty shall be doubled where the "
                 "pornographic material depicts a child.\n")
    assert got["legislation"].status == "met"


def test_child_specific_offence_is_csam_legislation(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE)
    assert got["legislation"].status == "met"


def test_possession_only_with_intent_to_distribute_is_not_simple_possession(
        tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + "2. Child pornography\nAny person who has in his possession "
                 "child pornography for the purpose of distribution commits an offence and is "
                 "liable to imprisonment for five years.\n")
    assert got["possession"].status == "not_met"
    assert "for the purpose of distribution" in got["possession"].rationale


def test_knowing_possession_is_simple_possession(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + "2. Child pornography\nAny person who knowingly possesses "
                 "child pornography commits an offence and is liable to imprisonment for five "
                 "years.\n")
    assert got["possession"].status == "met"
    assert "possesses" in got["possession"].evidence[0].quote


def test_by_any_means_counts_as_technology(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + "2. Child pornography\nAny person who distributes child "
                 "pornography by any means commits an offence and is liable to imprisonment "
                 "for five years.\n")
    assert got["technology"].status == "met"
    assert any(e.quote == "by any means" or "by any means" in e.quote
               for e in got["technology"].evidence)


def test_paper_only_offence_is_not_technology(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + "2. Child pornography\nAny person who prints or publicly "
                 "exhibits a book or photograph of child pornography commits an offence and is "
                 "liable to imprisonment for five years.\n\n3. Search\nA police officer may "
                 "search any computer with a warrant.\n")
    assert got["technology"].status == "not_met"


def test_definition_in_one_act_serves_offence_in_another(tmp_path: Path) -> None:
    definitions = ("INTERPRETATION ACT 2040\n\n1. Definitions\nIn this Act and in the Penal "
                   "Code, \"child pornography\" means any visual depiction of a child engaged "
                   "in sexually explicit conduct.\n")
    got = review(tmp_path, HEAD + CSAM_OFFENCE, definitions)
    assert got["definition"].status == "met"
    assert got["definition"].evidence[0].instrument.startswith("law-1") or \
        "child pornography" in got["definition"].evidence[0].quote


def test_undefined_pornographic_character_is_not_a_definition(tmp_path: Path) -> None:
    got = review(tmp_path, "CODE\n\nArticle 1\nLe fait de diffuser l'image d'un mineur "
                 "lorsque cette image présente un caractère pornographique est puni de cinq ans "
                 "d'emprisonnement.\n")
    assert got["legislation"].status == "met"
    assert got["definition"].status == "not_met"


@pytest.mark.parametrize("folder", ["en_full", "fr_full", "es_full", "de_full"])
def test_full_laws_in_four_languages_meet_every_criterion(folder: str) -> None:
    result = assess_paths([LAWS / folder], "XXB", ["icmec-review"])
    assert [f.status for f in result.findings] == ["met"] * 5, [
        (f.standard, f.rationale) for f in result.findings]


def test_near_miss_law_meets_no_criterion() -> None:
    result = assess_paths([LAWS / "en_nearmiss"], "XXB", ["icmec-review"])
    assert [f.status for f in result.findings] == ["not_met"] * 5


def test_findings_follow_catalogue_order() -> None:
    from coplaw.standards.catalogue import load_catalogue

    result = assess_paths([LAWS / "en_full"], "XXB", ["icmec-review"])
    order = [i.id for i in load_catalogue().items_of("icmec-review")]
    assert [f.standard for f in result.findings] == order


def test_cyber_incident_reporting_is_not_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE + "3. Incidents\nA service provider shall "
                 "report to the competent authority any cyber attack or intrusion affecting "
                 "its systems.\n")
    assert got["isp_reporting"].status == "not_met"


def test_duty_on_professionals_only_is_not_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, HEAD + CSAM_OFFENCE + "3. Reporting\nA teacher or medical "
                 "practitioner who finds child pornography shall report it to the police.\n")
    assert got["isp_reporting"].status == "not_met"


def test_spanish_general_duty_is_not_isp_reporting(tmp_path: Path) -> None:
    got = review(tmp_path, "LEY 1\n\nArtículo 1. El que posea pornografía infantil incurrirá "
                 "en prisión de uno a tres años.\n\nArtículo 2. Toda persona deberá denunciar "
                 "ante las autoridades competentes los delitos contra menores de edad.\n")
    assert got["possession"].status == "met"
    assert got["isp_reporting"].status == "not_met"


def test_spanish_possession_for_sale_is_not_simple_possession(tmp_path: Path) -> None:
    got = review(tmp_path, "LEY 2\n\nArtículo 1. El que almacene pornografía infantil con "
                 "fines de venta o distribución será sancionado con prisión de dos años.\n")
    assert got["legislation"].status == "met"
    assert got["possession"].status == "not_met"


def test_german_possession_and_paper_only_distribution(tmp_path: Path) -> None:
    got = review(tmp_path, "GESETZ\n\n§ 1 Verbreitung\nWer kinderpornographische Schriften "
                 "verkauft, wird mit Freiheitsstrafe bis zu fünf Jahren bestraft.\n")
    assert got["legislation"].status == "met"
    assert got["possession"].status == "not_met"
    assert got["technology"].status == "not_met"


PROCEDURE = ("CRIMINAL PROCEDURE TEST ACT 2040\n\n5. Interception\n(1) The interception of "
             "telecommunications may be ordered where a person is suspected of one of the "
             "following:\n(a) producing or distributing child pornography by means of a "
             "computer;\n(b) murder.\n(2) A person who discloses an interception order is "
             "liable to imprisonment for two years.\n")


def test_procedural_list_of_offences_is_weaker_than_the_offence(tmp_path: Path) -> None:
    """A list of offences in a procedural section names technology but creates no offence:
    it is cited only when nothing better exists, and the rationale says it is weaker."""
    listed = review(tmp_path / "a", HEAD + CSAM_OFFENCE, PROCEDURE)["technology"]
    assert listed.status == "met" and listed.confidence < 0.7
    assert "weaker evidence" in listed.rationale
    own = review(tmp_path / "b", HEAD + CSAM_OFFENCE.replace(
        "distributes child pornography", "distributes child pornography through a computer "
        "system"), PROCEDURE)["technology"]
    assert own.status == "met" and own.confidence >= 0.9
    assert "through a computer system" in own.evidence[0].quote


PHOTO_OFFENCE = ("2. Indecent photographs of children\n(1) It is an offence for a person to "
                 "take or distribute an indecent photograph of a child, and a person who does "
                 "so is liable to imprisonment for ten years.\n\n")


def test_photograph_extended_to_computer_data_is_technology(tmp_path: Path) -> None:
    interpretation = ("3. Interpretation\n(1) References to a photograph include—\n(a) the "
                      "negative as well as the positive version; and\n(b) data stored on a "
                      "computer disc or by other electronic means which is capable of conversion "
                      "into a photograph.\n")
    got = review(tmp_path, HEAD + PHOTO_OFFENCE + interpretation)["technology"]
    assert got.status == "met", got.rationale
    quotes = [e.quote for e in got.evidence]
    assert quotes[0].startswith("References to a photograph include")
    assert "computer disc" in quotes[1]
    assert "indecent photograph of a child" in quotes[2]


def test_extension_of_a_word_the_offence_does_not_use_is_not_technology(tmp_path: Path) -> None:
    # near miss: the offence names photographs; the definition widens "recording"
    interpretation = ("3. Interpretation\n(1) References to a recording include—\n(a) a copy; "
                      "and\n(b) data stored on a computer disc.\n")
    got = review(tmp_path, HEAD + PHOTO_OFFENCE + interpretation)["technology"]
    assert got.status == "not_met", got.rationale
