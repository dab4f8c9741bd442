"""The main flow through the web application: upload, assess, read, review, audit."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from coplaw.web.testing import (
    WebTestbed,
    csrf_of,
    login,
    make_testbed,
    upload_form,
    wait_fragment,
    wait_job,
)


@pytest.fixture
def bed(tmp_path: Path) -> WebTestbed:
    return make_testbed(tmp_path)


def test_upload_assess_review_audit(bed: WebTestbed, examples_dir: Path) -> None:
    client = bed.client()
    csrf = login(client, "analyst")
    job_id = upload_form(client, csrf, examples_dir / "valdoria", "vld")
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and "<progress" in page.text
    fragment = wait_fragment(client, job_id)
    assert 'data-step="done"' in fragment, fragment
    assert 'href="/j/VLD"' in fragment

    overview = client.get("/").text
    assert 'href="/j/VLD"' in overview
    assert "icmec.review.possession" in overview

    jpage = client.get("/j/VLD")
    assert jpage.status_code == 200
    ids = [int(i) for i in re.findall(r'href="/findings/(\d+)"', jpage.text)]
    assert len(ids) > 50
    only_met = client.get("/j/VLD", params={"status": "met"}).text
    assert 'class="st st-not_met"' not in only_met.split('class="filters"')[1]

    # A finding with quoted evidence: the quote is marked in the law's words.
    token = bed.accounts.new_token("analyst")
    api = {"Authorization": f"Bearer {token}"}
    detail = next(d for d in (client.get(f"/api/findings/{i}", headers=api).json()
                              for i in ids) if d["evidence"])
    fpage = client.get(f"/findings/{detail['id']}").text
    marks = re.findall(r'<mark class="evidence">(.*?)</mark>', fpage, re.S)
    assert marks, "no evidence highlighted"
    quotes = {ev["quote"] for ev in detail["evidence"]}
    assert any(html.unescape(m) in quotes or any(html.unescape(m) in q for q in quotes)
               for m in marks)
    assert "offsets may not match" not in fpage

    # Override with a reason (the analyst role may review).
    csrf = csrf_of(fpage)
    new = "not_met" if detail["status"] == "met" else "met"
    reply = client.post(f"/findings/{detail['id']}/review", data={
        "csrf_token": csrf, "action": "override", "version": detail["version"],
        "status": new, "reason": "Section read with its schedule <b>does</b> cover it"},
        follow_redirects=False)
    assert reply.status_code == 303, reply.text
    after = client.get(f"/findings/{detail['id']}").text
    assert f'id="status">{new.replace("_", " ")}<' in after
    assert "Section read with its schedule &lt;b&gt;does&lt;/b&gt; cover it" in after
    assert "review.override" in after  # the audit trail beside the finding
    audit = client.get("/audit").text
    assert "review.override" in audit and f'href="/findings/{detail["id"]}"' in audit

    # The same review twice with the old version is a conflict, not a silent overwrite.
    stale = client.post(f"/findings/{detail['id']}/review", data={
        "csrf_token": csrf, "action": "accept", "version": detail["version"]})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text


def test_api_flow(bed: WebTestbed, examples_dir: Path) -> None:
    client = bed.client()
    api = {"Authorization": f"Bearer {bed.accounts.new_token('admin')}"}
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted((examples_dir / "valdoria").iterdir())]
    reply = client.post("/api/uploads", data={"jurisdiction": "VLD"}, files=files, headers=api)
    assert reply.status_code == 202, reply.text
    job = wait_job(client, str(reply.json()["id"]), api)
    assert job["step"] == "done", job
    table = client.get("/api/jurisdictions", headers=api).json()
    row = next(j for j in table["jurisdictions"] if j["code"] == "VLD")
    assert set(row["statuses"]) == {c["id"] for c in table["criteria"]}
    assert set(row["statuses"].values()) <= {"met", "not_met"}
    view = client.get("/api/jurisdictions/VLD", params={"status": "not_met"}, headers=api)
    found = [f for fw in view.json()["frameworks"] for a in fw["areas"] for f in a["findings"]]
    assert found and all(f["status"] == "not_met" for f in found)
    first = found[0]
    done = client.post(f"/api/findings/{first['id']}/review", headers=api,
                       json={"action": "accept", "version": first["version"]})
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "reviewed"
    assert done.json()["history"][-1]["user"] == "admin"
    trail = client.get("/api/audit", headers=api).json()
    assert trail[0]["action"] == "review.accept"
    assert client.get("/api/openapi.json").json()["paths"]["/api/findings/{finding_id}/review"]


def test_standards_browser_and_crosswalk(bed: WebTestbed) -> None:
    client = bed.client()
    login(client, "viewer")
    page = client.get("/standards").text
    assert 'href="/standards/icmec.review.possession"' in page
    item = client.get("/standards/icmec.review.possession").text
    linked = re.findall(r'<td><a href="/standards/([a-z0-9._]+)"', item)
    assert linked and all(not x.startswith("icmec.review.") for x in linked)
    assert client.get("/standards/no.such.standard").status_code == 404


def test_compare_with_draft_bill_and_map(bed: WebTestbed, examples_dir: Path,
                                         tmp_path: Path) -> None:
    client = bed.client()
    csrf = login(client, "analyst")
    assert 'data-step="done"' in wait_fragment(
        client, upload_form(client, csrf, examples_dir / "valdoria", "VLD"))
    assert 'id="compare"' not in client.get("/j/VLD").text
    with_bill = tmp_path / "with-bill"
    with_bill.mkdir()
    for p in [*(examples_dir / "valdoria").iterdir(), *(examples_dir / "valdoria-bill").iterdir()]:
        (with_bill / p.name).write_bytes(p.read_bytes())
    assert 'data-step="done"' in wait_fragment(client, upload_form(client, csrf, with_bill, "VLD"))
    assert 'id="compare"' in client.get("/j/VLD").text

    api = {"Authorization": f"Bearer {bed.accounts.new_token('viewer')}"}
    runs = client.get("/api/jurisdictions/VLD/assessments", headers=api).json()
    assert len(runs) == 2 and any("(draft)" in t for t in runs[0]["instruments"])
    diff = client.get("/api/jurisdictions/VLD/compare", headers=api,
                      params={"before": runs[1]["id"], "after": runs[0]["id"]}).json()
    assert diff["changes"], "the draft bill changes nothing"
    for change in diff["changes"]:
        assert change["before"] != change["after"]
        for side in ("before", "after"):
            if change[f"{side}_id"]:
                found = client.get(f"/api/findings/{change[f'{side}_id']}", headers=api).json()
                assert found["status"] == change[side]
                assert found["assessment_id"] == runs[0 if side == "after" else 1]["id"]
    page = client.get("/j/VLD/compare").text
    for change in diff["changes"]:
        assert change["standard"] in page
    assert client.get("/j/VLD/compare", params={"before": 999, "after": 1}).status_code == 404

    svg = client.get("/map.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<svg")


def test_country_report_page(bed: WebTestbed, examples_dir: Path) -> None:
    client = bed.client()
    csrf = login(client, "analyst")
    assert 'data-step="done"' in wait_fragment(
        client, upload_form(client, csrf, examples_dir / "valdoria", "VLD"))
    assert 'href="/j/VLD/report"' in client.get("/j/VLD").text
    report = client.get("/j/VLD/report")
    assert report.status_code == 200
    assert "<script" not in report.text
    assert "script-src" not in report.headers["content-security-policy"]
    api = {"Authorization": f"Bearer {bed.accounts.new_token('viewer')}"}
    view = client.get("/api/jurisdictions/VLD", headers=api).json()
    titles = [f["title"] for fw in view["frameworks"] if fw["id"] == "icmec-review"
              for a in fw["areas"] for f in a["findings"]]
    assert titles and all(html.escape(t, quote=False) in report.text for t in titles)
    assert client.get("/j/NOPE/report").status_code == 404


OLD_TERMS_LAW = """Children (Protection) Act

1. Offences
(1) A person who makes or possesses child pornography commits an offence.
(2) A person who procures a child for child prostitution commits an offence.
"""


def test_terminology_view(bed: WebTestbed, tmp_path: Path) -> None:
    from coplaw.structure.load import load_paths
    from coplaw.terminology.lint import lint_instrument

    folder = tmp_path / "law"
    folder.mkdir()
    (folder / "children_act.txt").write_text(OLD_TERMS_LAW)
    expected = lint_instrument(load_paths([folder]).instruments[0])
    assert any(o.context is None for o in expected), "nothing flagged in this text"
    client = bed.client()
    csrf = login(client, "analyst")
    assert 'data-step="done"' in wait_fragment(client, upload_form(client, csrf, folder, "TRM"))
    page = client.get("/j/TRM/terminology")
    assert page.status_code == 200
    marked = re.findall(r'<mark class="evidence">(.*?)</mark>', page.text)
    assert sorted(m.lower() for m in marked) == sorted(
        OLD_TERMS_LAW[o.start:o.end].lower() for o in expected)
    assert client.get("/j/NOPE/terminology").status_code == 404


def test_questionnaire_answers_reassess(bed: WebTestbed, examples_dir: Path) -> None:
    from coplaw.questionnaire.questions import questions

    client = bed.client()
    csrf = login(client, "reviewer")
    analyst = bed.client()
    acsrf = login(analyst, "analyst")
    assert 'data-step="done"' in wait_fragment(
        analyst, upload_form(analyst, acsrf, examples_dir / "valdoria", "VLD"))
    api = {"Authorization": f"Bearer {bed.accounts.new_token('viewer')}"}
    before = client.get("/api/jurisdictions/VLD", headers=api).json()
    waiting = {f["standard"]: f for fw in before["frameworks"] for a in fw["areas"]
               for f in a["findings"] if f["status"] == "not_assessable"}
    question = next(q for q in questions() if q.id in waiting)
    page = client.get("/j/VLD/questionnaire")
    assert page.status_code == 200 and f'name="a:{question.id}"' in page.text

    bad = client.post("/j/VLD/questionnaire", data={
        "csrf_token": csrf, "respondent": "Ministry <i>of</i> Justice",
        "answered_on": "2999-01-01", f"a:{question.id}": "yes"})
    assert bad.status_code == 400 and "in the future" in bad.text

    reply = client.post("/j/VLD/questionnaire", data={
        "csrf_token": csrf, "respondent": "Ministry <i>of</i> Justice",
        "answered_on": "2025-06-30", f"a:{question.id}": "yes",
        f"e:{question.id}": "A national body does this <b>every year</b>."},
        follow_redirects=False)
    assert reply.status_code == 303, reply.text
    job_id = reply.headers["location"].rsplit("/", 1)[1]
    assert 'data-step="done"' in wait_fragment(client, job_id)

    after = client.get("/api/jurisdictions/VLD", headers=api).json()
    assert after["assessment_id"] != before["assessment_id"]
    found = next(f for fw in after["frameworks"] for a in fw["areas"] for f in a["findings"]
                 if f["standard"] == question.id)
    detail = client.get(f"/api/findings/{found['id']}", headers=api).json()
    assert any(ev["kind"] == "answer" and "every year" in ev["quote"]
               for ev in detail["evidence"]), detail["evidence"]
    assert detail["status"] != "not_assessable"
    shown = client.get("/j/VLD/questionnaire").text
    assert "Ministry &lt;i&gt;of&lt;/i&gt; Justice, 2025-06-30" in shown
    assert "<b>every year</b>" not in shown

    viewer = bed.client()
    vcsrf = login(viewer, "viewer")
    assert f'name="a:{question.id}"' not in viewer.get("/j/VLD/questionnaire").text
    assert viewer.post("/j/VLD/questionnaire", data={
        "csrf_token": vcsrf, "respondent": "x", "answered_on": "2025-01-01",
        f"a:{question.id}": "no"}).status_code == 403


def test_api_description_served_offline(bed: WebTestbed) -> None:
    client = bed.client()
    spec = client.get("/api/openapi.json").json()
    assert "/api/uploads" in spec["paths"] and "/api/jurisdictions/{code}/compare" in spec["paths"]
    page = client.get("/api/docs").text
    for path in spec["paths"]:
        assert f"<code>{html.escape(path)}</code>" in page
    assert "cdn" not in page.lower() and "https://" not in page
