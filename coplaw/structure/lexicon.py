"""Per-language heading words (data/headings.yaml), validated when loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from coplaw.errors import CoplawError
from coplaw.structure.langdata import language_blocks, read_mapping

DATA = Path(__file__).parent / "data"

#: Provision kinds a heading word may name. ``*_group`` kinds are civil-law containers that
#: share an Akoma Ntoso element name with a common-law unit ("Section 1" above articles).
CONTAINERS = (
    "book", "part", "subpart", "title", "subtitle", "chapter", "subchapter", "division",
    "subdivision", "section_group", "subsection_group", "paragraph_group",
)
UNITS = ("section", "article", "regulation", "rule")
KINDS = (*CONTAINERS, *UNITS, "schedule")

#: Akoma Ntoso element of each kind (the group kinds map onto the common element).
AKN_ELEMENT = {k: k for k in KINDS}
AKN_ELEMENT.update(
    section_group="section", subsection_group="subsection", paragraph_group="paragraph",
    regulation="section", rule="rule",
)

#: eId prefixes, from the Akoma Ntoso naming convention (as bluebell writes them).
EID_PREFIX = {
    "book": "book", "part": "part", "subpart": "subpart", "title": "title",
    "subtitle": "subtitle", "chapter": "chp", "subchapter": "subchp", "division": "dvs",
    "subdivision": "subdvs", "section": "sec", "subsection": "subsec", "paragraph": "para",
    "subparagraph": "subpara", "clause": "cl", "subclause": "subcl", "article": "art",
    "point": "point", "alinea": "al", "rule": "rule", "regulation": "reg", "schedule": "att",
    "item": "item", "indent": "indent",
}


class _LanguageModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kinds: dict[str, str]
    ordinals: dict[str, int | str] = {}
    unnumbered_schedules: list[str] = []
    ordinal_first: bool = False
    ordinal_letters: list[str] = []


class LexiconError(CoplawError):
    """The heading lexicon file is invalid."""


@dataclass
class Language:
    """Heading words of one language, ready for matching."""

    code: str
    kinds: dict[str, str]
    ordinals: dict[str, int | str]
    unnumbered_schedules: list[str]
    ordinal_first: bool
    ordinal_letters: list[str] = field(default_factory=list)
    words_re: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        words = sorted(self.kinds, key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in words)
        self.words_re = re.compile(rf"(?i)({alt})(?=[\s\d.–—-]|$)")


@dataclass
class Lexicon:
    languages: dict[str, Language]
    suffixes: list[str]
    title_words: list[str] = field(default_factory=list)

    def for_language(self, code: str | None) -> Language:
        """Heading words of every language, those of ``code`` winning, then English: a
        Spanish code quoting "Article 5" or a rebuilt "--- Section 3 ---" line still parse.
        An unknown language gets English first."""
        key = (code or "en").split("+")[0].split("-")[0].lower()
        lang = self.languages.get(key)
        order = [c for c in self.languages if c not in (key, "en")] + ["en"]
        if lang is not None and key != "en":
            order.append(key)
        kinds: dict[str, str] = {}
        ordinals: dict[str, int | str] = {}
        for c in order:
            kinds.update(self.languages[c].kinds)
            ordinals.update(self.languages[c].ordinals)
        own = lang or self.languages["en"]
        scheds = [*own.unnumbered_schedules, *self.languages["en"].unnumbered_schedules]
        return Language(own.code, kinds, ordinals, scheds, own.ordinal_first,
                        own.ordinal_letters)


@lru_cache(maxsize=1)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and validate the heading lexicon; errors name the file and the entry."""
    path = path or DATA / "headings.yaml"
    raw = read_mapping(path, LexiconError, "heading lexicon")
    suffixes = raw.pop("number_suffixes", [])
    title_words = raw.pop("title_words", [])
    languages: dict[str, Language] = {}
    for code, model in language_blocks(path, raw, _LanguageModel, LexiconError).items():
        for word, kind in model.kinds.items():
            if kind not in KINDS:
                raise LexiconError(f"{path}: language {code!r}: word {word!r} has unknown kind "
                                   f"{kind!r} (expected one of {', '.join(KINDS)})")
        languages[code] = Language(
            code,
            {w.lower(): k for w, k in model.kinds.items()},
            {w.lower(): n for w, n in model.ordinals.items()},
            [s.lower() for s in model.unnumbered_schedules],
            model.ordinal_first,
            [s.lower() for s in model.ordinal_letters],
        )
    if "en" not in languages:
        raise LexiconError(f"{path}: the English block 'en' is required")
    return Lexicon(languages, [str(s) for s in suffixes], [str(w).lower() for w in title_words])
