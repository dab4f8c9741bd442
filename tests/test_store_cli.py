"""The store's commands end to end: review, letter, publish, export, audit."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import KINDS, usable_kind
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.store import records
from coplaw.store.db import open_store
from coplaw.store.testing import database, sample_assessment, sample_instrument

SECTIONS = {
    "sec_1": "Child sexual abuse material includes any representation of a child in sexual "
             "activity made by any means.",
    "sec_2": "A person who possesses child sexual abuse material commits an offence.",
}
VERDICTS = {
    "icmec.review.legislation": ("met", [("act", "sec_2")]),
    "icmec.review.definition": ("met", [("act", "sec_1")]),
    "icmec.review.technology": ("met", [("act", "sec_1")]),
    "icmec.review.possession": ("met", [("act", "sec_2")]),
    "icmec.review.isp_reporting": ("not_met", []),
}


@pytest.fixture(params=KINDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(usable_kind(request), tmp_path) as db_url:
        store = open_store(db_url)
        doc = sample_instrument("act", SECTIONS, title="Online Child Protection Act")
        with store.session() as s:
            records.ensure_jurisdiction(s, "XKA", "Kalaria")
            records.save_assessment(s, sample_assessment("XKA", [doc], VERDICTS), [doc])
        store.close()
        yield db_url


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_review_to_published_edition_from_the_command_line(url: str, tmp_path: Path) -> None:
    code, out, _ = _run("review", "list", "--json", "--db", url)
    assert code == 0
    listed = {f["standard"]: f for f in json.loads(out)}
    assert {f["state"] for f in listed.values()} == {"machine"}
    poss = listed["icmec.review.possession"]

    code, _, err = _run("review", "decide", str(poss["id"]), "override", "--status", "not_met",
                        "--version", "1", "--user", "ana", "--db", url)
    assert code == 1 and "needs a reason" in err
    code, out, _ = _run("review", "decide", str(poss["id"]), "accept", "--version", "1",
                        "--user", "ana", "--db", url)
    assert code == 0 and "machine -> reviewed" in out
    code, _, err = _run("review", "decide", str(poss["id"]), "override", "--status", "not_met",
                        "--reason", "late", "--version", "1", "--user", "ben", "--db", url)
    assert code == 1 and "changed by someone else" in err

    code, _, err = _run("review", "preliminary", "XKA", "--user", "ana", "--db", url)
    assert code == 1 and "not reviewed yet" in err
    for std, f in listed.items():
        if std != "icmec.review.possession":
            assert _run("review", "decide", str(f["id"]), "accept", "--version", "1",
                        "--user", "ana", "--db", url)[0] == 0
    assert _run("review", "preliminary", "XKA", "--user", "ana", "--db", url)[0] == 0

    code, out, err = _run("letter", "XKA", "--out", str(tmp_path / "letters"), "--format",
                          "docx", "--reply-by", "2026-07-01", "--user", "ben", "--db", url)
    assert code == 0, err
    assert out.strip().endswith(".docx") and Path(out.strip()).is_file()

    answer = tmp_path / "answer.txt"
    answer.write_text("The Ministry confirms the results for possession.", encoding="utf-8")
    code, _, err = _run("review", "decide", str(poss["id"]), "confirm", "--answer-date",
                        "2026-06-15", "--answer-file", str(answer), "--user", "ben",
                        "--db", url)
    assert code == 0, err
    code, out, _ = _run("review", "show", str(poss["id"]), "--db", url)
    assert "machine: met" in out and "confirm confirmation_requested -> answered" in out
    assert "[answer]" in out and "The Ministry confirms" in out

    code, _, err = _run("edition", "publish", "2026", "--user", "ana", "--db", url)
    assert code == 0, err
    table = tmp_path / "2026.csv"
    assert _run("edition", "export", "2026", "--out", str(table), "--db", url)[0] == 0
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[1][:6] == ["Kalaria", "✓", "✓", "✓", "✓", "X"]
    assert "The Ministry confirms" in rows[1][6]
    assert _run("edition", "import", str(table), "--name", "copy", "--db", url)[0] == 0
    code, out, _ = _run("edition", "list", "--db", url)
    assert "2026\treview" in out and "copy\timport" in out

    code, out, _ = _run("audit", "verify", "--db", url)
    assert code == 0 and "intact" in out


def test_batch_command_reports_bad_corpus(url: str, tmp_path: Path) -> None:
    code, _, err = _run("batch", str(tmp_path / "nowhere"), "--db", url)
    assert code == 1 and "nowhere: not a folder" in err
    (tmp_path / "corpus" / "XAA").mkdir(parents=True)
    (tmp_path / "corpus" / "XAA" / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = _run("batch", str(tmp_path / "corpus"), "--only", "XAA,XQQ", "--db", url)
    assert code == 1 and "no folder for XQQ" in err
