"""Structure accuracy on real law: provisions (eid, number, heading) read off the sources by
hand and kept in tests/fixtures/structure/*.yaml, compared with what the parser finds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from coplaw.structure.load import load_paths

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
CASES = sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.startswith("definitions"))

pytestmark = pytest.mark.corpus


def _norm(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip().rstrip(".—–-:").rstrip()
    return text or None


def _load_case(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and "file" in data and "provisions" in data, path
    return data


def test_fixtures_cover_enough_law() -> None:
    cases = [_load_case(p) for p in CASES]
    assert len(cases) >= 10
    assert all(len(c["provisions"]) >= 15 for c in cases), "each instrument needs 15 provisions"
    countries = {c["file"].split("/")[0] for c in cases}
    assert len(countries) >= 8
    suffixes = {Path(c["file"]).suffix for c in cases}
    assert {".txt", ".md", ".pdf", ".xml"} <= suffixes
    civil = [c for c in cases if any(p["eid"].startswith("art_") for p in c["provisions"])]
    assert len(civil) >= 3


def test_structure_accuracy(corpus_dir: Path) -> None:
    total = 0
    matched = 0
    mismatches: list[str] = []
    for path in CASES:
        case = _load_case(path)
        source = corpus_dir / case["file"]
        result = load_paths([source])
        if result.errors or not result.instruments:
            total += len(case["provisions"])
            mismatches.append(f"{case['file']}: not loaded: {result.errors}")
            continue
        inst = result.instruments[0]
        found = {p.eid: p for p in inst.provisions()}
        for want in case["provisions"]:
            total += 1
            got = found.get(want["eid"])
            if got is None:
                mismatches.append(f"{case['file']}: {want['eid']} missing")
                continue
            if _norm(got.num) != _norm(want["num"]) or _norm(got.heading) != _norm(
                    want["heading"]):
                mismatches.append(
                    f"{case['file']}: {want['eid']}: got ({got.num!r}, {got.heading!r}), "
                    f"want ({want['num']!r}, {want['heading']!r})")
                continue
            matched += 1
    rate = matched / total if total else 0.0
    print(f"structure accuracy: {matched}/{total} = {rate:.1%}")
    for line in mismatches:
        print("  MISMATCH", line)
    assert rate >= 0.95, "\n".join(mismatches)
