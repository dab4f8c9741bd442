"""``coplaw standards list|show|crosswalk`` through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.standards.catalogue import load_catalogue

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["standards", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_unicef_as_json_gives_71_items() -> None:
    code, out, _ = _run("list", "--framework", "unicef-checklist", "--format", "json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 71
    assert {i["framework"] for i in items} == {"unicef-checklist"}
    assert all({"id", "paraphrase", "source", "authority", "crosswalk"} <= set(i) for i in items)


def test_list_icmec_review_json_carries_operational_tests() -> None:
    code, out, _ = _run("list", "-f", "icmec-review", "--format", "json")
    assert code == 0
    items = json.loads(out)
    assert [i["id"] for i in items][3] == "icmec.review.possession"
    assert all(i["test"]["counts"] for i in items)


def test_list_all_as_table_shows_every_framework() -> None:
    code, out, _ = _run("list")
    assert code == 0
    assert f"{len(load_catalogue().items)} standards" in out
    assert "icmec.review.isp_reporting" in out and "term.child_pornography" in out


def test_list_unknown_framework_exits_2() -> None:
    code, _, err = _run("list", "--framework", "no-such-framework")
    assert code == 2
    assert "unknown framework" in err and "icmec-review" in err


def test_show_prints_paraphrase_pointer_lines_and_crosswalk(
    sources_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPLAW_SOURCES", str(sources_dir))
    code, out, _ = _run("show", "icmec.review.possession")
    assert code == 0
    assert "Knowing possession criminalised" in out
    assert "icmec-csam-model-legislation-10th-ed-review-table-withheld.txt, lines 983-1004" in out
    # the source lines themselves, numbered
    assert "983 Criminalize the knowing possession of CSAM, regardless of the intent to" in out
    assert "Does not count" in out
    assert "Crosswalk" in out
    for link in load_catalogue().links("icmec.review.possession"):
        assert link.target in out


def test_show_without_sources_says_where_to_point(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COPLAW_SOURCES", str(tmp_path / "absent"))
    code, out, _ = _run("show", "term.child_pornography")
    assert code == 0
    assert "COPLAW_SOURCES" in out
    assert "child sexual abuse material" in out


def test_show_json_includes_source_text(sources_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPLAW_SOURCES", str(sources_dir))
    code, out, _ = _run("show", "icmec.model.p03_possession", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["framework"] == "icmec-model-law"
    assert data["source_text"][0]["line"] == 414
    assert "icmec.model.rec_knowing_possession" in data["children"]


def test_crosswalk_lists_linked_items_of_other_frameworks() -> None:
    cat = load_catalogue()
    code, out, _ = _run("crosswalk", "icmec.review.possession", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["framework"] == "icmec-review"
    assert [lk["id"] for lk in data["links"]] == [
        lk.target for lk in cat.links("icmec.review.possession")]
    assert all(lk["framework"] != "icmec-review" for lk in data["links"])
    code, out, _ = _run("crosswalk", "icmec.review.possession")
    assert code == 0 and "Crosswalk of icmec.review.possession" in out


@pytest.mark.parametrize("command", ["show", "crosswalk"])
def test_unknown_id_is_a_clear_error_with_exit_code_2(command: str) -> None:
    code, out, err = _run(command, "icmec.review.possesion")
    assert code == 2
    assert "no standard with id 'icmec.review.possesion'" in err
    assert out == ""
