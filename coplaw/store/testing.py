"""Throw-away databases for tests and benchmarks: a SQLite file or a uniquely named
PostgreSQL database (dropped afterwards). Set ``COPLAW_TEST_PG`` to point at another server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coplaw.document import Instrument, Provision
from coplaw.findings import Assessment, Evidence, Finding, InstrumentRef

PG_SERVER = os.environ.get("COPLAW_TEST_PG", "postgresql://postgres@localhost:5432/postgres")


def postgres_unreachable() -> str | None:
    """None when the test server answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_SERVER, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"PostgreSQL at {PG_SERVER} unreachable: {exc}"
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create ``coplaw_test_<random>``, yield its SQLAlchemy URL, drop it afterwards."""
    import psycopg
    from psycopg import sql

    name = f"coplaw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = PG_SERVER.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database of ``kind`` (``sqlite`` or ``postgresql``): its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'coplaw-{uuid.uuid4().hex[:8]}.db'}"
    elif kind == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}")


def reachable_or_skip_reason(kind: str) -> str | None:
    """Why a database of ``kind`` cannot be used here, or None when it can."""
    return postgres_unreachable() if kind == "postgresql" else None


def sample_instrument(key: str, sections: dict[str, str], title: str = "") -> Instrument:
    """An instrument whose provisions are the given eid -> text sections, in order."""
    text = ""
    provisions: list[Provision] = []
    for eid, body in sections.items():
        start = len(text)
        text += body + "\n\n"
        provisions.append(
            Provision(eid=eid, kind="section", num=eid.rsplit("_", 1)[-1], heading=None,
                      start=start, end=start + len(body), body_start=start)
        )
    return Instrument(id=key, title=title or key, file=f"{key}.txt", format="text",
                      language="en", text=text, body=provisions)


def sample_assessment(
    code: str, docs: list[Instrument], verdicts: dict[str, tuple[str, list[tuple[str, str]]]],
    framework: str = "icmec-review",
) -> Assessment:
    """An assessment: standard -> (status, [(instrument key, eid), ...]) quoting each eid."""
    by_key = {d.id: d for d in docs}
    out: list[Finding] = []
    for standard, (status, cites) in verdicts.items():
        evidence = []
        for key, eid in cites:
            doc = by_key[key]
            prov = next(p for p in doc.provisions() if p.eid == eid)
            end = min(prov.end, prov.start + 60)
            evidence.append(Evidence(instrument=key, provision=eid,
                                     quote=doc.text[prov.start:end], start=prov.start, end=end))
        out.append(Finding(standard=standard, framework=framework, status=status,  # type: ignore[arg-type]
                           confidence=0.9, rationale=f"{standard}: test rationale",
                           method="test", evidence=evidence))
    refs = [InstrumentRef(id=d.id, title=d.title, file=d.file) for d in docs]
    return Assessment(jurisdiction=code, instruments=refs, findings=out)


def fake_assess(
    paths: list[Path], code: str, frameworks: object = None
) -> tuple[Assessment, list[Instrument]]:
    """A stand-in engine for store tests: deterministic findings from the files' paragraphs.

    Each file becomes an instrument whose paragraphs are provisions; each of the five review
    criteria cites the paragraph chosen by a hash, and its status follows that hash. It
    sleeps ``COPLAW_TEST_DELAY`` seconds so that a test can kill a batch in the middle.
    """
    import hashlib
    import time

    time.sleep(float(os.environ.get("COPLAW_TEST_DELAY", "0")))
    docs: list[Instrument] = []
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*"))
                   if f.is_file() and not f.name.startswith("."))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        paras = [p for p in text.split("\n\n") if p.strip()][:200] or [text or "(empty)"]
        docs.append(sample_instrument(path.stem, {f"para_{i + 1}": p for i, p in enumerate(paras)},
                                      title=path.stem))
    verdicts: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for standard in ("legislation", "definition", "technology", "possession", "isp_reporting"):
        doc = docs[int(hashlib.sha256(standard.encode()).hexdigest(), 16) % len(docs)]
        provs = doc.provisions()
        pick = int(hashlib.sha256((standard + doc.text).encode()).hexdigest(), 16)
        prov = provs[pick % len(provs)]
        status = "met" if pick % 3 else "not_met"
        verdicts[f"icmec.review.{standard}"] = (status, [(doc.id, prov.eid)])
    return sample_assessment(code, docs, verdicts), docs


def results_snapshot(session: object) -> list[tuple[object, ...]]:
    """What the newest assessments say, without ids or times, to compare two databases."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from coplaw.store import models as m

    assert isinstance(session, Session)
    newest = select(func.max(m.Assessment.id)).group_by(m.Assessment.jurisdiction_code)
    out: list[tuple[object, ...]] = []
    for f in session.scalars(
        select(m.Finding).where(m.Finding.assessment_id.in_(newest))
        .order_by(m.Finding.jurisdiction_code, m.Finding.standard)
    ):
        out.append((
            f.jurisdiction_code, f.standard, f.framework, f.machine_status, f.current_status,
            f.state, round(f.confidence, 6), f.rationale, f.method,
            tuple((e.instrument_key, e.provision, e.provision_hash, e.quote, e.start, e.end)
                  for e in f.evidence),
        ))
    return out


def race_decide(url: str, finding_id: int, user: str, status: str, version: int,
                barrier: object, results: object) -> None:
    """Run in a separate process: wait at ``barrier``, then override; put the outcome."""
    from coplaw.store.db import ConflictError, open_store
    from coplaw.store.review import decide

    store = open_store(url, migrate=False)
    try:
        barrier.wait()  # type: ignore[attr-defined]
        try:
            with store.session() as s:
                decide(s, finding_id, "override", user, version, status=status,
                       reason=f"{user} decided in process")
            results.put((user, "won"))  # type: ignore[attr-defined]
        except ConflictError as exc:
            results.put((user, f"conflict: {exc}"))  # type: ignore[attr-defined]
    finally:
        store.close()
