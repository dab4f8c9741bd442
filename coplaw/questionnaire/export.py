"""Write the questionnaire for a jurisdiction as JSON, CSV or an HTML form.

All three carry the same fields; the answer columns are empty. The HTML form saves the filled
answers as JSON in the import format, so any of the three comes back through
``coplaw questionnaire import``.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from pathlib import Path
from typing import Any

from coplaw.errors import CoplawError
from coplaw.questionnaire.questions import ANSWERS, Question, questions

FORMAT_VERSION = 1
QUESTION_FIELDS = ("id", "framework", "title", "question", "paraphrase", "source", "authority")
ANSWER_FIELDS = ("answer", "explanation", "supporting_document", "respondent", "answered_on")
CSV_FIELDS = ("jurisdiction", *QUESTION_FIELDS, *ANSWER_FIELDS)


def _row(q: Question) -> dict[str, Any]:
    row: dict[str, Any] = {f: getattr(q, f) for f in QUESTION_FIELDS}
    row.update({f: "" for f in ANSWER_FIELDS})
    return row


def to_json(jurisdiction: str) -> str:
    data = {"coplaw_questionnaire": FORMAT_VERSION, "jurisdiction": jurisdiction,
            "generated": dt.date.today().isoformat(),
            "instructions": "Fill answer (yes, partly or no), explanation, supporting_document, "
                            "respondent and answered_on (YYYY-MM-DD) for the questions you can "
                            "answer; leave the others empty.",
            "questions": [_row(q) for q in questions()]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(jurisdiction: str) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for q in questions():
        writer.writerow({"jurisdiction": jurisdiction, **_row(q)})
    return buf.getvalue()


_SCRIPT = """
function coplawSave(){
  var rows=[];document.querySelectorAll('fieldset[data-id]').forEach(function(fs){
    var r={id:fs.dataset.id};['answer','explanation','supporting_document','respondent',
    'answered_on'].forEach(function(k){var el=fs.querySelector('[name="'+k+'"]');
    if(k==='answer'){var c=fs.querySelector('input[name="answer-'+fs.dataset.id+'"]:checked');
    r[k]=c?c.value:'';}else{r[k]=el?el.value:'';}});rows.push(r);});
  var who=document.getElementById('respondent').value,when=document.getElementById('date').value;
  rows.forEach(function(r){if(!r.respondent)r.respondent=who;if(!r.answered_on)r.answered_on=when;});
  var data={coplaw_questionnaire:1,jurisdiction:document.body.dataset.jurisdiction,questions:rows};
  var a=document.createElement('a');
  a.href=URL.createObjectURL(new Blob([JSON.stringify(data,null,2)],{type:'application/json'}));
  a.download='answers-'+data.jurisdiction+'.json';a.click();return false;}
"""


def to_html(jurisdiction: str) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>coplaw questionnaire: {esc(jurisdiction)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}fieldset{margin:1em 0}"
        "small{color:#555}textarea{width:100%}</style></head>",
        f"<body data-jurisdiction='{esc(jurisdiction)}'>",
        f"<h1>Questionnaire for {esc(jurisdiction)}</h1>",
        "<p>Answer what you can; leave the rest empty. <em>Save answers</em> downloads a JSON "
        "file to return (import it with <code>coplaw questionnaire import</code>).</p>",
        "<form onsubmit='return coplawSave()'>",
        "<p><label>Answered by <input id='respondent' required></label> "
        "<label>on <input id='date' type='date' required></label></p>",
    ]
    for q in questions():
        qid = esc(q.id)
        radios = " ".join(
            f"<label><input type='radio' name='answer-{qid}' value='{a}'> {a}</label>"
            for a in ANSWERS)
        parts.append(
            f"<fieldset data-id='{qid}'><legend><b>{esc(q.question)}</b></legend>"
            f"<p><small>{esc(q.paraphrase)} ({esc(q.framework)}; {esc(q.source)})</small></p>"
            f"<p>{radios}</p>"
            f"<p><label>Explanation<br><textarea name='explanation' rows='2'></textarea></label>"
            f"</p><p><label>Supporting document <input name='supporting_document'></label> "
            f"<label>Respondent (if not the one above) <input name='respondent'></label> "
            f"<label>Date <input name='answered_on' type='date'></label></p></fieldset>")
    parts.append("<p><button type='submit'>Save answers</button></p></form>")
    parts.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(parts)


WRITERS = {".json": to_json, ".csv": to_csv, ".html": to_html, ".htm": to_html}


def export(jurisdiction: str, out: Path) -> int:
    """Write the questionnaire to ``out`` in the format its extension names; returns the
    number of questions."""
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        raise CoplawError(f"{out}: unknown questionnaire format {out.suffix or '(none)'}; "
                          "use .html, .csv or .json")
    try:
        out.write_text(writer(jurisdiction), encoding="utf-8")
    except OSError as exc:
        raise CoplawError(f"{out}: cannot write: {exc}") from exc
    return len(questions())
