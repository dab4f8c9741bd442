"""Evidence offsets, jurisdiction independence, and no country in the engine."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from coplaw.assess.engine import assess_paths
from coplaw.structure.load import load_paths

LAWS = Path(__file__).parent / "fixtures" / "laws"
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("folder", ["en_full", "fr_full", "es_full", "de_full", "en_nearmiss"])
def test_met_evidence_quotes_exact_words(folder: str) -> None:
    loaded = load_paths([str(LAWS / folder)])
    texts = {i.id: i.text for i in loaded.instruments}
    result = assess_paths([LAWS / folder], "XXC", ["icmec-review"])
    for f in result.findings:
        if f.status == "met":
            assert f.evidence, f.standard
        for e in f.evidence:
            assert texts[e.instrument][e.start:e.end] == e.quote
            assert e.quote.strip() == e.quote and e.quote


def test_same_text_under_two_codes_gives_identical_findings() -> None:
    a = assess_paths([LAWS], "AAA", ["icmec-review"])
    b = assess_paths([LAWS], "ZZZ", ["icmec-review"])
    assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
    assert a.jurisdiction == "AAA" and b.jurisdiction == "ZZZ"


def _country_words(corpus: Path) -> tuple[set[str], set[str]]:
    """(codes, names) of the corpus countries, from its manifest and folders."""
    codes, names = set(), set()
    with (corpus / "MANIFEST.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            codes.add(row["iso3"].strip())
            names.add(row["country"].strip())
    codes.update(p.name for p in corpus.iterdir() if p.is_dir())
    return codes, names


def test_engine_never_names_a_country(corpus_dir: Path) -> None:
    codes, names = _country_words(corpus_dir)
    assert "KEN" in codes and "Kenya" in names
    by_code = re.compile(r"\b(" + "|".join(sorted(codes)) + r")\b")  # codes in capitals
    by_name = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names)) + r")\b",
                         re.IGNORECASE)
    offenders = []
    for folder in ("coplaw/annotate", "coplaw/assess", "coplaw/lexicons"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".yaml"):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                m = by_code.search(line) or by_name.search(line)
                if m:
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {m.group(0)}")
    assert not offenders, offenders
