"""Hard-wrapped statute text: a line that begins with an ordinary word ending a sentence
("years.") continues the sentence; it is not a list item, so quotes keep the whole sentence."""

from __future__ import annotations

from pathlib import Path

from coplaw.assess.engine import assess_paths

ACT = """SEXUAL OFFENCES (CHILDREN) ACT, 2031

1. Possession
A person who knowingly possesses child sexual abuse material commits an offence and is liable
to imprisonment for not less than two years and not more than ten
years.

2. Distribution
A person who distributes child sexual abuse material by any means commits an offence.
"""


def test_quote_runs_over_a_wrapped_line_to_the_end_of_the_sentence(tmp_path: Path) -> None:
    law = tmp_path / "act.txt"
    law.write_text(ACT, encoding="utf-8")
    result = assess_paths([law], "XXA", frameworks=["icmec-review"])
    possession = next(f for f in result.findings if f.standard == "icmec.review.possession")
    assert possession.status == "met"
    quote = possession.evidence[0].quote
    assert quote.startswith("A person who knowingly possesses")
    assert quote.endswith("not more than ten\nyears."), quote
