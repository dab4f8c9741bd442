"""Instrument metadata from the text: id, title, language, year, draft status."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_STOPWORDS = {
    "en": ("the", "of", "and", "to", "shall", "any", "or", "person", "which", "is"),
    "fr": ("le", "la", "les", "des", "est", "du", "et", "une", "par", "dans"),
    "es": ("el", "los", "las", "del", "por", "con", "y", "se", "al", "su"),
    "pt": ("não", "dos", "das", "em", "ao", "pela", "pelo", "com", "uma", "os"),
    "de": ("der", "die", "das", "und", "wird", "nicht", "eine", "mit", "von", "ist"),
}
_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")
_CITED_YEAR = re.compile(r"(?i)\b(?:no\.?|act|n°|nº)\s*\d{1,4}\s+(?:of|de)\s+(1[6-9]\d\d|20\d\d)\b")
_DRAFT_TITLE = re.compile(
    r"(?i)\bbill\b|\bdraft\b|proyecto\s+de|projet\s+de\s+loi|proposition\s+de\s+loi|"
    r"projeto\s+de|entwurf"
)
_DRAFT_TEXT = re.compile(
    r"(?im)^\W*(?:a\s+)?(?:bill|draft|proyecto\s+de\s+ley|projet\s+de\s+loi|projeto\s+de\s+lei|"
    r"gesetzentwurf)\b(?![^\n]{0,3}:)"
)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_META_LINE = re.compile(r"^[a-z_]{2,30}:\s")


def slug(stem: str) -> str:
    """A file stem as an instrument id: lower case ASCII words joined by hyphens."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-") or "instrument"


def detect_language(text: str) -> str:
    """The language whose common words are most frequent in the first part of ``text``."""
    sample = text[:20000].lower()
    counts: dict[str, int] = {}
    words = _WORD.findall(sample)
    freq: dict[str, int] = {}
    for w in words:
        freq[w] = freq.get(w, 0) + 1
    for lang, stops in _STOPWORDS.items():
        counts[lang] = sum(freq.get(w, 0) for w in stops)
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else "und"


def find_title(text: str) -> str | None:
    """The title: a front-matter title, else the first of the opening lines that names a kind
    of instrument (Act, Code, Loi, Ley, Gesetz, ...), else the first short line of words."""
    from coplaw.structure.lexicon import load_lexicon

    body = text
    fm = _FRONT_MATTER.match(text)
    if fm:
        m = re.search(r'(?mi)^(?:title|titulo|titre):\s*"?([^"\n]+)"?', fm.group(0))
        if m:
            return m.group(1).strip()
        body = text[fm.end():]
    words = load_lexicon().title_words
    named = re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") \
        if words else None
    first: str | None = None
    prev: str | None = None
    seen = 0
    for raw in body.splitlines()[:60]:
        line = raw.strip().strip("#*_=").strip()
        if not line or _META_LINE.match(line) or line.startswith(("[", "<", "|")):
            continue
        if len(line) > 200:
            break
        seen += 1
        first = first or line
        m = named.search(line) if named is not None else None
        if m is not None and (m.start() == 0 or _title_case(line)):
            if m.start() == 0 and prev and prev.isupper() and len(prev) < 80:
                return f"{prev} {line}"  # "COMPUTER CRIME" / "ACT, No. 24 OF 2007"
            return line
        prev = line
        if seen >= 12:
            break
    return first


def _title_case(line: str) -> bool:
    """Titles are in capitals or Title Case ("Penal Code (Amendment) Act, 2021"), unlike a
    sentence that happens to say "Act"."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 2]
    if not words:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.6


def find_year(title: str | None, text: str) -> int | None:
    """The year in the title, else the year of an "Act No. 7 of 2010" citation near the top,
    else the first plausible year near the top of the text."""
    m = _YEAR.search(title or "")
    if m:
        return int(m.group(1))
    head = text[:3000]
    m = _CITED_YEAR.search(head) or _YEAR.search(head)
    return int(m.group(1)) if m else None


def find_status(title: str | None, text: str) -> str:
    """"draft" when the title or opening words say Bill / draft / proyecto de ley."""
    if title and _DRAFT_TITLE.search(title) or _DRAFT_TEXT.search(text[:1500]):
        return "draft"
    return "in_force"


def instrument_id(path: str) -> str:
    return slug(Path(path).stem)
