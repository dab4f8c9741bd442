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
_SAMPLE = 12000


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


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    data = _data()
    scripts = {name: re.compile(f"[{chr(lo)}-{chr(hi)}]")
               for name, (lo, hi) in data.scripts.items()}
    return re.compile(r"[A-Za-z\u00c0-\u024f]"), scripts


def scores(text: str) -> dict[str, float]:
    """Each language's score in [0, 1]: its script's share of letters for non-Latin scripts,
    otherwise its stop words' share of words (scaled by the Latin share of letters)."""
    data = _data()
    latin_re, script_res = _patterns()
    sample = _sample(text)
    by_script: Counter[str] = Counter()
    by_script["latin"] = len(latin_re.findall(sample))
    for name, pattern in script_res.items():
        by_script[name] = len(pattern.findall(sample))
    total = sum(by_script.values())
    if total < data.min_letters:
        return {}
    latin_share = by_script["latin"] / total
    counts = Counter(_WORD.findall(sample.lower()))
    n_words = sum(n for w, n in counts.items() if ord(w[0]) < 0x250)
    out: dict[str, float] = {}
    for lang_code, lang in data.languages.items():
        if lang.script == "latin":
            hits = sum(counts[w] for w in set(lang.stopwords))
            out[lang_code] = latin_share * (hits / n_words if n_words else 0.0)
        else:
            out[lang_code] = by_script[lang.script] / total
    return out


def detect(text: str) -> str | None:
    """The most likely language code, or None for too little text to tell."""
    found = scores(text)
    if not found:
        return None
    best = max(found, key=lambda k: found[k])
    return best if found[best] > 0.05 else None
