"""A web application over a throw-away database with one account per role, for tests and
benchmarks."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from coplaw.store.db import Store, open_store
from coplaw.web.accounts import ROLES, Accounts
from coplaw.web.app import create_app

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class WebTestbed:
    app: FastAPI
    store: Store
    accounts: Accounts
    folder: Path

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1")


def make_testbed(folder: Path, url: str | None = None) -> WebTestbed:
    """A fresh store (SQLite in ``folder`` unless ``url`` names an empty database) and one
    account per role, named after the role."""
    store = open_store(url or f"sqlite:///{folder / 'web.db'}")
    accounts = Accounts(store)
    for role in ROLES:
        accounts.add(role, PASSWORD, role)
    app = create_app(store, folder / "uploads", "test-secret-" + "x" * 20)
    return WebTestbed(app, store, accounts, folder)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = _CSRF.search(html)
    if not found:
        raise AssertionError("the page has no CSRF token")
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    page = client.get("/login")
    reply = client.post("/login", data={"name": name, "password": password,
                                        "csrf_token": csrf_of(page.text), "next": "/"},
                        follow_redirects=False)
    if reply.status_code != 303:
        raise AssertionError(f"login of {name} failed: {reply.status_code}")
    return csrf_of(client.get("/").text)


def wait_job(client: TestClient, job_id: str, headers: dict[str, str], timeout: float = 120
             ) -> dict[str, object]:
    """Poll the API until the assessment job finishes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(f"/api/jobs/{job_id}", headers=headers).json()
        if job["finished"]:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def bearer(bed: WebTestbed, role: str) -> dict[str, str]:
    """Headers with a fresh API token of the account named after ``role``."""
    return {"Authorization": f"Bearer {bed.accounts.new_token(role)}"}


def _files(folder: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream"))
            for p in sorted(folder.iterdir()) if p.is_file()]


def upload_form(client: TestClient, csrf: str, folder: Path, code: str) -> str:
    """Upload every file of ``folder`` through the page's form; returns the job id."""
    reply = client.post("/upload", data={"jurisdiction": code, "csrf_token": csrf},
                        files=_files(folder), follow_redirects=False)
    if reply.status_code != 303:
        raise AssertionError(f"upload refused: {reply.status_code} {reply.text[:300]}")
    return str(reply.headers["location"].rsplit("/", 1)[1])


def wait_fragment(client: TestClient, job_id: str, timeout: float = 180) -> str:
    """Poll the htmx progress fragment as the browser does until the job ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fragment = client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"}).text
        if 'data-step="done"' in fragment or 'data-step="failed"' in fragment:
            return fragment
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def upload_api(client: TestClient, headers: dict[str, str], folder: Path, code: str
               ) -> dict[str, object]:
    """Upload every file of ``folder`` through the API and wait for the assessment."""
    reply = client.post("/api/uploads", data={"jurisdiction": code}, files=_files(folder),
                        headers=headers)
    if reply.status_code != 202:
        raise AssertionError(f"upload refused: {reply.status_code} {reply.text[:300]}")
    return wait_job(client, str(reply.json()["id"]), headers)
