"""Per-language words of the terminology rules, validated at load.

The rules themselves (what to avoid, what to prefer, which contexts keep the old words, the
source) live in the catalogue (``standards/data/terminology.yaml``, English); this module adds
the words of each language from ``terminology/data/terms/<lang>.yaml``. A rule id that is not in
the catalogue is a data error, reported with the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coplaw.annotate.concepts import phrase_pattern
from coplaw.errors import CoplawError

DATA = Path(__file__).resolve().parent / "data" / "terms"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleWords(_Strict):
    avoid: list[str] = Field(min_length=1)
    prefer: list[str] = Field(min_length=1)


class ContextWords(_Strict):
    title_heads: list[str] = Field(min_length=1)
    treaty: list[str] = Field(min_length=1)
    quotation: list[str] = Field(min_length=1)
    amendment: list[str] = Field(min_length=1)


class TermLexicon(_Strict):
    language: str = Field(min_length=2)
    rules: dict[str, RuleWords]
    not_terms: list[str] = Field(default_factory=list)
    media: list[str] = Field(min_length=1)
    open_media: list[str] = Field(min_length=1)
    material_terms: list[str] = Field(min_length=1)
    widening: list[str] = Field(min_length=1)
    contexts: ContextWords


class TermLexiconError(CoplawError):
    """A terminology word list is missing, malformed or names an unknown rule."""


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    alts = sorted({phrase_pattern(p) for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile("|".join(alts), re.IGNORECASE)


@dataclass(frozen=True)
class CompiledTerms:
    """Regexes ready to run over an instrument's text."""

    language: str
    avoid: dict[str, re.Pattern[str]]
    avoid_words: dict[str, tuple[str, ...]]
    prefer: dict[str, re.Pattern[str]]
    prefer_words: dict[str, list[str]]
    not_terms: tuple[str, ...]
    media: re.Pattern[str]
    open_media: re.Pattern[str]
    material_terms: re.Pattern[str]
    widening: re.Pattern[str]
    title_heads: frozenset[str]
    treaty: re.Pattern[str]
    quotation: re.Pattern[str]
    amendment: re.Pattern[str]


def _code(language: str | None) -> str:
    return (language or "en").split("+")[0].split("-")[0].lower()


def languages() -> list[str]:
    return sorted(p.stem for p in DATA.glob("*.yaml"))


def validate(path: Path, known_rules: set[str] | None = None) -> TermLexicon:
    """Read and check one word list; the error names the file and the problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TermLexiconError(f"{path}: cannot read terminology words: {exc}") from exc
    try:
        lex = TermLexicon.model_validate(raw)
    except ValidationError as exc:
        raise TermLexiconError(f"{path}: invalid terminology words: {exc}") from exc
    if lex.language != path.stem:
        raise TermLexiconError(f"{path}: language {lex.language!r} does not match the file name")
    if known_rules is not None:
        unknown = sorted(set(lex.rules) - known_rules)
        if unknown:
            raise TermLexiconError(f"{path}: unknown terminology rule(s): {', '.join(unknown)}")
    return lex


def _term_rule_ids() -> set[str]:
    from coplaw.standards.catalogue import load_catalogue

    return {i.id for i in load_catalogue().items_of("terminology", "term_rule")}


@cache
def load(language: str | None) -> CompiledTerms:
    """Compiled words of ``language`` (English when there is no list for it)."""
    path = DATA / f"{_code(language)}.yaml"
    if not path.exists():
        path = DATA / "en.yaml"
    lex = validate(path, _term_rule_ids())
    return CompiledTerms(
        language=lex.language,
        avoid={rid: _alternation(w.avoid) for rid, w in lex.rules.items()},
        avoid_words={rid: tuple(w.avoid) for rid, w in lex.rules.items()},
        prefer={rid: _alternation(w.prefer) for rid, w in lex.rules.items()},
        prefer_words={rid: list(w.prefer) for rid, w in lex.rules.items()},
        not_terms=tuple(lex.not_terms),
        media=_alternation(lex.media),
        open_media=_alternation(lex.open_media),
        material_terms=_alternation(lex.material_terms),
        widening=_alternation(lex.widening),
        title_heads=frozenset(lex.contexts.title_heads),
        treaty=_alternation(lex.contexts.treaty),
        quotation=_alternation(lex.contexts.quotation),
        amendment=_alternation(lex.contexts.amendment),
    )
