"""Cross-references in the text ("section 5(2)", "sections 3 to 7", "article 227-23 du code
pénal", "Artículo 128", "§ 184b Abs. 1") resolved to provision eIds where the target is
loaded: the same instrument by default, another loaded instrument when the reference names it.

Reference words, joiners and the phrase naming another instrument are per-language data
(data/crossrefs.yaml).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from coplaw.document import CrossRef, Instrument, Provision
from coplaw.errors import CoplawError
from coplaw.structure.eids import clean_num
from coplaw.structure.langdata import language_blocks, read_mapping, with_english
from coplaw.structure.tree import find_provision

DATA = Path(__file__).parent / "data" / "crossrefs.yaml"
_NUM = (
    r"(?:[LRD]\.?\s?)?\d{1,5}[A-Za-z]{0,3}(?:[-.]\d{1,5}[A-Za-z]{0,3})*"
    r"(?:\s(?:bis|ter|qu[aá]ter|quinquies|sexies|septies|octies))?[º°]?"
)
_PATH = r"(?:\s?\((?:\d{1,3}[A-Z]{0,2}|[a-z]{1,4}|[A-Z]{1,3})\))*"
_ABS = r"(?:\s+(?:Abs\.|Absatz)\s*(?P<abs>\d+[a-z]?))?"

_SUBDIVISIONS = {"subsection", "paragraph", "subparagraph", "clause", "subclause", "point"}
KIND_PREFIX = {"section": "sec", "subsection": "subsec", "article": "art", "rule": "rule"}


class _LangModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: dict[str, str]
    relative: str | None = None
    of_words: list[str] = []
    subdivision_words: list[str] = []
    joiners: list[str]
    range_words: list[str]
    instrument: str | None = None


class CrossRefLexiconError(CoplawError):
    """The cross-reference lexicon file is invalid."""


@dataclass
class _Lang:
    ref: re.Pattern[str]
    item: re.Pattern[str]
    words: dict[str, str]
    range_words: set[str]
    instrument: re.Pattern[str] | None
    relative: re.Pattern[str] | None = None
    of_re: re.Pattern[str] | None = None


@lru_cache(maxsize=2)
def _load(path: Path = DATA) -> dict[str, _Lang]:
    out: dict[str, _Lang] = {}
    for code, m in _blocks(path).items():
        bad = [k for k in m.words.values() if k not in KIND_PREFIX]
        if bad:
            raise CrossRefLexiconError(f"{path}: language {code!r}: unknown kinds {bad}")
        words = sorted(m.words, key=len, reverse=True)
        word_re = "|".join(re.escape(w) for w in words)
        joiner_re = "|".join(re.escape(j) for j in sorted(m.joiners, key=len, reverse=True))
        one = f"{_NUM}{_PATH}{_ABS.replace('?P<abs>', '')}"
        try:
            ref = re.compile(
                rf"(?<![\w§])(?P<word>{word_re})(?![\w])\s*"
                rf"(?P<list>{one}(?:\s*(?:{joiner_re})\s*{one})*)",
                re.I,
            )
            item = re.compile(rf"(?P<num>{_NUM})(?P<path>{_PATH}){_ABS}|(?P<join>{joiner_re})",
                              re.I)
            inst = re.compile(r"\s*,?\s*" + m.instrument, re.I if code not in ("en", "de") else 0) \
                if m.instrument else None
        except re.error as exc:
            raise CrossRefLexiconError(f"{path}: language {code!r}: bad pattern: {exc}") from exc
        try:
            rel = re.compile(rf"(?<![\w])(?:{m.relative})\s*(?P<path>(?:\(\w{{1,5}}\))+)",
                             re.I) if m.relative else None
        except re.error as exc:
            raise CrossRefLexiconError(f"{path}: language {code!r}: bad relative: {exc}") from exc
        of_re = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in m.of_words) + r")\s+",
                           re.I) if m.of_words else None
        out[code] = _Lang(ref, item, {w.lower(): k for w, k in m.words.items()},
                          {r.lower() for r in m.range_words}, inst, rel, of_re)
    return out


@lru_cache(maxsize=2)
def subdivision_words(path: Path = DATA) -> frozenset[str]:
    """Words of every language that name a subdivision ("paragraph", "alinéa", "Absatz")."""
    return frozenset(
        w.lower().rstrip(".") for m in _blocks(path).values() for w in m.subdivision_words
    )


def _blocks(path: Path) -> dict[str, _LangModel]:
    return language_blocks(
        path, read_mapping(path, CrossRefLexiconError), _LangModel, CrossRefLexiconError
    )


def _langs(language: str) -> list[_Lang]:
    table = _load()
    return [table[c] for c in with_english(language, table)]


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


@dataclass
class _Raw:
    ref: CrossRef
    kind: str
    num: str
    path: list[str]
    named: str | None


class _Spans:
    """Stretches of text already claimed (headings, found references): sorted, so a lookup
    is a binary search rather than a scan of every span."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.items = sorted((s, e) for s, e in spans if e > s)
        self.starts = [s for s, _ in self.items]

    def holds(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        # spans may nest: look back over the few that start before ``pos``
        while i >= 0 and pos - self.items[i][0] < 2000:
            if self.items[i][1] > pos:
                return True
            i -= 1
        return False

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.items.insert(i, (start, end))


def _scan(inst: Instrument) -> list[_Raw]:
    text = inst.text
    tops = [*inst.body, *inst.schedules]
    raws: list[_Raw] = []
    # heading lines ("--- Section 3 — ... ---", "Article 5") are not references
    taken = _Spans((p.start, p.body_start) for p in inst.provisions()
                   if p.heading is not None or p.kind not in _SUBDIVISIONS)
    for lang in _langs(inst.language):
        for m in lang.ref.finditer(text):
            if taken.holds(m.start()):
                continue
            word = m.group("word").lower()
            kind = lang.words.get(word, "section")
            named: str | None = None
            end = m.end()
            if lang.instrument is not None:
                im = lang.instrument.match(text, m.end())
                if im:
                    named = im.group("name")
                    end = im.end()
            taken.add(m.start(), end)
            if kind == "subsection":
                continue  # "subsection 2" points inside the current section: claimed, not kept
            holder = find_provision(tops, m.start())
            # list items: numbers, with ranges expanded
            items: list[tuple[str, list[str], int, int]] = []
            pending_range = False
            for it in lang.item.finditer(text, m.start("list"), m.end("list")):
                if it.group("join"):
                    pending_range = it.group("join").lower() in lang.range_words
                    continue
                path = re.findall(r"\(([^)]+)\)", it.group("path") or "")
                if it.group("abs"):
                    path = [it.group("abs"), *path]
                num = it.group("num")
                if pending_range and items and not path:
                    lo = re.fullmatch(r"\d+", items[-1][0])
                    hi = re.fullmatch(r"\d+", num)
                    if lo and hi and 0 < int(num) - int(items[-1][0]) <= 50:
                        for n in range(int(items[-1][0]) + 1, int(num)):
                            items.append((str(n), [], it.start(), it.end()))
                items.append((num, path, it.start(), it.end()))
                pending_range = False
            for num, path, s, e in items:
                ref = CrossRef(provision=holder.eid if holder else "", text=text[m.start():end],
                               start=m.start() if len(items) == 1 else s,
                               end=end if len(items) == 1 else e)
                raws.append(_Raw(ref, kind, num, path, named))
        if lang.relative is not None:
            for m in lang.relative.finditer(text):
                if taken.holds(m.start()):
                    continue
                joined = lang.of_re.match(text, m.end()) if lang.of_re is not None else None
                owner = next((r for r in raws if joined and r.ref.start == joined.end()
                              and r.kind != "relative"), None)
                if owner is not None:
                    # "subsection (1) of section 3": one reference into section 3
                    owner.path = re.findall(r"\(([^)]+)\)", m.group("path")) + owner.path
                    owner.ref.text = text[m.start():owner.ref.end]
                    owner.ref.start = m.start()
                    continue
                taken.add(m.start(), m.end())
                holder = find_provision(tops, m.start())
                ref = CrossRef(provision=holder.eid if holder else "", text=m.group(0),
                               start=m.start(), end=m.end())
                raws.append(_Raw(ref, "relative", "", re.findall(r"\(([^)]+)\)",
                                                                 m.group("path")), None))
    raws.sort(key=lambda r: r.ref.start)
    return raws


def _relative_target(tops: list[Provision], offset: int, path: list[str]) -> str | None:
    """"subsection (2)", "paragraph (a)": the nearest enclosing provision (inside the same
    section or article) that has a child so numbered, then down the rest of the path."""
    chain: list[Provision] = []
    level = tops
    while True:
        hit = next((p for p in level if p.start <= offset < p.end), None)
        if hit is None:
            break
        chain.append(hit)
        level = hit.children
    unit_at = next((i for i, p in enumerate(chain) if p.kind in ("section", "article", "rule")),
                   None)
    if unit_at is None or not path:
        return None
    for prov in reversed(chain[unit_at:]):
        node: Provision | None = prov
        for token in path:
            node = next((c for c in node.children
                         if clean_num(c.num or "") == clean_num(token)), None) if node else None
        if node is not None:
            return node.eid
    return None


def _index(inst: Instrument) -> dict[str, Provision]:
    return {p.eid: p for p in inst.provisions()}


def _target(index: dict[str, Provision], kind: str, num: str, path: list[str]) -> str | None:
    key = clean_num(re.sub(r"^[LRD]\.?\s?(?=\d)", lambda m: m.group(0)[0], num))
    prefixes = [KIND_PREFIX[kind]] + [p for p in ("sec", "art", "rule") if p != KIND_PREFIX[kind]]
    prov = None
    for pre in prefixes:
        prov = index.get(f"{pre}_{key}")
        if prov is not None:
            break
    if prov is None:
        return None
    for token in path:
        child = next((c for c in prov.children
                      if clean_num(c.num or "") == clean_num(token)), None)
        if child is None:
            break
        prov = child
    return prov.eid


def find_references(inst: Instrument) -> list[CrossRef]:
    """References in ``inst``, resolved within ``inst`` when they name no other instrument."""
    index = _index(inst)
    out: list[CrossRef] = []
    tops = [*inst.body, *inst.schedules]
    for raw in _scan(inst):
        if raw.kind == "relative":
            target = _relative_target(tops, raw.ref.start, raw.path)
            if target is not None:
                raw.ref.target_instrument = inst.id
                raw.ref.target = target
        elif raw.named is None or _names_self(inst, raw.named):
            target = _target(index, raw.kind, raw.num, raw.path)
            if target is not None:
                raw.ref.target_instrument = inst.id
                raw.ref.target = target
        out.append(raw.ref)
    return out


def _names_self(inst: Instrument, name: str) -> bool:
    """Whether the named instrument is this one ("of the Act" in the Children Act): the
    instrument phrases of every language start after the article, so "this Act" never
    reaches here; a name contained in the title does."""
    n = _norm(name)
    return bool(n) and n in _norm(inst.title)


def resolve_across(instruments: list[Instrument]) -> None:
    """Resolve references that name another loaded instrument ("of the Penal Code")."""
    if len(instruments) < 2:
        return
    titles = [(_norm(i.title), i) for i in instruments]
    indexes: dict[str, dict[str, Provision]] = {}
    for inst in instruments:
        pending = [r for r in inst.references if r.target is None]
        if not pending:
            continue
        for raw in _scan(inst):
            if raw.named is None or raw.kind == "relative":
                continue
            want = _norm(raw.named)
            want = re.sub(r"^(?:the|le|la|el|o|a|des|der)\s+", "", want)
            other = next((o for t, o in titles if o is not inst and want and
                          (want in t or t.startswith(want))), None)
            if other is None:
                continue
            idx = indexes.setdefault(other.id, _index(other))
            target = _target(idx, raw.kind, raw.num, raw.path)
            if target is None:
                continue
            for ref in pending:
                if ref.start == raw.ref.start and ref.end == raw.ref.end:
                    ref.target_instrument = other.id
                    ref.target = target
