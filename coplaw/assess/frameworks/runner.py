"""Run one catalogue framework: its own text tests, crosswalk reuse, questionnaire items."""

from __future__ import annotations

from typing import Any

from coplaw.assess.frameworks.common import (
    catalogue,
    earlier_findings,
    needs_answers,
    order,
    prepared,
)
from coplaw.findings import Evidence, Finding
from coplaw.standards.catalogue import Catalogue
from coplaw.standards.schema import Item

RULE_FILE = "coplaw/assess/frameworks/data/rules/{name}.yaml"


def own_test(item: Item, framework: str, context: Any) -> Finding | None:
    """The item's rule from the framework's table, or None when it has none."""
    from coplaw.assess.frameworks.common import apply_rule
    from coplaw.assess.frameworks.rules import RULES, load_rules
    from coplaw.assess.frameworks.special import SPECIAL

    if not (RULES / f"{framework}.yaml").exists():
        return None
    table = load_rules(framework)
    rule = table.rules.get(item.id)
    if rule is None:
        return None
    method = f"rule:{item.id} ({RULE_FILE.format(name=framework)})"
    preps = prepared(context)
    if rule.special:
        return SPECIAL[rule.special](item, framework, preps, method)
    supplement = None
    if rule.supplement == "annotated_acts":
        from coplaw.assess.frameworks.special import annotated_acts

        supplement = annotated_acts(context, preps)
        method += " + offence annotator"
    return apply_rule(item, framework, rule, preps, method, supplement)


_RANK = {"met": 3, "partially_met": 2, "not_met": 1, "not_assessable": 0}


def through_crosswalk(item: Item, framework: str, cat: Catalogue,
                      known: dict[str, Finding]) -> Finding | None:
    """A finding carried over from equivalent items' findings, said so in the rationale.

    With several equivalents the strongest assessable verdict is carried over: any one of
    them showing the law does what the item asks is enough, since they ask the same thing.
    """
    linked = [known[lk.target] for lk in cat.links(item.id) if lk.target in known]
    linked = [f for f in linked if f.status != "not_assessable"] or linked
    if not linked:
        return None
    best = max(linked, key=lambda f: (_RANK[f.status], f.confidence))
    others = [f for f in linked if f is not best]
    evidence: list[Evidence] = list(best.evidence)
    extra = ""
    if others:
        extra = " Other equivalent items: " + ", ".join(
            f"{f.standard} ({f.status})" for f in others) + "."
    return Finding(
        item.id, framework, best.status, round(best.confidence * 0.95, 2),
        f"Judged through the crosswalk from the equivalent item {best.standard} "
        f"({best.status}): {best.rationale}{extra}",
        f"crosswalk:{best.standard}", evidence)


def run(framework: str, context: Any, include_crosswalk_from: dict[str, Finding] | None = None
        ) -> list[Finding]:
    """Findings for every item of ``framework``, binding ones first."""
    cat = catalogue()
    if framework not in cat.frameworks:
        return []
    known = dict(earlier_findings(context))
    if include_crosswalk_from:
        known.update(include_crosswalk_from)
    out: list[Finding] = []
    for item in cat.items_of(framework):
        finding = own_test(item, framework, context)
        if finding is None:
            finding = through_crosswalk(item, framework, cat, known)
        if finding is None:
            if item.assessable == "questionnaire":
                finding = needs_answers(item, framework)
            else:
                finding = Finding(
                    item.id, framework, "not_assessable", 0.3,
                    "No text test exists yet for this item and no equivalent item of another "
                    "framework has a finding; a questionnaire answer or a reviewer must decide.",
                    "no-test", [])
        elif item.assessable == "questionnaire" and finding.status == "not_met":
            # a silent law does not show a practice is missing
            finding = needs_answers(item, framework, extra=f" ({finding.rationale})")
        out.append(finding)
        known[item.id] = finding
    return order(out, cat)
