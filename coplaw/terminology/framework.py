"""The ``terminology`` framework: one finding per term rule, citing every flagged occurrence.

``met``: the law never uses the avoided terms outside a legitimate context (or, for the
media rule, no definition of the material is tied to physical media). ``partially_met``: it
does, but also uses the preferred term (a law in transition), or the rule is only advisory.
``not_met``: it uses the avoided terms and never the preferred one.
"""

from __future__ import annotations

from typing import Any

from coplaw.findings import Evidence, Finding, Status
from coplaw.terminology import lexicon
from coplaw.terminology.lint import MEDIA_RULE, Occurrence, lint_instrument, term_rules

METHOD = "terminology-lint (coplaw/terminology/data/terms)"


def _evidence(inst_text: dict[str, str], occ: Occurrence, pages: dict[str, Any]) -> Evidence:
    page = pages[occ.instrument](occ.start) if occ.instrument in pages else None
    return Evidence(occ.instrument, occ.provision, inst_text[occ.instrument][occ.start:occ.end],
                    occ.start, occ.end, page)


def _uses_preferred(context: Any, rule_id: str) -> bool:
    for inst in context.instruments:
        pattern = lexicon.load(inst.language).prefer.get(rule_id)
        if pattern is not None and pattern.search(inst.text):
            return True
    return False


def assess(context: Any) -> list[Finding]:
    """Findings of every term rule over the context's instruments."""
    occurrences: list[Occurrence] = []
    for inst in context.instruments:
        occurrences.extend(lint_instrument(inst))
    texts = {i.id: i.text for i in context.instruments}
    pages = {i.id: i.page_at for i in context.instruments}
    out: list[Finding] = []
    for item in term_rules():
        mine = [o for o in occurrences if o.rule == item.id]
        flagged = [o for o in mine if o.flagged]
        kept = [o for o in mine if not o.flagged]
        prefer = (item.terms.prefer[0] if item.terms else "")
        source = f"{item.source.file} lines {item.source.lines[0]}-{item.source.lines[1]}"
        kept_note = ""
        if kept:
            by: dict[str, int] = {}
            for o in kept:
                by[o.context or ""] = by.get(o.context or "", 0) + 1
            kept_note = " Left alone as legitimate: " + ", ".join(
                f"{n} in {ctx.replace('_', ' ')}" for ctx, n in sorted(by.items())) + "."
        if not flagged:
            what = ("no definition of the material is tied to particular physical media"
                    if item.id == MEDIA_RULE else "the law does not use the terms to avoid")
            out.append(Finding(item.id, "terminology", "met", 0.85,
                               f"{item.title}: {what}.{kept_note}", METHOD, []))
            continue
        evidence = [_evidence(texts, o, pages) for o in flagged]
        if item.id == MEDIA_RULE:
            notes = "; ".join(dict.fromkeys(o.note for o in flagged))
            rationale = (f"{notes}. A definition should use technology-neutral wording such as "
                         f"'{prefer}' ({source}).")
            out.append(Finding(item.id, "terminology", "not_met", 0.75, rationale, METHOD,
                               evidence))
            continue
        terms = ", ".join(dict.fromkeys(
            "'" + " ".join(o.term.lower().split()) + "'" for o in flagged))
        preferred = flagged[0].preferred[0] if flagged[0].preferred else prefer
        places = len({(o.instrument, o.provision) for o in flagged})
        transition = _uses_preferred(context, item.id)
        advisory = "advisory" in item.tags
        status: Status = "partially_met" if (transition or advisory) else "not_met"
        rationale = (f"The law uses {terms} {len(flagged)} time(s) in {places} provision(s); "
                     f"prefer '{preferred}' ({source}).")
        if transition:
            rationale += " It also uses the preferred term, so the change is under way."
        if advisory:
            rationale += " This rule is advisory: the old wording is narrower, not wrong in law."
        out.append(Finding(item.id, "terminology", status, 0.85, rationale + kept_note, METHOD,
                           evidence))
    return out
