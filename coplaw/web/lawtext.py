"""The words of the law beside a finding, with the quoted evidence marked at its offsets.

The store keeps each instrument's file path, not its text; the text is re-read through the
structure stage (the same reader that produced the offsets) and cached by path and mtime.
Every piece of law text is escaped; only the ``<mark>`` tags around evidence are markup.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from coplaw.document import Instrument

_CACHE: dict[tuple[str, float], Instrument | None] = {}
_LOCK = threading.Lock()
MAX_EXCERPT = 12_000


def load_instrument(file: str) -> Instrument | None:
    """The structured instrument read from ``file``, or None when it cannot be read now."""
    from coplaw.structure.load import load_paths

    path = Path(file)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    key = (str(path), mtime)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    loaded = load_paths([path])
    doc = loaded.instruments[0] if loaded.instruments else None
    with _LOCK:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = doc
    return doc


def highlight(text: str, spans: Sequence[tuple[int, int]], base: int = 0) -> Markup:
    """``text`` (which starts at offset ``base`` of its instrument) escaped, with each span
    (instrument offsets) wrapped in ``<mark>``. Overlapping spans are merged."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        s, e = max(start - base, 0), min(end - base, len(text))
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[str] = []
    pos = 0
    for s, e in merged:
        out.append(str(escape(text[pos:s])))
        out.append(f'<mark class="evidence">{escape(text[s:e])}</mark>')
        pos = e
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


@dataclass
class Excerpt:
    """One provision's words, with its evidence marked."""

    instrument: str
    title: str
    provision: str
    html: Markup
    exact: bool  # every quote equals the text at its offsets
    truncated: bool


def excerpts(file: str, instrument_key: str, items: Sequence[tuple[str, str, int, int]]) -> (
        list[Excerpt] | None):
    """Excerpts of one instrument for evidence items ``(provision, quote, start, end)``;
    None when the file cannot be read any more."""
    doc = load_instrument(file)
    if doc is None:
        return None
    provisions = {p.eid: p for p in doc.provisions()}
    shown: dict[tuple[int, int], list[tuple[str, str, int, int]]] = {}
    for item in items:
        eid, _quote, start, end = item
        prov = provisions.get(eid)
        lo, hi = (prov.start, prov.end) if prov else (max(start - 400, 0), end + 400)
        if not lo <= start <= end <= hi:
            lo, hi = min(lo, start), max(hi, end)
        shown.setdefault((lo, hi), []).append(item)
    out: list[Excerpt] = []
    for (lo, hi), group in sorted(shown.items()):
        truncated = hi - lo > MAX_EXCERPT
        first = min(s for _, _, s, _ in group)
        if truncated:
            lo = max(lo, first - 2000)
            hi = min(hi, lo + MAX_EXCERPT)
        part = doc.text[lo:hi]
        exact = all(doc.text[s:e] == q for _, q, s, e in group)
        out.append(Excerpt(instrument_key, doc.title, group[0][0],
                           highlight(part, [(s, e) for _, _, s, e in group], lo), exact,
                           truncated))
    return out


@dataclass
class TermView:
    """One outdated term in its sentence, with what to say instead."""

    provision: str
    term: str
    html: Markup
    preferred: list[str]
    rule: str
    source: str
    excused_by: str | None


def terminology(file: str) -> list[TermView] | None:
    """Outdated terms of the instrument in ``file`` (terminology stage), each marked in its
    surrounding words; None when the file cannot be read any more."""
    from coplaw.terminology.lint import lint_instrument

    doc = load_instrument(file)
    if doc is None:
        return None
    out = []
    for occ in lint_instrument(doc):
        lo, hi = max(occ.start - 160, 0), min(occ.end + 160, len(doc.text))
        out.append(TermView(occ.provision, occ.term,
                            highlight(doc.text[lo:hi], [(occ.start, occ.end)], lo),
                            list(occ.preferred), occ.rule, occ.source, occ.context))
    return out
