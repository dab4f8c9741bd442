"""The review workflow after review in the web application: preliminary results, the letter
to the government, its answers and publication, through the pages and through the API."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from store_support import KINDS, usable_kind

from coplaw.store.testing import database
from coplaw.web.testing import (
    WebTestbed,
    bearer,
    csrf_of,
    login,
    make_testbed,
    upload_form,
    wait_fragment,
    wait_job,
)

ICMEC = "icmec-review"


@pytest.fixture(params=KINDS)
def bed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WebTestbed]:
    """The web application over SQLite and over PostgreSQL."""
    with database(usable_kind(request), tmp_path) as url:
        made = make_testbed(tmp_path, url)
        try:
            yield made
        finally:
            made.store.close()


def upload_and_wait(client: TestClient, csrf: str, folder: Path, code: str) -> None:
    fragment = wait_fragment(client, upload_form(client, csrf, folder, code))
    assert 'data-step="done"' in fragment, fragment


def icmec_row(state: dict[str, Any]) -> dict[str, Any]:
    return next(fw for fw in state["frameworks"] if fw["id"] == ICMEC)


def count_cell(page: str, state: str) -> str:
    """The ICMEC review row's cell for ``state`` in the workflow page's table."""
    row = re.search(r'<tr data-framework="icmec-review">(.*?)</tr>', page, re.S)
    assert row, "no row for the ICMEC review"
    cell = re.search(rf'data-state="{state}">(.*?)</td>', row.group(1))
    assert cell, f"no {state} cell"
    return cell.group(1)


def finding_form(client: TestClient, finding_id: int) -> tuple[str, int, str]:
    """The finding page, its CSRF token and the version its forms carry."""
    page = client.get(f"/findings/{finding_id}").text
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version, "the finding page has no form with a version"
    return page, int(version.group(1)), csrf_of(page)


def test_workflow_through_the_pages(bed: WebTestbed, examples_dir: Path) -> None:
    analyst = bed.client()
    acsrf = login(analyst, "analyst")
    upload_and_wait(analyst, acsrf, examples_dir / "valdoria", "VLD")
    assert 'href="/j/VLD/workflow"' in analyst.get("/j/VLD").text
    api = bearer(bed, "viewer")
    state = analyst.get("/api/jurisdictions/VLD/workflow", headers=api).json()
    row = icmec_row(state)
    assert row["counts"]["machine"] == row["total"] == 5
    five = [f["id"] for f in row["unreviewed"]["findings"]]
    assert len(five) == 5 and not row["can_preliminary"]
    page = analyst.get("/j/VLD/workflow")
    assert page.status_code == 200
    assert count_cell(page.text, "machine") == "<strong>5</strong>"
    assert 'id="letter-form"' not in page.text and 'id="publish-form"' not in page.text
    assert all(f'href="/findings/{i}"' in page.text for i in five)

    # Preliminary is refused while the framework's findings are unreviewed, naming them.
    refused = analyst.post("/j/VLD/workflow/preliminary",
                           data={"csrf_token": acsrf, "framework": ICMEC})
    assert refused.status_code == 400
    assert "5 finding(s) not reviewed yet" in refused.text
    assert all(f"{f['id']} {f['standard']}" in html.unescape(refused.text)
               for f in row["unreviewed"]["findings"])

    # A reviewer accepts four findings and overrides one, through the finding page's forms.
    reviewer = bed.client()
    login(reviewer, "reviewer")
    for n, fid in enumerate(five):
        _, version, csrf = finding_form(reviewer, fid)
        form = {"csrf_token": csrf, "version": version, "action": "accept"}
        if n == 0:
            current = reviewer.get(f"/api/findings/{fid}", headers=api).json()["status"]
            form.update(action="override", reason="The schedule extends the offence",
                        status="not_met" if current == "met" else "met")
        done = reviewer.post(f"/findings/{fid}/review", data=form, follow_redirects=False)
        assert done.status_code == 303, done.text
    # Reviewing is not enough to move results on: the reviewer role lacks "workflow".
    rcsrf = csrf_of(reviewer.get("/j/VLD/workflow").text)
    assert reviewer.post("/j/VLD/workflow/preliminary",
                         data={"csrf_token": rcsrf, "framework": ICMEC}).status_code == 403

    made = analyst.post("/j/VLD/workflow/preliminary",
                        data={"csrf_token": acsrf, "framework": ICMEC}, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = analyst.get("/j/VLD/workflow").text
    assert "5 finding(s) are now preliminary results." in page
    assert count_cell(page, "preliminary") == "<strong>5</strong>"
    assert count_cell(page, "machine") == "<small>0</small>"
    assert 'id="letter-form"' in page

    # Only the workflow right may write the letter.
    for role in ("viewer", "reviewer"):
        other = bed.client()
        csrf = login(other, role)
        assert 'id="letter-form"' not in other.get("/j/VLD/workflow").text
        denied = other.post("/j/VLD/workflow/letters",
                            data={"csrf_token": csrf, "addressee": "x"})
        assert denied.status_code == 403, role
    assert analyst.post("/j/VLD/workflow/letters",
                        data={"addressee": "no token"}).status_code == 403

    sent = analyst.post("/j/VLD/workflow/letters", follow_redirects=False, data={
        "csrf_token": acsrf, "addressee": "Ministry of Justice of Valdoria",
        "reply_by": "2031-03-31"})
    assert sent.status_code == 303, sent.text
    state = analyst.get("/api/jurisdictions/VLD/workflow", headers=api).json()
    assert icmec_row(state)["counts"]["confirmation_requested"] == 5
    (letter,) = state["letters"]
    assert letter["findings"] == 5 and letter["reply_by"] == "2031-03-31"
    page = analyst.get("/j/VLD/workflow").text
    assert f"Letter {letter['id']} to Ministry of Justice of Valdoria written" in page
    pdf = analyst.get(f"/j/VLD/letters/{letter['id']}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = analyst.get(f"/j/VLD/letters/{letter['id']}/docx")
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        text = z.read("word/document.xml").decode()
    assert "Ministry of Justice of Valdoria" in text and "The schedule extends" in text
    assert f'href="/j/VLD/letters/{letter["id"]}/pdf"' in page
    assert (bed.folder / "letters").is_dir()
    assert all(Path(p).resolve().is_relative_to((bed.folder / "letters").resolve())
               for p in [f["path"] for f in letter_rows(bed, letter["id"]).values()])
    assert analyst.get(f"/j/VLD/letters/{letter['id']}/txt").status_code == 404
    assert analyst.get(f"/j/XYZ/letters/{letter['id']}/pdf").status_code == 404
    assert analyst.get(f"/j/VLD/letters/{letter['id'] + 1}/pdf").status_code == 404

    # The government confirms one result and corrects another.
    confirmed, corrected = five[1], five[2]
    fpage, version, csrf = finding_form(analyst, confirmed)
    assert 'id="answer-form"' in fpage
    assert 'id="answer-form"' not in bed.client().get(f"/findings/{confirmed}").text
    done = analyst.post(f"/findings/{confirmed}/answer", follow_redirects=False, data={
        "csrf_token": csrf, "version": version, "action": "confirm",
        "answer_date": "2031-02-01", "answer_text": "We confirm <b>this</b> result."})
    assert done.status_code == 303, done.text
    # The same answer again on the version seen before is a conflict.
    stale = analyst.post(f"/findings/{confirmed}/answer", data={
        "csrf_token": csrf, "version": version, "action": "correct", "status": "met",
        "answer_date": "2031-02-02", "answer_text": "Second thoughts."})
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    shown = analyst.get(f"/findings/{confirmed}").text
    assert "We confirm &lt;b&gt;this&lt;/b&gt; result." in shown.split('id="answers"')[1]
    assert 'id="state">answered<' in shown

    before = analyst.get(f"/api/findings/{corrected}", headers=api).json()
    new_status = "not_met" if before["status"] == "met" else "met"
    _, version, csrf = finding_form(analyst, corrected)
    missing = analyst.post(f"/findings/{corrected}/answer", data={
        "csrf_token": csrf, "version": version, "action": "correct", "status": new_status,
        "answer_date": "2031-02-03", "answer_text": " "})
    assert missing.status_code == 400 and "text of the government" in missing.text
    done = analyst.post(f"/findings/{corrected}/answer", follow_redirects=False, data={
        "csrf_token": csrf, "version": version, "action": "correct", "status": new_status,
        "answer_date": "2031-02-03", "answer_text": "Section 9 was amended in 2030."})
    assert done.status_code == 303, done.text
    after = analyst.get(f"/api/findings/{corrected}", headers=api).json()
    assert after["status"] == new_status and after["state"] == "answered"
    assert any(ev["kind"] == "answer" and "amended in 2030" in ev["quote"]
               for ev in after["evidence"])

    # Publishing: an analyst may not; an administrator may, once.
    page = analyst.get("/j/VLD/workflow").text
    assert 'id="publish-ready"' in page and 'id="publish-form"' not in page
    assert analyst.post("/j/VLD/workflow/publish",
                        data={"csrf_token": acsrf, "name": "2031"}).status_code == 403
    admin = bed.client()
    mcsrf = login(admin, "admin")
    assert 'id="publish-form"' in admin.get("/j/VLD/workflow").text
    published = admin.post("/j/VLD/workflow/publish", follow_redirects=False,
                           data={"csrf_token": mcsrf, "name": "2031"})
    assert published.status_code == 303, published.text
    page = admin.get("/j/VLD/workflow").text
    assert "Edition 2031 published with VLD." in page
    assert "already published" in page.split('id="publish-blocked"')[1]
    again = admin.post("/j/VLD/workflow/publish", data={"csrf_token": mcsrf, "name": "2031"})
    assert again.status_code == 409 and "already exists" in again.text
    other = admin.post("/j/VLD/workflow/publish", data={"csrf_token": mcsrf, "name": "2032"})
    assert other.status_code == 400 and "already published" in other.text
    editions = admin.get("/api/editions", headers=api).json()
    assert [(e["name"], e["jurisdictions"]) for e in editions] == [("2031", ["VLD"])]
    state = admin.get("/api/jurisdictions/VLD/workflow", headers=api).json()
    assert icmec_row(state)["counts"]["published"] == 5
    trail = [a["action"] for a in admin.get("/api/audit", headers=api).json()]
    for action in ("edition.published", "review.correct", "review.confirm", "letter.sent",
                   "review.request_confirmation", "review.preliminary"):
        assert action in trail


def letter_rows(bed: WebTestbed, letter_id: int) -> dict[str, Any]:
    from coplaw.store.models import Letter

    with bed.store.session() as session:
        row = session.get(Letter, letter_id)
        assert row is not None
        return dict(row.files)


LAW = """Children (Online Protection) Act

1. Interpretation
In this Act "child" means a person under the age of 18 years, and "child sexual abuse
material" means any visual depiction of a child engaged in sexually explicit conduct.

2. Offences
(1) A person who knowingly possesses child sexual abuse material commits an offence.
(2) A person who distributes or transmits child sexual abuse material through a computer
system commits an offence.
"""


def test_workflow_through_the_api(bed: WebTestbed, tmp_path: Path) -> None:
    folder = tmp_path / "law"
    folder.mkdir()
    (folder / "children_act.txt").write_text(LAW)
    client = bed.client()
    analyst, reviewer, admin = (bearer(bed, r) for r in ("analyst", "reviewer", "admin"))
    files = [("files", ("children_act.txt", LAW.encode(), "text/plain"))]
    reply = client.post("/api/uploads", data={"jurisdiction": "TST"}, files=files,
                        headers=analyst)
    assert reply.status_code == 202, reply.text
    assert wait_job(client, str(reply.json()["id"]), analyst)["step"] == "done"
    base = "/api/jurisdictions/TST/workflow"
    assert client.get("/api/jurisdictions/NOPE/workflow", headers=reviewer).status_code == 404
    state = client.get(base, headers=reviewer).json()
    five = icmec_row(state)["unreviewed"]["findings"]
    assert len(five) == 5

    refused = client.post(f"{base}/preliminary", json={"framework": ICMEC}, headers=analyst)
    assert refused.status_code == 400
    assert all(f"{f['id']} {f['standard']}" in refused.json()["detail"] for f in five)
    assert client.post(f"{base}/preliminary", json={"framework": ICMEC},
                       headers=reviewer).status_code == 403
    for f in five:
        done = client.post(f"/api/findings/{f['id']}/review", headers=reviewer,
                           json={"action": "accept", "version": f["version"]})
        assert done.status_code == 200, done.text
    assert client.post(f"{base}/letters", json={}, headers=analyst).status_code == 400
    made = client.post(f"{base}/preliminary", json={"framework": ICMEC}, headers=analyst)
    assert made.status_code == 200 and sorted(made.json()["preliminary"]) == sorted(
        f["id"] for f in five)

    assert client.post(f"{base}/letters", json={}, headers=reviewer).status_code == 403
    bad_date = client.post(f"{base}/letters", json={"reply_by": "soon"}, headers=analyst)
    assert bad_date.status_code == 400 and "not a date" in bad_date.json()["detail"]
    assert not list((bed.folder / "letters").glob("*/*")), "a refused letter left files"
    sent = client.post(f"{base}/letters", json={"reply_by": "2031-01-31"}, headers=analyst)
    assert sent.status_code == 201, sent.text
    letter = sent.json()
    assert letter["findings"] == 5 and letter["formats"] == ["docx", "pdf"]
    assert client.get(f"{base}/letters", headers=reviewer).json()[0]["id"] == letter["id"]
    pdf = client.get(f"{base}/letters/{letter['id']}/pdf", headers=reviewer)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"{base}/letters/{letter['id']}/pdf").status_code == 401
    # Correspondence with a government is for the review team, not for viewers.
    assert client.get(f"{base}/letters/{letter['id']}/pdf",
                      headers=bearer(bed, "viewer")).status_code == 403

    first = client.get(f"/api/findings/{five[0]['id']}", headers=reviewer).json()
    answer = {"action": "confirm", "version": first["version"], "answer_date": "2031-01-15",
              "answer_text": "Confirmed by the ministry."}
    path = f"/api/findings/{first['id']}/answer"
    assert client.post(path, json=answer, headers=reviewer).status_code == 403
    done = client.post(path, json=answer, headers=analyst)
    assert done.status_code == 200 and done.json()["state"] == "answered"
    assert client.post(path, json=answer, headers=analyst).status_code == 409
    assert client.post(path, json={**answer, "version": done.json()["version"],
                                   "action": "publish"}, headers=analyst).status_code == 400
    assert client.post("/api/findings/999999/answer", json=answer,
                       headers=analyst).status_code == 404

    assert client.post("/api/editions", json={"name": "2031"},
                       headers=analyst).status_code == 403
    nothing = client.post("/api/editions", json={"name": "2031", "jurisdictions": ["NOPE"]},
                          headers=admin)
    assert nothing.status_code == 400 and "NOPE: no assessment" in nothing.json()["detail"]
    edition = client.post("/api/editions", json={"name": "2031", "jurisdictions": ["TST"]},
                          headers=admin)
    assert edition.status_code == 201, edition.text
    assert edition.json()["jurisdictions"] == ["TST"]
    listed = client.get("/api/editions", headers=reviewer).json()
    assert [e["name"] for e in listed] == ["2031"]
    assert client.post("/api/editions", json={"name": "2031"},
                       headers=admin).status_code == 409
