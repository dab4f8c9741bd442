"""Age thresholds ("under the age of 18", "menor de 18 años") and whether they define who is a
child or minor (the model law asks for 18 regardless of the age of consent)."""

from __future__ import annotations

from coplaw.annotate.model import Annotation
from coplaw.annotate.scan import Scan


def _number(raw: str, numbers: dict[str, int]) -> int | None:
    raw = raw.strip()
    if raw.isdigit():
        return int(raw)
    return numbers.get(raw)


def annotate(scan: Scan) -> list[Annotation]:
    out: list[Annotation] = []
    lex = scan.lex
    for seg in scan.segments:
        if not scan.has("child", seg.start, seg.end):
            continue  # an age threshold matters where it says who is a child or minor
        chunk = scan.folded[seg.start:seg.end]
        defines_child = scan.has("child", seg.start, seg.end) and scan.has(
            "definition_marker", seg.start, seg.end)
        for pat in lex.ages:
            for m in pat.finditer(chunk):
                groups = [g for g in m.groups() if g]
                age = _number(groups[0], lex.numbers) if groups else None
                if age is None:
                    continue
                out.append(Annotation(scan.instrument.id, seg.eid, "age",
                                      seg.start + m.start(), seg.start + m.end(),
                                      {"age": age, "defines_child": defines_child}))
    return out
