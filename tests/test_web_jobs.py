"""Assessment jobs live in the store: any server process over the same database reports the
same progress, and a job cut off by a restart says so instead of spinning forever."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from coplaw.store.models import WebJob
from coplaw.web.app import create_app
from coplaw.web.jobs import INTERRUPTED, Job
from coplaw.web.testing import login, make_testbed, wait_job


def test_progress_is_shared_and_restart_interrupts(tmp_path: Path, examples_dir: Path) -> None:
    bed = make_testbed(tmp_path)
    client = bed.client()
    api = {"Authorization": f"Bearer {bed.accounts.new_token('analyst')}"}
    files = [("files", (p.name, p.read_bytes(), "text/plain"))
             for p in sorted((examples_dir / "valdoria").glob("*.txt"))]
    reply = client.post("/api/uploads", data={"jurisdiction": "XVD"}, files=files, headers=api)
    assert reply.status_code == 202, reply.text
    job = wait_job(client, reply.json()["id"], api)
    assert job["step"] == "done" and job["findings"] > 50

    # A second application over the same database (another worker, or after a restart)
    # reports the finished job, and marks one left half-way as interrupted.
    with bed.store.session() as s:
        s.add(WebJob(id="halfway", jurisdiction_code="XVD", user_name="analyst", files=[],
                     step="assessing", findings=0, file_errors=[]))
    other = create_app(bed.store, tmp_path / "uploads", "test-secret-" + "y" * 20)
    from fastapi.testclient import TestClient

    second = TestClient(other, base_url="http://127.0.0.1")
    assert second.get(f"/api/jobs/{job['id']}", headers=api).json()["findings"] == job["findings"]
    cut = second.get("/api/jobs/halfway", headers=api).json()
    assert cut["step"] == "failed" and cut["error"] == INTERRUPTED and cut["finished"]
    login(second, "analyst")
    page = second.get("/jobs/halfway").text
    assert "interrupted" in page
    listed = second.get("/upload").text.split('id="jobs"')[1]
    assert 'href="/jobs/halfway"' in listed and f'href="/jobs/{job["id"]}"' in listed
    assert second.get("/api/jobs/nope", headers=api).status_code == 404


def test_progress_moves_file_by_file_and_framework_by_framework(
        tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coplaw.store.db import open_store
    from coplaw.web.jobs import Jobs

    store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    jobs = Jobs(store)
    seen: list[tuple[str, str | None, int]] = []
    update = Jobs._update

    def spy(self: Jobs, job: Job, **changes: object) -> None:
        update(self, job, **changes)
        stored = self.get(job.id)
        assert stored is not None
        seen.append((stored.step, stored.detail, stored.percent))

    monkeypatch.setattr(Jobs, "_update", spy)
    files = sorted((examples_dir / "valdoria").iterdir())
    job = jobs.start("XVD", files, "ana")
    for worker in threading.enumerate():  # none left if it has already finished
        if worker.name == f"assess-{job.id}":
            worker.join(120)
    store.close()
    details = [d for _, d, _ in seen if d]
    assert f"file 1 of {len(files)}: {files[0].name}" in details
    assert f"file {len(files)} of {len(files)}: {files[-1].name}" in details
    assert any(d.startswith("framework 1 of ") for d in details)
    percents = [p for _, _, p in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert seen[-1][0] == "done"
