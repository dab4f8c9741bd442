"""``coplaw assess`` output formats and ``coplaw eval`` on a small labelled corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from coplaw.cli import app

LAWS = Path(__file__).parent / "fixtures" / "laws"
runner = CliRunner()


def test_assess_json_shape() -> None:
    res = runner.invoke(app, ["assess", str(LAWS / "en_full"), "--jurisdiction", "XXD",
                              "--framework", "icmec-review", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["jurisdiction"] == "XXD"
    assert {"id", "title", "file"} <= set(data["instruments"][0])
    f = data["findings"][0]
    assert {"standard", "framework", "status", "confidence", "rationale", "method",
            "evidence"} <= set(f)
    assert {"instrument", "provision", "quote", "start", "end"} <= set(f["evidence"][0])
    assert data["summary"] == {"icmec-review": {"met": 5}}


def test_assess_table_and_out_file(tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    res = runner.invoke(app, ["assess", str(LAWS / "en_nearmiss"), "-j", "XXD", "-f",
                              "icmec-review", "--format", "table", "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "icmec.review.possession" in text and "not_met" in text


def test_assess_html_escapes_quotes(tmp_path: Path) -> None:
    law = tmp_path / "law.txt"
    law.write_text("ACT\n\n1. Offence\nAny person who knowingly possesses child pornography "
                   "<script>alert(1)</script> commits an offence and is liable to imprisonment "
                   "for five years.\n", encoding="utf-8")
    res = runner.invoke(app, ["assess", str(law), "-j", "XXD", "-f", "icmec-review",
                              "--format", "html"])
    assert res.exit_code == 0, res.output
    assert "<script>" not in res.output
    assert "&lt;script&gt;" in res.output
    assert res.output.lstrip().startswith("<!DOCTYPE html>")


def test_assess_unknown_framework_and_missing_path() -> None:
    res = runner.invoke(app, ["assess", str(LAWS / "en_full"), "-j", "X", "-f", "nope"])
    assert res.exit_code == 2 and "unknown framework" in res.output
    res = runner.invoke(app, ["assess", "/no/such/place", "-j", "X"])
    assert res.exit_code == 2 and "/no/such/place" in res.output


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(LAWS / "en_full", corpus / "XAA")
    shutil.copytree(LAWS / "en_nearmiss", corpus / "XBB")
    return corpus


def test_eval_text_and_json(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "jurisdiction,standard,expected,icmec_2023,note\n"
        "XAA,icmec.review.possession,met,met,\n"
        "XBB,icmec.review.possession,not_met,met,\n"
        "XAA,icmec.review.isp_reporting,not_met,met,deliberately wrong label\n"
        "XBB,icmec.review.isp_reporting,unknown,not_met,\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(labels), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "1 disagreement(s)" in res.output
    assert "XAA icmec.review.isp_reporting: expected not_met, got met" in res.output
    res = runner.invoke(app, ["eval", str(labels), "--corpus", str(corpus), "--format", "json"])
    data = json.loads(res.output)
    pos = data["per_standard"]["icmec.review.possession"]
    assert pos["agreement"] == 1.0 and pos["icmec_agreement"] == 0.5
    isp = data["per_standard"]["icmec.review.isp_reporting"]
    assert isp["agreement"] == 0.0 and isp["skipped"] == 1
    assert data["disagreements"][0]["evidence"][0]["quote"]


def test_eval_bad_labels(tmp_path: Path) -> None:
    labels = tmp_path / "bad.csv"
    labels.write_text("jurisdiction,standard\nXAA,icmec.review.possession\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(labels), "--corpus", str(tmp_path)])
    assert res.exit_code == 2 and "missing column" in res.output and "bad.csv" in res.output


def test_assess_save_keeps_the_result_for_review(tmp_path: Path) -> None:
    from sqlalchemy import select

    from coplaw.store.db import open_store
    from coplaw.store.models import Assessment, Finding, Jurisdiction

    db = f"sqlite:///{tmp_path / 'saved.db'}"
    args = ["assess", str(LAWS / "en_full"), "-j", "XXD", "-f", "icmec-review", "--save",
            "--name", "Test Land", "--db", db]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["summary"] == {"icmec-review": {"met": 5}}
    assert "saved as assessment 1 of XXD (5 findings)" in first.stderr
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    store = open_store(db)
    try:
        with store.session() as s:
            assert s.get(Jurisdiction, "XXD").name == "Test Land"  # type: ignore[union-attr]
            runs = s.scalars(select(Assessment).order_by(Assessment.id)).all()
            assert [r.previous_id for r in runs] == [None, runs[0].id]
            assert len(s.scalars(select(Finding).where(
                Finding.assessment_id == runs[1].id)).all()) == 5
    finally:
        store.close()
    bad = runner.invoke(app, ["assess", str(LAWS / "en_full"), "-j", "XXD", "--save",
                              "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert bad.exit_code == 2 and "cannot" in bad.stderr


def test_assess_bundled_bengali_example() -> None:
    law_dir = Path(__file__).resolve().parent.parent / "examples" / "valdoria-bn"
    res = runner.invoke(app, ["assess", str(law_dir), "-j", "XVB", "-f", "icmec-model-law",
                              "-f", "icmec-review", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["instruments"][0]["language"] == "bn"
    got = {f["standard"]: f for f in data["findings"]}
    child = got["icmec.model.p01_child_under_18"]
    assert child["status"] == "met"
    assert "১৮ (আঠার) বৎসরের কম" in child["evidence"][0]["quote"]
    possession = got["icmec.review.possession"]
    assert possession["status"] == "met"
    assert "নিজের দখলে" in possession["evidence"][0]["quote"]
    # the act only makes providers remove the material; it never makes them report it
    assert got["icmec.review.isp_reporting"]["status"] == "not_met"
    text = (law_dir / "shishu_online_surokkha_ain_2023.txt").read_text(encoding="utf-8")
    for f in data["findings"]:
        for ev in f["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["quote"]
