"""Parents and guardians who permit or acquiesce in a child's sexual exploitation.

``material`` says whether the provision speaks of abuse material (what the model law asks);
otherwise it covers only sexual exploitation or prostitution in general.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching

REACH = 200  # characters from the parent to the permitting verb, and from it to the material


def parental_acquiescence(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(
        index,
        windows,
        ["parent", "permit", "offence_marker"],
        any_of=[["csam", "exploitation", "sexual"]],
        inherit=frozenset({"offence_marker"}),
    ):
        # the parent is the one who permits: "a parent ... who permits", within a short reach
        pairs = [
            (p, q)
            for p in index.within("parent", w.start, w.end)
            for q in index.within("permit", p.end, min(w.end, p.end + REACH))
        ]
        if not pairs:
            continue
        parent, permit = pairs[0]
        after = (permit.end, min(w.end, permit.end + REACH * 2))
        # the material named, or described: "to engage in sexual conduct for producing a depiction"
        material = (
            index.has("csam", *after)
            or (index.has("representation", *after) and index.has("sexual", *after))
            # "consents to the child being so used": the material named earlier in the section
            or (
                index.has("back_reference", *after)
                and index.has("csam", w.unit[0], permit.start)
            )
        )
        # otherwise what the parent permits must be sexual: a guardian's consent to publishing
        # a name is no acquiescence in exploitation
        sexual = index.has("exploitation", *after) or index.has("sexual", *after)
        if not material and not (sexual and index.has("child", w.start, w.end)):
            continue
        anchors = [parent, permit] + first_in(index, w, ["csam" if material else "exploitation"])
        out.append(feature("parental_acquiescence", index, w, anchors, material=material))
    return out
