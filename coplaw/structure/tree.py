"""Trees that come with the source (Akoma Ntoso, USLM, Justice Canada XML): kept as given,
eIds included, with schedules moved apart and duplicate eIds made unique."""

from __future__ import annotations

from coplaw.document import Provision
from coplaw.structure.eids import EidRegistry

_SCHEDULE_KINDS = {"schedule", "attachment", "annex", "appendix"}


def adopt_tree(tree: list[Provision]) -> tuple[list[Provision], list[Provision]]:
    """Split a reader's tree into body and schedules; eIds stay, repeats get "_2"."""
    reg = EidRegistry()
    body: list[Provision] = []
    schedules: list[Provision] = []
    for top in tree:
        for prov in top.walk():
            prov.eid = reg.claim(prov.eid)
        (schedules if top.kind in _SCHEDULE_KINDS else body).append(top)
    return body, schedules


def find_provision(provisions: list[Provision], offset: int) -> Provision | None:
    """The deepest provision whose span holds ``offset``."""
    best: Provision | None = None
    level = provisions
    while True:
        hit = next((p for p in level if p.start <= offset < p.end), None)
        if hit is None:
            return best
        best = hit
        level = hit.children
