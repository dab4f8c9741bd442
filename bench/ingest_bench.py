"""Ingest throughput on the corpus, beside a baseline in the same run.

Prints:
- PDF text layer, pages/s: coplaw's reader (pypdfium2, ``coplaw.ingest.read``) and
  pdfplumber's ``extract_text`` on the same PDFs, each PDF read the same number of times.
  Scanned PDFs (no text layer) are left out: OCR speed is Tesseract's, not ours.
- Text, Markdown and XML readers, MB/s of text produced (UTF-8), reading from bytes in memory
  so the disk does not count; the baseline is a bare ``bytes.decode('utf-8')`` (text) and
  ``lxml.etree.fromstring`` + ``itertext`` (XML), i.e. the floor any reader pays.

Usage: .venv/bin/python bench/ingest_bench.py [CORPUS_DIR] [--repeat N] [--max-pdf-pages N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coplaw.errors import NoTextLayer  # noqa: E402
from coplaw.ingest import read, read_bytes  # noqa: E402

AIM_PAGES_PER_S = 100


def _pdfs(corpus: Path) -> list[tuple[Path, int]]:
    """Text-layer PDFs and their page counts."""
    out = []
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            src = read(path)
        except NoTextLayer:
            continue
        out.append((path, len(src.pages)))
    return out


def bench_pdf(pdfs: list[tuple[Path, int]], repeat: int, max_pages: int) -> None:
    import pdfplumber

    pages = sum(n for _, n in pdfs)
    t = time.perf_counter()
    for _ in range(repeat):
        for path, _n in pdfs:
            read(path)
    ours = pages * repeat / (time.perf_counter() - t)

    # pdfplumber is far slower: give it an equal share of pages from every PDF, so both
    # readers see the same documents; compare rates, pages per second
    share = max(1, max_pages // len(pdfs))
    plumber_pages = 0
    t = time.perf_counter()
    for path, _n in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[:share]:
                page.extract_text()
                plumber_pages += 1
    theirs = plumber_pages / (time.perf_counter() - t)
    print(f"PDF text layer: {len(pdfs)} files, {pages} pages x{repeat}")
    print(f"  coplaw (pypdfium2)   {ours:8.0f} pages/s   aim >= {AIM_PAGES_PER_S}: "
          f"{'met' if ours >= AIM_PAGES_PER_S else 'NOT met'}")
    print(f"  pdfplumber baseline  {theirs:8.1f} pages/s   (first {share} pages of each PDF, "
          f"{plumber_pages} pages)")
    print(f"  ratio                {ours / theirs:8.1f}x")


def bench_text(corpus: Path, suffixes: tuple[str, ...], label: str, repeat: int) -> None:
    files = [(p, p.read_bytes()) for p in sorted(corpus.rglob("*"))
             if p.suffix in suffixes and p.name not in ("README.md",)]
    if not files:
        return
    read_bytes(files[0][1], str(files[0][0]), suffix=files[0][0].suffix)  # warm up: data load
    chars = 0
    out_bytes = 0
    t = time.perf_counter()
    for _ in range(repeat):
        for path, data in files:
            src = read_bytes(data, str(path), suffix=path.suffix)
            chars += len(src.text)
            out_bytes += len(src.text.encode("utf-8"))
    elapsed = time.perf_counter() - t
    ours = out_bytes / 1e6 / elapsed
    file_mb = sum(len(d) for _, d in files) * repeat / 1e6 / elapsed
    base_bytes = 0
    t = time.perf_counter()
    for _ in range(repeat):
        for _path, data in files:
            if suffixes == (".xml",):
                from lxml import etree

                text = "".join(etree.fromstring(data).itertext())
            else:
                text = data.decode("utf-8-sig")
            base_bytes += len(text.encode("utf-8"))
    base = base_bytes / 1e6 / (time.perf_counter() - t)
    print(f"{label}: {len(files)} files, {out_bytes / repeat / 1e6:.1f} MB of text x{repeat}")
    print(f"  coplaw reader        {ours:8.1f} MB/s of text out ({file_mb:.1f} MB/s of file "
          "in; incl. language detection, source map)")
    print(f"  bare parse baseline  {base:8.1f} MB/s")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-pdf-pages", type=int, default=150)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus not found at {corpus}; pass its path", file=sys.stderr)
        return 2
    os.environ["COPLAW_OCR"] = "0"
    pdfs = _pdfs(corpus)
    if pdfs:
        bench_pdf(pdfs, args.repeat, args.max_pdf_pages)
    bench_text(corpus, (".txt",), "Plain text", args.repeat)
    bench_text(corpus, (".md",), "Markdown", args.repeat)
    bench_text(corpus, (".xml",), "XML (USLM, Justice Canada)", args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
