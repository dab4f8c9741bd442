"""Questionnaire round trip: export, fill, import, re-assess, answers cited; malformed answer
files give a clear error naming the file and row, and change nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.questionnaire.answers import AnswerFileError, read_answers
from coplaw.questionnaire.questions import questions
from coplaw.standards.catalogue import load_catalogue

LAW = "1. Offence\nA person who possesses child sexual abuse material commits an offence.\n"
QUESTIONNAIRE_ONLY = "unicef.victims.workforce_training"
BOTH = "unicef.victims.child_friendly_justice"
STAKEHOLDER = "itu.question.challenges"
runner = CliRunner()


def _law(tmp_path: Path) -> Path:
    path = tmp_path / "law.txt"
    path.write_text(LAW, encoding="utf-8")
    return path


def _assess(tmp_path: Path, *extra: str) -> dict[str, dict]:
    result = runner.invoke(app, ["assess", str(_law(tmp_path)), "-j", "XYZ", *extra])
    assert result.exit_code == 0, result.output
    return {f["standard"]: f for f in json.loads(result.stdout)["findings"]}


def test_questions_cover_items_legislation_cannot_show() -> None:
    cat = load_catalogue()
    qs = questions()
    ids = [q.id for q in qs]
    assert len(ids) == len(set(ids))
    assert ids[:9] == [i.id for i in cat.items_of("itu-cop-checklist", "question")]
    needing = {i.id for i in cat.items.values() if i.assessable in ("questionnaire", "both")}
    assert set(ids) == needing
    assert all(q.paraphrase for q in qs)


@pytest.mark.parametrize("ext", [".csv", ".json", ".html"])
def test_export_formats(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"q{ext}"
    result = runner.invoke(app, ["questionnaire", "export", "-j", "XYZ", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert QUESTIONNAIRE_ONLY in text and STAKEHOLDER in text
    if ext == ".html":
        assert "<form" in text and "name='answer-" + BOTH in text
    elif ext == ".json":
        data = json.loads(text)
        assert data["jurisdiction"] == "XYZ" and len(data["questions"]) == len(questions())


def test_export_unknown_extension(tmp_path: Path) -> None:
    result = runner.invoke(app, ["questionnaire", "export", "-j", "XYZ", "--out",
                                 str(tmp_path / "q.xlsx")])
    assert result.exit_code == 2 and "q.xlsx" in result.output


def _fill_csv(path: Path, answers: dict[str, dict[str, str]]) -> None:
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    for row in rows:
        row.update(answers.get(row["id"], {}))
    assert fields is not None
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_round_trip_csv(tmp_path: Path) -> None:
    before = _assess(tmp_path)
    assert before[QUESTIONNAIRE_ONLY]["status"] == "not_assessable"
    assert before[BOTH]["status"] in ("met", "partially_met", "not_met")
    text_status = before[BOTH]["status"]

    form = tmp_path / "q.csv"
    assert runner.invoke(app, ["questionnaire", "export", "-j", "XYZ", "--out",
                               str(form)]).exit_code == 0
    who = {"respondent": "Ministry of Justice", "answered_on": "2025-03-01"}
    _fill_csv(form, {
        QUESTIONNAIRE_ONLY: {"answer": "yes", "explanation": "Police and prosecutors are "
                             "trained every year.", "supporting_document": "training-plan.pdf",
                             **who},
        BOTH: {"answer": "partly", "explanation": "Child-friendly rooms in two courts.", **who},
        STAKEHOLDER: {"answer": "No", "explanation": "Sextortion, grooming, live-streaming.",
                      **who},
    })
    store = tmp_path / "answers.json"
    result = runner.invoke(app, ["questionnaire", "import", str(form), "--into", str(store)])
    assert result.exit_code == 0, result.output
    assert "imported 3 answers" in result.stdout

    after = _assess(tmp_path, "--answers", str(store))
    f = after[QUESTIONNAIRE_ONLY]
    assert f["status"] == "met"
    ev = f["evidence"][0]
    assert ev["kind"] == "answer" and ev["provision"] == QUESTIONNAIRE_ONLY
    assert ev["instrument"] == "q.csv"
    assert "trained every year" in ev["quote"] and "training-plan.pdf" in ev["quote"]
    assert "Ministry of Justice" in f["rationale"] and "2025-03-01" in f["rationale"]
    b = after[BOTH]
    assert any(e.get("kind") == "answer" for e in b["evidence"])
    assert b["status"] == "partially_met"
    assert text_status in b["rationale"] or "agrees" in b["rationale"]
    assert after[STAKEHOLDER]["status"] == "not_met"
    # findings without answers are untouched
    untouched = [k for k in before if k not in (QUESTIONNAIRE_ONLY, BOTH, STAKEHOLDER)]
    assert all(after[k] == before[k] for k in untouched)
    # the filled questionnaire itself is accepted too
    direct = _assess(tmp_path, "--answers", str(form))
    assert direct[QUESTIONNAIRE_ONLY]["status"] == "met"


def test_round_trip_json_and_merge(tmp_path: Path) -> None:
    form = tmp_path / "q.json"
    runner.invoke(app, ["questionnaire", "export", "-j", "XYZ", "--out", str(form)])
    data = json.loads(form.read_text(encoding="utf-8"))
    for q in data["questions"]:
        if q["id"] == QUESTIONNAIRE_ONLY:
            q.update(answer="no", explanation="No training yet.", respondent="NGO coalition",
                     answered_on="2024-01-10")
    form.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "answers.json"
    assert runner.invoke(app, ["questionnaire", "import", str(form), "--into",
                               str(store)]).exit_code == 0
    assert _assess(tmp_path, "--answers", str(store))[QUESTIONNAIRE_ONLY]["status"] == "not_met"
    # a later answer to the same question replaces the earlier one
    for q in data["questions"]:
        if q["id"] == QUESTIONNAIRE_ONLY:
            q.update(answer="partly", answered_on="2025-06-01")
    form.write_text(json.dumps(data), encoding="utf-8")
    assert runner.invoke(app, ["questionnaire", "import", str(form), "--into",
                               str(store)]).exit_code == 0
    assert read_answers(store).answers[QUESTIONNAIRE_ONLY].answer == "partly"


def test_malformed_csv_changes_nothing(tmp_path: Path) -> None:
    form = tmp_path / "q.csv"
    runner.invoke(app, ["questionnaire", "export", "-j", "XYZ", "--out", str(form)])
    good = {"answer": "yes", "respondent": "Ministry", "answered_on": "2025-01-01"}
    store = tmp_path / "answers.json"
    _fill_csv(form, {QUESTIONNAIRE_ONLY: good})
    assert runner.invoke(app, ["questionnaire", "import", str(form), "--into",
                               str(store)]).exit_code == 0
    kept = store.read_bytes()
    _fill_csv(form, {QUESTIONNAIRE_ONLY: {**good, "answer": "no"},
                     BOTH: {**good, "answer": "maybe"},
                     STAKEHOLDER: {**good, "answered_on": "01/02/2025"}})
    result = runner.invoke(app, ["questionnaire", "import", str(form), "--into", str(store)])
    assert result.exit_code == 2
    assert "q.csv" in result.output and "nothing was imported" in result.output
    rows = {r["id"]: n for n, r in enumerate(csv.DictReader(form.open(encoding="utf-8")), 2)}
    assert f"row {rows[BOTH]} ({BOTH})" in result.output and "'maybe'" in result.output
    assert f"row {rows[STAKEHOLDER]} ({STAKEHOLDER})" in result.output
    assert store.read_bytes() == kept  # the good row of the bad file was not imported either


@pytest.mark.parametrize("content,message", [
    ("", "empty"),
    ("{not json", "not valid JSON"),
    ('{"jurisdiction": "XYZ", "questions": [{"id": "unicef.nope", "answer": "yes", '
     '"respondent": "x", "answered_on": "2025-01-01"}]}', "unknown question id"),
    ('{"jurisdiction": "XYZ", "questions": [{"id": "' + QUESTIONNAIRE_ONLY + '", '
     '"answer": "yes", "answered_on": "2025-01-01"}]}', "respondent"),
    ('{"jurisdiction": "XYZ", "questions": [{"id": "unicef.criminalization.child_definition", '
     '"answer": "yes", "respondent": "x", "answered_on": "2025-01-01"}]}',
     "unknown question id"),  # a text item: the law shows it, no answer is taken
])
def test_malformed_json(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(AnswerFileError, match=message) as info:
        read_answers(bad)
    assert "bad.json" in str(info.value)
    store = tmp_path / "answers.json"
    result = runner.invoke(app, ["questionnaire", "import", str(bad), "--into", str(store)])
    assert result.exit_code == 2 and "bad.json" in result.output
    assert not store.exists()


def test_answers_for_another_jurisdiction_refused(tmp_path: Path) -> None:
    form = tmp_path / "q.json"
    runner.invoke(app, ["questionnaire", "export", "-j", "ABC", "--out", str(form)])
    result = runner.invoke(app, ["assess", str(_law(tmp_path)), "-j", "XYZ", "--answers",
                                 str(form)])
    assert result.exit_code == 2 and "ABC" in result.output


def test_import_into_review_database(tmp_path: Path) -> None:
    from sqlalchemy import select

    from coplaw.store.db import open_store
    from coplaw.store.models import QuestionnaireAnswer

    form = tmp_path / "q.csv"
    runner.invoke(app, ["questionnaire", "export", "-j", "XYZ", "--out", str(form)])
    _fill_csv(form, {QUESTIONNAIRE_ONLY: {"answer": "partly", "explanation": "Some courses.",
                                          "respondent": "Ministry", "answered_on": "2025-02-03"}})
    db = tmp_path / "review.sqlite"
    result = runner.invoke(app, ["questionnaire", "import", str(form), "--into",
                                 str(tmp_path / "a.json"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = open_store(str(db))
    try:
        with store.session() as s:
            rows = s.scalars(select(QuestionnaireAnswer)).all()
            assert [(r.question, r.answer, r.respondent, r.answered_on) for r in rows] == [
                (QUESTIONNAIRE_ONLY, "partly: Some courses.", "Ministry", "2025-02-03")]
    finally:
        store.close()
