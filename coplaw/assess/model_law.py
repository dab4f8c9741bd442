"""The 13 fundamental provisions of the ICMEC model law: met, partially met or not met.

Each test reads features found by the annotators (``coplaw.annotate``) over all the
instruments of a jurisdiction together, and says in its rationale which parts of the provision
the law has and which it lacks. Every ``met`` or ``partially_met`` finding quotes the clauses it
rests on. Nothing here knows a country or a language: words live in the concept lexicons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coplaw.annotate import (
    aggravation,
    attempt,
    cooperation,
    csam_material,
    data_retention,
    grooming,
    industry,
    parental,
    reporting_duties,
    victim_liability,
)
from coplaw.annotate.child_age import age_phrases
from coplaw.annotate.concepts import ConceptIndex, Mention, index_instrument
from coplaw.annotate.windows import (
    Feature,
    Window,
    clause,
    drop_listed,
    matching,
    provision_at,
    windows_of,
)
from coplaw.document import Instrument
from coplaw.errors import CatalogueError
from coplaw.findings import Evidence, Finding, Status

FRAMEWORK = "icmec-model-law"
METHOD = "model-law-rules/1"
MAX_EVIDENCE = 4

# Short names of the 13 provisions, in the source's order; catalogue ids are found by number.
PROVISIONS = (
    "child_definition",
    "csam_definition",
    "offences",
    "parents",
    "making_known",
    "grooming",
    "attempt",
    "mandatory_reporting",
    "industry_tools",
    "data_retention",
    "cooperation",
    "child_victims",
    "aggravation",
)


@dataclass
class Annotated:
    """All features of a jurisdiction's instruments, by kind, plus what each instrument holds."""

    features: dict[str, list[Feature]] = field(default_factory=dict)
    indexes: dict[str, ConceptIndex] = field(default_factory=dict)
    windows: dict[str, list[Window]] = field(default_factory=dict)
    instruments: dict[str, Instrument] = field(default_factory=dict)

    def of(self, kind: str) -> list[Feature]:
        return self.features.get(kind, [])

    def add(self, items: list[Feature]) -> None:
        for f in items:
            self.features.setdefault(f.kind, []).append(f)


ANNOTATORS: tuple[Callable[[ConceptIndex, list[Window]], list[Feature]], ...] = (
    csam_material.definitions,
    csam_material.offences,
    grooming.grooming,
    parental.parental_acquiescence,
    attempt.attempts,
    reporting_duties.reporting_duties,
    industry.detection_tools,
    industry.removal,
    data_retention.data_retention,
    cooperation.cooperation,
    victim_liability.victim_nonliability,
    aggravation.aggravations,
)


def annotate(instruments: list[Instrument]) -> Annotated:
    """Run every model-law annotator over every instrument."""
    names = csam_material.defined_names(instruments)
    out = Annotated()
    for inst in instruments:
        index = index_instrument(inst, extra={"csam": names})
        csam_material.add_described(index)
        _ages_as_children(index)
        drop_listed(index)
        wins = windows_of(inst)
        csam_material.add_references(index, wins)
        out.indexes[inst.id] = index
        out.windows[inst.id] = wins
        out.instruments[inst.id] = inst
        for annotator in ANNOTATORS:
            out.add(annotator(index, wins))
        out.add(_child_definitions(index))
        out.add(_material_ages(index, wins))
    return out


def _ages_as_children(index: ConceptIndex) -> None:
    """ "A person under the age of 18 years" names a child as surely as the word does."""
    text = index.instrument.text
    for age in age_phrases(index, 0, len(text)):
        if age.age <= 18:
            index.add(Mention("child", age.start, age.end))
    index.finish()


def _child_definitions(index: ConceptIndex) -> list[Feature]:
    """Definitions of child or minor with their age threshold."""
    inst = index.instrument
    text = inst.text
    child = index.lexicon.patterns.get("child")
    out: list[Feature] = []
    spans: list[tuple[str, int, int]] = []
    for d in inst.definitions:
        if child is not None and child.fullmatch(d.term.strip().strip("\"'“”«» ")):
            spans.append((d.provision, d.start, d.end))
    # "child means a person under 18" written without a recognised definitions list
    for m in index.mentions.get("definition_marker", []):
        # the defined word right by its marker: "child means", "se entiende por menor"
        kids = [
            k
            for k in index.within("child", max(0, m.start - 20), m.end + 20)
            if 0 <= m.start - k.end <= 15 or 0 <= k.start - m.end <= 15
        ]
        if kids:
            s, e = clause(
                text,
                kids[-1].start,
                m.end,
                max(0, kids[-1].start - 200),
                min(len(text), m.end + 300),
            )
            if not any(a < e and s < b for _, a, b in spans):
                spans.append(("", s, e))
    for eid, s, e in spans:
        ages = age_phrases(index, s, e)
        if not ages:
            continue
        # the age must follow the child word closely: "child ... means ... under 18"
        if ages[0].start - s > 250:
            continue
        provision = eid or provision_at(inst, s) or "text"
        e2 = min(e, max(a.end for a in ages) + 120)
        q_s, q_e = s, e2
        while q_e > q_s and text[q_e - 1].isspace():
            q_e -= 1
        out.append(
            Feature(
                "child_definition",
                inst.id,
                provision,
                q_s,
                q_e,
                text[q_s:q_e],
                {"age": max(a.age for a in ages)},
            )
        )
    return out


def _material_ages(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    """Age thresholds stated in provisions on the material ("taken as a child if under 18")."""
    out = []
    for w in matching(index, windows, ["csam", "child", "age_below"]):
        ages = [(a.age, a.start, a.end) for a in age_phrases(index, w.start, w.end)]
        if ages:
            inst = index.instrument
            out.append(
                Feature(
                    "csam_age",
                    inst.id,
                    w.eid,
                    w.start,
                    w.end,
                    inst.text[w.start : w.end],
                    {"ages": ages},
                )
            )
    return out


# --- verdicts -------------------------------------------------------------------------------


@dataclass
class Verdict:
    """What one provision's test concludes, before its features become cited evidence."""

    status: Status
    rationale: str
    evidence: list[Feature] = field(default_factory=list)
    confidence: float = 0.7


def _missing(parts: dict[str, bool]) -> str:
    return ", ".join(k for k, ok in parts.items() if not ok)


def _tiered(
    full: list[Feature],
    met: tuple[str, float],
    some: list[Feature],
    partial: tuple[str, float],
    none: tuple[str, float],
) -> Verdict:
    """The common shape of a test: ``met`` on the full feature, ``partially_met`` on a weaker
    one, ``not_met`` on neither; each with its own rationale and confidence."""
    if full:
        return Verdict("met", met[0], full[:2], met[1])
    if some:
        return Verdict("partially_met", partial[0], some[:2], partial[1])
    return Verdict("not_met", none[0], [], none[1])


def _csam_offence_instruments(a: Annotated) -> set[str]:
    return {f.instrument for f in a.of("csam_offence")}


def child_definition(a: Annotated) -> Verdict:
    linked = [
        (age, _age_quote(a, f, start, end))
        for f in a.of("csam_definition") + a.of("csam_offence") + a.of("csam_age")
        for age, start, end in f.attrs["ages"]
    ]
    general = [(f.attrs["age"], f) for f in a.of("child_definition")]
    if linked:
        best, f = max(linked, key=lambda x: x[0])
        if best >= 18:
            return Verdict(
                "met", f"The provisions on abuse material protect persons under {best}.", [f], 0.8
            )
    adults = [f for age, f in general if age >= 18]
    if adults and not linked:
        return Verdict(
            "met",
            "A child or minor is defined as a person under 18, whatever the age of sexual consent.",
            adults[:2],
            0.75,
        )
    if linked:
        best, f = max(linked, key=lambda x: x[0])
        return Verdict(
            "partially_met",
            f"The provisions on abuse material protect only persons under "
            f"{best}; the model law asks for everyone under 18.",
            [f],
            0.7,
        )
    if general:
        best, f = max(general, key=lambda x: x[0])
        return Verdict(
            "partially_met",
            f"A child or minor is defined only as a person under {best}; "
            "the model law asks for everyone under 18.",
            [f],
            0.65,
        )
    return Verdict(
        "not_met", "No definition of child or minor with an age threshold was found.", [], 0.6
    )


def _age_quote(a: Annotated, f: Feature, start: int, end: int) -> Feature:
    """The clause of a material provision that states an age threshold."""
    inst = a.instruments[f.instrument]
    win = next((w for w in a.windows[f.instrument] if w.eid == f.provision), None)
    lo, hi = (win.start, win.end) if win else (f.start, f.end)
    s, e = clause(inst.text, start, end, min(lo, start), max(hi, end))
    return Feature(f.kind, f.instrument, f.provision, s, e, inst.text[s:e], f.attrs)


def csam_definition(a: Annotated) -> Verdict:
    defs = a.of("csam_definition")
    tech = [f for f in defs if f.attrs["tech_terms"]]
    if tech:
        terms = sorted({t for f in tech for t in f.attrs["tech_terms"]})[:6]
        return Verdict(
            "met",
            "Abuse material is defined, with technology-specific terms (" + ", ".join(terms) + ").",
            tech[:2],
            0.8,
        )
    if defs:
        neutral = any(f.attrs["neutral_terms"] for f in defs)
        extra = " It uses only technology-neutral wording (any means, any form)." if neutral else ""
        return Verdict(
            "partially_met",
            "Abuse material is defined, but the definition names no "
            "technology (computer, digital, data, internet, film, ...)." + extra,
            defs[:2],
            0.7,
        )
    return Verdict(
        "not_met",
        "No definition of child sexual abuse material (under any name) was found.",
        [],
        0.6,
    )


# The acts the model law asks to be offences, with the words the rationale uses for them.
OFFENCE_ACTS = {
    "possess": "simple possession (regardless of intent to distribute)",
    "view": "knowingly viewing or accessing",
    "download": "knowingly downloading",
}


def offences(a: Annotated) -> Verdict:
    offs = a.of("csam_offence")
    if not offs:
        return Verdict(
            "not_met", "No offence specific to child sexual abuse material was found.", [], 0.6
        )
    acts = {act: [f for f in offs if f.attrs[act]] for act in OFFENCE_ACTS}
    evidence = [_requote(a, fs[0], act) for act, fs in acts.items() if fs]
    if not evidence:
        evidence = [offs[0]]
    purposive = [f for f in offs if f.attrs["possess_with_purpose"]]
    ok = {name: bool(acts[act]) for act, name in OFFENCE_ACTS.items()}
    if acts["possess"] and (acts["view"] or acts["download"]):
        note = "" if all(ok.values()) else f" Not found: {_missing(ok)}."
        return Verdict(
            "met",
            "Offences specific to abuse material include simple possession and "
            "viewing or downloading." + note,
            evidence,
            0.8,
        )
    why = f"Offences specific to abuse material exist, but these are missing: {_missing(ok)}."
    if purposive and not acts["possess"]:
        why += " Possession is an offence only with a purpose of distribution or sale."
        evidence.append(_requote(a, purposive[0], "possess"))
    return Verdict("partially_met", why, evidence, 0.7)


def parents(a: Annotated) -> Verdict:
    found = a.of("parental_acquiescence")
    return _tiered(
        [f for f in found if f.attrs["material"]],
        (
            "Parents or guardians who permit a child's participation in abuse material "
            "commit an offence.",
            0.8,
        ),
        found,
        (
            "Parents or guardians who permit a child's sexual exploitation commit "
            "an offence, but abuse material is not named.",
            0.65,
        ),
        (
            "No offence for parents or guardians who permit or acquiesce in a child's "
            "participation in abuse material was found.",
            0.6,
        ),
    )


def making_known(a: Annotated) -> Verdict:
    offs = a.of("csam_offence")
    known = [f for f in offs if f.attrs["make_known"]]
    if known:
        return Verdict(
            "met",
            "Advertising or making known where abuse material can be found is an offence.",
            [_requote(a, known[0], "make_known")],
            0.75,
        )
    avail = [f for f in offs if f.attrs["make_available"]]
    if avail:
        return Verdict(
            "partially_met",
            "Offering, promoting or making abuse material available is an "
            "offence, but making known where it can be found (links, addresses, advertising) "
            "is not named.",
            [_requote(a, avail[0], "make_available")],
            0.6,
        )
    return Verdict(
        "not_met",
        "No offence of making known where abuse material can be found was found.",
        [],
        0.6,
    )


def grooming_(a: Annotated) -> Verdict:
    found = a.of("grooming")
    return _tiered(
        [f for f in found if not f.attrs["requires_meeting"]],
        (
            "Grooming is an offence without any meeting being required, so grooming "
            "that stays online is covered.",
            0.75,
        ),
        found,
        (
            "Grooming is an offence only when followed by a meeting or travel "
            "to meet; grooming entirely online is not covered.",
            0.7,
        ),
        ("No grooming offence (communicating with a child for a sexual purpose) was found.", 0.6),
    )


def attempt_(a: Annotated) -> Verdict:
    found = a.of("attempt")
    with_material = _csam_offence_instruments(a)
    reach = [
        f
        for f in found
        if f.attrs["scope"] == "material"
        or (f.attrs["scope"] in ("instrument", "general") and f.instrument in with_material)
    ]
    if reach:
        order = {"material": 0, "instrument": 1, "general": 2}
        reach.sort(key=lambda f: order[f.attrs["scope"]])
        return Verdict(
            "met", "Attempt is punishable for the offences on abuse material.", reach[:2], 0.7
        )
    if found:
        restricted = any(f.attrs["scope"] == "restricted" for f in found)
        why = (
            "Attempt is punishable only where the law expressly says so, and no "
            "provision extends it to "
            "the offences on abuse material."
            if restricted
            else "Attempt clauses exist, but none reaches the offences on abuse material."
        )
        return Verdict("partially_met", why, found[:2], 0.6)
    return Verdict("not_met", "No provision punishing attempt was found.", [], 0.55)


GROUP_NAMES = {
    "professionals": "professionals working with children (health, social services, teachers)",
    "isps": "internet service providers",
    "financial": "banks and payment institutions",
}


def mandatory_reporting(a: Annotated) -> Verdict:
    found = a.of("reporting_duty")
    groups = {
        g: [
            f
            for f in found
            if g in f.attrs["groups"]
            or (g == "professionals" and "it_workers" in f.attrs["groups"])
        ]
        for g in GROUP_NAMES
    }
    have = {GROUP_NAMES[g]: bool(fs) for g, fs in groups.items()}
    # a duty on "the persons mentioned above" is cited with the words that name them
    evidence = [e for fs in groups.values() if fs for e in (fs[0], fs[0].attrs["named_in"]) if e]
    if all(have.values()):
        return Verdict(
            "met",
            "Professionals, internet service providers and payment institutions must "
            "report suspected abuse material.",
            evidence,
            0.75,
        )
    if any(have.values()):
        present = ", ".join(k for k, v in have.items() if v)
        return Verdict(
            "partially_met",
            f"A duty to report rests on {present}; missing: {_missing(have)}.",
            evidence,
            0.7,
        )
    return Verdict(
        "not_met",
        "No duty on professionals, service providers or payment institutions to "
        "report suspected abuse material was found (a duty on everyone to report crimes does "
        "not count).",
        [],
        0.6,
    )


def industry_tools(a: Annotated) -> Verdict:
    return _tiered(
        a.of("detection_tools"),
        (
            "Service providers may use technical tools to detect and remove abuse material, "
            "without liability for doing so.",
            0.7,
        ),
        a.of("removal"),
        (
            "Service providers remove or block abuse material (notice and "
            "takedown or blocking), but no provision allows or protects the use of detection "
            "tools.",
            0.6,
        ),
        (
            "No provision allowing companies to use tools to detect and remove abuse "
            "material was found.",
            0.6,
        ),
    )


def retention(a: Annotated) -> Verdict:
    found = a.of("data_retention")
    timed = [f for f in found if f.attrs["period"]]
    period = timed[0].attrs["period"] if timed else ""
    return _tiered(
        timed,
        (
            f"Communications data must be retained or preserved for a stated period ({period}).",
            0.75,
        ),
        found,
        ("Communications data can be retained or preserved, but no period is stated.", 0.65),
        ("No provision on retention or preservation of communications data was found.", 0.6),
    )


def cooperation_(a: Annotated) -> Verdict:
    found = a.of("cooperation")
    both = [f for f in found if {"private", "civil"} <= set(f.attrs["sectors"])]
    if both:
        return Verdict(
            "met",
            "The law provides for cooperation with the private sector and civil society "
            "on child protection.",
            both[:2],
            0.65,
        )
    if found:
        sectors = sorted({s for f in found for s in f.attrs["sectors"]} & {"private", "civil"})
        missing = [s for s in ("private", "civil") if s not in sectors]
        label = {"private": "the private sector", "civil": "civil society"}
        return Verdict(
            "partially_met",
            "Cooperation is provided for, but not with "
            + " or ".join(label[m] for m in missing)
            + ".",
            found[:2],
            0.6,
        )
    return Verdict(
        "not_met",
        "No provision for cooperation between authorities, the private sector and "
        "civil society on child protection was found.",
        [],
        0.55,
    )


def child_victims(a: Annotated) -> Verdict:
    found = a.of("victim_nonliability")
    return _tiered(
        [f for f in found if f.attrs["material"]],
        ("Children involved in abuse material are not criminally liable.", 0.75),
        found,
        (
            "Child victims of sexual exploitation are not criminally liable, but "
            "children involved in abuse material are not named.",
            0.6,
        ),
        (
            "No provision freeing children involved in abuse material from criminal "
            "liability was found.",
            0.6,
        ),
    )


def aggravation_(a: Annotated) -> Verdict:
    found = a.of("aggravation")
    cats = {
        c: [f for f in found if c in f.attrs["categories"]]
        for c in ("repeat", "organised", "other")
    }
    names = {"repeat": "repeat offending", "organised": "organised crime", "other": "other factors"}
    have = {names[c]: bool(fs) for c, fs in cats.items()}
    evidence: list[Feature] = []
    for fs in cats.values():
        if fs and fs[0] not in evidence:
            evidence.append(fs[0])
    if cats["repeat"] and cats["organised"]:
        return Verdict(
            "met",
            "Penalties for offences on abuse material are raised for repeat offenders and "
            "organised crime" + (" and other factors." if cats["other"] else "."),
            evidence,
            0.7,
        )
    if any(have.values()):
        present = ", ".join(k for k, v in have.items() if v)
        return Verdict(
            "partially_met",
            f"Penalties are raised for {present}; missing: {_missing(have)}.",
            evidence,
            0.65,
        )
    return Verdict(
        "not_met", "No aggravating factor for offences on abuse material was found.", [], 0.55
    )


TESTS: dict[str, Callable[[Annotated], Verdict]] = dict(
    zip(
        PROVISIONS,
        (
            child_definition,
            csam_definition,
            offences,
            parents,
            making_known,
            grooming_,
            attempt_,
            mandatory_reporting,
            industry_tools,
            retention,
            cooperation_,
            child_victims,
            aggravation_,
        ),
        strict=True,
    )
)


def _requote(a: Annotated, f: Feature, act: str) -> Feature:
    """Cite the clause that holds ``act`` (an offence provision often lists several acts,
    and the evidence should show the one the verdict is about)."""
    index = a.indexes.get(f.instrument)
    if index is None:
        return f
    return csam_material.act_quote(index, f, act, a.windows[f.instrument])


# --- findings -------------------------------------------------------------------------------


def standard_ids() -> list[str]:
    """Catalogue ids of the 13 provisions, in order (``icmec.model.p01_...``), found by their
    number. A finding must carry an id the catalogue knows, so a catalogue without one of the
    provisions is an error rather than a made-up id."""
    from coplaw.standards.catalogue import load_catalogue

    cat = load_catalogue()
    items = cat.items_of(FRAMEWORK, "provision") if FRAMEWORK in cat.frameworks else []
    found: dict[int, str] = {}
    for item in items:
        tail = item.id.split(".")[-1]
        if tail[:1] == "p" and tail[1:3].isdigit():
            found[int(tail[1:3])] = item.id
    missing = [f"p{n:02d} ({name})" for n, name in enumerate(PROVISIONS, 1) if n not in found]
    if missing:
        raise CatalogueError(
            f"the {FRAMEWORK} framework of the catalogue lacks provision(s) {', '.join(missing)}"
        )
    return [found[n] for n in range(1, len(PROVISIONS) + 1)]


def _evidence(a: Annotated, features: list[Feature]) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for f in features:
        key = (f.instrument, f.start, f.end)
        if key in seen or not f.quote:
            continue
        seen.add(key)
        inst = a.instruments.get(f.instrument)
        page = inst.page_at(f.start) if inst else None
        out.append(Evidence(f.instrument, f.provision, f.quote, f.start, f.end, page))
        if len(out) >= MAX_EVIDENCE:
            break
    return out


def assess_instruments(instruments: list[Instrument]) -> list[Finding]:
    """Findings on the 13 provisions for one jurisdiction's instruments."""
    a = annotate(instruments)
    out: list[Finding] = []
    for std, (name, test) in zip(standard_ids(), TESTS.items(), strict=True):
        v = test(a)
        evidence = _evidence(a, v.evidence)
        status = v.status
        if status != "not_met" and not evidence:
            status = "not_met"  # a verdict must cite what it rests on
        out.append(
            Finding(
                std,
                FRAMEWORK,
                status,
                round(v.confidence, 2),
                v.rationale,
                f"{METHOD}:{name}",
                evidence,
            )
        )
    return out


def assess(context: Any) -> list[Finding]:
    """Engine entry point: ``context`` is a list of instruments or has ``.instruments``."""
    if isinstance(context, list):
        return assess_instruments(context)
    return assess_instruments(list(getattr(context, "instruments", []) or []))
