"""The JSON API covers what the pages do: reports, terminology, questionnaires, accounts and
tokens; and one's own account page issues and revokes tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coplaw.web.testing import (
    PASSWORD,
    WebTestbed,
    bearer,
    csrf_of,
    login,
    make_testbed,
    upload_api,
    wait_job,
)


@pytest.fixture(scope="module")
def bed(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> WebTestbed:
    """One assessed jurisdiction (the Valdoria examples), shared by the tests below."""
    made = make_testbed(tmp_path_factory.mktemp("api"))
    job = upload_api(made.client(), bearer(made, "analyst"), examples_dir / "valdoria", "VLD")
    assert job["step"] == "done", job
    return made


def test_every_api_route_needs_a_token_and_is_described(bed: WebTestbed) -> None:
    client = bed.client()
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/jurisdictions/{code}/terminology", "/api/jurisdictions/{code}/report.pdf",
                 "/api/jurisdictions/{code}/questionnaire", "/api/reports/global.{fmt}",
                 "/api/accounts", "/api/me/tokens", "/api/jobs", "/api/map.svg"):
        assert path in spec["paths"], path
    for path, ops in spec["paths"].items():
        concrete = path.replace("{code}", "VLD").replace("{fmt}", "csv")
        concrete = re.sub(r"\{[a-z_]+\}", "1", concrete)
        for method in ops:
            reply = client.request(method.upper(), concrete)
            assert reply.status_code == 401, (method, path, reply.status_code)


def test_reports_and_map(bed: WebTestbed) -> None:
    client = bed.client()
    api = bearer(bed, "viewer")
    pdf = client.get("/api/jurisdictions/VLD/report.pdf", headers=api)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = client.get("/api/jurisdictions/VLD/report", headers=api)
    assert html.status_code == 200 and "<script" not in html.text.lower()
    csv = client.get("/api/reports/global.csv", headers=api)
    assert csv.status_code == 200 and ("VLD" in csv.text or "Valdoria" in csv.text)
    assert client.get("/api/reports/global.doc", headers=api).status_code == 404
    assert client.get("/api/jurisdictions/ZZZ/report.pdf", headers=api).status_code == 404
    svg = client.get("/api/map.svg", headers=api)
    assert svg.status_code == 200 and svg.text.lstrip().startswith("<svg")


OLD_WORDS_LAW = """Children Online Safety Act

1. Offence
A person who makes or distributes child pornography commits an offence and is liable to
imprisonment for ten years.

2. Treaty
This Act gives effect to the Optional Protocol to the Convention on the Rights of the Child
on the sale of children, child prostitution and child pornography.
"""


def test_terminology(bed: WebTestbed) -> None:
    client = bed.client()
    analyst, viewer = bearer(bed, "analyst"), bearer(bed, "viewer")
    reply = client.post("/api/uploads", data={"jurisdiction": "XTW"}, headers=analyst,
                        files=[("files", ("act.txt", OLD_WORDS_LAW.encode(), "text/plain"))])
    assert wait_job(client, reply.json()["id"], analyst)["step"] == "done"
    rows = client.get("/api/jurisdictions/XTW/terminology", headers=viewer).json()
    assert len(rows) == 1 and rows[0]["readable"]
    terms = rows[0]["terms"]
    flagged = [t for t in terms if t["flagged"]]
    excused = [t for t in terms if not t["flagged"]]
    assert [t["term"].lower() for t in flagged] == ["child pornography"]
    assert excused and all(t["context"] for t in excused)  # the treaty's title
    for t in terms:
        assert t["end"] > t["start"] and t["preferred"] and "file" not in t
    assert OLD_WORDS_LAW.count("child pornography") == 2
    # The page shows the same flagged term, marked in its sentence.
    login(client, "viewer")
    page = client.get("/j/XTW/terminology").text
    assert "<mark" in page and "child pornography" in page
    assert client.get("/api/jurisdictions/ZZZ/terminology", headers=viewer).status_code == 404


def test_questionnaire_answers_are_all_or_nothing(bed: WebTestbed) -> None:
    client = bed.client()
    viewer, reviewer = bearer(bed, "viewer"), bearer(bed, "reviewer")
    form = client.get("/api/jurisdictions/VLD/questionnaire", headers=viewer).json()
    assert form["choices"] == ["yes", "partly", "no"] and len(form["questions"]) > 50
    first, second = form["questions"][0]["id"], form["questions"][1]["id"]
    body = {"respondent": "Ministry of Justice", "answered_on": "2026-10-01",
            "answers": [{"id": first, "answer": "yes", "explanation": "A helpline exists."},
                        {"id": second, "answer": "maybe", "explanation": ""}]}
    assert client.post("/api/jurisdictions/VLD/questionnaire", json=body,
                       headers=viewer).status_code == 403
    bad = client.post("/api/jurisdictions/VLD/questionnaire", json=body, headers=reviewer)
    assert bad.status_code == 400 and "maybe" in bad.json()["detail"]
    assert client.get("/api/jurisdictions/VLD/questionnaire",
                      headers=viewer).json()["answers"] == {}
    body["answers"] = body["answers"][:1]
    job = client.post("/api/jurisdictions/VLD/questionnaire", json=body, headers=reviewer)
    assert job.status_code == 202, job.text
    assert wait_job(client, job.json()["id"], reviewer)["step"] == "done"
    answers = client.get("/api/jurisdictions/VLD/questionnaire", headers=viewer).json()["answers"]
    assert answers[first]["answer"] == "yes"
    # The re-assessment cites the answer as evidence of its finding.
    view = client.get("/api/jurisdictions/VLD", headers=viewer).json()
    hit = next(f for fw in view["frameworks"] for a in fw["areas"] for f in a["findings"]
               if f["standard"] == first)
    detail = client.get(f"/api/findings/{hit['id']}", headers=viewer).json()
    assert any(e["kind"] == "answer" and "helpline" in e["quote"] for e in detail["evidence"])


def test_accounts_and_tokens(bed: WebTestbed) -> None:
    client = bed.client()
    admin, viewer = bearer(bed, "admin"), bearer(bed, "viewer")
    me = client.get("/api/me", headers=viewer).json()
    assert me["name"] == "viewer" and me["rights"] == ["read"]
    assert client.get("/api/accounts", headers=viewer).status_code == 403
    assert client.post("/api/accounts", headers=viewer, json={
        "name": "x", "password": "long enough", "role": "admin"}).status_code == 403
    made = client.post("/api/accounts", headers=admin, json={
        "name": "nadia", "password": "long enough", "role": "reviewer"})
    assert made.status_code == 201 and made.json()["role"] == "reviewer"
    assert client.post("/api/accounts", headers=admin, json={
        "name": "nadia", "password": "long enough", "role": "reviewer"}).status_code == 400
    assert client.put("/api/accounts/nadia/role", headers=admin,
                      json={"role": "analyst"}).json()["role"] == "analyst"
    assert client.put("/api/accounts/admin/role", headers=admin,
                      json={"role": "viewer"}).status_code == 400
    assert client.put("/api/accounts/ghost/role", headers=admin,
                      json={"role": "viewer"}).status_code == 404
    names = {a["name"] for a in client.get("/api/accounts", headers=admin).json()}
    assert {"admin", "nadia", "viewer"} <= names

    # A token issues another; revoking it locks it out at once.
    issued = client.post("/api/me/tokens", headers=viewer, json={"label": "script"}).json()
    second = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/api/me", headers=second).json()["name"] == "viewer"
    listed = client.get("/api/me/tokens", headers=viewer).json()
    assert any(t["label"] == "script" for t in listed)
    assert "token" not in listed[0] and "digest" not in listed[0]
    assert client.delete(f"/api/me/tokens/{issued['id']}", headers=viewer).status_code == 204
    assert client.get("/api/me", headers=second).status_code == 401
    # An administrator can revoke someone else's token; others cannot.
    nadia = bed.accounts.new_token("nadia")
    nid = bed.accounts.tokens("nadia")[-1].id
    assert client.delete(f"/api/accounts/nadia/tokens/{nid}",
                         headers=viewer).status_code == 403
    assert client.delete(f"/api/me/tokens/{nid}", headers=viewer).status_code == 404
    assert client.delete(f"/api/accounts/nadia/tokens/{nid}", headers=admin).status_code == 204
    assert client.get("/api/me", headers={"Authorization": f"Bearer {nadia}"}).status_code == 401


def test_account_page_issues_once_and_revokes(bed: WebTestbed) -> None:
    client = TestClient(bed.app, base_url="http://127.0.0.1")
    login(client, "reviewer")
    page = client.get("/account")
    reply = client.post("/account/tokens", data={"csrf_token": csrf_of(page.text),
                                                 "label": "my <b>laptop</b>"},
                        follow_redirects=False)
    assert reply.status_code == 303
    shown = client.get("/account").text
    token = re.search(r'id="new-token">([^<]+)<', shown)
    assert token, "the new token is not shown"
    assert "my &lt;b&gt;laptop&lt;/b&gt;" in shown
    assert 'id="new-token"' not in client.get("/account").text  # shown once only
    api = {"Authorization": f"Bearer {token.group(1)}"}
    assert client.get("/api/me", headers=api).json()["name"] == "reviewer"
    tid = bed.accounts.tokens("reviewer")[-1].id
    page = client.get("/account").text
    client.post(f"/account/tokens/{tid}/revoke", data={"csrf_token": csrf_of(page)})
    assert client.get("/api/me", headers=api).status_code == 401
    # Changing one's password needs the current one.
    page = client.get("/account").text
    wrong = client.post("/account/password", data={"csrf_token": csrf_of(page),
                                                   "current": "nope", "new": "a new password"})
    assert wrong.status_code == 403
    client.post("/account/password", data={"csrf_token": csrf_of(page), "current": PASSWORD,
                                           "new": "a new password"})
    assert bed.accounts.verify("reviewer", "a new password") is not None
    bed.accounts.set_password("reviewer", PASSWORD)  # leave the shared bed as it was


def test_audit_details_read_as_words() -> None:
    from coplaw.web.data import audit_details

    payload = ('{"from": "machine", "to": "reviewed", "status": "not_met", "reason": null, '
               '"files": {"pdf": {"sha256": "' + "ab" * 32 + '"}}, "findings": [1, 2]}')
    assert audit_details(payload) == [
        ("from", "machine"), ("to", "reviewed"), ("status", "not met"),
        ("files", "pdf: {'sha256': 'ababababab…'}"), ("findings", "1, 2")]
    assert audit_details("not json") == [("details", "not json")]
