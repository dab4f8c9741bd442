"""Shared machinery of the framework tests: context access, rule evaluation into findings,
``not_assessable`` findings for questionnaire items, crosswalk reuse and output order.

The engine hands each framework a context; this module only needs ``context.instruments``
and, when present, ``context.findings`` (earlier frameworks' findings, as a mapping from
framework id to findings or as a flat list). Concept indexes are built once per instrument
and kept on the context so every framework reuses them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coplaw.annotate.concepts import ConceptIndex
from coplaw.assess.frameworks.lexicon import build_index
from coplaw.assess.frameworks.rules import Hit, Matcher, Part, Rule, quote_span
from coplaw.document import Instrument
from coplaw.findings import Evidence, Finding
from coplaw.standards.catalogue import Catalogue, load_catalogue
from coplaw.standards.schema import Item

AUTHORITY_ORDER = {"binding": 0, "guidance": 1, "good_practice": 2, None: 3}
_CACHE_ATTR = "_framework_matchers"


@dataclass
class Prepared:
    """One instrument with its concept index and matcher."""

    instrument: Instrument
    index: ConceptIndex
    matcher: Matcher


def instruments_of(context: Any) -> list[Instrument]:
    if isinstance(context, list):
        return context
    return list(getattr(context, "instruments", []) or [])


_RECENT: OrderedDict[int, Prepared] = OrderedDict()
_RECENT_MAX = 64


def prepared(context: Any) -> list[Prepared]:
    """Concept indexes of every instrument, computed once.

    They are kept on the context when it accepts attributes, and in a small recent-use cache
    otherwise (a cached entry holds its instrument, so an id is never reused while cached).
    """
    cache: dict[int, Prepared] | None = None
    if not isinstance(context, list):
        cache = getattr(context, _CACHE_ATTR, None)
        if cache is None:
            cache = {}
            try:
                setattr(context, _CACHE_ATTR, cache)
            except AttributeError:  # frozen or slotted context
                cache = None
    out = []
    for inst in instruments_of(context):
        got = (cache or {}).get(id(inst)) or _RECENT.get(id(inst))
        if got is None or got.instrument is not inst:
            index = build_index(inst)
            got = Prepared(inst, index, Matcher(index))
            _RECENT[id(inst)] = got
            while len(_RECENT) > _RECENT_MAX:
                _RECENT.popitem(last=False)
        else:
            _RECENT.move_to_end(id(inst)) if id(inst) in _RECENT else None
        if cache is not None:
            cache[id(inst)] = got
        out.append(got)
    return out


def earlier_findings(context: Any) -> dict[str, Finding]:
    """Findings already made by other frameworks, by standard id."""
    raw = getattr(context, "findings", None)
    if raw is None:
        raw = getattr(context, "prior", None)
    found: Iterable[Any]
    if isinstance(raw, dict):
        found = [f for v in raw.values() for f in (v if isinstance(v, list) else [v])]
    elif isinstance(raw, list):
        found = raw
    else:
        found = []
    return {f.standard: f for f in found if isinstance(f, Finding)}


def evidence_of(p: Prepared, hit: Hit) -> Evidence:
    text = p.instrument.text
    s, e = quote_span(text, hit)
    eid = deepest(p.instrument, s, e) or hit.window.eid
    return Evidence(p.instrument.id, eid, text[s:e], s, e, page=p.instrument.page_at(s))


def deepest(inst: Instrument, start: int, end: int) -> str:
    """The eid of the smallest provision holding ``[start, end)`` ('' when none)."""
    best, size = "", len(inst.text) + 1
    for prov in inst.provisions():
        if prov.start <= start and end <= prov.end and prov.end - prov.start < size:
            best, size = prov.eid, prov.end - prov.start
    return best


def search(preps: list[Prepared], part: Part, limit: int = 2) -> list[tuple[Prepared, Hit]]:
    """The tightest hits of a part across all instruments (in-force texts before drafts)."""
    hits: list[tuple[Prepared, Hit]] = []
    for p in preps:
        for h in p.matcher.find(part, limit=limit):
            hits.append((p, h))
    hits.sort(key=lambda ph: (ph[0].instrument.status == "draft",
                              not ph[0].matcher.topical(ph[1].window), ph[1].end - ph[1].start))
    return hits[:limit]


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _cite(p: Prepared, hit: Hit, eid: str) -> str:
    return f"{p.instrument.title or p.instrument.id}, {eid or 'text'}"


def apply_rule(item: Item, framework: str, rule: Rule, preps: list[Prepared],
               method: str, supplement: dict[str, Evidence] | None = None) -> Finding:
    """Evaluate a rule table entry into a finding with evidence and a plain rationale.

    ``supplement`` gives evidence from the annotators for parts the rule's own search did not
    find (for example an act the offence annotator read through a back-reference).
    """
    found: dict[str, list[tuple[Prepared, Hit]]] = {}
    for part in rule.parts:
        found[part.name] = search(preps, part)
    extra_ev = {k: v for k, v in (supplement or {}).items() if not found.get(k)}
    core = [p for p in rule.parts if p.core]
    extra = [p for p in rule.parts if not p.core]
    evidence: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()

    def cite_part(p: Part) -> str:
        if found[p.name]:
            return cite(found[p.name])
        ev = extra_ev[p.name]
        if (ev.instrument, ev.start, ev.end) not in seen:
            seen.add((ev.instrument, ev.start, ev.end))
            evidence.append(ev)
        return f"{ev.instrument}, {ev.provision}, read by the offence annotator"

    def cite(hits: list[tuple[Prepared, Hit]]) -> str:
        places = []
        for p, h in hits[:1]:
            ev = evidence_of(p, h)
            key = (ev.instrument, ev.start, ev.end)
            if key not in seen:
                seen.add(key)
                evidence.append(ev)
            places.append(_cite(p, h, ev.provision))
        return "; ".join(places)

    def has(p: Part) -> bool:
        return bool(found[p.name]) or p.name in extra_ev

    missing_core = [p for p in core if not has(p)]
    if not core and not any(has(p) for p in extra):
        missing_core = extra
    if missing_core:
        for fb in rule.fallback:
            hits = search(preps, fb)
            if hits:
                where = cite(hits)
                return Finding(
                    item.id, framework, rule.fallback_status, round(rule.confidence - 0.1, 2),
                    f"Only a weaker form was found: {fb.label} ({where}). Not found: "
                    f"{_join([p.label for p in missing_core])}.", method, evidence)
        absent = _join([p.label for p in missing_core])
        if rule.absent == "not_assessable":
            note = rule.absent_note or "a questionnaire answer is needed to judge it"
            return Finding(item.id, framework, "not_assessable", 0.5,
                           f"The legislation given does not show {absent}; {note}.", method, [])
        return Finding(item.id, framework, "not_met", round(rule.confidence - 0.15, 2),
                       f"No provision of the legislation given shows {absent}.", method, [])
    said = [f"{p.label} ({cite_part(p)})" for p in core]
    have = [p for p in extra if has(p)]
    lack = [p for p in extra if not has(p)]
    said += [f"{p.label} ({cite_part(p)})" for p in have]
    rationale = "Found " + "; ".join(said) + "."
    status = "met" if not lack else "partially_met"
    if lack:
        rationale += f" Not found: {_join([p.label for p in lack])}."
    conf = rule.confidence
    if status == "met":
        for ag in rule.against:
            hits = search(preps, ag)
            if hits:
                status = "partially_met"
                rationale += f" But the law also provides {ag.label} ({cite(hits)})."
                conf = round(conf - 0.1, 2)
                break
    else:
        conf = round(conf - 0.05, 2)
    return Finding(item.id, framework, status, conf, rationale, method, evidence)  # type: ignore[arg-type]


def needs_answers(item: Item, framework: str, extra: str = "") -> Finding:
    """A questionnaire item: legislation text cannot show it, so it waits for answers."""
    what = " ".join(item.paraphrase.split())
    return Finding(
        item.id, framework, "not_assessable", 1.0,
        f"Legislation text cannot show this; it needs answers from the government or "
        f"stakeholders on whether: {what}{extra}", "questionnaire-needed", [])


def order(findings: list[Finding], catalogue: Catalogue) -> list[Finding]:
    """Binding items first, then guidance, then good practice; catalogue order within each."""
    pos = {item_id: n for n, item_id in enumerate(catalogue.items)}

    def key(f: Finding) -> tuple[int, int]:
        item = catalogue.items.get(f.standard)
        auth = item.authority if item is not None else None
        return AUTHORITY_ORDER.get(auth, 3), pos.get(f.standard, len(pos))

    return sorted(findings, key=key)


def catalogue() -> Catalogue:
    return load_catalogue()
