"""The ``terminology`` framework in the engine: one finding per term rule."""

from __future__ import annotations

from pathlib import Path

from coplaw.assess.engine import assess_paths


def _run(tmp_path: Path, text: str):
    path = tmp_path / "law.txt"
    path.write_text(text, encoding="utf-8")
    result = assess_paths([path], "XXX", ["terminology"])
    return {f.standard: f for f in result.findings}, path


def test_outdated_term_not_met_with_every_occurrence_cited(tmp_path: Path) -> None:
    findings, _ = _run(tmp_path, "1. Offence\nA person who produces child pornography commits "
                       "an offence.\n\n2. Possession\nA person who possesses child pornography "
                       "commits an offence.\n")
    f = findings["term.child_pornography"]
    assert f.status == "not_met"
    assert len(f.evidence) == 2
    assert "child sexual abuse material" in f.rationale
    assert findings["term.child_prostitution"].status == "met"
    assert len(findings) == 7


def test_transition_partially_met_and_title_only_met(tmp_path: Path) -> None:
    findings, _ = _run(tmp_path, "1. Offence\nA person who possesses child pornography or other "
                       "child sexual abuse material commits an offence.\n")
    assert findings["term.child_pornography"].status == "partially_met"
    findings, _ = _run(tmp_path, "1. Repeal\nThe Child Pornography Act 1995 is repealed.\n\n"
                       "2. Offence\nA person who possesses child sexual abuse material commits "
                       "an offence.\n")
    f = findings["term.child_pornography"]
    assert f.status == "met" and "act title" in f.rationale


def test_media_bound_definition_not_met(tmp_path: Path) -> None:
    findings, _ = _run(tmp_path, '1. Interpretation\nIn this Act, "indecent material" means a '
                       "photograph, film, slide or printed matter depicting a child.\n")
    f = findings["term.media_bound_definition"]
    assert f.status == "not_met"
    assert f.evidence and "photograph" in f.evidence[0].quote


def test_evidence_quotes_match_text(corpus_dir: Path) -> None:
    path = corpus_dir / "TZA" / "cybercrimes_act_2015.txt"
    result = assess_paths([path], "TZA", ["terminology"])
    text = Path(path).read_text(encoding="utf-8")
    assert result.findings
    from coplaw.structure.load import load_paths

    inst = load_paths([path]).instruments[0]
    for f in result.findings:
        for ev in f.evidence:
            assert inst.text[ev.start:ev.end] == ev.quote
    assert text  # the file was read
    cp = next(f for f in result.findings if f.standard == "term.child_pornography")
    assert cp.status in ("not_met", "partially_met")
