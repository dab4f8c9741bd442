"""Resumable batch: kill -9 in the middle, restart, and get what an uninterrupted run gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_support import KINDS, usable_kind

from coplaw.store.batch import discover, run_batch
from coplaw.store.db import open_store
from coplaw.store.models import Assessment, BatchItem, BatchJob, Finding
from coplaw.store.testing import database, fake_assess, results_snapshot

ROOT = Path(__file__).resolve().parent.parent
SMALL = ["GBR", "MAR", "SEN", "URY"]  # the smallest folders of the shared corpus


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return usable_kind(request)


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """Six tiny jurisdictions with made-up laws (the fake engine reads paragraphs)."""
    root = tmp_path / "corpus"
    for n, code in enumerate(["XAA", "XBB", "XCC", "XDD", "XEE", "XFF"]):
        folder = root / code
        folder.mkdir(parents=True)
        (folder / "act.txt").write_text(
            "\n\n".join(f"Section {i}. Rule {i} of law {code} number {n}." for i in range(1, 9)),
            encoding="utf-8",
        )
    (root / "README.md").write_text("not a jurisdiction", encoding="utf-8")
    return root


def _counts(url: str) -> tuple[dict[str, int], dict[str, int], int]:
    store = open_store(url)
    try:
        with store.session() as s:
            per = {code: n for code, n in s.execute(
                select(Assessment.jurisdiction_code, func.count())
                .group_by(Assessment.jurisdiction_code)
            )}
            findings = {code: n for code, n in s.execute(
                select(Assessment.jurisdiction_code, func.count(Finding.id))
                .join(Finding, Finding.assessment_id == Assessment.id)
                .group_by(Assessment.jurisdiction_code)
            )}
            done = s.scalar(
                select(func.count()).select_from(BatchItem).where(BatchItem.state == "done")
            ) or 0
        return per, findings, done
    finally:
        store.close()


def _snapshot(url: str) -> list[tuple[object, ...]]:
    store = open_store(url)
    try:
        with store.session() as s:
            return results_snapshot(s)
    finally:
        store.close()


def test_discover_names_missing_codes(mini_corpus: Path) -> None:
    assert [c for c, _ in discover(mini_corpus)] == ["XAA", "XBB", "XCC", "XDD", "XEE", "XFF"]
    with pytest.raises(Exception, match="no folder for XZZ"):
        discover(mini_corpus, ["XAA", "XZZ"])


def test_failure_of_one_jurisdiction_leaves_nothing_half_written(
    kind: str, tmp_path: Path, mini_corpus: Path
) -> None:
    calls: list[str] = []

    def flaky(paths: list[Path], code: str, fw: object) -> object:
        calls.append(code)
        if code == "XCC":
            raise RuntimeError("engine crashed on XCC")
        return fake_assess(paths, code)

    with database(kind, tmp_path) as url:
        store = open_store(url)
        try:
            first = run_batch(store, mini_corpus, assess=flaky,  # type: ignore[arg-type]
                              show_progress=False)
            assert first.failed.keys() == {"XCC"} and len(first.done) == 5
            with store.session() as s:
                assert s.scalar(select(func.count()).select_from(Assessment).where(
                    Assessment.jurisdiction_code == "XCC")) == 0
                job = s.get(BatchJob, first.job_id)
                assert job is not None and job.state == "finished_with_errors"
        finally:
            store.close()


def _batch_script(url: str, corpus: Path) -> list[str]:
    code = (
        "import sys; from pathlib import Path\n"
        "from coplaw.store.db import open_store\n"
        "from coplaw.store.batch import run_batch\n"
        "from coplaw.store.testing import fake_assess\n"
        f"s = open_store({url!r})\n"
        f"r = run_batch(s, Path({str(corpus)!r}), assess=fake_assess, show_progress=False)\n"
        "print('done', r.done, 'skipped', r.skipped)\n"
    )
    return [sys.executable, "-c", code]


def _kill_when_done(cmd: list[str], url: str, after: int, env: dict[str, str],
                    timeout: float = 120) -> None:
    from sqlalchemy import text

    from coplaw.store.db import make_engine

    poll = make_engine(url)  # one light connection, polled often
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"batch ended before it could be killed: {out!r} {err!r}")
            with poll.connect() as conn:
                done = conn.execute(
                    text("SELECT count(*) FROM batch_items WHERE state = 'done'")
                ).scalar()
            if (done or 0) >= after:
                break
            time.sleep(0.02)
        else:
            pytest.fail("batch made no progress")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        poll.dispose()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_mid_batch_then_resume(kind: str, tmp_path: Path, mini_corpus: Path) -> None:
    env = dict(os.environ, COPLAW_TEST_DELAY="0.4")
    with database(kind, tmp_path) as url, database(kind, tmp_path) as reference:
        open_store(url).close()  # schema first, so the poller and the batch do not both migrate
        _kill_when_done(_batch_script(url, mini_corpus), url, after=2, env=env)
        per, findings, done = _counts(url)
        # consistent: every stored assessment is complete and marked done, nothing half-way
        assert 2 <= done < 6
        assert sum(per.values()) == done
        assert all(n == 5 for n in findings.values())
        finished_before = set(per)

        out = subprocess.run(_batch_script(url, mini_corpus), cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120, check=True).stdout
        per, findings, done = _counts(url)
        assert done == 6 and per == dict.fromkeys(per, 1) and len(per) == 6
        for code in finished_before:
            assert f"'{code}'" in out.split("skipped", 1)[1]  # not redone

        subprocess.run(_batch_script(reference, mini_corpus), cwd=ROOT,
                       env=dict(os.environ, COPLAW_TEST_DELAY="0"), capture_output=True,
                       timeout=120, check=True)
        assert _snapshot(url) == _snapshot(reference)
        store = open_store(url)
        try:
            with store.session() as s:
                from coplaw.store.audit import verify

                assert verify(s).ok
        finally:
            store.close()


def test_repeated_kill_9_at_random_moments(kind: str, tmp_path: Path) -> None:
    """Kill the batch again and again at random moments (often inside a write): after every
    kill the database holds only whole jurisdictions, and the end result is the same."""
    import random

    root = tmp_path / "corpus"
    for n in range(12):
        folder = root / f"X{chr(65 + n)}Z"
        folder.mkdir(parents=True)
        for k in range(3):  # several instruments with many provisions: longer transactions
            (folder / f"law{k}.txt").write_text("\n\n".join(
                f"Article {i}. Provision {i} of law {k} in {folder.name}." for i in range(150)
            ), encoding="utf-8")
    rng = random.Random(1234)
    env = dict(os.environ, COPLAW_TEST_DELAY="0.1")
    with database(kind, tmp_path) as url, database(kind, tmp_path) as reference:
        open_store(url).close()
        kills = 0
        done = 0
        for attempt in range(12):
            proc = subprocess.Popen(_batch_script(url, root), cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:  # later attempts get longer, so the job ends even on a loaded machine
                proc.wait(timeout=rng.uniform(0.5, 1.5) + 0.5 * attempt)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                kills += 1
            per, findings, done = _counts(url)
            assert sum(per.values()) == done and all(n == 5 for n in findings.values())
            assert all(n == 1 for n in per.values())  # nothing assessed twice
            if done == 12:
                break
        if done < 12:  # let the last run finish uninterrupted
            subprocess.run(_batch_script(url, root), cwd=ROOT, env=env, capture_output=True,
                           timeout=300, check=True)
            per, findings, done = _counts(url)
            assert all(n == 1 for n in per.values())
        assert kills >= 1 and done == 12
        subprocess.run(_batch_script(reference, root), cwd=ROOT,
                       env=dict(env, COPLAW_TEST_DELAY="0"), capture_output=True,
                       timeout=300, check=True)
        assert _snapshot(url) == _snapshot(reference)


def _engine_ready() -> str | None:
    try:
        from coplaw.assess import engine
    except ImportError as exc:
        return f"the assessment engine is not available yet: {exc}"
    if not hasattr(engine, "assess_instruments"):
        return "coplaw.assess.engine has no assess_instruments yet"
    return None


@pytest.mark.corpus
@pytest.mark.slow
def test_real_coplaw_batch_killed_and_resumed(
    kind: str, tmp_path: Path, corpus_dir: Path
) -> None:
    reason = _engine_ready()
    if reason:
        pytest.skip(reason)
    coplaw = [sys.executable, "-m", "coplaw.cli"]
    only = ",".join(SMALL)
    env = dict(os.environ)
    with database(kind, tmp_path) as url, database(kind, tmp_path) as reference:
        open_store(url).close()
        cmd = [*coplaw, "batch", str(corpus_dir), "--only", only, "--db", url]
        _kill_when_done(cmd, url, after=1, env=env, timeout=600)
        per, findings, done = _counts(url)
        assert 1 <= done < len(SMALL) and sum(per.values()) == done
        before = dict(per)
        run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=600)
        assert run.returncode == 0, run.stderr
        assert "resumed" in run.stdout and f"{done} already done" in run.stdout
        per, findings, done = _counts(url)
        assert done == len(SMALL) and set(per) == set(SMALL)
        assert all(per[c] == 1 for c in before)  # finished ones were not redone
        ref = subprocess.run([*coplaw, "batch", str(corpus_dir), "--only", only, "--db",
                              reference], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=600)
        assert ref.returncode == 0, ref.stderr
        assert _snapshot(url) == _snapshot(reference)


@pytest.mark.corpus
def test_real_reassessment_of_unchanged_law_keeps_every_review(
    kind: str, tmp_path: Path, corpus_dir: Path
) -> None:
    reason = _engine_ready()
    if reason:
        pytest.skip(reason)
    from coplaw.store import review

    with database(kind, tmp_path) as url:
        store = open_store(url)
        try:
            run_batch(store, corpus_dir, ["MAR"], ["icmec-review"], show_progress=False)
            with store.session() as s:
                found = review.jurisdiction_findings(s, "MAR")
                assert {f.framework for f in found} == {"icmec-review"} and len(found) == 5
                for f in found:
                    review.decide(s, f.id, "accept", "ana", f.version)
            again = run_batch(store, corpus_dir, ["MAR"], ["icmec-review"],
                              show_progress=False)
            assert not again.resumed and again.done == ["MAR"]
            with store.session() as s:
                found = review.jurisdiction_findings(s, "MAR")
                assert {f.state for f in found} == {"reviewed"}
                assert not any(f.needs_rereview for f in found)
                assert all(f.previous_finding_id for f in found)
        finally:
            store.close()
