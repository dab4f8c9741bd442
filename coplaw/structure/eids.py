"""eId numbers per the Akoma Ntoso naming convention: "(2)" -> "2", "227-23" -> "227-23",
"189 bis" -> "189bis", "1.2." -> "1-2", "1º" -> "1".

The convention strips leading and trailing punctuation and all whitespace, and turns the
punctuation left inside into hyphens; the number keeps its case ("part_II").
"""

from __future__ import annotations

import re
import unicodedata

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w]+")


def clean_num(num: str) -> str:
    """The eId form of a provision number; "nn" when nothing is left (unnumbered)."""
    num = num.replace("º", "").replace("°", "").replace("ª", "")
    num = _EDGE.sub("", num)
    num = _SPACE.sub("", num)
    num = _PUNCT.sub("-", num)
    num = "".join(c for c in unicodedata.normalize("NFKD", num) if not unicodedata.combining(c))
    return num or "nn"


class EidRegistry:
    """Hands out eIds that are unique within one instrument (a repeat gets "_2", "_3")."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, prefix: str, kind_prefix: str, num: str | None) -> str:
        base = f"{prefix}__" if prefix else ""
        base += f"{kind_prefix}_{clean_num(num) if num else 'nn'}"
        eid, n = base, 2
        if num is None:
            eid, n = f"{base}_1", 2
        while eid in self.seen:
            eid, n = f"{base}_{n}", n + 1
        self.seen.add(eid)
        return eid

    def claim(self, eid: str) -> str:
        """Register an eId that came with the source (Akoma Ntoso), de-duplicating only."""
        out, n = eid, 2
        while out in self.seen:
            out, n = f"{eid}_{n}", n + 1
        self.seen.add(out)
        return out
