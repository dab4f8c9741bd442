"""End to end as a user meets it: ``coplaw serve`` in its own process, Debian's chromium.

Unlike ``test_web_browser.py`` (which runs the app in-process), this starts the real command
line over a scratch SQLite database and web folder, creates the accounts with
``coplaw account add``, and drives headless chromium through Playwright: log in, upload the
bundled example laws, watch the progress until the assessment is done, open a finding and
check the evidence is visibly highlighted at the quote, override it with a reason, find the
decision in the finding's and the global audit trail, check a viewer sees the new status but
no review form, upload the laws again with the draft bill and compare. Every request the
pages make must stay on the server (vendored assets, no CDN) and the console must stay free
of errors (a Content-Security-Policy violation shows there). Screenshots of each main page go
to ``test-artifacts/e2e-*.png``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PASSWORD = "e2e password 4 browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium is absent (scripts/setup installs "
                                       "Debian's chromium package)")


@dataclass
class Server:
    base: str
    log: Path


def coplaw_command() -> list[str]:
    """The installed ``coplaw`` script beside this interpreter, else the module."""
    script = Path(sys.executable).parent / "coplaw"
    return [str(script)] if script.exists() else [sys.executable, "-m", "coplaw.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``coplaw serve`` on a free loopback port with a scratch database and accounts."""
    web = tmp_path / "web"
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPLAW_")}
    for name, role in (("ana", "analyst"), ("vic", "viewer")):
        done = subprocess.run([*coplaw_command(), "account", "add", name, "--role", role,
                               "--password-stdin", "--db", db],
                              input=PASSWORD + "\n", capture_output=True, text=True, env=env,
                              timeout=60)
        assert done.returncode == 0, done.stderr
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*coplaw_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--db", db, "--web-dir", str(web)],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"coplaw serve exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"coplaw serve did not answer in 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(base, log)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def shot(page: Any, name: str, full: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"e2e-{name}.png"), full_page=full)


def login(page: Any, base: str, name: str, target: str) -> None:
    page.goto(base + target)
    assert "/login" in page.url, "a page was shown without logging in"
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(base + target)


def upload_and_wait(page: Any, base: str, files: list[Path], name: str) -> list[str]:
    """Upload through the form, follow the progress until done; returns the steps seen."""
    page.goto(f"{base}/upload")
    page.fill("input[name=jurisdiction]", "vld")  # the server upper-cases the code
    page.set_input_files("input[name=files]", [str(p) for p in files])
    shot(page, f"{name}-upload")
    page.click("form[action='/upload'] button[type=submit]")
    page.wait_for_url(f"{base}/jobs/*")
    steps: list[str] = []
    deadline = time.monotonic() + 180
    while page.locator("#result").count() == 0:
        step = page.get_attribute("#progress", "data-step") or ""
        if not steps or steps[-1] != step:
            steps.append(step)
        assert page.locator("#progress .error").count() == 0, page.inner_text("#progress")
        assert time.monotonic() < deadline, f"the assessment did not finish: {steps}"
        page.wait_for_timeout(250)
    steps.append(page.get_attribute("#progress", "data-step") or "")
    shot(page, f"{name}-done")
    return steps


def test_served_app_in_browser(server: Server, examples_dir: Path) -> None:
    from playwright.sync_api import sync_playwright  # a pinned dev dependency

    base = server.base
    laws = sorted((examples_dir / "valdoria").iterdir())
    bill = sorted((examples_dir / "valdoria-bill").iterdir())
    ARTIFACTS.mkdir(exist_ok=True)
    offsite: list[str] = []
    problems: list[str] = []

    def keep_local(route: Any) -> None:
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    def watch(page: Any) -> None:
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("console", lambda msg: problems.append(f"console: {msg.text}")
                if msg.type == "error" else None)
        page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            analyst = browser.new_context(viewport={"width": 1400, "height": 1000})
            analyst.route("**/*", keep_local)
            page = analyst.new_page()
            watch(page)

            page.goto(f"{base}/login")
            shot(page, "1-login")
            login(page, base, "ana", "/upload")
            assert "ana (analyst)" in page.inner_text("header")

            steps = upload_and_wait(page, base, laws, "2")
            assert steps[-1] == "done", steps
            done_text = page.inner_text("#progress")
            assert "findings" in done_text, done_text

            # The jurisdiction page, reached from the finished job.
            page.click("#result")
            page.wait_for_url(f"{base}/j/VLD")
            total = page.locator("a[href^='/findings/']").count()
            assert total > 50, total
            assert page.locator("section.framework").count() >= 5
            shot(page, "3-jurisdiction")

            # A finding whose evidence quotes the law: the quote is marked in the law text.
            page.goto(f"{base}/j/VLD?status=met")
            hrefs = page.eval_on_selector_all(
                "a[href^='/findings/']", "els => els.map(e => e.getAttribute('href'))")
            assert hrefs, "no finding is met on the example laws"
            marks = page.locator("pre.lawtext mark.evidence")
            for href in hrefs:
                page.goto(base + href)
                if marks.count():
                    break
            assert marks.count() > 0, "no met finding shows highlighted evidence"
            finding_url = page.url
            standard = page.inner_text("h1 small")
            colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
            assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour
            assert marks.first.is_visible()
            quotes = {" ".join(q.split()) for q in
                      page.locator("section.verdict blockquote").all_inner_texts()}
            for mark in marks.all():
                marked = " ".join(mark.inner_text().split())
                assert any(marked in q for q in quotes), (marked, quotes)
            assert page.inner_text("#status") == "met"
            shot(page, "4-finding")

            # Override with a reason; the decision and its audit entry appear at once.
            reason = "Reviewer: the quoted clause needs a second reading <b>not</b> bold."
            page.select_option("#override-form select[name=status]", "not_met")
            page.fill("#override-form textarea[name=reason]", reason)
            page.click("#override")
            page.wait_for_load_state()
            assert page.url == finding_url
            assert page.inner_text("#status") == "not met"
            history = page.inner_text("#history")
            assert "ana" in history and reason in history, history  # escaped, shown as text
            assert page.locator("#history b").count() == 0
            assert "review.override" in page.inner_text("#trail")
            assert page.inner_text("#state") == "reviewed"
            shot(page, "5-overridden")

            page.goto(f"{base}/audit")
            rows = [r for r in page.locator("#audit tbody tr").all_inner_texts()
                    if "review.override" in r]
            assert len(rows) == 1 and "ana" in rows[0], rows
            page.click("#audit a[href='" + finding_url.removeprefix(base) + "']")
            page.wait_for_url(finding_url)
            page.goto(f"{base}/audit")
            shot(page, "6-audit")

            # A viewer sees the reviewed status, the machine's beside it, and no review form.
            viewer = browser.new_context(viewport={"width": 1400, "height": 1000})
            viewer.route("**/*", keep_local)
            vpage = viewer.new_page()
            watch(vpage)
            login(vpage, base, "vic", finding_url.removeprefix(base))
            assert vpage.inner_text("#status") == "not met"
            assert vpage.locator("#override-form").count() == 0
            assert vpage.locator("#accept").count() == 0
            assert "Upload" not in vpage.inner_text("header nav")
            vpage.goto(f"{base}/j/VLD?status=not_met")
            assert "(machine: met)" in vpage.inner_text("main")
            viewer.close()

            # Overview table and world map (an image served by the app).
            page.goto(f"{base}/")
            table = page.inner_text("#overview tbody")
            assert "VLD" in table, table
            if page.locator("#map").count():
                page.wait_for_function("document.querySelector('#map').complete")
                width = page.eval_on_selector("#map", "img => img.naturalWidth")
                assert width > 0, "the world map did not load"
            shot(page, "7-overview")

            page.goto(f"{base}/standards/icmec.review.possession")
            assert "icmec.review.possession" in page.inner_text("main")
            shot(page, "8-standard")
            page.goto(f"{base}/j/VLD/terminology")
            assert page.locator("main h2, main h3").count() >= len(laws)
            shot(page, "9-terminology")
            page.goto(f"{base}/j/VLD")
            page.click("#report")
            page.wait_for_url(f"{base}/j/VLD/report")
            assert "VLD" in page.inner_text("body")
            shot(page, "9-report", full=False)  # the whole report is ~40 000 px tall

            # The law with the draft bill: a second assessment and what it would change.
            steps = upload_and_wait(page, base, laws + bill, "10")
            assert steps[-1] == "done", steps
            page.click("#result")
            page.wait_for_url(f"{base}/j/VLD")
            # The review of the earlier assessment is not lost: carried over when its basis
            # is unchanged, else the new finding is flagged for re-review.
            row = page.locator("table.findings tr", has=page.locator(
                f"small:text-is('{standard}')"))
            assert row.count() == 1, standard
            text = " ".join(row.inner_text().split())
            assert "needs re-review" in text or (
                text.startswith("not met") and "(machine: met)" in text), text
            page.click("#compare")
            page.wait_for_url(f"{base}/j/VLD/compare")
            after = page.inner_text("main .split > div:nth-child(2)")
            before = page.inner_text("main .split > div:nth-child(1)")
            assert "(draft)" in after and "(draft)" not in before, (before, after)
            changes = page.locator("#changes tbody tr")
            assert changes.count() >= 1
            assert "No standard changed" not in page.inner_text("#changes")
            shot(page, "11-compare")

            # What the review workflow waits for, and one's own API token.
            page.goto(f"{base}/j/VLD/workflow")
            assert "not reviewed yet" in page.inner_text("main")
            shot(page, "12-workflow")
            page.goto(f"{base}/account")
            page.fill("input[name=label]", "browser test")
            page.click("#issue")
            page.wait_for_url(f"{base}/account")
            token = page.inner_text("#new-token")
            assert token.startswith("cpl_")
            me = httpx.get(f"{base}/api/me", headers={"Authorization": f"Bearer {token}"})
            assert me.json()["name"] == "ana", me.text
            shot(page, "13-account")
            analyst.close()
        finally:
            browser.close()
    assert offsite == [], f"pages reached outside the server: {offsite}"
    assert problems == [], problems
