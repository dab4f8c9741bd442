"""Concept vocabulary per language, and where each concept is mentioned in an instrument.

The words live in ``annotate/data/concepts/<lang>.yaml`` (validated at load); this module only
compiles them and finds them, keeping character offsets into ``Instrument.text`` so every
mention can be quoted exactly. Adding a language is adding a YAML file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coplaw.document import Instrument
from coplaw.errors import CoplawError
from coplaw.lexicons.boundaries import (
    WORD_END,
    WORD_REST,
    WORD_START,
    marks_as_letters,
    matching_copy,
    spellings,
)

DATA = Path(__file__).resolve().parent / "data" / "concepts"

# Concepts every language file must define (a missing one is a data error, not a silent miss).
REQUIRED = (
    "child",
    "age_below",
    "age_unit",
    "definition_marker",
    "csam",
    "representation",
    "sexual",
    "tech_specific",
    "tech_neutral",
    "defence_clause",
    "offence_marker",
    "act_possess",
    "act_view",
    "act_download",
    "act_produce",
    "act_distribute",
    "distribution_purpose",
    "possession_unconditional",
    "make_known",
    "make_available",
    "parent",
    "permit",
    "exploitation",
    "grooming_act",
    "meeting",
    "offence_purpose",
    "meeting_negation",
    "attempt",
    "attempt_heading",
    "attempt_restriction",
    "own_scope",
    "duty",
    "report_verb",
    "bearer_professional",
    "bearer_it",
    "bearer_isp",
    "bearer_financial",
    "abuse_context",
    "tool",
    "permission",
    "removal",
    "retention",
    "comm_data",
    "time_unit",
    "cooperation",
    "sector_private",
    "sector_civil",
    "sector_law_enforcement",
    "nonliability",
    "victim",
    "aggravation",
    "agg_repeat",
    "agg_organised",
    "agg_other",
)


class LexiconError(CoplawError):
    """A concept lexicon file is missing, malformed or incomplete."""


class ConceptLexicon(BaseModel):
    """Shape of one ``<lang>.yaml`` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2)
    numbers: dict[str, int] = Field(default_factory=dict)
    concepts: dict[str, list[str]]


@dataclass(frozen=True)
class Mention:
    """One match of a concept phrase: ``text[start:end]``."""

    concept: str
    start: int
    end: int


def _letter(forms: list[str], mapped: bool) -> str:
    """Regex for one letter written in any of ``forms`` (see :func:`spellings`)."""
    if forms == ["'"] or forms == ["’"]:
        return "['’]"
    alts = [re.escape(marks_as_letters(f) if mapped else f) for f in forms]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def phrase_pattern(phrase: str, mapped: bool = False) -> str:
    """Regex for one lexicon phrase (see the conventions at the top of en.yaml), for the
    original text, or with ``mapped`` for its :func:`matching_copy`, where ``\\w`` is right."""
    phrase = phrase.strip().lower()
    start, rest, end = WORD_START, WORD_REST, WORD_END
    if mapped:
        start, rest, end = r"(?<!\w)", r"\w*", r"(?!\w)"
    lead = phrase.startswith("*")
    trail = phrase.endswith("*")
    tokens = phrase.strip("*").split()
    parts = []
    for n, token in enumerate(tokens):
        stem = token.endswith("*") and n < len(tokens) - 1  # a star inside the phrase: any ending
        core = token.rstrip("*")
        parts.append("".join(_letter(forms, mapped) for forms in spellings(core))
                     + (rest if stem else ""))
    body = r"\s+".join(parts)
    left = rest if lead else start
    right = rest if trail else end
    return left + body + right


def _validate(path: Path) -> ConceptLexicon:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read concept lexicon: {exc}") from exc
    try:
        lex = ConceptLexicon.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError(f"{path}: invalid concept lexicon: {exc}") from exc
    missing = [c for c in REQUIRED if c not in lex.concepts]
    if missing:
        raise LexiconError(f"{path}: concepts missing: {', '.join(missing)}")
    if lex.language != path.stem:
        raise LexiconError(f"{path}: language {lex.language!r} does not match the file name")
    return lex


class _Patterns(Mapping[str, re.Pattern[str]]):
    """One case-insensitive regex per concept for the original text, compiled when first
    asked for: the scan does not use them and only a few concepts are ever asked for."""

    def __init__(self, concepts: dict[str, list[str]]) -> None:
        self._phrases = {c: kept for c, ps in concepts.items()
                         if (kept := [p for p in ps if p.strip()])}
        self._compiled: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, concept: str) -> re.Pattern[str]:
        if concept not in self._compiled:
            alts = sorted({phrase_pattern(p) for p in self._phrases[concept]}, key=len)
            self._compiled[concept] = re.compile("|".join(reversed(alts)), re.IGNORECASE)
        return self._compiled[concept]

    def __iter__(self) -> Iterator[str]:
        return iter(self._phrases)

    def __len__(self) -> int:
        return len(self._phrases)


@dataclass
class CompiledLexicon:
    language: str
    numbers: dict[str, int]
    patterns: Mapping[str, re.Pattern[str]]
    number_pattern: str


def _scanner(phrases: list[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Two case-sensitive regexes over the matching copy: phrases that start a word (one
    shared left boundary lets the regex engine skip ahead fast) and phrases that may end a
    word (matched from their first letter; the start is widened to the word afterwards)."""
    bounded: set[str] = set()
    lead: set[str] = set()
    for p in phrases:
        if not p.strip():
            continue
        pat = phrase_pattern(p, mapped=True)
        if pat.startswith(r"(?<!\w)"):
            bounded.add(pat[len(r"(?<!\w)") :])
        else:
            lead.add(pat[len(r"\w*") :])

    def build(alts: set[str], prefix: str) -> re.Pattern[str] | None:
        if not alts:
            return None
        return re.compile(prefix + "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")")

    return build(bounded, r"(?<!\w)"), build(lead, "")


def scan(matching: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Spans of ``phrases`` in a text, found in its :func:`matching_copy`."""
    bounded, lead = _scanner_cached(tuple(phrases))
    out: list[tuple[int, int]] = []
    if bounded is not None:
        out.extend((m.start(), m.end()) for m in bounded.finditer(matching))
    if lead is not None:
        for m in lead.finditer(matching):
            start = m.start()
            while start > 0 and matching[start - 1].isalnum():
                start -= 1
            out.append((start, m.end()))
    return out


@cache
def _scanner_cached(
    phrases: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    return _scanner(list(phrases))


def _compile(lex: ConceptLexicon) -> CompiledLexicon:
    patterns = _Patterns(lex.concepts)
    words = sorted(lex.numbers, key=len, reverse=True)
    number = r"\d{1,3}" + "".join("|" + re.escape(w) for w in words)
    return CompiledLexicon(
        lex.language, {k.lower(): v for k, v in lex.numbers.items()}, patterns, number
    )


@cache
def _lexicon_file(language: str) -> ConceptLexicon:
    """The validated file of ``language``'s first code ("es" of "es+en"), else English."""
    code = (language or "en").split("+")[0].split("-")[0].lower()
    path = DATA / f"{code}.yaml"
    if not path.exists():
        path = DATA / "en.yaml"
    return _validate(path)


@cache
def load(language: str) -> CompiledLexicon:
    """The compiled lexicon of ``language`` (``en`` when there is no file for it)."""
    return _compile(_lexicon_file(language))


@cache
def _vocabulary(language: str) -> dict[str, list[str]]:
    """The phrases of ``language`` per concept (same fallback as :func:`load`)."""
    return dict(_lexicon_file(language).concepts)


def languages() -> list[str]:
    return sorted(p.stem for p in DATA.glob("*.yaml"))


@dataclass
class ConceptIndex:
    """Every concept mention of one instrument, sorted by offset, for window queries."""

    instrument: Instrument
    lexicon: CompiledLexicon
    starts: dict[str, list[int]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        self.mentions.setdefault(mention.concept, []).append(mention)

    def finish(self) -> None:
        for concept, items in self.mentions.items():
            unique = sorted(set(items), key=lambda m: (m.start, m.end))
            self.mentions[concept] = unique
            self.starts[concept] = [m.start for m in unique]

    def within(self, concept: str, start: int, end: int) -> list[Mention]:
        """Mentions of ``concept`` that lie inside ``[start, end)``."""
        starts = self.starts.get(concept)
        if not starts:
            return []
        items = self.mentions[concept]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        return [m for m in items[lo:hi] if m.end <= end]

    def has(self, concept: str, start: int, end: int) -> bool:
        return bool(self.within(concept, start, end))

    def count(self, concept: str) -> int:
        return len(self.mentions.get(concept, []))


def index_instrument(inst: Instrument, extra: dict[str, list[str]] | None = None) -> ConceptIndex:
    """Find every concept of the instrument's language in its text.

    ``extra`` adds phrases per concept found from the instrument itself (for example the
    defined name under which a law calls child sexual abuse material).
    """
    lex = load(inst.language)
    index = ConceptIndex(inst, lex)
    matching = matching_copy(inst.text)
    vocab = _vocabulary(inst.language)
    for concept, phrases in vocab.items():
        for start, end in scan(matching, phrases):
            index.add(Mention(concept, start, end))
    for concept, phrases in (extra or {}).items():
        usable = [p for p in phrases if len(p.strip()) >= 3]
        for start, end in scan(matching, usable):
            index.add(Mention(concept, start, end))
    _drop_inside(index, "child", "not_child")
    index.finish()
    return index


def _drop_inside(index: ConceptIndex, concept: str, cancelling: str) -> None:
    """Drop the mentions of ``concept`` that lie inside a mention of ``cancelling``: the
    "minor" of "minor offence" and the "menor" of "no menor de" name no child."""
    spans = sorted((m.start, m.end) for m in index.mentions.get(cancelling, []))
    if not spans or concept not in index.mentions:
        return
    starts = [s for s, _ in spans]
    kept = []
    for m in index.mentions[concept]:
        i = bisect.bisect_right(starts, m.start) - 1
        if not any(spans[j][0] <= m.start and m.end <= spans[j][1]
                   for j in range(max(0, i - 2), i + 1)):
            kept.append(m)
    index.mentions[concept] = kept
