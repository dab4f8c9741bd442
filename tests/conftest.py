"""Shared fixtures: paths to the shared corpus, sources and labels beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SOURCES = SHARED / "sources"
EVAL_DEV = SHARED / "eval-dev"
EXAMPLES = ROOT / "examples"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not present beside the project")
    return path


@pytest.fixture
def corpus_dir() -> Path:
    return _need(CORPUS)


@pytest.fixture
def sources_dir() -> Path:
    return _need(SOURCES)


@pytest.fixture
def eval_dev_dir() -> Path:
    return _need(EVAL_DEV)


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
