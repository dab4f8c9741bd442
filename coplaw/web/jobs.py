"""Assessments run in the background after an upload, with their progress kept in the store.

One worker thread per upload (assessments are CPU-bound and few at a time). Each step is
written to the ``web_jobs`` table, so every server process sees the same progress and a job
cut off by a restart is reported as interrupted instead of spinning forever.
"""

from __future__ import annotations

import threading
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from coplaw.store.db import Store
from coplaw.store.models import WebJob, utcnow

STEPS: tuple[str, ...] = ("queued", "reading", "assessing", "saving", "done")
# Where each step starts on the progress bar (reading and assessing take most of the time).
STARTS: dict[str, int] = {"queued": 0, "reading": 2, "assessing": 35, "saving": 92, "done": 100}
INTERRUPTED = "interrupted: the server stopped before the assessment finished; upload again"


@dataclass
class Job:
    id: str
    jurisdiction: str
    files: list[str]
    user: str
    step: str = "queued"
    detail: str | None = None
    fraction: float = 0.0
    error: str | None = None
    assessment_id: int | None = None
    findings: int = 0
    file_errors: list[dict[str, str]] = field(default_factory=list)
    answers: str | None = None  # questionnaire answers file applied after the assessment

    @property
    def finished(self) -> bool:
        return self.step in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.step in ("failed", "done"):
            return 100
        start = STARTS[self.step]
        end = STARTS[STEPS[STEPS.index(self.step) + 1]]
        return int(start + (end - start) * min(max(self.fraction, 0.0), 1.0))

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "jurisdiction": self.jurisdiction, "user": self.user,
                "step": self.step, "detail": self.detail,
                "percent": self.percent, "finished": self.finished, "error": self.error,
                "assessment_id": self.assessment_id, "findings": self.findings,
                "file_errors": self.file_errors, "files": [Path(f).name for f in self.files]}

    @classmethod
    def from_row(cls, row: WebJob) -> Job:
        return cls(row.id, row.jurisdiction_code, list(row.files), row.user_name, row.step,
                   row.detail, row.fraction, row.error, row.assessment_id, row.findings,
                   list(row.file_errors), row.answers)


class Jobs:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, job_id: str) -> Job | None:
        with self.store.reading() as session:
            row = session.get(WebJob, job_id)
            return Job.from_row(row) if row is not None else None

    def recent(self, limit: int = 50) -> list[Job]:
        with self.store.reading() as session:
            rows = session.scalars(select(WebJob).order_by(WebJob.created_at.desc())
                                   .limit(limit)).all()
            return [Job.from_row(r) for r in rows]

    def interrupt_unfinished(self) -> int:
        """Mark jobs left running by an earlier server process as failed (call at start)."""
        with self.store.session() as session:
            rows = session.scalars(select(WebJob).where(
                WebJob.step.not_in(("done", "failed")))).all()
            for row in rows:
                row.step, row.error, row.updated_at = "failed", INTERRUPTED, utcnow()
                row.detail = None
            return len(rows)

    def _update(self, job: Job, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(job, key, value)
        columns = {"jurisdiction": "jurisdiction_code", "user": "user_name"}
        with self.store.session() as session:
            row = session.get(WebJob, job.id)
            if row is None:
                return
            for key, value in changes.items():
                setattr(row, columns.get(key, key), value)
            row.updated_at = utcnow()

    def start(self, jurisdiction: str, files: list[Path], user: str,
              answers: Path | None = None) -> Job:
        job = Job(uuid.uuid4().hex[:12], jurisdiction, [str(f) for f in files], user,
                  answers=str(answers) if answers else None)
        with self.store.session() as session:
            session.add(WebJob(id=job.id, jurisdiction_code=jurisdiction, user_name=user,
                               files=job.files, answers=job.answers, step=job.step,
                               fraction=0.0, findings=0, file_errors=[]))
        thread = threading.Thread(target=self._run, args=(job,), daemon=True,
                                  name=f"assess-{job.id}")
        thread.start()
        return job

    def _run(self, job: Job) -> None:
        from coplaw.assess.engine import assess_instruments
        from coplaw.store.records import save_assessment
        from coplaw.structure.load import load_paths

        def reading(path: Path, index: int, total: int) -> None:
            self._update(job, step="reading", fraction=index / total,
                         detail=f"file {index + 1} of {total}: {path.name}")

        def assessing(framework: str, index: int, total: int) -> None:
            self._update(job, step="assessing", fraction=index / total,
                         detail=f"framework {index + 1} of {total}: {framework}")

        try:
            self._update(job, step="reading", fraction=0.0, detail=None)
            loaded = load_paths([Path(f) for f in job.files], progress=reading)
            self._update(job, file_errors=[{"file": Path(f).name, "error": m}
                                           for f, m in loaded.errors])
            if not loaded.instruments:
                raise ValueError("no uploaded file could be read")
            errors = [{"file": f, "error": m} for f, m in loaded.errors]
            result = assess_instruments(loaded.instruments, job.jurisdiction, None, errors,
                                        progress=assessing)
            note = "uploaded through the web application"
            if job.answers:
                from coplaw.questionnaire.answers import answers_for
                from coplaw.questionnaire.apply import apply_answers

                result = apply_answers(result, answers_for(Path(job.answers), job.jurisdiction))
                note = "re-assessed with questionnaire answers (web application)"
            self._update(job, step="saving", fraction=0.0, detail=None)
            with self.store.session() as session:
                saved = save_assessment(session, result, loaded.instruments, actor=job.user,
                                        note=note)
            self._update(job, assessment_id=saved.assessment_id, findings=saved.findings,
                         step="done", detail=None)
        except Exception as exc:  # noqa: BLE001 - shown to the user on the progress page
            traceback.print_exc()
            try:
                self._update(job, error=f"{type(exc).__name__}: {exc}", step="failed")
            except Exception:  # noqa: BLE001 - the store itself failed; keep it in memory
                job.error, job.step = f"{type(exc).__name__}: {exc}", "failed"
