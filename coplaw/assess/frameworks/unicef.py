"""UNICEF checklist: text tests for the items legislation can show (rule table
``data/rules/unicef-checklist.yaml``); questionnaire items wait for answers."""

from __future__ import annotations

from typing import Any

from coplaw.assess.frameworks.common import earlier_findings
from coplaw.assess.frameworks.runner import run
from coplaw.findings import Finding

FRAMEWORK = "unicef-checklist"


def assess(context: Any) -> list[Finding]:
    return run(FRAMEWORK, context)


def findings_for(context: Any) -> dict[str, Finding]:
    """UNICEF findings by id for crosswalk reuse: the engine's earlier ones when it ran this
    framework already, else computed here (indexes are cached, so this is cheap)."""
    known = earlier_findings(context)
    if any(k.startswith("unicef.") for k in known):
        return {k: v for k, v in known.items() if k.startswith("unicef.")}
    return {f.standard: f for f in assess(context)}
