"""Alembic environment: run with the engine coplaw hands over (``coplaw db upgrade``)."""

from __future__ import annotations

from alembic import context

from coplaw.store.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # two processes upgrading at once: the second waits, then finds nothing to do
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(740628101)")
            context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - coplaw only migrates online
    raise SystemExit("coplaw migrations run online only: use `coplaw db upgrade`")
run_migrations_online()
