"""Aggravating factors attached to offences on abuse material.

Categories follow the model law: repeat offending, organised crime, and other factors
(violence, a position of trust, the number of images, the child's young age, ...). Only
aggravations in a provision on the material count; a rule for theft by a gang does not.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching

CATEGORIES = {"repeat": "agg_repeat", "organised": "agg_organised", "other": "agg_other"}


def aggravations(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(
        index, windows, ["csam"], any_of=[list(CATEGORIES.values())], inherit=frozenset({"csam"})
    ):
        # a factor raises the penalty only where the law says so ("aggravated", "increased"),
        # or where it is named in the very provision that sets the penalty; a factor listed
        # among the prohibited acts ("debt bondage") is not an aggravation
        if not (index.has("aggravation", *w.unit) or index.has("offence_marker", w.start, w.end)):
            continue
        cats = sorted(k for k, c in CATEGORIES.items() if index.has(c, w.start, w.end))
        anchors = first_in(index, w, [CATEGORIES[c] for c in cats])
        out.append(feature("aggravation", index, w, anchors, categories=cats))
    return out
