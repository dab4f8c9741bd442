"""Assessments run in the background after an upload, with their progress.

One worker thread per upload (assessments are CPU-bound and few at a time); the progress of
each job is kept in memory for the pages to poll. The result is saved through the store.
"""

from __future__ import annotations

import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coplaw.store.db import Store

STEPS: tuple[str, ...] = ("queued", "reading", "assessing", "saving", "done")


@dataclass
class Job:
    id: str
    jurisdiction: str
    files: list[str]
    user: str
    step: str = "queued"
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
        if self.step == "failed":
            return 100
        return int(100 * STEPS.index(self.step) / (len(STEPS) - 1))

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "jurisdiction": self.jurisdiction, "step": self.step,
                "percent": self.percent, "finished": self.finished, "error": self.error,
                "assessment_id": self.assessment_id, "findings": self.findings,
                "file_errors": self.file_errors, "files": [Path(f).name for f in self.files]}


class Jobs:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, jurisdiction: str, files: list[Path], user: str,
              run: Callable[[Job], None] | None = None, answers: Path | None = None) -> Job:
        job = Job(uuid.uuid4().hex[:12], jurisdiction, [str(f) for f in files], user,
                  answers=str(answers) if answers else None)
        with self._lock:
            self._jobs[job.id] = job
        thread = threading.Thread(target=run or self._run, args=(job,), daemon=True,
                                  name=f"assess-{job.id}")
        thread.start()
        return job

    def _run(self, job: Job) -> None:
        from coplaw.assess.engine import assess_instruments
        from coplaw.store.records import save_assessment
        from coplaw.structure.load import load_paths

        try:
            job.step = "reading"
            loaded = load_paths([Path(f) for f in job.files])
            job.file_errors = [{"file": Path(f).name, "error": m} for f, m in loaded.errors]
            if not loaded.instruments:
                raise ValueError("no uploaded file could be read")
            job.step = "assessing"
            errors = [{"file": f, "error": m} for f, m in loaded.errors]
            result = assess_instruments(loaded.instruments, job.jurisdiction, None, errors)
            note = "uploaded through the web application"
            if job.answers:
                from coplaw.questionnaire.answers import answers_for
                from coplaw.questionnaire.apply import apply_answers

                result = apply_answers(result, answers_for(Path(job.answers), job.jurisdiction))
                note = "re-assessed with questionnaire answers (web application)"
            job.step = "saving"
            with self.store.session() as session:
                saved = save_assessment(session, result, loaded.instruments, actor=job.user,
                                        note=note)
            job.assessment_id = saved.assessment_id
            job.findings = saved.findings
            job.step = "done"
        except Exception as exc:  # noqa: BLE001 - shown to the user on the progress page
            job.error = f"{type(exc).__name__}: {exc}"
            job.step = "failed"
            traceback.print_exc()
