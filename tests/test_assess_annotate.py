"""Annotators on instruments built by hand, and the lexicon loader's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.annotate import duties, offences
from coplaw.annotate.scan import Scan
from coplaw.document import Instrument, Provision
from coplaw.lexicons import LexiconError, available, fold, load_file


def _instrument(lead: str, items: list[str], tail: str, language: str = "en") -> Instrument:
    """Section 1 with a lead-in, lettered paragraphs and a trailing penalty, by hand."""
    text = "1. Offences\n" + lead + "\n"
    children = []
    for n, item in enumerate(items):
        start = len(text)
        text += f"({chr(97 + n)}) {item}\n"
        children.append(Provision(f"sec_1__para_{chr(97 + n)}", "paragraph", chr(97 + n),
                                  None, start, len(text) - 1, start + 4))
    text += tail + "\n"
    sec = Provision("sec_1", "section", "1", "Offences", 0, len(text), 12, children)
    return Instrument("t", "Test", "t.txt", "text", language, text, body=[sec])


def test_offence_reads_object_from_lead_in_and_penalty_from_tail() -> None:
    inst = _instrument("Any person who, in relation to child pornography—",
                       ["produces it;", "possesses it for the purpose of sale; or",
                        "possesses it,"], "commits an offence.")
    found = offences.annotate(Scan(inst))
    assert {a.provision for a in found} == {"sec_1__para_a", "sec_1__para_b", "sec_1__para_c"}
    by = {a.provision: a for a in found}
    assert by["sec_1__para_a"].attrs["object_from"] == "chapeau"
    assert by["sec_1__para_b"].attrs["acts"][0]["purpose"] == "for the purpose of sale"
    assert by["sec_1__para_c"].attrs["acts"][0]["purpose"] is None
    for a in found:
        assert inst.text[a.start:a.end].strip() == inst.text[a.start:a.end]


def test_duty_names_bearer_from_lead_in() -> None:
    inst = _instrument("An internet service provider shall—",
                       ["report child pornography on its service to the police;",
                        "keep records of reports."], "")
    found = duties.annotate(Scan(inst))
    assert found and found[0].attrs["bearer"] == "isp" and found[0].attrs["csam"]


def test_fold_keeps_offsets() -> None:
    text = "Détenir «une» image – ÉTÉ ß"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("detenir \"une\" image - ete")


def test_every_lexicon_loads() -> None:
    assert {"en", "fr", "es", "pt", "de", "bn"} <= set(available())


@pytest.mark.parametrize("change, message", [
    ("acts:\n  steal: ['x']\n", "unknown act"),
    ("technology: ['(unclosed']\n", "technology[0]"),
    ("colour: ['x']\n", "colour"),
])
def test_bad_lexicon_names_file_and_entry(tmp_path: Path, change: str, message: str) -> None:
    src = Path(__file__).resolve().parents[1] / "coplaw" / "lexicons" / "en.yaml"
    bad = tmp_path / "xx.yaml"
    bad.write_text(src.read_text(encoding="utf-8") + change, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_file(bad)
    assert "xx.yaml" in str(err.value) and message in str(err.value)
