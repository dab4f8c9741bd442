"""Opening the database: where it lives, engine settings, and schema upgrades (Alembic).

SQLite is the default, in the user's data folder, with WAL, foreign keys and a busy timeout;
every SQLite transaction starts with ``BEGIN IMMEDIATE`` so that two writers queue instead of
failing half-way. PostgreSQL is used when given a ``postgresql://`` URL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from coplaw.errors import CoplawError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


class StoreError(CoplawError):
    """The database cannot be opened or used as asked."""


class ConflictError(CoplawError):
    """Someone else changed the same data at the same time; reload and try again."""


# PostgreSQL: deadlock detected, serialization failure. Both mean "another writer won".
_RETRYABLE = {"40P01", "40001"}


def default_path() -> Path:
    """The per-user database file (platformdirs), e.g. ``~/.local/share/coplaw/coplaw.db``."""
    from platformdirs import user_data_path

    return user_data_path("coplaw", appauthor=False) / "coplaw.db"


def resolve_url(db: str | None = None) -> str:
    """``--db`` value, else ``COPLAW_DB``, else the default path, as an SQLAlchemy URL."""
    value = db or os.environ.get("COPLAW_DB") or str(default_path())
    if "://" in value:
        url = make_url(value)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    path = Path(value).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            raise StoreError(f"SQLite refused WAL journal mode (got {mode[0]})")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db: str | None = None) -> Engine:
    url = resolve_url(db)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _sqlite_setup(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(f"{db or url}: cannot open database: {exc}") from exc
    return engine


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    return heads[0]


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to ``revision`` (default: the newest). Returns the revision reached."""
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except CoplawError:
        raise
    except Exception as exc:
        raise StoreError(f"{engine.url!r}: schema upgrade failed: {exc}") from exc
    return current_revision(engine)


class Store:
    """An open database: an engine and a session factory. Use ``with store.session() as s``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)
        self._read_lock = threading.Lock()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on an exception."""
        try:
            with self._factory() as session, session.begin():
                yield session
        except DBAPIError as exc:
            code = getattr(exc.orig, "sqlstate", None)
            if code in _RETRYABLE:
                raise ConflictError(
                    f"another reviewer's change collided with this one ({code}); "
                    "nothing was saved, reload and try again"
                ) from exc
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading, as in a busy web server. Every SQLite transaction starts
        with ``BEGIN IMMEDIATE``, so concurrent readers would wait in SQLite's busy handler
        (which sleeps in growing steps); queueing them on a lock here keeps latency even.
        PostgreSQL readers run side by side."""
        guard = self._read_lock if self.dialect == "sqlite" else nullcontext()
        with guard, self.session() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default upgrade) the database named by ``db`` / ``COPLAW_DB``."""
    engine = make_engine(db)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"{db or engine.url!r}: cannot connect: {exc}") from exc
    if migrate:
        if current_revision(engine) != head_revision():
            upgrade(engine)
    elif not inspect(engine).has_table("alembic_version"):
        raise StoreError(f"{engine.url!r}: database has no coplaw schema; run `coplaw db upgrade`")
    return Store(engine)
