"""Find outdated terms and media-bound definitions in instruments.

Every occurrence of a term a rule asks to avoid is reported with its offsets, its provision,
the preferred term and the rule's source; occurrences in a legitimate context (see
:mod:`coplaw.terminology.contexts`) are reported too, marked with the context, so a reader can
check that nothing was excused wrongly.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from coplaw.annotate.concepts import _vocabulary, scan
from coplaw.annotate.windows import provision_at
from coplaw.document import Definition, Instrument
from coplaw.lexicons.boundaries import matching_copy
from coplaw.standards.catalogue import load_catalogue
from coplaw.standards.schema import Item
from coplaw.terminology import lexicon
from coplaw.terminology.contexts import in_identifier, legitimate_context, sentence_bounds

MEDIA_RULE = "term.media_bound_definition"
MAX_QUOTE = 400


@dataclass
class Occurrence:
    """One use of an outdated term (or one media-bound definition) in one instrument."""

    rule: str
    instrument: str
    file: str
    provision: str
    term: str
    start: int
    end: int
    line: int
    preferred: list[str]
    source: str
    context: str | None = None  # the keep_in context that excuses it; None = flagged
    note: str = ""

    @property
    def flagged(self) -> bool:
        return self.context is None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["flagged"] = self.flagged
        return data


def term_rules() -> list[Item]:
    return load_catalogue().items_of("terminology", "term_rule")


def source_of(item: Item) -> str:
    first, last = item.source.lines
    return f"{item.source.file} lines {first}-{last}"


@cache
def _definition_words(language: str) -> re.Pattern[str]:
    phrases = _vocabulary(language).get("definition_marker", []) + [
        "means", "includes", "has the meaning", "shall mean"]
    return lexicon._alternation(phrases)


@cache
def _concept(language: str, concept: str) -> re.Pattern[str] | None:
    phrases = _vocabulary(language).get(concept, [])
    return lexicon._alternation(phrases) if phrases else None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def outdated_terms(inst: Instrument) -> list[Occurrence]:
    """Every occurrence of every avoided term of every rule, in document order."""
    words = lexicon.load(inst.language)
    definition_words = _definition_words(words.language)
    text = inst.text
    out: list[Occurrence] = []
    matching = matching_copy(text)
    apparent = scan(matching, list(words.not_terms)) if words.not_terms else []
    for item in term_rules():
        phrases = words.avoid_words.get(item.id)
        if not phrases or item.terms is None:
            continue
        preferred = words.prefer_words.get(item.id) or list(item.terms.prefer)
        prefer_re = words.prefer.get(item.id)
        seen: set[tuple[int, int]] = set()
        for start, end in sorted(scan(matching, list(phrases)),
                                 key=lambda span: (span[0], -span[1])):
            if any(a <= start < b for a, b in seen) or in_identifier(text, start, end):
                continue
            if any(a <= start and end <= b for a, b in apparent):
                continue
            seen.add((start, end))
            s, e = sentence_bounds(text, start, end)
            here = bool(prefer_re and prefer_re.search(text, s, e))
            context = legitimate_context(inst, start, end, list(item.terms.keep_in), words,
                                         definition_words, here)
            out.append(Occurrence(
                item.id, inst.id, inst.file, provision_at(inst, start), text[start:end],
                start, end, _line(text, start), preferred, source_of(item), context))
    out.sort(key=lambda o: (o.start, o.rule))
    return out


def _definition_span(inst: Instrument, d: Definition) -> tuple[int, int]:
    return d.start, d.end


def _about_abuse_material(inst: Instrument, language: str) -> list[Definition]:
    """Definitions of the material itself (a csam or sexual term), and of the media words
    those definitions use ("visual depiction" inside the definition of child pornography)."""
    csam = _concept(language, "csam")
    sexual = _concept(language, "sexual")
    core = [d for d in inst.definitions
            if (csam and csam.search(d.term)) or (sexual and sexual.search(d.term))]
    bodies = " ".join(inst.text[d.start:d.end].lower() for d in core)
    words = lexicon.load(language)
    media_terms = [d for d in inst.definitions if d not in core
                   and words.material_terms.search(d.term)
                   and len(d.term.strip()) > 3 and d.term.strip().lower() in bodies]
    return core + media_terms


def media_bound_definitions(inst: Instrument) -> list[Occurrence]:
    """Definitions of the material (or of the medium it is found in) that confine it to
    physical media: a closed list ("means", not "includes") naming only such media, with
    neither electronic or digital wording nor open wording ("by any means", "in any form")."""
    words = lexicon.load(inst.language)
    cat = load_catalogue()
    item = cat.get(MEDIA_RULE)
    preferred = list(item.terms.prefer) if item.terms else []
    neutral = _concept(words.language, "tech_neutral")
    text = inst.text
    out: list[Occurrence] = []
    for d in _about_abuse_material(inst, words.language):
        term = d.term.strip()
        start, end = _definition_span(inst, d)
        body = text[start:end]
        if words.widening.search(body[:len(term) + 40]):
            continue  # an extending definition adds media, it does not confine the term
        media = list(words.media.finditer(body))
        if not media:
            continue
        if words.open_media.search(body) or (neutral and neutral.search(body)):
            continue
        q_end = start + media[-1].end()
        if q_end - start > MAX_QUOTE:
            start, q_end = start + media[0].start(), start + media[-1].end()
        named = ", ".join(dict.fromkeys(m.group().lower() for m in media))
        out.append(Occurrence(
            MEDIA_RULE, inst.id, inst.file, d.provision or provision_at(inst, start),
            text[start:q_end], start, q_end, _line(text, start), preferred, source_of(item),
            None, f"the definition of {term!r} names only physical media ({named}) and no "
                  "electronic, digital or open-ended form"))
    return out


def lint_instrument(inst: Instrument) -> list[Occurrence]:
    """Outdated terms and media-bound definitions of one instrument, in document order."""
    found = outdated_terms(inst) + media_bound_definitions(inst)
    return sorted(found, key=lambda o: (o.start, o.rule))


def lint_instruments(instruments: list[Instrument]) -> list[Occurrence]:
    out: list[Occurrence] = []
    for inst in instruments:
        out.extend(lint_instrument(inst))
    return out
