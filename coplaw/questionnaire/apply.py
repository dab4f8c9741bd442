"""Cite questionnaire answers in an assessment.

An answered item waiting for answers (``not_assessable``) takes the answer's verdict: yes is
``met``, partly ``partially_met``, no ``not_met``. An item judged from the text that also
needs answers (``both``) keeps its text evidence and adds the answer; when the two disagree the
finding is ``partially_met`` and the rationale says why. The answer is evidence of kind
``answer``: the instrument is the answer file, the provision the question id.
"""

from __future__ import annotations

from coplaw.findings import Assessment, Evidence, Finding, Status
from coplaw.questionnaire.answers import Answer, AnswerSet
from coplaw.standards.catalogue import load_catalogue

VERDICT: dict[str, Status] = {"yes": "met", "partly": "partially_met", "no": "not_met"}


def answer_evidence(ans: Answer) -> Evidence:
    quote = ans.answer + (f": {ans.explanation}" if ans.explanation else "")
    if ans.supporting_document:
        quote += f" (supporting document: {ans.supporting_document})"
    return Evidence(ans.source_file, ans.question, quote, 0, len(quote), kind="answer")


def _said(ans: Answer) -> str:
    return f"{ans.respondent} answered {ans.answer!r} on {ans.answered_on}"


def _with_answer(finding: Finding, ans: Answer) -> Finding:
    verdict = VERDICT[ans.answer]
    ev = answer_evidence(ans)
    if finding.status == "not_assessable":
        return Finding(finding.standard, finding.framework, verdict, 0.8,
                       f"Questionnaire answer: {_said(ans)}"
                       + (f" ({ans.explanation})" if ans.explanation else "") + ".",
                       "questionnaire-answer", [ev])
    status: Status
    if finding.status == verdict:
        status, note = finding.status, "the answer agrees with the text"
    else:
        status = "partially_met"
        note = (f"the text gives {finding.status} but the answer gives {verdict}, so only part "
                "is shown")
    return Finding(finding.standard, finding.framework, status,
                   round(min(finding.confidence, 0.8), 2),
                   f"{finding.rationale} Questionnaire answer: {_said(ans)}; {note}.",
                   f"{finding.method} + questionnaire-answer", [*finding.evidence, ev])


def _through_crosswalk(finding: Finding, answers: AnswerSet) -> Finding:
    """A finding carried over from an equivalent item that waited for answers takes the
    answer given to that item, saying so."""
    if finding.status != "not_assessable" or not finding.method.startswith("crosswalk:"):
        return finding
    source = finding.method.split(":", 1)[1]
    ans = answers.answers.get(source)
    if ans is None:
        return finding
    done = _with_answer(finding, ans)
    done.rationale = f"Through the crosswalk from the equivalent item {source}: {done.rationale}"
    done.method = f"crosswalk:{source} + questionnaire-answer"
    return done


def apply_answers(assessment: Assessment, answers: AnswerSet) -> Assessment:
    """A new assessment with the answers cited; the input is left unchanged."""
    cat = load_catalogue()
    findings: list[Finding] = []
    done: set[str] = set()
    for f in assessment.findings:
        ans = answers.answers.get(f.standard)
        if ans is None or f.standard in done:
            findings.append(_through_crosswalk(f, answers))
            continue
        findings.append(_with_answer(f, ans))
        done.add(f.standard)
    assessed = {f.framework for f in assessment.findings}
    for qid, ans in answers.answers.items():
        fw = cat.item_framework.get(qid)
        if qid not in done and fw in assessed:
            blank = Finding(qid, fw, "not_assessable", 1.0, "", "questionnaire-needed", [])
            findings.append(_with_answer(blank, ans))
    return Assessment(assessment.jurisdiction, assessment.instruments, findings,
                      list(assessment.errors))
