"""Batch assessment of many jurisdictions as a resumable job.

A corpus folder holds one sub-folder per jurisdiction code. A job records one item per
jurisdiction; each item is assessed outside any transaction, then its assessment and the
item's ``done`` mark are committed together in one transaction. Killed at any moment, the
job restarts where it stopped: committed jurisdictions are skipped, and a half-done one left
nothing behind.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from coplaw import document, findings
from coplaw.errors import CoplawError
from coplaw.store import audit
from coplaw.store.db import Store
from coplaw.store.models import BatchItem, BatchJob, utcnow
from coplaw.store.records import save_assessment

AssessFn = Callable[
    [list[Path], str, Sequence[str] | None],
    tuple[findings.Assessment, list[document.Instrument]],
]

_CODE = re.compile(r"^[A-Z]{2,3}(-[A-Z0-9]{1,3})?$")


def engine_assess(
    paths: list[Path], code: str, frameworks: Sequence[str] | None
) -> tuple[findings.Assessment, list[document.Instrument]]:
    """The real engine. The files are loaded once: the engine assesses the instruments and
    the store keeps their provision trees (for re-assessment by provision hash)."""
    from coplaw.assess import engine
    from coplaw.structure.load import load_paths

    loaded = load_paths(list(paths))
    errors = [{"file": f, "error": msg} for f, msg in loaded.errors]
    assessment = engine.assess_instruments(
        loaded.instruments, code, list(frameworks) if frameworks else None, errors
    )
    return assessment, loaded.instruments


def discover(corpus_dir: Path, only: Sequence[str] | None = None) -> list[tuple[str, Path]]:
    """(code, folder) for each jurisdiction folder of the corpus, in code order."""
    if not corpus_dir.is_dir():
        raise CoplawError(f"{corpus_dir}: not a folder of jurisdiction folders")
    found = {
        p.name: p
        for p in sorted(corpus_dir.iterdir())
        if p.is_dir() and _CODE.match(p.name) and any(f.is_file() for f in p.rglob("*"))
    }
    if only:
        wanted = [c.strip().upper() for c in only if c.strip()]
        missing = [c for c in wanted if c not in found]
        if missing:
            raise CoplawError(
                f"{corpus_dir}: no folder for {', '.join(missing)} "
                f"(found: {', '.join(found) or 'none'})"
            )
        return [(c, found[c]) for c in sorted(set(wanted))]
    if not found:
        raise CoplawError(f"{corpus_dir}: holds no jurisdiction folders (e.g. KEN/, GBR/)")
    return sorted(found.items())


def country_names(corpus_dir: Path) -> dict[str, str]:
    """Names from the corpus MANIFEST.csv (``iso3,country``) when there is one."""
    manifest = corpus_dir / "MANIFEST.csv"
    names: dict[str, str] = {}
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("iso3") and row.get("country"):
                    names.setdefault(row["iso3"], row["country"])
    return names


@dataclass
class BatchResult:
    job_id: int
    resumed: bool
    done: list[str] = field(default_factory=list)  # assessed in this run
    skipped: list[str] = field(default_factory=list)  # already finished earlier
    failed: dict[str, str] = field(default_factory=dict)


def _job(store: Store, corpus: Path, codes: list[str], frameworks: str) -> tuple[int, bool]:
    selection = ",".join(codes)
    with store.session() as s:
        job = s.scalars(
            select(BatchJob)
            .where(
                BatchJob.corpus_dir == str(corpus), BatchJob.selection == selection,
                BatchJob.frameworks == frameworks, BatchJob.state == "running",
            )
            .order_by(BatchJob.id.desc())
        ).first()
        if job is not None:
            return job.id, True
        job = BatchJob(corpus_dir=str(corpus), selection=selection, frameworks=frameworks)
        s.add(job)
        s.flush()
        for pos, code in enumerate(codes):
            s.add(BatchItem(job_id=job.id, jurisdiction_code=code, position=pos))
        audit.append(s, "coplaw", "batch.started", "batch_job", job.id,
                     {"corpus": str(corpus), "jurisdictions": codes, "frameworks": frameworks})
        return job.id, False


def run_batch(
    store: Store,
    corpus_dir: Path,
    only: Sequence[str] | None = None,
    frameworks: Sequence[str] | None = None,
    *,
    assess: AssessFn | None = None,
    show_progress: bool = True,
    actor: str = "coplaw",
) -> BatchResult:
    """Run (or resume) the batch job for this corpus and selection."""
    corpus = corpus_dir.resolve()
    folders = dict(discover(corpus, only))
    names = country_names(corpus)
    codes = sorted(folders)
    fw_key = ",".join(frameworks or [])
    job_id, resumed = _job(store, corpus, codes, fw_key)
    result = BatchResult(job_id=job_id, resumed=resumed)
    run = assess or engine_assess

    with store.session() as s:
        items = s.scalars(
            select(BatchItem).where(BatchItem.job_id == job_id).order_by(BatchItem.position)
        ).all()
        todo = [i.jurisdiction_code for i in items if i.state != "done"]
        result.skipped = [i.jurisdiction_code for i in items if i.state == "done"]

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("[bold]batch[/] {task.description:<8}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), disable=not show_progress, transient=False,
    ) as progress:
        task = progress.add_task("", total=len(codes), completed=len(result.skipped))
        for code in todo:
            progress.update(task, description=code)
            folder = folders[code]
            try:
                assessment, instruments = run([folder], code, frameworks)
                if assessment.jurisdiction != code:
                    raise CoplawError(
                        f"{folder}: engine answered for {assessment.jurisdiction}, not {code}"
                    )
            except Exception as exc:  # one jurisdiction's failure never stops the others
                message = f"{type(exc).__name__}: {exc}"
                with store.session() as s:
                    item = s.get(BatchItem, (job_id, code), with_for_update=True)
                    if item is not None and item.state != "done":
                        item.state, item.error = "failed", message
                result.failed[code] = message
                progress.advance(task)
                continue
            with store.session() as s:
                item = s.get(BatchItem, (job_id, code), with_for_update=True)
                if item is None or item.state == "done":  # another process finished it
                    result.skipped.append(code)
                    progress.advance(task)
                    continue
                saved = save_assessment(
                    s, assessment, instruments, frameworks=frameworks,
                    jurisdiction_name=names.get(code), actor=actor,
                    note=f"batch job {job_id}",
                )
                item.state, item.error = "done", None
                item.assessment_id = saved.assessment_id
                item.finished_at = utcnow()
                audit.append(s, actor, "batch.item_done", "batch_job", job_id,
                             {"jurisdiction": code, "assessment": saved.assessment_id})
            result.done.append(code)
            progress.advance(task)

    with store.session() as s:
        job = s.get(BatchJob, job_id, with_for_update=True)
        pending = s.scalars(
            select(BatchItem).where(BatchItem.job_id == job_id, BatchItem.state != "done")
        ).all()
        if job is not None and job.state == "running" and not any(
            i.state == "pending" for i in pending
        ):
            job.state = "finished" if not pending else "finished_with_errors"
            job.finished_at = utcnow()
            audit.append(s, actor, "batch.finished", "batch_job", job_id,
                         {"failed": sorted(i.jurisdiction_code for i in pending)})
    return result
