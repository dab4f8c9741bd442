"""Time the terminology lint (outdated terms, contexts, media-bound definitions) per
jurisdiction, after ingest and structure.

Usage: .venv/bin/python bench/terminology_bench.py [CORPUS_DIR]
Prints the slowest jurisdiction and the whole corpus: characters of text, seconds, MB/s and
how many occurrences were flagged or left alone.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coplaw.structure.load import load_paths  # noqa: E402
from coplaw.terminology import lexicon  # noqa: E402
from coplaw.terminology.lint import lint_instruments  # noqa: E402


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return
    for lang in lexicon.languages():  # compile outside the timing
        lexicon.load(lang)
    total_chars = 0
    total_time = 0.0
    flagged = kept = 0
    slowest = ("", 0.0, 0)
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        instruments = load_paths([folder]).instruments
        chars = sum(len(i.text) for i in instruments)
        t0 = time.perf_counter()
        found = lint_instruments(instruments)
        spent = time.perf_counter() - t0
        total_chars += chars
        total_time += spent
        flagged += sum(o.flagged for o in found)
        kept += sum(not o.flagged for o in found)
        if spent > slowest[1]:
            slowest = (folder.name, spent, chars)
    name, spent, chars = slowest
    print(f"slowest: {name} {chars / 1e6:.2f} MB in {spent:.2f} s "
          f"({chars / 1e6 / max(spent, 1e-9):.2f} MB/s)")
    print(f"corpus: {total_chars / 1e6:.2f} MB in {total_time:.2f} s "
          f"({total_chars / 1e6 / max(total_time, 1e-9):.2f} MB/s); "
          f"{flagged} flagged, {kept} left alone")


if __name__ == "__main__":
    main()
