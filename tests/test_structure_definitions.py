"""Defined terms found in real statutes (fixtures/structure/definitions.yaml, read by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coplaw.structure.definitions import term_uses
from coplaw.structure.load import load_paths

CASES = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "structure" / "definitions.yaml").read_text("utf-8"))

pytestmark = pytest.mark.corpus


def test_enough_statutes() -> None:
    assert len(CASES) >= 8
    assert {c["language"] for c in CASES} >= {"en", "fr", "de", "es"}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_interpretation_section_terms(corpus_dir: Path, case: dict) -> None:  # type: ignore[type-arg]
    result = load_paths([corpus_dir / case["file"]])
    assert not result.errors, result.errors
    inst = result.instruments[0]
    prefix = case["provision"]
    found = {d.term.lower() for d in inst.definitions
             if d.provision == prefix or d.provision.startswith(prefix + "__")}
    expected = {t.lower() for t in case["terms"]}
    missing = sorted(expected - found)
    assert not missing, f"{case['file']}: terms not found in {prefix}: {missing}"
    for d in inst.definitions:
        assert inst.text[d.start:].lower().startswith(d.term.lower()), d
        assert d.meaning, d


def test_uses_link_back_to_definitions(corpus_dir: Path) -> None:
    inst = load_paths([corpus_dir / "KEN/computer_misuse_and_cybercrimes_act_2018.txt"]
                      ).instruments[0]
    uses = term_uses(inst)
    child = [u for u in uses if u.term == "child pornography"]
    assert child, "uses of 'child pornography' are linked"
    sec24 = next(p for p in inst.provisions() if p.eid == "sec_24")
    inside = [u for u in child if sec24.start <= u.start < sec24.end]
    # inside section 24 the section's own definition ("For purposes of this section") governs
    assert inside and all(inst.definitions[u.definition].scope == "sec_24" for u in inside)
