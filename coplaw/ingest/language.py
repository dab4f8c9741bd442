"""Which language a law is written in: en, fr, es, pt, de or bn.

Two plain signals, both data in ``data/languages.yaml``: the script the letters are written in
(Bengali letters outnumbering Latin ones means bn), and for Latin-script text the share of
words that are each language's function words. Legal prose is dense in those words, so a
few sentences decide; no model is needed and the answer can be explained.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ValidationError, field_validator

from coplaw.errors import CoplawError

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 40000


class _Lang(BaseModel):
    script: str
    stopwords: list[str]

    @field_validator("stopwords")
    @classmethod
    def _some(cls, v: list[str]) -> list[str]:
        if len(v) < 10:
            raise ValueError("needs at least 10 stop words")
        return [w.lower() for w in v]


class _Data(BaseModel):
    languages: dict[str, _Lang]
    scripts: dict[str, tuple[int, int]]
    min_letters: int


@lru_cache(maxsize=1)
def _data() -> _Data:
    text = resources.files("coplaw.ingest").joinpath("data/languages.yaml").read_text("utf-8")
    try:
        data = _Data.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        raise CoplawError(f"coplaw/ingest/data/languages.yaml is invalid: {exc}") from exc
    for code, lang in data.languages.items():
        if lang.script != "latin" and lang.script not in data.scripts:
            raise CoplawError(f"coplaw/ingest/data/languages.yaml: {code} uses script "
                              f"{lang.script!r}, which has no range under 'scripts'")
    return data


def _sample(text: str) -> str:
    """Start, middle and end of a long text, so a long preamble in one language does not
    decide for a whole bilingual code."""
    if len(text) <= 3 * _SAMPLE:
        return text
    mid = len(text) // 2
    return " ".join((text[:_SAMPLE], text[mid:mid + _SAMPLE], text[-_SAMPLE:]))


def scores(text: str) -> dict[str, float]:
    """Each language's score in [0, 1]: its script's share of letters for non-Latin scripts,
    otherwise its stop words' share of words (scaled by the Latin share of letters)."""
    data = _data()
    sample = _sample(text)
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < data.min_letters:
        return {}
    by_script: Counter[str] = Counter()
    for ch in letters:
        code = ord(ch)
        for name, (lo, hi) in data.scripts.items():
            if lo <= code <= hi:
                by_script[name] += 1
                break
        else:
            if code < 0x250:
                by_script["latin"] += 1
    total = len(letters)
    latin_share = by_script["latin"] / total
    words = [w.lower() for w in _WORD.findall(sample) if ord(w[0]) < 0x250]
    counts = Counter(words)
    out: dict[str, float] = {}
    for code, lang in data.languages.items():
        if lang.script == "latin":
            hits = sum(counts[w] for w in set(lang.stopwords))
            out[code] = latin_share * (hits / len(words) if words else 0.0)
        else:
            out[code] = by_script[lang.script] / total
    return out


def detect(text: str) -> str | None:
    """The most likely language code, or None for too little text to tell."""
    found = scores(text)
    if not found:
        return None
    best = max(found, key=lambda k: found[k])
    return best if found[best] > 0.05 else None
