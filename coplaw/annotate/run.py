"""Run every annotator over instruments: plain ``Annotation`` records, computed once."""

from __future__ import annotations

from collections.abc import Callable

from coplaw.annotate import (
    ages,
    duties,
    exemptions,
    material_definitions,
    offences,
    penalties,
    technology,
)
from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan
from coplaw.document import Instrument

ANNOTATORS: tuple[Callable[[Scan], list[Annotation]], ...] = (
    offences.annotate,
    material_definitions.annotate,
    technology.annotate,
    ages.annotate,
    duties.annotate,
    exemptions.annotate,
    penalties.annotate,
)


def annotate_instrument(inst: Instrument) -> list[Annotation]:
    scan = Scan(inst)
    out: list[Annotation] = []
    for fn in ANNOTATORS:
        out.extend(fn(scan))
    return out


def annotate_all(instruments: list[Instrument]) -> dict[str, list[Annotation]]:
    """Annotations by instrument id."""
    return {inst.id: annotate_instrument(inst) for inst in instruments}
