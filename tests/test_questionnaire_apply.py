"""How answers change findings: verdicts, agreement with text findings, crosswalk carry-over."""

from __future__ import annotations

from coplaw.findings import Assessment, Evidence, Finding
from coplaw.questionnaire.answers import Answer, AnswerSet
from coplaw.questionnaire.apply import apply_answers


def _answers(**given: str) -> AnswerSet:
    out = AnswerSet("XYZ")
    for qid, verdict in given.items():
        qid = qid.replace("__", ".")
        out.answers[qid] = Answer(qid, verdict, "because", "Ministry", "2025-01-02",
                                  "report.pdf", "answers.json", 3)
    return out


def _assessment(*findings: Finding) -> Assessment:
    return Assessment("XYZ", [], list(findings))


TEXT_EV = Evidence("act", "sec_5", "the court shall hear the child in private", 10, 52)


def test_verdicts_and_agreement() -> None:
    waiting = Finding("unicef.victims.workforce_training", "unicef-checklist", "not_assessable",
                      1.0, "needs answers", "questionnaire-needed")
    text_met = Finding("unicef.victims.child_friendly_justice", "unicef-checklist", "met", 0.9,
                       "Found a closed hearing.", "rule", [TEXT_EV])
    other = Finding("unicef.criminalization.child_definition", "unicef-checklist", "met", 0.9,
                    "Found.", "rule", [])
    result = apply_answers(_assessment(waiting, text_met, other), _answers(
        unicef__victims__workforce_training="partly",
        unicef__victims__child_friendly_justice="yes"))
    by = {f.standard: f for f in result.findings}
    f = by["unicef.victims.workforce_training"]
    assert f.status == "partially_met" and f.method == "questionnaire-answer"
    assert f.evidence[0].kind == "answer" and f.evidence[0].provision == f.standard
    assert "report.pdf" in f.evidence[0].quote
    agree = by["unicef.victims.child_friendly_justice"]
    assert agree.status == "met" and agree.evidence[0] == TEXT_EV and len(agree.evidence) == 2
    assert "agrees" in agree.rationale
    assert by["unicef.criminalization.child_definition"] is other
    # the input is not changed
    assert waiting.status == "not_assessable"


def test_disagreement_is_partial() -> None:
    text_met = Finding("unicef.victims.child_friendly_justice", "unicef-checklist", "met", 0.9,
                       "Found a closed hearing.", "rule", [TEXT_EV])
    result = apply_answers(_assessment(text_met),
                           _answers(unicef__victims__child_friendly_justice="no"))
    f = result.findings[0]
    assert f.status == "partially_met" and "text gives met" in f.rationale


def test_answer_carried_through_crosswalk() -> None:
    source = Finding("unicef.evidence.child_participation", "unicef-checklist",
                     "not_assessable", 1.0, "needs answers", "questionnaire-needed")
    carried = Finding("itu.principle.participation", "itu-cop-checklist", "not_assessable",
                      0.9, "Judged through the crosswalk", "crosswalk:unicef.evidence."
                      "child_participation")
    result = apply_answers(_assessment(source, carried),
                           _answers(unicef__evidence__child_participation="no"))
    by = {f.standard: f for f in result.findings}
    assert by["unicef.evidence.child_participation"].status == "not_met"
    f = by["itu.principle.participation"]
    assert f.status == "not_met" and "crosswalk" in f.rationale
    assert f.evidence[0].kind == "answer"


def test_answered_item_missing_from_assessment_is_added() -> None:
    present = Finding("unicef.criminalization.child_definition", "unicef-checklist", "met", 0.9,
                      "Found.", "rule", [])
    result = apply_answers(_assessment(present),
                           _answers(unicef__evidence__civil_society_input="yes",
                                    gp__question__6_engage_experts="yes"))
    ids = {f.standard for f in result.findings}
    assert "unicef.evidence.civil_society_input" in ids
    assert "gp.question.6_engage_experts" not in ids  # that framework was not assessed
