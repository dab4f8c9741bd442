"""Defined terms: term, meaning, scope, and every later use of a term linked to its definition.

Patterns are per-language data (data/definitions.yaml): inline definitions ('"child" means',
"on entend par « X »", "X im Sinne dieses Gesetzes sind") and lists opened by a lead-in
("se entiende por:") whose numbered items each define a term. The scope comes from the words
around the definition ("In this Part", "For the purposes of this section", "au sens du présent
chapitre"): the provision of that kind that holds the definition, or the whole instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from coplaw.document import Definition, Instrument, Provision
from coplaw.errors import CoplawError
from coplaw.structure.langdata import language_blocks, read_mapping, with_english
from coplaw.structure.lexicon import AKN_ELEMENT, UNITS

DATA = Path(__file__).parent / "data" / "definitions.yaml"


class _LangModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    inline: list[str] = []
    leadin: list[str] = []
    item: str | None = None
    tree_item: str | None = None
    scope: dict[str, list[str]] = {}
    case_sensitive: bool = False


@dataclass
class DefinitionPatterns:
    inline: list[re.Pattern[str]]
    leadin: re.Pattern[str] | None
    item: re.Pattern[str] | None
    scope: list[tuple[str, re.Pattern[str]]]
    tree_item: re.Pattern[str] | None = None


class DefinitionLexiconError(CoplawError):
    """The definition patterns file is invalid."""


@lru_cache(maxsize=4)
def load_patterns(path: Path = DATA) -> dict[str, DefinitionPatterns]:
    """Load and compile the per-language definition patterns, naming any bad entry."""
    raw = read_mapping(path, DefinitionLexiconError)
    blocks = language_blocks(path, raw, _LangModel, DefinitionLexiconError)
    out: dict[str, DefinitionPatterns] = {}
    for code, model in blocks.items():
        flags = re.M if model.case_sensitive else re.I | re.M

        def comp(pattern: str, flags: int = flags, where: str = "", code: str = code
                 ) -> re.Pattern[str]:
            try:
                return re.compile(pattern, flags)
            except re.error as exc:
                raise DefinitionLexiconError(
                    f"{path}: language {code!r}, {where}: bad pattern {pattern!r}: {exc}"
                ) from exc

        inline = [comp(p, where="inline") for p in model.inline]
        for pat in inline:
            if "term" not in pat.groupindex:
                raise DefinitionLexiconError(f"{path}: {code}: inline pattern needs (?P<term>)")
        leadin = comp("|".join(f"(?:{p})" for p in model.leadin), re.I | re.M, "leadin") \
            if model.leadin else None
        item = comp(model.item, where="item") if model.item else None
        scope = [(kind, comp(p, re.I, "scope")) for kind, pats in model.scope.items()
                 for p in pats]
        tree_item = comp(model.tree_item, where="tree_item") if model.tree_item else None
        out[code] = DefinitionPatterns(inline, leadin, item, scope, tree_item)
    if "en" not in out:
        raise DefinitionLexiconError(f"{path}: the English block 'en' is required")
    return out


def _patterns_for(language: str) -> list[DefinitionPatterns]:
    pats = load_patterns()
    return [pats[c] for c in with_english(language, pats)]


def _units(inst: Instrument) -> list[Provision]:
    return [p for p in inst.provisions() if p.kind in UNITS or AKN_ELEMENT.get(p.kind) in UNITS]


def _ancestors(provisions: list[Provision], offset: int) -> list[Provision]:
    chain: list[Provision] = []
    level = provisions
    while True:
        hit = next((p for p in level if p.start <= offset < p.end), None)
        if hit is None:
            return chain
        chain.append(hit)
        level = hit.children


def _scope(inst: Instrument, pats: DefinitionPatterns, offset: int) -> str | None:
    """The eid the definition at ``offset`` governs, from the nearest scope phrase before it
    within its unit (or the unit's opening words)."""
    chain = _ancestors([*inst.body, *inst.schedules], offset)
    unit = next((p for p in reversed(chain) if p.kind in ("section", "article", "rule")), None)
    window_start = unit.start if unit else max(0, offset - 300)
    window = inst.text[max(window_start, offset - 600):offset]
    best: tuple[int, str] | None = None
    for kind, pat in pats.scope:
        for m in pat.finditer(window):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    if best is None or best[1] == "instrument":
        return None
    kind = best[1]
    for prov in reversed(chain):
        if prov.kind == kind:
            return prov.eid
    return None


def _clean_meaning(text: str) -> str:
    out = re.sub(r"\s+", " ", text).strip()
    out = re.sub(r"^[\s:,—–-]+", "", out)
    out = re.sub(r"[;,]?\s*(?:and|or|et|ou|y|o|und|oder)?\s*$", "", out).strip()
    return out


# term start, term end, term, patterns of its language, where the meaning starts
_Found = tuple[int, int, str, DefinitionPatterns, int]
_UNIT_KINDS = ("section", "article", "rule")


_TERM_EDGE = " \t\"'“”‘’«»*_"


def _term(m: re.Match[str]) -> tuple[str, int]:
    """The defined term without quotes or spaces around it, and where it starts."""
    raw = m.group("term")
    term = raw.strip(_TERM_EDGE)
    return term, m.start("term") + (len(raw) - len(raw.lstrip(_TERM_EDGE)))


def find_definitions(inst: Instrument) -> list[Definition]:
    """Every defined term of ``inst``, in text order."""
    text = inst.text
    tops = [*inst.body, *inst.schedules]
    found: list[_Found] = []
    for pats in _patterns_for(inst.language):
        for pat in pats.inline:
            for m in pat.finditer(text):
                term, tstart = _term(m)
                if not term or len(term) > 80 or not any(c.isalpha() for c in term):
                    continue
                found.append((tstart, tstart + len(term), term, pats, m.end()))
        if pats.leadin is not None and pats.item is not None:
            for lead_unit in _units(inst):
                opening = text[lead_unit.body_start:min(lead_unit.end,
                                                        lead_unit.body_start + 600)]
                heading = lead_unit.heading or ""
                lm = pats.leadin.search(opening)
                if lm is None and not pats.leadin.search(heading):
                    continue
                after = lead_unit.body_start + (lm.end() if lm else 0)
                for sub in _list_after(lead_unit, after):
                    im = pats.item.match(text, sub.body_start, sub.end)
                    if im:
                        term, tstart = _term(im)
                        if term and any(c.isalpha() for c in term) and len(term.split()) <= 8:
                            found.append((tstart, tstart + len(term), term, pats, im.end()))
        if pats.tree_item is not None:
            # definitions the reader marked as such (Justice Canada XML <Definition>)
            for prov in inst.provisions():
                if prov.kind != "definition":
                    continue
                tm = pats.tree_item.match(text, prov.body_start, prov.end)
                if tm:
                    term, tstart = _term(tm)
                    if term and any(c.isalpha() for c in term):
                        found.append((tstart, tstart + len(term), term, pats, tm.end()))
    found.sort(key=lambda f: f[0])
    dedup: list[_Found] = []
    for f in found:  # one definition per place in the text
        if dedup and f[0] < dedup[-1][1]:
            continue
        dedup.append(f)
    out: list[Definition] = []
    for i, (tstart, _tend, term, pats, mstart) in enumerate(dedup):
        chain = _ancestors(tops, tstart)
        holder = chain[-1] if chain else None
        unit: Provision | None = next(
            (p for p in reversed(chain) if p.kind in _UNIT_KINDS), None)
        end = unit.end if unit else min(len(text), mstart + 2000)
        # a meaning stays within the provision holding it (the first that holds some of it)
        box = next((p for p in reversed(chain) if p.end - mstart >= 20), None)
        if box is not None:
            end = min(end, box.end)
        if i + 1 < len(dedup) and dedup[i + 1][0] < end:
            end = _before_opening(text, mstart, dedup[i + 1][0])
        out.append(Definition(
            term=term,
            meaning=_clean_meaning(text[mstart:end])[:2000],
            provision=holder.eid if holder else "",
            start=tstart,
            end=end,
            scope=_scope(inst, pats, tstart),
        ))
    return out


def _list_after(unit: Provision, offset: int) -> list[Provision]:
    """The numbered items of the list that follows a lead-in ("se entiende por:"): the first
    subdivision starting after ``offset`` and its siblings of the same kind."""
    chain = unit.walk()[1:]
    first = next((p for p in chain if p.start >= offset), None)
    if first is None:
        return []
    parent = next((p for p in unit.walk() if first in p.children), unit)
    return [c for c in parent.children if c.kind == first.kind and c.start >= first.start]


def _before_opening(text: str, start: int, nxt: int) -> int:
    """Where the words before the next defined term end: before its opening quote, list
    marker ("(b)", "2.", "2°") and connecting "and"/"or"."""
    seg = text[start:nxt]
    seg = re.sub(r"(?:\s*(?:\(\w{1,4}\)|\d{1,3}[.°º)]|[a-z][.)]|[-–—•]))?\s*[\"“‘'«]?\s*$", "", seg)
    return start + len(seg)


@dataclass
class TermUse:
    """A use of a defined term in the text, linked to the definition that governs it."""

    term: str
    definition: int  # index into Instrument.definitions
    start: int
    end: int


def term_uses(inst: Instrument) -> list[TermUse]:
    """Every use of a defined term after its definition, linked to the narrowest definition
    whose scope holds the use (a section's own definition wins over the Act's)."""
    defs = inst.definitions
    if not defs:
        return []
    by_term: dict[str, list[int]] = {}
    for i, d in enumerate(defs):
        by_term.setdefault(d.term.lower(), []).append(i)
    alts = sorted(by_term, key=len, reverse=True)
    pat = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in alts) + r")(?![\w-])", re.I)
    spans: dict[str, tuple[int, int]] = {}
    for p in inst.provisions():
        spans[p.eid] = (p.start, p.end)
    out: list[TermUse] = []
    for m in pat.finditer(inst.text):
        candidates = by_term.get(m.group(1).lower(), [])
        best: tuple[int, int] | None = None  # (scope width, index)
        for i in candidates:
            d = defs[i]
            if d.start <= m.start() < d.end:
                best = None
                break  # the definition's own words
            lo, hi = spans.get(d.scope, (0, len(inst.text))) if d.scope else (0, len(inst.text))
            if lo <= m.start() < hi and (best is None or hi - lo < best[0]):
                best = (hi - lo, i)
        if best is not None:
            out.append(TermUse(defs[best[1]].term, best[1], m.start(), m.end()))
    return out
