"""OHCHR 2015 report on ICT and child sexual exploitation: what the law should do and
recommendations (a)-(p).

Items with a rule in ``data/rules/ohchr-2015.yaml`` get their own text
test; the others take the finding of an equivalent item through the crosswalk (said so in
the rationale); questionnaire items wait for answers.
"""

from __future__ import annotations

from typing import Any

from coplaw.assess.frameworks.runner import run
from coplaw.findings import Finding

FRAMEWORK = "ohchr-2015"


def assess(context: Any) -> list[Finding]:
    from coplaw.assess.frameworks import unicef

    return run(FRAMEWORK, context, include_crosswalk_from=unicef.findings_for(context))
