"""What the law lets or makes service providers do about abuse material on their services.

``detection_tools``: permission or protection from liability for using technical tools
(filtering, scanning, hash matching, blocking) to find and remove the material.
``removal``: a duty or a liability rule about removing or blocking the material, without any
word about tools (a notice-and-takedown scheme).
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex
from coplaw.annotate.windows import Feature, Window, feature, first_in, matching


def detection_tools(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(index, windows, ["csam", "tool", "permission"]):
        out.append(
            feature("detection_tools", index, w, first_in(index, w, ["permission", "tool", "csam"]))
        )
    return out


def removal(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    out: list[Feature] = []
    for w in matching(index, windows, ["csam", "removal", "bearer_isp"]):
        out.append(feature("removal", index, w, first_in(index, w, ["bearer_isp", "removal"])))
    return out
