"""Numbering of subdivisions: which level a marker like (1), (a), (i), (A) opens or continues.

The same characters can belong to two sequences: "(i)" is the ninth letter after "(h)" and the
first roman numeral under a paragraph; "(v)" and "(x)" likewise. As in regparser, the choice is
made from context: the markers already open (a marker continues its own sequence or starts a new,
deeper one) and, for a true tie, the next marker ("(i)" followed by "(ii)" is roman).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ARABIC = "arabic"  # (1) (2) (2A) (2.1)
LOWER = "lower"  # (a) (b) (aa)
ROMAN = "roman"  # (i) (ii)
UPPER = "upper"  # (A) (B)
UROMAN = "uroman"  # (I) (II)

_ROMAN_RE = re.compile(r"^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ARABIC_RE = re.compile(r"^(\d{1,4})(?:\.(\d{1,2}))?([A-Za-z]{0,3})$")


def roman_value(token: str) -> int | None:
    """The value of a roman numeral (either case), or None when ``token`` is not one."""
    low = token.lower()
    if not low or not _ROMAN_RE.match(low):
        return None
    total = 0
    prev = 0
    for ch in reversed(low):
        val = _ROMAN_VALUES[ch]
        total = total - val if val < prev else total + val
        prev = max(prev, val)
    return total


def letter_value(token: str) -> int | None:
    """a=1 .. z=26, aa=27 .. zz=52 (doubled letters, as in (aa) after (z)); None otherwise."""
    low = token.lower()
    if len(low) == 1 and "a" <= low <= "z":
        return ord(low) - 96
    if len(low) == 2 and low[0] == low[1] and "a" <= low[0] <= "z":
        return 26 + ord(low[0]) - 96
    return None


def candidate_types(token: str) -> list[str]:
    """Every sequence ``token`` could belong to; ambiguous tokens ("i", "v", "x") give two."""
    if _ARABIC_RE.match(token):
        return [ARABIC]
    out: list[str] = []
    if token.islower():
        if letter_value(token) is not None:
            out.append(LOWER)
        if roman_value(token) is not None:
            out.append(ROMAN)
    elif token.isupper():
        if letter_value(token) is not None:
            out.append(UPPER)
        if roman_value(token) is not None:
            out.append(UROMAN)
    return out


def value(kind: str, token: str) -> tuple[int, int]:
    """Position of ``token`` in sequence ``kind``: (number, insertion index) so 2A follows 2."""
    if kind == ARABIC:
        m = _ARABIC_RE.match(token)
        assert m is not None
        if m.group(2):
            # (4.1), (4.2) after (4); as decimals, so that (2.01), (2.02) come before (2.1)
            return int(m.group(1)), int(m.group(2).ljust(2, "0"))
        suffix = m.group(3).upper()
        return int(m.group(1)), (ord(suffix[0]) - 64) if suffix else 0
    if kind in (LOWER, UPPER):
        return letter_value(token) or 0, 0
    return roman_value(token) or 0, 0


def is_first(kind: str, token: str) -> bool:
    """Whether ``token`` can open sequence ``kind`` ((1), (a), (i), (A), (I))."""
    return value(kind, token) == (1, 0)


def follows(kind: str, prev: str, token: str) -> bool:
    """Whether ``token`` comes right after ``prev`` in sequence ``kind`` (gaps of one allowed
    for arabic numbers, since repealed subsections leave holes)."""
    pn, ps = value(kind, prev)
    tn, ts = value(kind, token)
    if kind == ARABIC:
        if tn == pn and ts == ps + 1:
            return True  # 2 -> 2A -> 2B
        if tn == pn and ts > ps and "." in token:
            return True  # 2 -> 2.1 -> 2.2, 2.02 -> 2.1
        return (ts <= 1 or "." in token) and pn < tn <= pn + 2
    return tn == pn + 1 and ts == 0


@dataclass
class Level:
    kind: str
    style: str
    token: str


def assign_levels(
    tokens: list[str],
    styles: list[str] | None = None,
    strict: list[bool] | None = None,
    restarts: list[bool] | None = None,
) -> list[tuple[int, str] | None]:
    """Give each marker token its depth (0 = top) and sequence kind, or None to reject it.

    ``styles[i]`` tells how the marker is written ("(1)" and "1." are different sequences, as
    in a German paragraph "(1)" holding points "1.", "2."). ``strict[i]`` says the marker was
    found inline, where a token that fits no open sequence is more likely a reference than a
    marker; line-start markers may open the first level freely. ``restarts[i]`` says a new
    list begins before marker i (a new defined term), so "(a)" may start its sequence again.
    """
    stack: list[Level] = []
    out: list[tuple[int, str] | None] = []
    for i, token in enumerate(tokens):
        style = styles[i] if styles else ""
        kinds = candidate_types(token)
        cont: list[int] = []  # stack levels this token continues, deepest first
        for depth in range(len(stack) - 1, -1, -1):
            lv = stack[depth]
            if lv.kind in kinds and lv.style == style and follows(lv.kind, lv.token, token):
                cont.append(depth)
        opens = [k for k in kinds if is_first(k, token)
                 and all(lv.kind != k or lv.style != style for lv in stack)]
        if not cont and not opens and restarts and restarts[i]:
            same = [d for d, lv in enumerate(stack) if lv.kind in kinds and lv.style == style]
            if same and any(is_first(lv_kind, token) for lv_kind in kinds):
                depth = same[0]
                kind = stack[depth].kind
                out.append((depth, kind))
                del stack[depth:]
                stack.append(Level(kind, style, token))
                continue
        choice: tuple[int, str] | None = None
        if cont and opens:
            # True tie: "(i)" after "(h)". Roman when the next marker is its successor.
            new_kind = opens[0]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            nxt_style = styles[i + 1] if styles and i + 1 < len(tokens) else ""
            if (nxt is not None and nxt_style == style and new_kind in candidate_types(nxt)
                    and follows(new_kind, token, nxt)):
                choice = (len(stack), new_kind)
            else:
                choice = (cont[0], stack[cont[0]].kind)
        elif cont:
            choice = (cont[0], stack[cont[0]].kind)
        elif opens:
            choice = (len(stack), opens[0])
        elif not stack and kinds and not (strict and strict[i]):
            choice = (0, kinds[0])  # a provision whose first marker was lost in extraction
        out.append(choice)
        if choice is not None:
            depth, kind = choice
            del stack[depth:]
            stack.append(Level(kind, style, token))
    return out
