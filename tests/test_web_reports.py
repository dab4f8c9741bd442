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


EDITION_HEADER = ["Country", "Legislation Specific to CSAM", '"CSAM" Defined',
                  "Technology-Facilitated CSAM Offenses", "Simple Possession", "ISP Reporting",
                  "Footnotes"]


def test_editions_listed_downloaded_and_compared(tmp_path: Path) -> None:
    """Two imported editions and today's assessments: the page and the API say who gained
    or lost which criterion; names in the table are shown as text."""
    import csv

    from coplaw.store.editions import import_table
    from coplaw.web.testing import bearer

    bed = make_testbed(tmp_path)
    rows = [["Kenya", "✓", "✓", "✓", "X", "X", ""],
            ["<b>Atlantis</b>", "✓", "✓", "✓", "✓", "X", ""]]
    later = [list(r) for r in rows]
    later[0][4] = "✓"  # Kenya criminalised possession
    for name, table in (("9th", rows), ("10th", later)):
        path = tmp_path / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([EDITION_HEADER, *table])
        with bed.store.session() as s:
            import_table(s, path, name)
    client = bed.client()
    login(client, "viewer")
    page = client.get("/editions").text
    assert 'href="/editions/9th.csv"' in page and 'href="/editions/10th.csv"' in page
    compared = client.get("/editions", params={"before": "9th", "after": "10th"}).text
    criteria = compared.split('id="criteria"')[1].split("</table>")[0]
    assert "Kenya" in criteria and "&lt;b&gt;Atlantis&lt;/b&gt;" not in criteria
    assert "1 jurisdiction(s) changed, 1 unchanged" in compared
    downloaded = client.get("/editions/10th.csv")
    assert downloaded.status_code == 200 and "Kenya" in downloaded.text
    assert client.get("/editions", params={"before": "8th"}).status_code == 404

    api = bearer(bed, "viewer")
    diff = client.get("/api/editions/compare", params={"before": "9th", "after": "10th"},
                      headers=api).json()
    assert diff["per_criterion"]["icmec.review.possession"]["gained"] == ["Kenya"]
    assert diff["unchanged"] == 1
    today = client.get("/api/editions/compare", params={"before": "10th", "after": "latest"},
                       headers=api).json()
    assert today["only_before"] == ["<b>Atlantis</b>", "Kenya"]  # nothing assessed yet
    assert client.get("/api/editions/10th.csv", headers=api).text.startswith("Country")
