"""Gap report: unmet and partially met standards, binding first, each with a reform text and
the evidence or what was missing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coplaw.assess.engine import assess_paths
from coplaw.cli import app
from coplaw.gap.build import AUTHORITY_RANK, effective_authority, gap_entries, reform_text
from coplaw.standards.catalogue import load_catalogue
from coplaw.structure.load import load_paths

LAW = """Child Online Protection Bill

1. Interpretation
In this Act, "child" means a person under the age of eighteen years, and "child pornography"
means any photograph or film showing a child engaged in sexual activity.

2. Possession
A person who knowingly possesses child pornography commits an offence and is liable to
imprisonment for ten years.
"""
runner = CliRunner()


def _law(tmp_path: Path) -> Path:
    path = tmp_path / "bill.txt"
    path.write_text(LAW, encoding="utf-8")
    return path


def test_every_item_has_reform_words() -> None:
    cat = load_catalogue()
    missing = [i for i in cat.items if reform_text(cat, i)[0] is None]
    assert missing == []


def test_authority_through_crosswalk() -> None:
    cat = load_catalogue()
    auth, via = effective_authority(cat, "icmec.review.possession")
    assert cat.get("icmec.review.possession").authority is None
    assert auth in AUTHORITY_RANK and via is not None
    assert cat.get(via).authority == auth
    assert effective_authority(cat, "unicef.criminalization.child_definition")[1] is None


def test_entries_ordered_with_reform_and_evidence(tmp_path: Path) -> None:
    path = _law(tmp_path)
    result = assess_paths([path], "XYZ")
    entries = gap_entries(result)
    assert entries
    assert {e.status for e in entries} <= {"not_met", "partially_met"}
    ranks = [AUTHORITY_RANK.get(e.authority or "", 3) for e in entries]
    assert ranks == sorted(ranks) and ranks[0] == 0
    # every gap says what a reform should contain and either cites or names what is missing
    assert all(e.reform for e in entries)
    assert all(e.evidence or e.missing for e in entries)
    inst = load_paths([path]).instruments[0]
    for e in entries:
        for ev in e.evidence:
            if ev.get("kind", "text") == "text":
                assert inst.text[ev["start"]:ev["end"]] == ev["quote"]
    by_id = {e.standard: e for e in entries}
    # the outdated term and the media-bound definition are in the report, with the occurrences
    assert by_id["term.child_pornography"].evidence
    assert by_id["term.media_bound_definition"].status == "not_met"
    assert "any representation" in (by_id["term.media_bound_definition"].reform or "") or \
        "by whatever means" in (by_id["term.media_bound_definition"].reform or "")
    # met standards are not in the report
    met = {f.standard for f in result.findings if f.status == "met"}
    assert not met & set(by_id)


def test_gap_command_formats(tmp_path: Path) -> None:
    path = _law(tmp_path)
    table = runner.invoke(app, ["gap", str(path), "-j", "XYZ"])
    assert table.exit_code == 0, table.output
    assert table.stdout.index("BINDING") < table.stdout.index("GUIDANCE")
    assert "Reform:" in table.stdout
    data = json.loads(runner.invoke(app, ["gap", str(path), "-j", "XYZ", "--format",
                                          "json"]).stdout)
    assert data["jurisdiction"] == "XYZ" and data["gaps"][0]["authority"] == "binding"
    out = tmp_path / "gap.html"
    html = runner.invoke(app, ["gap", str(path), "-j", "XYZ", "--format", "html", "--out",
                               str(out)])
    assert html.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "What a reform should contain" in page and "<script" not in page
    missing = runner.invoke(app, ["gap", str(tmp_path / "none.txt"), "-j", "XYZ"])
    assert missing.exit_code == 2 and "none.txt" in missing.output


def test_gap_with_answers_drops_answered_item(tmp_path: Path) -> None:
    path = _law(tmp_path)
    qid = "unicef.victims.workforce_training"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"jurisdiction": "XYZ", "questions": [
        {"id": qid, "answer": "no", "explanation": "none yet", "respondent": "Ministry",
         "answered_on": "2025-01-01"}]}), encoding="utf-8")
    data = json.loads(runner.invoke(app, ["gap", str(path), "-j", "XYZ", "--format", "json",
                                          "--answers", str(answers)]).stdout)
    entry = next(g for g in data["gaps"] if g["standard"] == qid)
    assert entry["evidence"][0]["kind"] == "answer"
    answers.write_text(answers.read_text().replace('"no"', '"yes"'), encoding="utf-8")
    data = json.loads(runner.invoke(app, ["gap", str(path), "-j", "XYZ", "--format", "json",
                                          "--answers", str(answers)]).stdout)
    assert qid not in {g["standard"] for g in data["gaps"]}


def test_gap_on_real_statutes(corpus_dir: Path) -> None:
    folder = corpus_dir / "KEN"
    result = assess_paths([folder], "KEN")
    entries = gap_entries(result)
    assert entries and entries[0].authority == "binding"
    texts = {i.id: i.text for i in load_paths([folder]).instruments}
    cited = [e for e in entries if e.evidence]
    assert cited
    for e in cited:
        for ev in e.evidence:
            if ev.get("kind", "text") == "text":
                assert texts[ev["instrument"]][ev["start"]:ev["end"]] == ev["quote"]
