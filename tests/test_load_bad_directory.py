"""A directory mixing good and bad files: the good ones load, each bad one is reported by name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.structure.load import load_paths

GOOD = """CHILD SAFETY ACT, 2024

1. Short title
This Act may be cited as the Child Safety Act, 2024.

2. Offence
A person who possesses child sexual abuse material commits an offence.
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<akomaNtoso><act><body><p>&lol3;</p></body></act></akomaNtoso>
"""


def _bad_dir(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>>\n%%garbage without xref")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "bomb.xml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "notword.docx", "w") as zf:
        zf.writestr("hello.txt", "not a Word document")
    return tmp_path


def test_good_file_loads_and_each_bad_file_is_named(tmp_path: Path) -> None:
    folder = _bad_dir(tmp_path)
    result = load_paths([folder])
    assert [i.file.rsplit("/", 1)[-1] for i in result.instruments] == ["good.txt"]
    failed = {Path(f).name: msg for f, msg in result.errors}
    assert set(failed) == {"corrupt.pdf", "garbage.txt", "bomb.xml", "empty.html", "notword.docx"}
    for name, msg in failed.items():
        assert name in msg, (name, msg)


def test_assess_reports_bad_files_and_still_assesses_the_rest(tmp_path: Path) -> None:
    folder = _bad_dir(tmp_path)
    result = CliRunner().invoke(
        app, ["assess", str(folder), "--jurisdiction", "XXA", "--framework", "icmec-review",
              "--format", "json"]
    )
    assert "good.txt" in result.stdout
    assert "corrupt.pdf" in result.stdout + result.stderr
