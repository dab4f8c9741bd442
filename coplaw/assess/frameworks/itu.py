"""ITU Child Online Protection guidelines for policy-makers (2020): national checklist,
strategy principles, stakeholder questions.

Items with a rule in ``data/rules/itu-cop-checklist.yaml`` get their own text
test; the others take the finding of an equivalent item through the crosswalk (said so in
the rationale); questionnaire items wait for answers.
"""

from __future__ import annotations

from typing import Any

from coplaw.assess.frameworks.runner import run
from coplaw.findings import Finding

FRAMEWORK = "itu-cop-checklist"


def assess(context: Any) -> list[Finding]:
    from coplaw.assess.frameworks import unicef

    return run(FRAMEWORK, context, include_crosswalk_from=unicef.findings_for(context))
