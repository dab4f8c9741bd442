"""The 13 model-law provisions on drafted statutes: a full law, a partial law, near misses.

Each fixture folder under ``fixtures/model_law`` is one jurisdiction's legislation written for
these tests (English, French, Spanish). ``*_full`` meets every provision, ``*_partial`` has a
part of each, ``en_nearmiss`` has wording that looks close but must not count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.assess.model_law import FRAMEWORK, PROVISIONS, assess_instruments
from coplaw.findings import Finding
from coplaw.structure.load import load_paths

FIXTURES = Path(__file__).parent / "fixtures" / "model_law"
ALL = list(PROVISIONS)


def _assess(folder: str) -> tuple[dict[str, Finding], dict[str, str]]:
    result = load_paths([FIXTURES / folder])
    assert not result.errors, result.errors
    findings = assess_instruments(result.instruments)
    by_name = {f.method.rsplit(":", 1)[-1]: f for f in findings}
    texts = {i.id: i.text for i in result.instruments}
    return by_name, texts


@pytest.fixture(scope="module")
def assessed() -> dict[str, tuple[dict[str, Finding], dict[str, str]]]:
    return {d.name: _assess(d.name) for d in sorted(FIXTURES.iterdir()) if d.is_dir()}


EXPECTED = {
    "en_full": {p: "met" for p in ALL},
    "fr_full": {p: "met" for p in ALL},
    "en_partial": {p: "partially_met" for p in ALL},
    "es_partial": {p: "partially_met" for p in ALL},
    "en_nearmiss": {p: "not_met" for p in ALL},
}


@pytest.mark.parametrize("folder", sorted(EXPECTED))
@pytest.mark.parametrize("provision", ALL)
def test_status(assessed, folder: str, provision: str) -> None:
    findings, _ = assessed[folder]
    f = findings[provision]
    assert f.framework == FRAMEWORK
    assert f.status == EXPECTED[folder][provision], f"{folder}/{provision}: {f.rationale}"


def test_thirteen_findings_with_catalogue_style_ids(assessed) -> None:
    findings, _ = assessed["en_full"]
    assert len(findings) == 13
    ids = [f.standard for f in findings.values()]
    assert len(set(ids)) == 13
    for n, std in enumerate(ids, start=1):
        assert std.startswith(f"icmec.model.p{n:02d}_"), std


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_evidence_offsets_point_at_the_quote(assessed, folder: str) -> None:
    findings, texts = assessed[folder]
    for name, f in findings.items():
        if f.status in ("met", "partially_met"):
            assert f.evidence, f"{folder}/{name} has no evidence"
        else:
            assert not f.evidence
        for ev in f.evidence:
            assert ev.quote.strip() == ev.quote and ev.quote
            assert texts[ev.instrument][ev.start : ev.end] == ev.quote, f"{folder}/{name}"
            assert ev.provision


# What the evidence must show: a word of the quoted clause, per provision, in the full laws.
QUOTED = {
    "child_definition": ("eighteen", "dix-huit"),
    "csam_definition": ("computer", "numérique"),
    "offences": ("possesses", "détenir"),
    "parents": ("acquiesces", "consent"),
    "making_known": ("makes known", "faire connaître"),
    "grooming": ("communicates", "communiquer"),
    "attempt": ("attempts", "tentative"),
    "mandatory_reporting": ("bank", "bancaires"),
    "industry_tools": ("hash", "détection"),
    "data_retention": ("twelve months", "un an"),
    "cooperation": ("civil society", "société civile"),
    "child_victims": ("criminally liable", "pénalement responsable"),
    "aggravation": ("organised criminal group", "bande organisée"),
}


@pytest.mark.parametrize("provision", ALL)
def test_full_laws_quote_the_right_clause(assessed, provision: str) -> None:
    for folder, word in zip(("en_full", "fr_full"), QUOTED[provision], strict=True):
        findings, _ = assessed[folder]
        quotes = " ".join(e.quote for e in findings[provision].evidence)
        assert word in quotes, f"{folder}/{provision}: {quotes!r}"


# Partial findings say what is missing.
MISSING = {
    "child_definition": "under 16",
    "csam_definition": "names no technology",
    "offences": "simple possession",
    "parents": "abuse material is not named",
    "making_known": "making known where",
    "grooming": "meeting",
    "attempt": "expressly",
    "mandatory_reporting": "banks and payment institutions",
    "industry_tools": "detection tools",
    "data_retention": "no period",
    "cooperation": "civil society",
    "child_victims": "abuse material are not named",
    "aggravation": "organised crime",
}


@pytest.mark.parametrize("provision", ALL)
def test_partial_rationale_names_the_missing_part(assessed, provision: str) -> None:
    findings, _ = assessed["en_partial"]
    assert MISSING[provision] in findings[provision].rationale


def test_possession_only_with_purpose_is_flagged(assessed) -> None:
    findings, _ = assessed["en_partial"]
    assert "only with a purpose of distribution" in findings["offences"].rationale
    findings, _ = assessed["es_partial"]
    assert "only with a purpose of distribution" in findings["offences"].rationale


def test_reporting_groups_listed(assessed) -> None:
    findings, _ = assessed["fr_full"]
    quotes = [e.quote for e in findings["mandatory_reporting"].evidence]
    assert any("médecins" in q for q in quotes)
    assert any("fournisseurs de services" in q for q in quotes)
    assert any("bancaires" in q for q in quotes)


def test_same_text_same_findings_whatever_the_folder(tmp_path: Path) -> None:
    """Findings depend on the text only, not on where it is or what it is called."""
    src = FIXTURES / "en_partial" / "protection_of_minors_act.txt"
    copy = tmp_path / "XYZ" / "renamed.txt"
    copy.parent.mkdir()
    copy.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    a = assess_instruments(load_paths([src]).instruments)
    b = assess_instruments(load_paths([copy]).instruments)
    assert [(f.standard, f.status, f.rationale) for f in a] == [
        (f.standard, f.status, f.rationale) for f in b
    ]


def test_ids_are_the_catalogues() -> None:
    from coplaw.assess.model_law import standard_ids
    from coplaw.standards.catalogue import load_catalogue

    cat = load_catalogue()
    assert FRAMEWORK in cat.frameworks
    provisions = {i.id for i in cat.items_of(FRAMEWORK, "provision")}
    assert set(standard_ids()) == provisions


def test_engine_runs_the_model_law_and_ignores_the_jurisdiction_code() -> None:
    from coplaw.assess import engine

    folder = [str(FIXTURES / "es_partial")]
    a = engine.assess_paths(folder, "AAA", ["icmec-model-law"])
    b = engine.assess_paths(folder, "ZZZ", ["icmec-model-law"])
    assert a.summary() == {"icmec-model-law": {"partially_met": 13}}
    assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
