"""Security of the web application: roles, CSRF, escaping, API tokens, upload limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from coplaw.store.models import User
from coplaw.web import app as web_app
from coplaw.web.lawtext import highlight
from coplaw.web.testing import PASSWORD, WebTestbed, csrf_of, login, make_testbed, wait_job

HOSTILE_LAW = """Protection of Children (Online Abuse) Act <script>alert('title')</script>

1. Interpretation
In this Act "child" means a person under the age of 18 years, and "child sexual abuse
material" means any representation, by any means, of a child engaged in sexually explicit
conduct <script>alert('law')</script> <img src=x onerror=alert(2)>.

2. Possession of child sexual abuse material
(1) A person who knowingly possesses child sexual abuse material <b>in any form</b> commits
an offence and is liable on conviction to imprisonment for ten years.
(2) A person who produces, distributes, transmits or makes available child sexual abuse
material through a computer system commits an offence.
"""


@pytest.fixture
def bed(tmp_path: Path) -> WebTestbed:
    return make_testbed(tmp_path)


def token(bed: WebTestbed, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {bed.accounts.new_token(role)}"}


def assessed(bed: WebTestbed, client: TestClient, text: str = HOSTILE_LAW) -> list[int]:
    """Upload one law through the API, wait for its assessment, return its finding ids."""
    api = token(bed, "analyst")
    reply = client.post("/api/uploads", data={"jurisdiction": "ZZZ"}, headers=api,
                        files=[("files", ("hostile.txt", text.encode(), "text/plain"))])
    assert reply.status_code == 202, reply.text
    job = wait_job(client, str(reply.json()["id"]), api)
    assert job["step"] == "done", job
    view = client.get("/api/jurisdictions/ZZZ", headers=api).json()
    return [f["id"] for fw in view["frameworks"] for a in fw["areas"] for f in a["findings"]]


def test_pages_need_login(bed: WebTestbed) -> None:
    client = bed.client()
    for path in ("/", "/j/ZZZ", "/findings/1", "/upload", "/standards", "/audit"):
        reply = client.get(path, follow_redirects=False)
        assert reply.status_code == 303, path
        assert reply.headers["location"].startswith("/login")


def test_wrong_password_refused_and_hash_stored(bed: WebTestbed) -> None:
    client = bed.client()
    page = client.get("/login")
    reply = client.post("/login", data={"name": "admin", "password": "wrong password",
                                        "csrf_token": csrf_of(page.text)},
                        follow_redirects=False)
    assert reply.status_code == 401
    assert client.get("/", follow_redirects=False).status_code == 303
    with bed.store.session() as s:
        stored = s.scalars(select(User.password_hash)).all()
    assert stored and PASSWORD not in "".join(h or "" for h in stored)
    assert all(h and h.startswith("$argon2id$") for h in stored)


def test_post_without_or_with_wrong_csrf_is_refused(bed: WebTestbed) -> None:
    client = bed.client()
    ids = assessed(bed, client)
    csrf = login(client, "reviewer")
    api = token(bed, "reviewer")
    before = client.get(f"/api/findings/{ids[0]}", headers=api).json()
    for form in ({}, {"csrf_token": "forged"}, {"csrf_token": csrf[:-2]}):
        reply = client.post(f"/findings/{ids[0]}/review", data={
            **form, "action": "accept", "version": before["version"]},
            follow_redirects=False)
        assert reply.status_code == 403
    assert client.get(f"/api/findings/{ids[0]}", headers=api).json()["state"] == "machine"
    # Logging in and out are forms too.
    fresh = bed.client()
    fresh.get("/login")
    assert fresh.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    # With the right token the same request goes through.
    ok = client.post(f"/findings/{ids[0]}/review", data={
        "csrf_token": csrf, "action": "accept", "version": before["version"]},
        follow_redirects=False)
    assert ok.status_code == 303


def test_viewer_cannot_review_or_upload(bed: WebTestbed) -> None:
    client = bed.client()
    ids = assessed(bed, client)
    csrf = login(client, "viewer")
    page = client.get(f"/findings/{ids[0]}")
    assert page.status_code == 200
    assert 'action="/findings/' not in page.text  # no review form offered
    version = client.get(f"/api/findings/{ids[0]}", headers=token(bed, "viewer")).json()
    reply = client.post(f"/findings/{ids[0]}/review", data={
        "csrf_token": csrf, "action": "accept", "version": version["version"]})
    assert reply.status_code == 403
    api = client.post(f"/api/findings/{ids[0]}/review", headers=token(bed, "viewer"),
                      json={"action": "override", "version": version["version"],
                            "status": "met", "reason": "x"})
    assert api.status_code == 403
    assert client.get(f"/api/findings/{ids[0]}", headers=token(bed, "viewer")).json()[
        "history"] == []
    assert client.get("/upload").status_code == 403
    up = client.post("/upload", data={"csrf_token": csrf, "jurisdiction": "ZZZ"},
                     files=[("files", ("a.txt", b"1. Section\nText.", "text/plain"))])
    assert up.status_code == 403
    # A reviewer may review but not upload.
    rev = token(bed, "reviewer")
    assert client.post("/api/uploads", data={"jurisdiction": "ZZZ"}, headers=rev,
                       files=[("files", ("a.txt", b"text", "text/plain"))]).status_code == 403


def test_demoted_or_revoked_accounts_cannot_write_at_once(bed: WebTestbed) -> None:
    """Reads may use an account looked up a few seconds ago; writes always ask the database,
    even when the change was made elsewhere (another server process, the command line)."""
    from coplaw.web.accounts import Accounts

    client = bed.client()
    ids = assessed(bed, client)
    csrf = login(client, "reviewer")
    api = token(bed, "reviewer")
    seen = client.get(f"/api/findings/{ids[0]}", headers=api).json()  # cached now
    assert client.get(f"/findings/{ids[0]}").status_code == 200
    elsewhere = Accounts(bed.store)  # not the application's object: its cache is not told
    elsewhere.set_role("reviewer", "viewer")
    reply = client.post(f"/findings/{ids[0]}/review", data={
        "csrf_token": csrf, "action": "accept", "version": seen["version"]})
    assert reply.status_code == 403
    assert client.post(f"/api/findings/{ids[0]}/review", headers=api, json={
        "action": "accept", "version": seen["version"]}).status_code == 403
    elsewhere.set_role("reviewer", "reviewer")
    elsewhere.revoke("reviewer", elsewhere.tokens("reviewer")[-1].id)
    assert client.post(f"/api/findings/{ids[0]}/review", headers=api, json={
        "action": "accept", "version": seen["version"]}).status_code == 401


def test_uploaded_script_shows_as_text(bed: WebTestbed) -> None:
    client = bed.client()
    ids = assessed(bed, client)
    login(client, "viewer")
    pages = [client.get(path).text for path in
             ["/", "/j/ZZZ", "/audit"] + [f"/findings/{i}" for i in ids]]
    for text in pages:
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "<b>in any form</b>" not in text
    law_pages = [p for p in pages if '<pre class="lawtext">' in p]
    assert law_pages, "no finding showed the uploaded law"
    assert any("&lt;script&gt;alert(&#39;law&#39;)&lt;/script&gt;" in p
               for p in law_pages)
    assert all('<mark class="evidence">' in p for p in law_pages)
    scripts = re.findall(r"<script[^>]*>", "".join(pages))
    assert set(scripts) == {'<script src="/static/htmx.min.js" defer>'}


def test_highlight_escapes_and_marks_exact_offsets() -> None:
    text = "a <b>x</b> & the quoted words here <script>"
    start = text.index("quoted")
    out = str(highlight(text, [(start, start + len("quoted words")), (0, 1)]))
    assert out == ('<mark class="evidence">a</mark> &lt;b&gt;x&lt;/b&gt; &amp; the '
                   '<mark class="evidence">quoted words</mark> here &lt;script&gt;')
    # Offsets are instrument offsets: an excerpt starting at 100 shifts them.
    assert str(highlight("xyz", [(101, 102)], base=100)) == 'x<mark class="evidence">y</mark>z'
    # Overlapping spans merge; spans outside the excerpt are dropped.
    assert str(highlight("abcdef", [(1, 3), (2, 5), (40, 50)])) == \
        'a<mark class="evidence">bcde</mark>f'


def test_api_refuses_missing_or_wrong_token(bed: WebTestbed) -> None:
    client = bed.client()
    for headers in ({}, {"Authorization": "Bearer cpl_wrong"}, {"Authorization": "Basic x"},
                    {"Authorization": "Bearer "}):
        for path in ("/api/jurisdictions", "/api/findings/1", "/api/standards", "/api/audit"):
            reply = client.get(path, headers=headers)
            assert reply.status_code == 401, (path, headers)
            assert reply.headers["www-authenticate"] == "Bearer"
    # A logged-in browser session is not an API credential.
    login(client, "admin")
    assert client.get("/api/jurisdictions").status_code == 401
    assert client.get("/api/standards", headers=token(bed, "viewer")).status_code == 200


def test_upload_limits(bed: WebTestbed, monkeypatch: pytest.MonkeyPatch) -> None:
    client = bed.client()
    api = token(bed, "analyst")

    def send(name: str, body: bytes, code: str = "ZZZ") -> int:
        return client.post("/api/uploads", data={"jurisdiction": code}, headers=api,
                           files=[("files", (name, body, "application/octet-stream"))]
                           ).status_code

    assert send("law.exe", b"MZ...") == 400
    assert send("law.txt", b"") == 400
    assert send("law.txt", b"1. Text", code="not a code") == 400
    monkeypatch.setattr(web_app, "MAX_FILE_BYTES", 1024)
    assert send("law.txt", b"x" * 2048) == 413
    assert not any(p.is_file() for p in (bed.folder / "uploads").rglob("*"))


def test_security_headers(bed: WebTestbed) -> None:
    reply = bed.client().get("/login")
    assert "default-src 'self'" in reply.headers["content-security-policy"]
    assert reply.headers["x-frame-options"] == "DENY"
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_only_admin_manages_accounts(bed: WebTestbed) -> None:
    client = bed.client()
    csrf = login(client, "analyst")
    assert client.get("/admin/accounts").status_code == 403
    refused = client.post("/admin/accounts", data={"csrf_token": csrf, "name": "analyst",
                                                   "role": "admin"})
    assert refused.status_code == 403
    assert bed.accounts.get("analyst").role == "analyst"  # type: ignore[union-attr]

    admin = bed.client()
    csrf = login(admin, "admin")
    assert "<td>analyst</td>" in admin.get("/admin/accounts").text
    made = admin.post("/admin/accounts", data={"csrf_token": csrf, "name": "newcomer",
                                               "password": "a long password",
                                               "role": "reviewer"}, follow_redirects=False)
    assert made.status_code == 303
    assert bed.accounts.verify("newcomer", "a long password") is not None
    admin.post("/admin/accounts", data={"csrf_token": csrf, "name": "newcomer",
                                        "role": "viewer"})
    assert bed.accounts.get("newcomer").role == "viewer"  # type: ignore[union-attr]
    assert admin.post("/admin/accounts", data={"csrf_token": csrf, "name": "admin",
                                               "role": "viewer"}).status_code == 400
    assert admin.post("/admin/accounts", data={"name": "x", "role": "admin",
                                               "password": "a long password"}).status_code == 403
    assert bed.accounts.get("x") is None


def test_oversized_request_refused_before_reading(bed: WebTestbed,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "MAX_FILE_BYTES", 1024)
    monkeypatch.setattr(web_app, "MAX_FILES", 2)
    client = bed.client()
    reply = client.post("/api/uploads", data={"jurisdiction": "ZZZ"},
                        headers=token(bed, "analyst"),
                        files=[("files", ("law.txt", b"x" * (3 << 20), "text/plain"))])
    assert reply.status_code == 413
    assert not (bed.folder / "uploads").exists() or not any((bed.folder / "uploads").iterdir())
