"""Per-language legal wording (offence verbs, names of the material, duty wording, ...).

Each language is one YAML file in this folder (``en.yaml``, ``fr.yaml``, ...), validated at
load with pydantic; adding a language is adding a file. Entries are regular-expression
fragments. Text and patterns are both *folded* (lower case, accents removed, one character
for one character) so matching is case- and accent-insensitive while every match offset is
still an offset into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from coplaw.errors import CoplawError
from coplaw.lexicons.boundaries import composes, mark_stand_in

DATA = Path(__file__).resolve().parent

# The acts an offence can punish; a lexicon may leave some out but may not invent others.
ACTS = (
    "produce", "offer", "distribute", "disseminate", "transmit", "import", "export", "sell",
    "possess", "acquire", "access", "view", "download", "advertise", "live_stream", "make_known",
)

# Categories every lexicon holds, as lists of patterns.
LIST_CATEGORIES = (
    "material", "general_material", "anaphora", "link", "child", "sexual", "depiction",
    "definition_marker", "technology", "technology_neutral", "offence_marker", "defence",
    "prohibition", "purpose", "personal_use", "isp_bearer", "general_bearer",
    "professional_bearer", "duty_marker", "report_verb", "recipient", "on_request", "incident",
    "illegal_content", "exemption", "aggravation", "procedural", "list_copula",
)


class LexiconError(CoplawError):
    """A lexicon file is invalid; the message names the file and the entry."""


class LexiconData(BaseModel):
    """The YAML of one language, as written."""

    model_config = ConfigDict(extra="forbid")

    language: str
    name: str
    acts: dict[str, list[str]]
    mental: dict[str, list[str]]
    age: list[str]
    numbers: dict[str, int] = {}
    material: list[str]
    general_material: list[str]
    anaphora: list[str]
    link: list[str]
    child: list[str]
    sexual: list[str]
    depiction: list[str]
    definition_marker: list[str]
    technology: list[str]
    technology_neutral: list[str]
    offence_marker: list[str]
    defence: list[str]
    prohibition: list[str]
    purpose: list[str]
    personal_use: list[str]
    isp_bearer: list[str]
    general_bearer: list[str]
    professional_bearer: list[str]
    duty_marker: list[str]
    report_verb: list[str]
    recipient: list[str]
    on_request: list[str]
    incident: list[str]
    illegal_content: list[str]
    exemption: list[str]
    aggravation: list[str]
    procedural: list[str]
    # the verb of a lead-in that defines a term by the list after it ("X are:");
    # optional, a language without it simply has no such definitions found
    list_copula: list[str] = []


_SPECIAL = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
            "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u00df": "s"}


@cache
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFD", low)
    # a combining mark left alone (a Bengali vowel sign) becomes a letter, so \w takes it
    return mark_stand_in(base[0]) if base else ch


def fold(text: str) -> str:
    """``text`` in lower case without accents, with exactly one character per character;
    combining marks become letters (see :mod:`coplaw.lexicons.boundaries`)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter lower-cases to two: fold each one by itself
        table = {ord(c): _fold_char(c) for c in set(text) if _fold_char(c) != c}
        return text.translate(table)
    # lower-casing did most of it; the few characters left (accented letters, quotes, marks)
    # are replaced where they stand, much faster than translating every character
    rest = {c: _fold_char(c) for c in set(lowered) if _fold_char(c) != c}
    if not rest:
        return lowered
    return re.sub("[" + re.escape("".join(rest)) + "]", lambda m: rest[m.group()], lowered)


def fold_pattern(pattern: str) -> str:
    """Fold a regex fragment like text, leaving escapes (``\\w``, ``\\d``) untouched.

    Folding keeps only the letter of a precomposed "é" or "য়" but keeps the letter and its
    mark (as a stand-in letter) when the text writes them apart, so outside character classes
    a letter that carries such a mark matches both ways: the mark becomes optional."""
    out: list[str] = []
    escaped = in_class = False
    prev = ""
    for ch in pattern:
        if escaped or ch == "\\":
            out.append(ch)
            escaped = not escaped
            prev = ""
            continue
        if in_class or ch == "[":
            out.append(_fold_char(ch))
            in_class = ch != "]"
            prev = ""
            continue
        parts = unicodedata.normalize("NFD", ch.lower())
        if unicodedata.category(ch)[0] == "M" and prev and composes(prev, ch):
            out.append(f"{_fold_char(ch)}?")  # typed apart: the text may hold them as one
        elif len(parts) > 1 and ch not in _SPECIAL:
            marks = "".join(mark_stand_in(m) for m in parts[1:])
            out.append(f"(?:{_fold_char(ch)}(?:{marks})?)")  # typed as one: the text may not
        else:
            out.append(_fold_char(ch))
        prev = ch
    return "".join(out)


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{fold_pattern(p)})" for p in patterns)


def _bounded(body: str) -> str:
    return rf"(?<!\w)(?:{body})(?!\w)"


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns of one language; match them on ``fold(text)``."""

    language: str
    name: str
    categories: dict[str, re.Pattern[str]]
    acts: re.Pattern[str]  # one named group per act
    mental: re.Pattern[str]  # one named group per kind of mental element
    ages: tuple[re.Pattern[str], ...]
    numbers: dict[str, int]

    def find(self, category: str, folded: str, start: int = 0, end: int | None = None
             ) -> list[tuple[int, int, str]]:
        """Every match of ``category`` in folded text (or in ``start..end`` of it) as
        (start, end, label); the label is the act or mental element for those groups."""
        stop = len(folded) if end is None else end
        if category in ("acts", "mental"):
            pat = self.acts if category == "acts" else self.mental
            return [(m.start(), m.end(), m.lastgroup or "")
                    for m in pat.finditer(folded, start, stop)]
        return [(m.start(), m.end(), category)
                for m in self.categories[category].finditer(folded, start, stop)]


def _compile(path: Path, where: str, source: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise LexiconError(f"{path}: {where}: invalid pattern ({exc})") from exc


def _grouped(path: Path, key: str, groups: dict[str, list[str]]) -> re.Pattern[str]:
    parts = []
    for name, pats in groups.items():
        if not re.fullmatch(r"[a-z_]+", name):
            raise LexiconError(f"{path}: {key}.{name}: names must be lower-case words")
        for i, p in enumerate(pats):
            _compile(path, f"{key}.{name}[{i}]", fold_pattern(p))
        parts.append(f"(?P<{name}>{_alternation(pats)})")
    return _compile(path, key, _bounded("|".join(parts)) if parts else r"(?!x)x")


def load_file(path: Path) -> Lexicon:
    """Read, validate and compile one lexicon file; errors name the file and the entry."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read the lexicon: {exc}") from exc
    try:
        data = LexiconData.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise LexiconError(f"{path}: {loc}: {first['msg']}") from exc
    unknown = sorted(set(data.acts) - set(ACTS))
    if unknown:
        raise LexiconError(f"{path}: acts: unknown act(s) {', '.join(unknown)}; "
                           f"known acts are {', '.join(ACTS)}")
    categories: dict[str, re.Pattern[str]] = {}
    for cat in LIST_CATEGORIES:
        pats: list[str] = getattr(data, cat)
        for i, p in enumerate(pats):
            _compile(path, f"{cat}[{i}]", fold_pattern(p))
        categories[cat] = _compile(path, cat, _bounded(_alternation(pats)) if pats
                                   else r"(?!x)x")
    ages = tuple(_compile(path, f"age[{i}]", _bounded(fold_pattern(p)))
                 for i, p in enumerate(data.age))
    return Lexicon(
        language=data.language,
        name=data.name,
        categories=categories,
        acts=_grouped(path, "acts", data.acts),
        mental=_grouped(path, "mental", data.mental),
        ages=ages,
        numbers={fold(k): v for k, v in data.numbers.items()},
    )


def available() -> list[str]:
    """Language codes that have a lexicon file."""
    return sorted(p.stem for p in DATA.glob("*.yaml"))


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of ``language`` (ISO 639-1); English when there is no file for it."""
    code = (language or "en").lower()[:2]
    path = DATA / f"{code}.yaml"
    if not path.exists():
        path = DATA / "en.yaml"
    return load_file(path)
