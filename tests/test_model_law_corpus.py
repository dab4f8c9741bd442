"""The model-law tests over real legislation from the shared corpus.

Nothing may crash, every cited quote must sit at its offsets, and a few verdicts that were
checked by reading the laws must hold (they are stated in the source text, quoted below in
short). The corpus is read through its path, never copied.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from coplaw.assess.model_law import assess_instruments
from coplaw.findings import Finding
from coplaw.structure.load import load_paths

JURISDICTIONS = ("ARG", "GBR", "GHA")


@cache
def _assess(folder: str) -> tuple[dict[str, Finding], dict[str, str]]:
    result = load_paths([Path(folder)])
    findings = assess_instruments(result.instruments)
    return (
        {f.method.rsplit(":", 1)[-1]: f for f in findings},
        {i.id: i.text for i in result.instruments},
    )


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_corpus_findings_are_complete_and_quoted_exactly(corpus_dir: Path, code: str) -> None:
    findings, texts = _assess(str(corpus_dir / code))
    assert len(findings) == 13
    for name, f in findings.items():
        assert f.status in ("met", "partially_met", "not_met"), name
        assert f.rationale
        if f.status != "not_met":
            assert f.evidence, f"{code}/{name}"
        for ev in f.evidence:
            assert texts[ev.instrument][ev.start : ev.end] == ev.quote, f"{code}/{name}"


def _quotes(f: Finding) -> str:
    return " ".join(e.quote for e in f.evidence)


def test_grooming_by_electronic_contact_without_meeting(corpus_dir: Path) -> None:
    # Penal code art. 131: contacting a minor by electronic means to commit a sexual offence.
    findings, _ = _assess(str(corpus_dir / "ARG"))
    assert findings["grooming"].status == "met"
    assert "contactare" in _quotes(findings["grooming"])
    # Art. 128 covers representations of a person under eighteen...
    assert findings["child_definition"].status == "met"
    # ...and criminalises knowing possession, but not viewing or downloading as such.
    assert findings["offences"].status == "partially_met"
    assert "simple possession" not in findings["offences"].rationale


def test_possession_only_with_a_view_to_distribution(corpus_dir: Path) -> None:
    # The 1978 Act makes possession an offence only "with a view to their being distributed".
    findings, _ = _assess(str(corpus_dir / "GBR"))
    assert findings["offences"].status == "partially_met"
    assert "only with a purpose of distribution" in findings["offences"].rationale
    assert findings["making_known"].status == "met"
    assert "advertisement" in _quotes(findings["making_known"])


def test_subscriber_data_retained_for_a_period(corpus_dir: Path) -> None:
    findings, _ = _assess(str(corpus_dir / "GHA"))
    assert findings["data_retention"].status == "met"
    assert "subscriber information" in _quotes(findings["data_retention"])
    assert findings["child_definition"].status == "met"
    assert "eighteen" in _quotes(findings["child_definition"])
