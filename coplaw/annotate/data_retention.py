"""Retention and preservation of communications data (traffic, subscriber, computer data).

A rule about keeping records in general (archives, accounts) does not count: the provision
must speak of communications or computer data. ``period`` is the time stated, if any.
"""

from __future__ import annotations

import re

from coplaw.annotate.child_age import restated_number
from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching


def data_retention(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    lex = index.lexicon
    unit = lex.patterns.get("time_unit")
    number = re.compile(rf"(?<!\w)({lex.number_pattern}){restated_number(lex)}\s+", re.IGNORECASE)
    text = index.instrument.text
    out: list[Feature] = []
    for w in matching(index, windows, ["retention", "comm_data"]):
        period = None
        if unit is not None:
            for m in number.finditer(text, w.start, w.end):
                u = unit.match(text, m.end())
                # "imprisonment for three years" is a penalty, not how long data is kept
                if index.has("offence_marker", max(w.start, m.start() - 60), m.start()):
                    continue
                if u and u.end() <= w.end:
                    period = text[m.start() : u.end()]
                    break
        out.append(
            feature(
                "data_retention",
                index,
                w,
                first_in(index, w, ["retention", "comm_data"]),
                period=period,
            )
        )
    return out
