"""A table of contents lists section headings; it is not law and must never be cited."""

from __future__ import annotations

from pathlib import Path

from coplaw.assess.engine import assess_paths

ACT = """CHILD ONLINE SAFETY ACT, 2030

ARRANGEMENT OF SECTIONS
1. Short title
2. Possession of child sexual abuse material
3. Production of child sexual abuse material

1. Short title
This Act may be cited as the Child Online Safety Act, 2030.

2. Possession of child sexual abuse material
A person who knowingly possesses child sexual abuse material commits an offence.

3. Production of child sexual abuse material
A person who produces child sexual abuse material by any means commits an offence.
"""


def test_evidence_never_quotes_the_table_of_contents(tmp_path: Path) -> None:
    law = tmp_path / "act.txt"
    law.write_text(ACT, encoding="utf-8")
    body_start = ACT.index("1. Short title\nThis Act")
    result = assess_paths([law], "XXA")
    cited = [(f.standard, e) for f in result.findings for e in f.evidence if e.kind == "text"]
    assert cited, "the offences should be cited somewhere"
    for standard, ev in cited:
        assert ev.provision, (standard, ev.quote)
        assert ev.start >= body_start, (standard, ev.quote)
    possession = next(f for f in result.findings if f.standard == "icmec.review.possession")
    assert possession.status == "met"
    assert [e.provision for e in possession.evidence] == ["sec_2"]
