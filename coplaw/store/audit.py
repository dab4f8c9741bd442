"""The audit log: every change to review data appends one hash-chained row.

Each row's hash covers its own content and the previous row's hash, so changing a row breaks
its hash and deleting one breaks the chain (or, at the tail, disagrees with ``audit_head``).
Appends lock the single ``audit_head`` row, so concurrent writers cannot fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coplaw.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(
    seq: int, at: str, actor: str, action: str, entity: str, entity_id: str, payload: str,
    prev_hash: str,
) -> str:
    body = _canonical([seq, at, actor, action, entity, entity_id, payload, prev_hash])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, actor: str, action: str, entity: str, entity_id: object,
    payload: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry in the caller's transaction (it commits or rolls back with the change)."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    seq = head.last_seq + 1
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    text = _canonical(payload or {})
    digest = row_hash(seq, at, actor, action, entity, str(entity_id), text, head.last_hash)
    entry = AuditEntry(
        seq=seq, at=at, actor=actor, action=action, entity=entity, entity_id=str(entity_id),
        payload=text, prev_hash=head.last_hash, hash=digest,
    )
    session.add(entry)
    head.last_seq = seq
    head.last_hash = digest
    session.flush()
    return entry


@dataclass
class AuditReport:
    rows: int
    head_seq: int
    head_hash: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> AuditReport:
    """Recompute the chain; name every changed, missing or re-linked row."""
    problems: list[str] = []
    expected_seq = 1
    prev = GENESIS
    count = 0
    stmt = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    for entry in session.scalars(stmt):
        count += 1
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                gap = (
                    f"row {expected_seq}"
                    if entry.seq == expected_seq + 1
                    else f"rows {expected_seq}-{entry.seq - 1}"
                )
                problems.append(f"{gap} deleted (sequence jumps to {entry.seq})")
            else:
                problems.append(f"row {entry.seq}: out of order")
        if entry.prev_hash != prev:
            problems.append(f"row {entry.seq}: does not link to the row before it")
        recomputed = row_hash(
            entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entity_id,
            entry.payload, entry.prev_hash,
        )
        if recomputed != entry.hash:
            problems.append(
                f"row {entry.seq}: content changed ({entry.action} {entry.entity} "
                f"{entry.entity_id}); stored hash does not match"
            )
        prev = entry.hash
        expected_seq = entry.seq + 1
    head = session.get(AuditHead, 1)
    head_seq = head.last_seq if head else 0
    head_hash = head.last_hash if head else GENESIS
    if head_seq != expected_seq - 1:
        if head_seq > expected_seq - 1:
            problems.append(
                f"rows {expected_seq}-{head_seq} deleted from the end of the log "
                f"(the head says {head_seq} rows)"
            )
        else:
            problems.append(f"head says {head_seq} rows but the log has {expected_seq - 1}")
    elif head_hash != prev:
        problems.append("last row does not match the recorded head hash")
    return AuditReport(rows=count, head_seq=head_seq, head_hash=head_hash, problems=problems)
