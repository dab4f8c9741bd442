"""What is part of a word when legal vocabulary is matched.

Python's ``\\w`` leaves out combining marks (Unicode categories Mn, Mc, Me). In Bengali,
Devanagari, Tamil or pointed Arabic and Hebrew every vowel sign is such a mark, so ``\\w*``
stops in the middle of a word and ``(?!\\w)`` finds a word end before a vowel sign: "শিশু"
would match inside "শিশুকে", and "শিশু*" would end at the "ক".

Two ways out, both here:

* The copies of a text that vocabulary is matched on (lower-cased, folded) write every mark
  as a letter of its own (:func:`marks_as_letters`), one character for one, so offsets hold
  and plain ``\\w`` is right. Phrases and patterns go through the same mapping.
* Patterns that must run on the original text use :data:`WORD_START` / :data:`WORD_END` /
  :data:`WORD_REST`, built on a character class that adds the marks to ``\\w``. That class
  is long, so it is kept to the few patterns that need it.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_LIMIT = 0x20000  # marks beyond the first two planes belong to no script in use
# Stand-ins for the marks: Tangut ideographs, letters of a historical script that no statute
# is written in, 6,136 of them in one block against some 2,200 marks.
_STAND_IN = 0x17000


def _marks() -> list[int]:
    return [c for c in range(_LIMIT) if unicodedata.category(chr(c))[0] == "M"]


_MARKS = _marks()
_TABLE = {code: chr(_STAND_IN + i) for i, code in enumerate(_MARKS)}


def _runs(codes: list[int], joins: bool = False) -> list[tuple[int, int]]:
    """Ranges covering ``codes``; with ``joins`` a range runs on over word characters and
    unassigned code points (already in ``\\w``, or never met): about 130 ranges, not 300."""
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and (ranges[-1][1] == code - 1 or joins and all(
            chr(c).isalnum() or unicodedata.category(chr(c)) == "Cn"
            for c in range(ranges[-1][1] + 1, code)
        )):
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def _class(ranges: list[tuple[int, int]]) -> str:
    # literal characters, not escapes: the regex parser reads them several times faster
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# Split at the first plane: the regex engine tests a class wholly in it against a bitmap, but
# one reaching beyond it range by range, which is some thirty times slower.
_BMP = [c for c in _MARKS if c <= 0xFFFF]
_WORD = f"[\\w{_class(_runs(_BMP, joins=True))}]"
_BEYOND = f"[{_class(_runs(_MARKS[len(_BMP):], joins=True))}]"
WORD = f"(?:{_WORD}|{_BEYOND})"
WORD_START = f"(?<!{_WORD})(?<!{_BEYOND})"  # nothing of a word just before
WORD_END = f"(?!{_WORD})(?!{_BEYOND})"  # nothing of a word just after
WORD_REST = f"{WORD}*"  # the rest of a word, vowel signs included


def is_word_char(ch: str) -> bool:
    """Letters, digits, the underscore and combining marks: what a quote must not cut."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def mark_stand_in(ch: str) -> str:
    """The letter that stands for ``ch`` if it is a combining mark, else ``ch``."""
    return _TABLE.get(ord(ch), ch)


def marks_as_letters(text: str) -> str:
    """``text`` with every combining mark written as a letter (same length, same offsets)."""
    table = {ord(ch): _TABLE[ord(ch)] for ch in set(text) if ord(ch) in _TABLE}
    return text.translate(table) if table else text


@cache
def _lower_table(chars: frozenset[str]) -> dict[int, str]:
    table: dict[int, str] = {}
    for ch in chars:
        low = ch.lower()
        out = mark_stand_in(low if len(low) == 1 else ch)
        if out != ch:
            table[ord(ch)] = out
    return table


def matching_copy(text: str) -> str:
    """``text`` lower-cased one character for one (a letter whose lower case is longer stays
    as it is) with its marks as letters: the copy case-insensitive phrases run on."""
    lowered = text.lower()
    if len(lowered) == len(text):  # the usual case, and much the fastest
        return marks_as_letters(lowered)
    return text.translate(_lower_table(frozenset(text)))


def _excluded_compositions() -> dict[str, str]:
    """Letter + mark pairs that have a one-character form NFC never produces (Bengali য় ড় ঢ়,
    Devanagari क़ and the like): official texts often use that form all the same."""
    out: dict[str, str] = {}
    for code in range(0x3000):
        ch = chr(code)
        parts = unicodedata.decomposition(ch).split()
        canonical = len(parts) == 2 and not parts[0].startswith("<")
        if canonical and unicodedata.normalize("NFC", ch) != ch:
            out["".join(chr(int(p, 16)) for p in parts)] = ch
    return out


_EXCLUDED = _excluded_compositions()


def spellings(word: str) -> list[list[str]]:
    """Each letter of ``word`` with its marks, in every canonically equal spelling: "é" as one
    character or as "e" and an accent, "য়" as one character or as "য" and a nukta.

    Texts come in either form, and the same words typed by two people often differ, so a
    phrase accepts both. Gives the spellings of each letter in turn."""
    clusters: list[str] = []
    for ch in word:
        if clusters and unicodedata.category(ch)[0] == "M":
            clusters[-1] += ch
        else:
            clusters.append(ch)
    out = []
    for cluster in clusters:
        composed = unicodedata.normalize("NFC", cluster)
        for pair, single in _EXCLUDED.items():
            composed = composed.replace(pair, single)
        forms = dict.fromkeys([composed, unicodedata.normalize("NFD", cluster)])
        out.append(list(forms))
    return out


def composes(letter: str, mark: str) -> bool:
    """``letter`` followed by ``mark`` has a one-character form ("e" and an acute accent,
    "য" and a nukta), which folding reduces to the bare letter."""
    pair = letter + mark
    return len(unicodedata.normalize("NFC", pair)) == 1 or pair in _EXCLUDED
