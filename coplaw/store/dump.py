"""Whole-database export as JSON lines, and import into an empty database.

Line 1 is a header (format, schema revision); every other line is one row:
``{"table": ..., "row": {...}}``, tables in dependency order, rows in primary-key order, so
exporting the imported database gives the same bytes. The audit log is copied as it is, with
its hashes, so the chain still verifies after a move between SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Integer, Table, delete, func, insert, select, text

from coplaw.errors import CoplawError
from coplaw.store.db import Store, current_revision, head_revision
from coplaw.store.models import AuditHead, Base, UTCDateTime

FORMAT = "coplaw-db-jsonl"


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def iter_rows(store: Store) -> Iterator[dict[str, Any]]:
    yield {"format": FORMAT, "schema": current_revision(store.engine)}
    with store.engine.connect() as conn:
        for table in _tables():
            order = list(table.primary_key.columns)
            for row in conn.execute(select(table).order_by(*order)).mappings():
                yield {"table": table.name,
                       "row": {k: _encode(v) for k, v in row.items()}}


def export_jsonl(store: Store, out: IO[str]) -> int:
    """Write the database to ``out``; returns the number of rows."""
    count = 0
    for record in iter_rows(store):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += "table" in record
    return count


def _decode(table: Table, row: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key not in table.c:
            raise CoplawError(f"{where}: table {table.name} has no column {key!r}")
        if value is not None and isinstance(table.c[key].type, UTCDateTime):
            value = datetime.fromisoformat(value)
        out[key] = value
    return out


def _is_empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        for table in _tables():
            if table.name == AuditHead.__tablename__:
                head = conn.execute(select(AuditHead.last_seq)).scalar()
                if head:
                    return False
                continue
            if conn.execute(select(func.count()).select_from(table)).scalar():
                return False
    return True


def import_jsonl(store: Store, path: Path, batch: int = 500) -> int:
    """Load an export into an empty database, in one transaction. Returns rows loaded."""
    if not _is_empty(store):
        raise CoplawError(f"{store.engine.url!r}: import needs an empty database")
    tables = {t.name: t for t in _tables()}
    count = 0
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise CoplawError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with fh, store.session() as s:
        first = fh.readline()
        try:
            header = json.loads(first)
        except json.JSONDecodeError as exc:
            raise CoplawError(f"{path}:1: not a coplaw export ({exc.msg})") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise CoplawError(f"{path}:1: not a coplaw export (no {FORMAT} header)")
        if header.get("schema") != head_revision():
            raise CoplawError(
                f"{path}: exported at schema {header.get('schema')}, this coplaw is at "
                f"{head_revision()}; import it with the matching coplaw version"
            )
        s.execute(delete(AuditHead))
        pending: list[dict[str, Any]] = []
        current: Table | None = None

        def flush() -> None:
            if current is not None and pending:
                s.execute(insert(current), pending)
                pending.clear()

        for lineno, line in enumerate(fh, start=2):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(line)
                table = tables[record["table"]]
                row = _decode(table, record["row"], where)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise CoplawError(f"{where}: bad row ({exc})") from exc
            if table is not current:
                flush()
                current = table
            pending.append(row)
            count += 1
            if len(pending) >= batch:
                flush()
        flush()
        if store.dialect == "postgresql":
            for table in tables.values():
                pk = list(table.primary_key.columns)
                serial = isinstance(pk[0].type, Integer) and pk[0].autoincrement is not False
                if len(pk) == 1 and serial:
                    s.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                        f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                    ))
    return count
