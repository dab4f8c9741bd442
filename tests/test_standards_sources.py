"""Every source pointer resolves to lines that contain its anchor, and no catalogue wording
copies a long run of its source (paraphrases only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.standards.catalogue import find_sources_dir, load_catalogue, source_lines
from coplaw.standards.quality import RUN_LENGTH, anchor_line, own_texts, shared_runs, words
from coplaw.standards.schema import FRAMEWORK_IDS

CAT = load_catalogue()
PRESENT = [f for f in FRAMEWORK_IDS if f in CAT.frameworks]


def test_words_are_normalised() -> None:
    assert words("“Child Pornography” – Act’s") == ["child", "pornography", "act", "s"]


def test_shared_runs_finds_eight_word_copies_only() -> None:
    source = "States should ensure that the knowing possession of such material is an offence."
    copied = "They say: the knowing possession of such material is an offence, plainly."
    own = "Knowingly holding the material should itself be a crime."
    assert shared_runs(copied, source) == [
        "the knowing possession of such material is an",
        "knowing possession of such material is an offence",
    ]
    assert shared_runs(own, source) == []
    # seven shared words in a row are allowed
    assert shared_runs("x the knowing possession of such material is y", source) == []


@pytest.mark.parametrize("framework", PRESENT)
def test_source_pointers_name_real_lines_that_hold_the_anchor(
    framework: str, sources_dir: Path
) -> None:
    bad = []
    for item in CAT.items_of(framework):
        assert (sources_dir / item.source.file).is_file(), f"{item.id}: no {item.source.file}"
        lines = source_lines(item, sources_dir)
        if anchor_line(item, lines) is None:
            bad.append(f"{item.id}: {item.source.anchor!r} not in lines {item.source.lines}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("framework", PRESENT)
def test_no_wording_copies_eight_words_of_its_source(framework: str, sources_dir: Path) -> None:
    copies = []
    for item in CAT.items_of(framework):
        source = " ".join(text for _, text in source_lines(item, sources_dir))
        for field, text in own_texts(item):
            runs = shared_runs(text, source)
            if runs:
                copies.append(f"{item.id} {field}: {runs[0]!r}")
    assert not copies, f"runs of {RUN_LENGTH}+ words copied from the source:\n" + "\n".join(copies)


def test_sources_dir_is_found_from_the_environment(
    sources_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COPLAW_SOURCES", str(sources_dir))
    assert find_sources_dir() == sources_dir
    monkeypatch.setenv("COPLAW_SOURCES", str(tmp_path / "absent"))
    assert find_sources_dir() is None


def test_sources_dir_is_found_beside_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("COPLAW_SOURCES", raising=False)
    (tmp_path / "shared" / "sources").mkdir(parents=True)
    (tmp_path / "project").mkdir()
    assert find_sources_dir(tmp_path / "project") == tmp_path / "shared" / "sources"
