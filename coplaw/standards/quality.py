"""Checks that keep the catalogue honest against its sources: anchors are really in the pointed
lines, and the catalogue's own wording does not copy long runs of the source.

Used by the test suite and by anyone editing the YAML (``python -m coplaw.standards.quality``).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from coplaw.standards.catalogue import Catalogue, find_sources_dir, load_catalogue, source_lines
from coplaw.standards.schema import Item

RUN_LENGTH = 8  # this many consecutive shared words is treated as copying

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def words(text: str) -> list[str]:
    """Lower-case word tokens with accents, quotes and punctuation normalised away."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return re.findall(r"[a-z0-9]+", text)


def shared_runs(own: str, source: str, n: int = RUN_LENGTH) -> list[str]:
    """Every run of ``n`` consecutive words of ``own`` that also occurs in ``source``."""
    src = words(source)
    grams = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    mine = words(own)
    return [" ".join(mine[i : i + n]) for i in range(len(mine) - n + 1)
            if tuple(mine[i : i + n]) in grams]


def own_texts(item: Item) -> Iterable[tuple[str, str]]:
    """(field, text) for every piece of wording the catalogue writes itself for an item."""
    yield "paraphrase", item.paraphrase
    if item.reform:
        yield "reform", item.reform
    if item.test:
        for n, text in enumerate(item.test.counts):
            yield f"test.counts[{n}]", text
        for n, text in enumerate(item.test.does_not_count):
            yield f"test.does_not_count[{n}]", text
    if item.terms and item.terms.note:
        yield "terms.note", item.terms.note


def _squash(text: str) -> str:
    return " ".join(text.split())


def anchor_line(item: Item, lines: list[tuple[int, str]]) -> int | None:
    """The number of the first pointed line that contains the anchor verbatim (spacing aside)."""
    anchor = _squash(item.source.anchor)
    return next((n for n, line in lines if anchor in _squash(line)), None)


def problems(cat: Catalogue, sources_dir: Path, only: set[str] | None = None) -> list[str]:
    """Every anchor that is missing and every copied run, as readable lines."""
    found: list[str] = []
    for item_id, item in cat.items.items():
        if only and cat.item_framework[item_id] not in only:
            continue
        where = f"{cat.item_file[item_id]}: {item_id}"
        lines = source_lines(item, sources_dir)
        if anchor_line(item, lines) is None:
            found.append(f"{where}: anchor {item.source.anchor!r} not in lines "
                         f"{item.source.lines[0]}-{item.source.lines[1]}")
        source = " ".join(text for _, text in lines)
        for name, text in own_texts(item):
            for run in shared_runs(text, source)[:1]:
                found.append(f"{where}: {name} copies the source: {run!r}")
    return found


def main(argv: list[str]) -> int:
    sources = find_sources_dir()
    if sources is None:
        print("shared/sources not found (set COPLAW_SOURCES)", file=sys.stderr)
        return 2
    found = problems(load_catalogue(), sources, set(argv) or None)
    print("\n".join(found) or "catalogue anchors and wording OK")
    return 1 if found else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
