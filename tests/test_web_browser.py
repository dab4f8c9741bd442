"""End to end in a real browser: Debian's chromium driven by Playwright, against a live server.

Log in, upload the bundled example laws, watch the assessment finish, open a finding and see
the evidence highlighted, override it with a reason and find it in the audit trail.
Screenshots of each main page go to ``test-artifacts/``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coplaw.web.testing import PASSWORD, WebTestbed, make_testbed

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed "
                                "(scripts/setup installs it)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[WebTestbed, str]]:
    import uvicorn

    bed = make_testbed(tmp_path)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(bed.app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield bed, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_browser_upload_review_audit(live: tuple[WebTestbed, str], examples_dir: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    bed, base = live
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(f"{base}/upload")
            assert "/login" in page.url
            page.fill("input[name=name]", "analyst")
            page.fill("input[name=password]", PASSWORD)
            page.click("form[action='/login'] button[type=submit]")
            page.wait_for_url(f"{base}/upload")

            page.fill("input[name=jurisdiction]", "VLD")
            page.set_input_files("input[name=files]",
                                 sorted(str(p) for p in (examples_dir / "valdoria").iterdir()))
            page.screenshot(path=str(ARTIFACTS / "web-1-upload.png"))
            page.click("form[action='/upload'] button[type=submit]")
            page.wait_for_url(f"{base}/jobs/*")
            # htmx polls the progress fragment until the job is done.
            page.wait_for_selector("#result", timeout=120_000)
            page.screenshot(path=str(ARTIFACTS / "web-2-progress-done.png"))
            page.click("#result")
            page.wait_for_url(f"{base}/j/VLD")
            assert page.locator("a[href^='/findings/']").count() > 50
            page.screenshot(path=str(ARTIFACTS / "web-3-jurisdiction.png"), full_page=False)

            page.select_option("select[name=status]", "not_met")
            page.click("form.filters button")
            page.wait_for_url("**status=not_met**")
            assert page.locator("td.st-met").count() == 0

            page.goto(f"{base}/j/VLD")
            page.click("a[href^='/findings/']:near(td.st-met)")
            page.wait_for_url(f"{base}/findings/*")
            marks = page.locator("pre.lawtext mark.evidence")
            if marks.count() == 0:  # this finding quoted nothing: take one that does
                page.goto(f"{base}/j/VLD?status=met")
                hrefs = page.eval_on_selector_all(
                    "a[href^='/findings/']", "els => els.map(e => e.getAttribute('href'))")
                for href in hrefs:
                    page.goto(base + href)
                    if marks.count():
                        break
            assert marks.count() > 0
            # The marked words are one of the finding's quotes (spacing aside).
            marked = " ".join(marks.first.inner_text().split())
            quotes = [" ".join(q.split()) for q in
                      page.locator("section.verdict blockquote").all_inner_texts()]
            assert marked and any(marked in q for q in quotes), (marked, quotes)
            page.screenshot(path=str(ARTIFACTS / "web-4-finding.png"))

            page.select_option("#override-form select[name=status]", "not_met")
            page.fill("#override-form textarea[name=reason]",
                      "The quoted section needs a meeting; reviewer disagrees.")
            page.click("#override")
            page.wait_for_selector("#history >> text=reviewer disagrees")
            assert page.inner_text("#status") == "not met"
            assert "review.override" in page.inner_text("#trail")
            page.screenshot(path=str(ARTIFACTS / "web-5-overridden.png"))

            page.goto(f"{base}/audit")
            assert "review.override" in page.inner_text("#audit")
            assert "analyst" in page.inner_text("#audit")
            page.screenshot(path=str(ARTIFACTS / "web-6-audit.png"))
            page.goto(f"{base}/")
            assert "VLD" in page.inner_text("#overview")
            page.screenshot(path=str(ARTIFACTS / "web-7-overview.png"))
            page.goto(f"{base}/standards/icmec.review.possession")
            page.screenshot(path=str(ARTIFACTS / "web-8-standard.png"))

            # The same laws with the draft bill: a second assessment, then what changed.
            page.goto(f"{base}/upload")
            page.fill("input[name=jurisdiction]", "VLD")
            page.set_input_files("input[name=files]", sorted(
                str(p) for folder in ("valdoria", "valdoria-bill")
                for p in (examples_dir / folder).iterdir()))
            page.click("form[action='/upload'] button[type=submit]")
            page.wait_for_selector("#result", timeout=120_000)
            page.click("#result")
            page.click("#compare")
            page.wait_for_url(f"{base}/j/VLD/compare")
            assert page.locator("#changes tbody tr").count() >= 1
            assert "(draft)" in page.inner_text("main")
            page.screenshot(path=str(ARTIFACTS / "web-9-compare.png"), full_page=True)
        finally:
            browser.close()
    assert errors == [], errors
