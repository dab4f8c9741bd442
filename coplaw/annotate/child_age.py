"""Age thresholds: "a person under the age of eighteen years", "moins de dix-huit ans".

An age phrase is a below-word (under, moins de, menor de, unter, ...) followed by a number in
digits or words and a unit (years, ans, años, Jahren). German also writes the number first
("das 18. Lebensjahr noch nicht vollendet"), which is read backwards from the below-word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coplaw.annotate.concepts import CompiledLexicon, ConceptIndex

MAX_AGE = 21  # above this, "under 25 years" is a term of imprisonment, not an age of childhood


@dataclass(frozen=True)
class AgePhrase:
    age: int
    start: int
    end: int


def _value(token: str, lex: CompiledLexicon) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return lex.numbers.get(token)


def restated_number(lex: CompiledLexicon) -> str:
    """The number said again in brackets, in words or in digits: "eighteen (18) years",
    "18 (eighteen) years", "১৮ (আঠার) বৎসর"."""
    return rf"(?:\s*\((?:{lex.number_pattern})\))?"


def age_phrases(index: ConceptIndex, start: int, end: int) -> list[AgePhrase]:
    """Every age threshold between ``start`` and ``end``."""
    lex = index.lexicon
    unit = lex.patterns.get("age_unit")
    if unit is None:
        return []
    text = index.instrument.text
    again = restated_number(lex)
    ahead = re.compile(
        rf"\W{{0,3}}(?:[^\W\d]+\s+){{0,3}}?({lex.number_pattern})\.?{again}\s+",
        re.IGNORECASE,
    )
    behind = re.compile(rf"({lex.number_pattern})\.?{again}\s*\S*\s*$", re.IGNORECASE)
    out: list[AgePhrase] = []
    for m in index.within("age_below", start, end):
        # an age belongs to someone: "a person under 18", not "imprisonment not less than 5 years"
        # (the person may also follow: "einer noch nicht achtzehn Jahre alten Person")
        if not index.has("age_subject", max(0, m.start - 80), m.end + 60):
            continue
        if index.has("offence_marker", max(0, m.start - 60), m.start):
            continue  # "imprisonment for not less than five years"
        a = ahead.match(text, m.end, min(len(text), m.end + 60))
        u = unit.match(text, a.end()) if a else None
        if a and u:
            value = _value(a.group(1), lex)
            if value is not None and 1 <= value <= MAX_AGE:
                out.append(AgePhrase(value, m.start, u.end()))
                continue
        b = behind.search(text, max(0, m.start - 30), m.start)
        if b and unit.search(text, b.start(), m.start):
            value = _value(b.group(1), lex)
            if value is not None and 1 <= value <= MAX_AGE:
                out.append(AgePhrase(value, b.start(), m.end))
    return out
