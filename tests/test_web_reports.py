"""The reports of the report stage, downloadable from the web app: country PDF, global table."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from coplaw.web.testing import WebTestbed, login, make_testbed, upload_form, wait_fragment


@pytest.fixture
def bed(tmp_path: Path) -> WebTestbed:
    return make_testbed(tmp_path)


def test_country_pdf_and_global_table_downloads(bed: WebTestbed, examples_dir: Path) -> None:
    client = bed.client()
    anonymous = client.get("/reports/global.csv", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    csrf = login(client, "analyst")
    assert client.get("/reports/global.csv").status_code == 404  # nothing stored yet
    assert 'data-step="done"' in wait_fragment(
        client, upload_form(client, csrf, examples_dir / "valdoria", "VLD"))

    assert 'href="/j/VLD/report.pdf"' in client.get("/j/VLD").text
    pdf = client.get("/j/VLD/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 20_000
    assert client.get("/j/NOPE/report.pdf").status_code == 404

    overview = client.get("/").text
    for fmt in ("csv", "xlsx", "json", "html"):
        assert f'href="/reports/global.{fmt}"' in overview
    rows = list(csv.reader(io.StringIO(client.get("/reports/global.csv").text)))
    assert len(rows) == 2 and "VLD" in rows[1]
    assert "VLD" in json.dumps(client.get("/reports/global.json").json())
    xlsx = client.get("/reports/global.xlsx").content
    assert zipfile.ZipFile(io.BytesIO(xlsx)).namelist()
    assert "VLD" in client.get("/reports/global.html").text
    assert client.get("/reports/global.exe").status_code == 404
