"""Bad catalogue data is reported with the file and the item, never loaded half-checked."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from coplaw.errors import CatalogueError
from coplaw.standards.catalogue import build_catalogue, load_catalogue


def _item(item_id: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item_id,
        "kind": "criterion",
        "area": "criteria",
        "title": "A drafted criterion",
        "paraphrase": "Something the law should do, written for this test.",
        "source": {"file": "x.txt", "lines": [1, 2], "anchor": "some words"},
        "assessable": "text",
        "test": {"counts": ["an offence"]},
    }
    data.update(extra)
    return data


def _framework(fw_id: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": fw_id,
        "title": "Drafted framework",
        "source_file": "x.txt",
        "description": "A framework drafted for a test.",
        "areas": [{"id": "criteria", "title": "Criteria"}],
        "items": items,
    }


REVIEW = _framework("icmec-review", [_item("icmec.review.possession"),
                                     _item("icmec.review.definition")])
MODEL = _framework("icmec-model-law", [
    _item("icmec.model.p03_possession", kind="provision", test=None, reform="Do it."),
])
MODEL["areas"] = [{"id": "criteria", "title": "Offences"}]
del MODEL["items"][0]["test"]


def _write(folder: Path, files: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _error(folder: Path) -> str:
    with pytest.raises(CatalogueError) as info:
        build_catalogue(folder)
    return str(info.value)


def test_a_good_folder_loads_with_symmetric_links(tmp_path: Path) -> None:
    walk = {"groups": [{"topic": "possession",
                        "items": ["icmec.review.possession", "icmec.model.p03_possession"]}]}
    cat = build_catalogue(_write(tmp_path, {"icmec-review.yaml": REVIEW,
                                            "icmec-model-law.yaml": MODEL,
                                            "crosswalk.yaml": walk}))
    assert [lk.target for lk in cat.links("icmec.review.possession")] == [
        "icmec.model.p03_possession"]
    assert [lk.target for lk in cat.links("icmec.model.p03_possession")] == [
        "icmec.review.possession"]
    assert cat.links("icmec.review.definition") == []


def test_missing_field_names_file_item_and_field(tmp_path: Path) -> None:
    broken = copy.deepcopy(REVIEW)
    del broken["items"][1]["paraphrase"]
    msg = _error(_write(tmp_path, {"icmec-review.yaml": broken}))
    assert "icmec-review.yaml" in msg
    assert "icmec.review.definition" in msg
    assert "paraphrase" in msg and "missing" in msg


def test_unknown_field_is_a_typo_not_ignored(tmp_path: Path) -> None:
    broken = copy.deepcopy(REVIEW)
    broken["items"][0]["paraphase"] = "typo"
    msg = _error(_write(tmp_path, {"icmec-review.yaml": broken}))
    assert "icmec-review.yaml" in msg and "icmec.review.possession" in msg
    assert "paraphase" in msg and "unknown field" in msg


def test_dangling_crosswalk_id_names_the_file_group_and_id(tmp_path: Path) -> None:
    walk = {"groups": [{"topic": "possession",
                        "items": ["icmec.review.possession", "icmec.model.p99_nothing"]}]}
    msg = _error(_write(tmp_path, {"icmec-review.yaml": REVIEW, "icmec-model-law.yaml": MODEL,
                                   "crosswalk.yaml": walk}))
    assert "crosswalk.yaml" in msg and "possession" in msg and "icmec.model.p99_nothing" in msg


def test_crosswalk_group_within_one_framework_is_refused(tmp_path: Path) -> None:
    walk = {"groups": [{"topic": "same", "items": ["icmec.review.possession",
                                                   "icmec.review.definition"]}]}
    msg = _error(_write(tmp_path, {"icmec-review.yaml": REVIEW, "crosswalk.yaml": walk}))
    assert "crosswalk.yaml" in msg and "one framework" in msg


def test_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    model = copy.deepcopy(MODEL)
    model["items"].append(copy.deepcopy(model["items"][0]))
    msg = _error(_write(tmp_path, {"icmec-model-law.yaml": model}))
    assert "icmec-model-law.yaml" in msg and "icmec.model.p03_possession" in msg
    assert "duplicate" in msg


def test_duplicate_id_in_another_framework_file_is_caught(tmp_path: Path) -> None:
    review = copy.deepcopy(REVIEW)
    term = _framework("terminology", [_item("term.rule", kind="term_rule", test=None, terms={
        "avoid": ["a"], "prefer": ["b"]})])
    term["items"][0].pop("test")
    term["items"].append(copy.deepcopy(term["items"][0]))
    msg = _error(_write(tmp_path, {"icmec-review.yaml": review, "terminology.yaml": term}))
    assert "terminology.yaml" in msg and "term.rule" in msg and "duplicate" in msg


def test_item_id_must_carry_its_framework_prefix(tmp_path: Path) -> None:
    broken = copy.deepcopy(REVIEW)
    broken["items"][0]["id"] = "unicef.criminalization.possession"
    msg = _error(_write(tmp_path, {"icmec-review.yaml": broken}))
    assert "icmec-review.yaml" in msg and "unicef.criminalization.possession" in msg
    assert "icmec.review." in msg


def test_unknown_parent_is_reported(tmp_path: Path) -> None:
    model = copy.deepcopy(MODEL)
    rec = copy.deepcopy(model["items"][0])
    rec.update(id="icmec.model.rec_x", kind="recommendation", parent="icmec.model.p77_gone")
    model["items"].append(rec)
    msg = _error(_write(tmp_path, {"icmec-model-law.yaml": model}))
    assert "icmec-model-law.yaml" in msg and "icmec.model.rec_x" in msg and "p77_gone" in msg


def test_undeclared_area_is_reported(tmp_path: Path) -> None:
    broken = copy.deepcopy(REVIEW)
    broken["items"][1]["area"] = "elsewhere"
    msg = _error(_write(tmp_path, {"icmec-review.yaml": broken}))
    assert "icmec.review.definition" in msg and "elsewhere" in msg


def test_criterion_without_its_operational_test_is_reported(tmp_path: Path) -> None:
    broken = copy.deepcopy(REVIEW)
    del broken["items"][0]["test"]
    msg = _error(_write(tmp_path, {"icmec-review.yaml": broken}))
    assert "icmec.review.possession" in msg and "test" in msg


def test_framework_id_must_match_the_file_name(tmp_path: Path) -> None:
    msg = _error(_write(tmp_path, {"icmec-model-law.yaml": REVIEW}))
    assert "icmec-model-law.yaml" in msg and "file name" in msg


def test_broken_yaml_and_wrong_shapes_name_the_file(tmp_path: Path) -> None:
    assert "icmec-review.yaml" in _error(_write(tmp_path / "a", {"icmec-review.yaml": "id: [x"}))
    assert "icmec-review.yaml" in _error(_write(tmp_path / "b", {"icmec-review.yaml": "- 1\n"}))
    bad_range = copy.deepcopy(REVIEW)
    bad_range["items"][0]["source"]["lines"] = [9, 3]
    msg = _error(_write(tmp_path / "c", {"icmec-review.yaml": bad_range}))
    assert "icmec.review.possession" in msg and "line range" in msg


def test_load_catalogue_caches_per_folder(tmp_path: Path) -> None:
    folder = _write(tmp_path, {"icmec-review.yaml": REVIEW})
    first = load_catalogue(folder)
    assert load_catalogue(folder) is first
    assert load_catalogue() is not first
