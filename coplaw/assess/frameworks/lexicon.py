"""Extra concept phrases the framework tests need, per language, on top of the annotators'.

The words live in ``data/lexicon/<lang>.yaml`` (same phrase conventions as the annotators'
``annotate/data/concepts``). Every language file must define the same concepts as ``en.yaml``,
and no concept may reuse a name the annotators already define, so the two vocabularies add up
without either silently changing the other.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coplaw.annotate.concepts import REQUIRED, ConceptIndex, index_instrument
from coplaw.document import Instrument
from coplaw.errors import CoplawError

DATA = Path(__file__).resolve().parent / "data" / "lexicon"


class FrameworkLexiconError(CoplawError):
    """A framework lexicon file is missing, malformed or inconsistent."""


class ExtraLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2)
    concepts: dict[str, list[str]]


def _read(path: Path) -> ExtraLexicon:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        lex = ExtraLexicon.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise FrameworkLexiconError(f"{path}: invalid framework lexicon: {exc}") from exc
    if lex.language != path.stem:
        raise FrameworkLexiconError(
            f"{path}: language {lex.language!r} does not match the file name")
    clash = sorted(set(lex.concepts) & set(REQUIRED))
    if clash:
        raise FrameworkLexiconError(
            f"{path}: concepts already defined by the annotators: {', '.join(clash)}")
    empty = sorted(k for k, v in lex.concepts.items() if not [p for p in v if p.strip()])
    if empty:
        raise FrameworkLexiconError(f"{path}: concepts with no phrase: {', '.join(empty)}")
    return lex


@cache
def all_lexicons() -> dict[str, dict[str, list[str]]]:
    """Every language's extra concepts, checked against English for completeness."""
    out = {p.stem: _read(p).concepts for p in sorted(DATA.glob("*.yaml"))}
    if "en" not in out:
        raise FrameworkLexiconError(f"{DATA / 'en.yaml'}: the English framework lexicon is missing")
    for lang, concepts in out.items():
        missing = sorted(set(out["en"]) - set(concepts))
        if missing:
            raise FrameworkLexiconError(
                f"{DATA / (lang + '.yaml')}: concepts missing: {', '.join(missing)}")
    return out


def language_code(language: str | None) -> str:
    return (language or "en").split("+")[0].split("-")[0].lower()


def concepts_for(language: str | None) -> dict[str, list[str]]:
    """Extra concepts of ``language``, English when there is no file for it."""
    lexicons = all_lexicons()
    return lexicons.get(language_code(language), lexicons["en"])


def concept_names() -> set[str]:
    return set(all_lexicons()["en"]) | set(REQUIRED)


def build_index(inst: Instrument) -> ConceptIndex:
    """The annotators' concept index of ``inst`` with the framework concepts added."""
    return index_instrument(inst, extra=concepts_for(inst.language))
