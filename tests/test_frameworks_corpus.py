"""On real legislation: every text-assessable item gets a finding for every jurisdiction,
with evidence that quotes the instrument exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.assess.frameworks import FRAMEWORKS
from coplaw.findings import STATUSES
from coplaw.standards.catalogue import load_catalogue
from coplaw.structure.load import load_paths

pytestmark = pytest.mark.corpus
FRAMEWORK_IDS = ("unicef-checklist", "itu-cop-checklist", "ohchr-2015", "guiding-principles-2024")


def check_jurisdiction(folder: Path) -> None:
    cat = load_catalogue()
    loaded = load_paths([folder])
    texts = {i.id: i.text for i in loaded.instruments}
    for fw in FRAMEWORK_IDS:
        if fw not in cat.frameworks:
            continue
        findings = FRAMEWORKS[fw](loaded.instruments)
        by_item: dict[str, int] = {}
        for f in findings:
            by_item[f.standard] = by_item.get(f.standard, 0) + 1
            assert f.status in STATUSES
            assert f.rationale and f.method
            for ev in f.evidence:
                if ev.kind == "text" and ev.instrument in texts:
                    assert texts[ev.instrument][ev.start:ev.end] == ev.quote
        for item in cat.items_of(fw):
            assert by_item.get(item.id) == 1, f"{folder.name}: {item.id} has no single finding"
            if item.assessable != "questionnaire":
                status = next(f.status for f in findings if f.standard == item.id)
                assert status in STATUSES


@pytest.mark.parametrize("code", ["KEN", "FRA", "COL"])
def test_sample_jurisdictions(corpus_dir: Path, code: str) -> None:
    check_jurisdiction(corpus_dir / code)


@pytest.mark.slow
def test_every_corpus_jurisdiction(corpus_dir: Path) -> None:
    folders = sorted(p for p in corpus_dir.iterdir() if p.is_dir())
    assert len(folders) >= 30
    for folder in folders:
        check_jurisdiction(folder)
