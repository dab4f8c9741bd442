"""Read, validate and keep questionnaire answers.

A filled questionnaire (JSON or CSV, as exported) is checked whole before anything is kept:
every problem is reported with the file and the row, and a file with any problem changes
nothing. Rows with neither an answer nor an explanation are unanswered and skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coplaw.errors import CoplawError
from coplaw.questionnaire.questions import ANSWERS, question_ids

SYNONYMS = {"yes": "yes", "y": "yes", "partly": "partly", "partial": "partly",
            "partially": "partly", "no": "no", "n": "no"}
MAX_ERRORS = 10


class AnswerFileError(CoplawError):
    """A filled questionnaire is malformed; the message names the file and each bad row."""


@dataclass
class Answer:
    question: str
    answer: str  # yes | partly | no
    explanation: str
    respondent: str
    answered_on: str
    supporting_document: str = ""
    source_file: str = ""
    row: int = 0


@dataclass
class AnswerSet:
    jurisdiction: str
    answers: dict[str, Answer] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"coplaw_answers": 1, "jurisdiction": self.jurisdiction,
                "answers": [asdict(a) for a in self.answers.values()]}


def _rows_json(path: Path, raw: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AnswerFileError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise AnswerFileError(f"{path}: expected a JSON object with 'jurisdiction' and "
                              "'questions'")
    rows = data.get("questions", data.get("answers"))
    if not isinstance(rows, list):
        raise AnswerFileError(f"{path}: no 'questions' list")
    jur = data.get("jurisdiction")
    if not isinstance(jur, str) or not jur.strip():
        raise AnswerFileError(f"{path}: 'jurisdiction' is missing")
    out = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise AnswerFileError(f"{path}: question {n}: expected an object")
        if "question" in row and "id" not in row:  # an answers file written by import
            row = {**row, "id": row["question"]}
        out.append((n, row))
    return jur.strip(), out


def _rows_csv(path: Path, raw: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    reader = csv.DictReader(raw.splitlines())
    needed = {"jurisdiction", "id", "answer", "explanation", "respondent", "answered_on"}
    missing = needed - set(reader.fieldnames or [])
    if missing:
        raise AnswerFileError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    rows = [(n, dict(r)) for n, r in enumerate(reader, start=2)]  # row 1 is the header
    jurs = {(r.get("jurisdiction") or "").strip() for _, r in rows} - {""}
    if len(jurs) > 1:
        named = ", ".join(sorted(jurs))
        raise AnswerFileError(f"{path}: rows name several jurisdictions ({named})")
    if not jurs:
        raise AnswerFileError(f"{path}: the jurisdiction column is empty")
    return jurs.pop(), rows


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def read_answers(path: Path) -> AnswerSet:
    """Validate a filled questionnaire; :class:`AnswerFileError` lists every bad row."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise AnswerFileError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerFileError(f"{path}: cannot read as UTF-8 text: {exc}") from exc
    if not raw.strip():
        raise AnswerFileError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".json":
        jur, rows = _rows_json(path, raw)
    elif suffix == ".csv":
        jur, rows = _rows_csv(path, raw)
    else:
        raise AnswerFileError(f"{path}: unknown answer file type {suffix or '(none)'}; use the "
                              ".json or .csv questionnaire (the HTML form saves .json)")
    known = question_ids()
    today = dt.date.today()
    errors: list[str] = []
    result = AnswerSet(jur)
    label = "row" if suffix == ".csv" else "question"
    for n, row in rows:
        qid = _text(row, "id")
        where = f"{path}: {label} {n}" + (f" ({qid})" if qid else "")
        answer = _text(row, "answer").lower()
        explanation = _text(row, "explanation")
        if not answer and not explanation and not _text(row, "supporting_document"):
            continue  # unanswered
        if not qid:
            errors.append(f"{where}: the question id is empty")
            continue
        if qid not in known:
            errors.append(f"{where}: unknown question id {qid!r}")
            continue
        if answer not in SYNONYMS:
            errors.append(f"{where}: answer {answer or '(empty)'!r} must be one of "
                          f"{', '.join(ANSWERS)}")
        respondent = _text(row, "respondent")
        if not respondent:
            errors.append(f"{where}: who answered (respondent) is missing")
        when = _text(row, "answered_on")
        try:
            day = dt.date.fromisoformat(when)
            if day > today:
                errors.append(f"{where}: answered_on {when} is in the future")
        except ValueError:
            errors.append(f"{where}: answered_on {when or '(empty)'!r} is not a date "
                          "(YYYY-MM-DD)")
        if qid in result.answers:
            errors.append(f"{where}: question answered twice (also {label} "
                          f"{result.answers[qid].row})")
        result.answers[qid] = Answer(qid, SYNONYMS.get(answer, answer), explanation, respondent,
                                     when, _text(row, "supporting_document"),
                                     _text(row, "source_file") or path.name, n)
    if errors:
        shown = "\n  ".join(errors[:MAX_ERRORS])
        more = f"\n  (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise AnswerFileError(f"{len(errors)} problem(s) in {path}; nothing was imported:\n  "
                              f"{shown}{more}")
    return result


def answers_for(path: Path, jurisdiction: str) -> AnswerSet:
    """Answers from ``path`` that must belong to ``jurisdiction``."""
    found = read_answers(path)
    if found.jurisdiction.upper() != jurisdiction.upper():
        raise AnswerFileError(f"{path}: the answers are for {found.jurisdiction}, not "
                              f"{jurisdiction}")
    return found


def merge(into: AnswerSet, new: AnswerSet) -> AnswerSet:
    """Answers of ``new`` replace older answers to the same question."""
    if into.jurisdiction != new.jurisdiction:
        raise AnswerFileError(f"answers for {new.jurisdiction} cannot join the answers of "
                              f"{into.jurisdiction}")
    merged = AnswerSet(into.jurisdiction, dict(into.answers))
    for qid, ans in new.answers.items():
        old = merged.answers.get(qid)
        if old is None or ans.answered_on >= old.answered_on:
            merged.answers[qid] = ans
    return merged


def save(answers: AnswerSet, path: Path) -> None:
    """Write atomically: a crash never leaves a half-written answers file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".answers-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(answers.to_dict(), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record_in_store(answers: AnswerSet, db: str, source: Path) -> None:
    """Keep the answers in the review database too, in one transaction (all or none), each
    with an audit entry (the store records who answered, when, and from which file)."""
    from coplaw.store.db import open_store
    from coplaw.store.records import record_answer

    store = open_store(db)
    try:
        with store.session() as session:
            for a in answers.answers.values():
                text = a.answer + (f": {a.explanation}" if a.explanation else "")
                if a.supporting_document:
                    text += f" (supporting document: {a.supporting_document})"
                record_answer(session, answers.jurisdiction, a.question, text,
                              respondent=a.respondent, answered_on=a.answered_on,
                              source_file=str(source), actor="coplaw questionnaire import")
    finally:
        store.close()


def import_file(source: Path, into: Path, db: str | None = None) -> tuple[AnswerSet, int]:
    """Validate ``source`` and merge it into the answers file ``into`` (created if absent),
    and into the database ``db`` when given. Nothing is written unless every row is valid.
    Returns the merged set and how many answers the source brought."""
    new = read_answers(source)
    existing = read_answers(into) if into.exists() else AnswerSet(new.jurisdiction)
    merged = merge(existing, new)
    if db is not None:
        record_in_store(new, db, source)
    save(merged, into)
    return merged, len(new.answers)
