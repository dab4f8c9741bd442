"""Time the assessment (annotate + icmec-review) after ingest and structure, per text size.

Usage: .venv/bin/python bench/assess_bench.py [CORPUS_DIR]
Prints the largest jurisdiction's time and the whole corpus's, with characters of text and
MB/s; the aim is under 2 s for 5 MB of text on one core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coplaw.assess.engine import assess_instruments  # noqa: E402
from coplaw.lexicons import lexicon  # noqa: E402
from coplaw.standards.catalogue import load_catalogue  # noqa: E402
from coplaw.structure.load import load_paths  # noqa: E402


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return
    loaded = {}
    t0 = time.perf_counter()
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        loaded[folder.name] = load_paths([str(folder)]).instruments
    load_time = time.perf_counter() - t0
    t = time.perf_counter()
    load_catalogue()
    lexicon("en")
    print(f"catalogue and lexicon load (once per process): {time.perf_counter() - t:.2f} s")
    sizes = {k: sum(len(i.text) for i in v) for k, v in loaded.items()}
    print(f"ingest+structure of {len(loaded)} jurisdictions: {load_time:.1f} s "
          f"(not counted below)")
    largest = max(sizes, key=lambda k: sizes[k])
    t = time.perf_counter()
    assess_instruments(loaded[largest], largest, ["icmec-review"])
    dt = time.perf_counter() - t
    mb = sizes[largest] / 1e6
    print(f"largest jurisdiction: {mb:.2f} M characters in {len(loaded[largest])} instruments, "
          f"assessed in {dt:.2f} s ({mb / dt:.2f} M chars/s)")
    total = 0.0
    for k, insts in loaded.items():
        t = time.perf_counter()
        assess_instruments(insts, k, ["icmec-review"])
        total += time.perf_counter() - t
    mb = sum(sizes.values()) / 1e6
    print(f"whole corpus: {mb:.2f} M characters, assessed in {total:.2f} s "
          f"({mb / total:.2f} M chars/s; 5 MB would take {5 / (mb / total):.2f} s)")


if __name__ == "__main__":
    main()
