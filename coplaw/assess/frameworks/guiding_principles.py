"""Guiding principles on technology-facilitated child sexual exploitation and abuse (2024).

Items with a rule in ``data/rules/guiding-principles-2024.yaml`` get their own text
test; the others take the finding of an equivalent item through the crosswalk (said so in
the rationale); questionnaire items wait for answers.
"""

from __future__ import annotations

from typing import Any

from coplaw.assess.frameworks.runner import run
from coplaw.findings import Finding

FRAMEWORK = "guiding-principles-2024"


def assess(context: Any) -> list[Finding]:
    from coplaw.assess.frameworks import unicef

    return run(FRAMEWORK, context, include_crosswalk_from=unicef.findings_for(context))
