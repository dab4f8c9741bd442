"""`coplaw parse`: outline, JSON and Akoma Ntoso output; bad files listed, exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.structure.export import validate_akn
from coplaw.structure.load import load_paths

BILL = (Path(__file__).parent / "fixtures" / "structure" / "bill.txt").read_text("utf-8")


@pytest.fixture
def laws(tmp_path: Path) -> Path:
    (tmp_path / "bill.txt").write_text(BILL, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    return tmp_path


def test_outline_lists_provisions_and_reports_bad_files(laws: Path) -> None:
    result = CliRunner().invoke(app, ["parse", str(laws)])
    assert result.exit_code == 1
    out = result.stdout
    assert "bill  THE CHILD ONLINE PROTECTION BILL, 2025" in out
    assert "    sec_3  3  — Child sexual abuse material" in out
    assert "      sec_3__subsec_1  (1)" in out
    assert "att_1" in out
    assert "empty.txt" in result.stderr


def test_json_to_file(laws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["parse", str(laws / "bill.txt"), "--format", "json",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["errors"] == []
    assert data["instruments"][0]["body"][0]["eid"] == "part_I"


def test_akn_output_validates(laws: Path) -> None:
    result = CliRunner().invoke(app, ["parse", str(laws / "bill.txt"), "--format", "akn"])
    assert result.exit_code == 0
    assert validate_akn(result.stdout.encode("utf-8")) == []


@pytest.mark.corpus
def test_every_corpus_text_structures(corpus_dir: Path) -> None:
    """Each text and Markdown file of the corpus gives a tree with unique eIds whose spans
    nest inside their parents and lie within the text."""
    files = sorted(p for p in corpus_dir.rglob("*") if p.suffix in (".txt", ".md")
                   and p.name != "README.md")
    result = load_paths(files)
    assert not result.errors, result.errors
    assert len(result.instruments) == len(files)
    empty = []
    for inst in result.instruments:
        provs = inst.provisions()
        if not provs:
            empty.append(inst.file)
        eids = [p.eid for p in provs]
        assert len(eids) == len(set(eids)), inst.file
        for top in [*inst.body, *inst.schedules]:
            for p in top.walk():
                assert 0 <= p.start <= p.body_start <= max(p.end, p.body_start) <= len(inst.text)
                for c in p.children:
                    assert p.start <= c.start and c.end <= p.end, (inst.file, p.eid, c.eid)
    # a law laid out as one flattened paragraph may give no tree, but that is rare
    assert len(empty) <= 3, empty


@pytest.mark.corpus
def test_directory_resolves_references_across_instruments(corpus_dir: Path) -> None:
    """The LCEN's "articles 227-23, 227-24 ... du code pénal" point into the loaded Code."""
    result = load_paths([corpus_dir / "FRA"])
    by_id = {i.id: i for i in result.instruments}
    lcen = by_id["lcen-loi-2004-575-article-6"]
    targets = {(r.target_instrument, r.target) for r in lcen.references}
    code = "code-penal-legitext000006070719"
    assert (code, "art_227-23") in targets and (code, "art_227-24") in targets
    assert any(p.eid == "art_227-23" for p in by_id[code].provisions())
