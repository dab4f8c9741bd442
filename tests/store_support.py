"""What the store tests share: every test runs on SQLite and on PostgreSQL, and a PostgreSQL
test is skipped with the reason when the server does not answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coplaw.store.db import Store, open_store
from coplaw.store.testing import database, reachable_or_skip_reason

KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def usable_kind(request: pytest.FixtureRequest) -> str:
    """The database kind a fixture parametrised over ``KINDS`` was given; skips when that
    database cannot be reached."""
    reason = reachable_or_skip_reason(request.param)
    if reason:
        pytest.skip(reason)
    return str(request.param)


@contextmanager
def open_database(kind: str, folder: Path) -> Iterator[tuple[Store, str]]:
    """A fresh database of ``kind``, opened as a store (closed afterwards), and its URL."""
    with database(kind, folder) as url:
        store = open_store(url)
        try:
            yield store, url
        finally:
            store.close()
