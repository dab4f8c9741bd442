"""The five criteria of the ICMEC global legislative review, each ``met`` or ``not_met``.

Each test reads the annotations of all the jurisdiction's instruments together and applies the
review's operational rules (catalogue ``icmec-review``):
- legislation: an offence whose object is material involving children, or a child aggravation
  of a general pornography offence; a pornography ban blind to age does not count;
- definition: the law says what the material is (a defined term, or a description of a child
  in sexual conduct); an undefined "pornographic" does not count;
- technology: a child-material offence (or the definition it uses) names a technology or uses
  technology-neutral wording such as "by any means", or a definition widens a word of the
  material's name to computer data ("references to a photograph include data stored on a
  computer disc");
- possession: possessing the material is an offence without a purpose of distribution, sale or
  display attached;
- ISP reporting: a duty on service providers to report to the police or a designated body,
  reaching child material; general duties on everyone, duties on request, incident reports and
  conditions of a liability exemption do not count.
Each finding cites its provisions with exact quotes, or says what was looked for and why the
nearest candidates did not count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coplaw.annotate.model import Annotation
from coplaw.assess.engine import Context
from coplaw.document import Instrument
from coplaw.findings import Evidence, Finding
from coplaw.lexicons import fold

FRAMEWORK = "icmec-review"
MAX_EVIDENCE = 3
_OBJECT_RANK = {"provision": 0, "chapeau": 1, "section": 2, "heading": 3}

Candidate = tuple[Instrument, Annotation]


def _evidence(inst: Instrument, provision: str, start: int, end: int) -> Evidence:
    return Evidence(inst.id, provision, inst.text[start:end], start, end,
                    page=inst.page_at(start))


def _ev(c: Candidate) -> Evidence:
    inst, a = c
    return _evidence(inst, a.provision, a.start, a.end)


def _where(c: Candidate) -> str:
    inst, a = c
    draft = ", a draft not in force" if inst.status == "draft" else ""
    return f"{inst.title or inst.id} ({a.provision or 'unnumbered text'}{draft})"


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _finding(standard: str, met: bool, confidence: float, rationale: str, rule: str,
             evidence: list[Evidence] | None = None) -> Finding:
    return Finding(standard, FRAMEWORK, "met" if met else "not_met", round(confidence, 2),
                   rationale, f"rule:{standard}/{rule}", evidence or [])


# Where the offence wording sits: in the paragraph itself, in its lead-in, or only somewhere
# in the section (a procedural list of offences, say), best first.
_MARKER_RANK = {"provision": 0, "chapeau": 1, "section": 2}


def _child_offences(ctx: Context) -> list[Candidate]:
    """Child material offences, the clearest first: in force, in a numbered provision, with
    the punishment in the provision itself, naming the material."""
    found = [c for c in ctx.of_kind("offence") if c[1].attrs["child_specific"]]
    return sorted(found, key=lambda c: (c[0].status == "draft", not c[1].provision,
                                        _MARKER_RANK.get(c[1].attrs["offence_marker"], 3),
                                        _OBJECT_RANK.get(c[1].attrs["object_from"], 9),
                                        not c[1].attrs.get("named")))


def legislation(ctx: Context) -> Finding:
    std = "icmec.review.legislation"
    offences = _child_offences(ctx)
    aggravations = [c for c in ctx.of_kind("aggravation")
                    if c[1].attrs["child"] and c[1].attrs["material"]]
    if offences:
        best = offences[0]
        acts = sorted({x["act"] for _, a in offences for x in a.attrs["acts"]})
        conf = 0.92 if best[1].attrs["object_from"] in ("provision", "chapeau") else 0.75
        return _finding(std, True, conf,
                        f"{_where(best)} makes it an offence to deal with material involving "
                        f"children ({', '.join(acts[:8])} across {len(offences)} provision(s)); "
                        "the offence is specific to children, not a general pornography ban.",
                        "v1", [_ev(c) for c in offences[:MAX_EVIDENCE]])
    if aggravations:
        best = aggravations[0]
        return _finding(std, True, 0.7,
                        f"{_where(best)} raises the penalty of a pornography offence when the "
                        "material involves a child: a sentencing enhancement for child victims "
                        "distinguishes child abuse material from adult pornography.",
                        "v1", [_ev(c) for c in aggravations[:MAX_EVIDENCE]])
    general = [c for c in ctx.of_kind("offence") if not c[1].attrs["child_specific"]]
    if general:
        return _finding(std, False, 0.8,
                        f"Offences about pornographic or obscene material were found (e.g. "
                        f"{_where(general[0])}: \"{_short(_ev(general[0]).quote)}\") but they "
                        "apply whatever the age of the person shown, and no child-specific "
                        "offence or sentencing enhancement for children was found; a general "
                        "pornography ban is not legislation specific to child sexual abuse "
                        "material.", "v1")
    return _finding(std, False, 0.75,
                    "No offence was found whose object is child sexual abuse material under any "
                    "name (child pornography, child abuse material, indecent images of "
                    "children, pornographic material involving minors).", "v1")


def definition(ctx: Context) -> Finding:
    std = "icmec.review.definition"
    defs = ctx.of_kind("material_definition")
    rank = {"defined_term": 0, "defined_description": 1, "offence_description": 2}
    defs.sort(key=lambda c: (c[0].status == "draft", rank[c[1].attrs["how"]]))
    if defs:
        best = defs[0]
        how = best[1].attrs["how"]
        why = {
            "defined_term": "defines the material as a term",
            "defined_description": "defines the material by describing a depiction of a "
                                   "child in sexual conduct",
            "offence_description": "describes the prohibited material in the offence itself "
                                   "(a depiction of a child in sexual conduct)",
        }[how]
        conf = {"defined_term": 0.9, "defined_description": 0.85, "offence_description": 0.7}
        return _finding(std, True, conf[how], f"{_where(best)} {why}.", "v1",
                        [_ev(c) for c in defs[:MAX_EVIDENCE]])
    offences = _child_offences(ctx)
    if offences:
        return _finding(std, False, 0.7,
                        f"Offences on child material exist (e.g. {_where(offences[0])}) but no "
                        "provision says what the material is: no defined term and no "
                        "description of a child in sexual conduct or a sexual display. A word "
                        "such as \"pornographic\" left to the courts is not a definition.", "v1")
    return _finding(std, False, 0.75,
                    "No definition of child sexual abuse material (or child pornography) was "
                    "found, and no offence describes the material.", "v1")


def _widened_by_definition(ctx: Context, offences: list[Candidate]
                           ) -> tuple[Candidate, Candidate] | None:
    """A definition of a depiction word that reaches technology ("references to a photograph
    include data stored on a computer"), with a child material offence of the same instrument
    whose material is named with that word ("indecent photograph of a child")."""
    for inst, d in ctx.of_kind("depiction_definition"):
        for off in offences:
            obj = off[1].attrs["object"]
            if off[0].id == inst.id and obj and d.attrs["word"] in fold(inst.text[obj[0]:obj[1]]):
                return (inst, d), off
    return None


def technology(ctx: Context) -> Finding:
    std = "icmec.review.technology"
    offences = _child_offences(ctx)
    # An offence worded only at section level (a procedural list citing offences) is read
    # after the definition route below: it names the offence, it does not create it.
    own = [c for c in offences if c[1].attrs["offence_marker"] != "section"]
    listed = [c for c in offences if c not in own and c[1].attrs["technology"]]
    local = [c for c in own if c[1].attrs["technology"]]
    if local:
        inst, a = local[0]
        ts, te = a.attrs["technology"][0]
        words = '", "'.join(dict.fromkeys(inst.text[s:e] for s, e in a.attrs["technology"][:4]))
        ev = [_ev(c) for c in local[:MAX_EVIDENCE]]
        if not any(e.start <= ts and te <= e.end for e in ev):
            ev.append(_evidence(inst, a.provision, ts, te))
        return _finding(std, True, 0.9,
                        f"{_where(local[0])} reaches child material offences committed with "
                        f"technology (\"{words}\"); named "
                        "technologies and technology-neutral wording such as \"by any means\" "
                        "both count.", "v1", ev)
    near = [c for c in own if c[1].attrs["technology_in_section"]]
    if near:
        inst, a = near[0]
        ts, te = a.attrs["technology_in_section"][0]
        return _finding(std, True, 0.7,
                        f"The section holding the child material offence {_where(near[0])} "
                        f"speaks of \"{inst.text[ts:te]}\", which brings technology-facilitated "
                        "conduct within the offence.", "v1",
                        [_ev(near[0]), _evidence(inst, a.provision, ts, te)])
    defs = [c for c in ctx.of_kind("material_definition") if c[1].attrs["technology"]]
    if offences and defs:
        inst, a = defs[0]
        ts, te = a.attrs["technology"][0]
        return _finding(std, True, 0.75,
                        f"The definition of the material in {_where(defs[0])} covers "
                        f"\"{inst.text[ts:te]}\", and the child material offences use it.",
                        "v1", [_ev(defs[0]), _ev(offences[0])])
    widened = _widened_by_definition(ctx, offences)
    if widened:
        (inst, d), off = widened
        ts, te = d.attrs["technology"][0]
        return _finding(std, True, 0.7,
                        f"{_where((inst, d))} extends \""
                        f"{d.attrs['word']}\", a word of the material named in the child "
                        f"material offence {_where(off)}, to \"{inst.text[ts:te]}\".", "v1",
                        [_ev((inst, d)), _evidence(inst, d.attrs["item"], *d.attrs["item_quote"]),
                         _ev(off)])
    if listed:
        inst, a = listed[0]
        ts, te = a.attrs["technology"][0]
        return _finding(std, True, 0.6,
                        f"{_where(listed[0])} deals with child material offences and names "
                        f"\"{inst.text[ts:te]}\"; the offence wording is in its section "
                        "rather than the provision, so this is weaker evidence.", "v1",
                        [_ev(listed[0]), _evidence(inst, a.provision, ts, te)])
    if offences:
        return _finding(std, False, 0.7,
                        f"Child material offences were found (e.g. {_where(offences[0])}) but "
                        "neither they nor the definition of the material mention a computer, "
                        "the internet, electronic or digital means, or neutral wording such as "
                        "\"by any means\"; technology words elsewhere in the law (procedure, "
                        "other offences) do not count.", "v1")
    return _finding(std, False, 0.75,
                    "No child sexual abuse material offence was found, so none reaches "
                    "technology-facilitated conduct.", "v1")


def possession(ctx: Context) -> Finding:
    std = "icmec.review.possession"
    simple: list[tuple[Instrument, Annotation, dict[str, object]]] = []
    restricted: list[tuple[Instrument, Annotation, dict[str, object]]] = []
    for inst, a in _child_offences(ctx):
        for act in a.attrs["acts"]:
            if act["act"] != "possess":
                continue
            if act["purpose"] and not act["personal_use"]:
                restricted.append((inst, a, act))
            else:
                simple.append((inst, a, act))
    if simple:
        inst, a, act = simple[0]
        qs, qe = int(str(act["quote_start"])), int(str(act["quote_end"]))
        ev = [_evidence(inst, a.provision, qs, qe)]
        for inst2, a2, act2 in simple[1:MAX_EVIDENCE]:
            ev.append(_evidence(inst2, a2.provision, int(str(act2["quote_start"])),
                                int(str(act2["quote_end"]))))
        extra = " (expressly including possession for personal use)" if act["personal_use"] \
            else ""
        return _finding(std, True, 0.88 if a.attrs["object_from"] == "provision" else 0.75,
                        f"{_where((inst, a))} makes possessing child "
                        f"material an offence{extra} with no purpose of distribution, sale or "
                        "display required.", "v1", ev)
    if restricted:
        inst, a, act = restricted[0]
        return _finding(std, False, 0.75,
                        f"Possession of child material is an offence only with a purpose "
                        f"attached: {_where((inst, a))} requires "
                        f"\"{act['purpose']}\". Possession only with intent to distribute is "
                        "not simple possession.", "v1")
    if _child_offences(ctx):
        return _finding(std, False, 0.75,
                        "Child material offences were found, but they punish other acts "
                        "(producing, distributing, publishing, selling, showing); no offence of "
                        "possessing the material was found.", "v1")
    return _finding(std, False, 0.75,
                    "No offence of possessing child sexual abuse material was found.", "v1")


def _num_key(num: str) -> tuple[int, ...] | None:
    parts = re.findall(r"\d+", num)
    return tuple(int(p) for p in parts) if parts else None


def _offence_numbers(ctx: Context) -> set[tuple[int, ...]]:
    """Numbers of the sections or articles that hold child material offences."""
    out = set()
    for _, a in _child_offences(ctx):
        if a.attrs["object_from"] not in ("provision", "chapeau", "section"):
            continue
        top = a.provision.split("__")[0]
        key = _num_key(top.split("_", 1)[1]) if "_" in top else None
        if key:
            out.add(key)
    return out


def _cites_offence(cites: list[tuple[str, str]], numbers: set[tuple[int, ...]]) -> bool:
    for lo, hi in cites:
        klo, khi = _num_key(lo), _num_key(hi)
        if not klo or not khi or len(klo) < 2:
            continue
        for n in numbers:
            if len(n) == len(klo) == len(khi) and klo <= n <= khi:
                return True
    return False


def isp_reporting(ctx: Context) -> Finding:
    std = "icmec.review.isp_reporting"
    duties = ctx.of_kind("duty")
    numbers = _offence_numbers(ctx)
    good: list[tuple[Candidate, list[str]]] = []
    near: list[tuple[Candidate, list[str]]] = []
    for c in duties:
        at = c[1].attrs
        reasons = []
        if at["bearer"] != "isp":
            who = "everyone" if at["bearer"] == "general" else at["bearer"] + " persons"
            reasons.append(f"the duty is on {who}, not on service providers")
        if at["on_request"]:
            reasons.append("it arises only on an authority's request or order")
        if at["in_exemption"]:
            reasons.append("it sits in a liability exemption (a condition of a safe harbour)")
        if at["incident"]:
            reasons.append("it concerns security incidents")
        if not at["csam"] and not (at["illegal_content"]
                                   and _cites_offence(at.get("cites", []), numbers)):
            reasons.append("it does not reach child sexual abuse material")
        (near if reasons else good).append((c, reasons))
    if good:
        best = good[0][0]
        return _finding(std, True, 0.85,
                        f"{_where(best)} obliges service providers to report to the police or a "
                        "designated body, and the duty reaches child sexual abuse material.",
                        "v1", [_ev(c) for c, _ in good[:MAX_EVIDENCE]])
    if near:
        shown = "; ".join(f"{_where(c)}: {', '.join(r)}" for c, r in near[:3])
        return _finding(std, False, 0.75,
                        "No duty on internet service providers to report suspected child sexual "
                        f"abuse material was found. Nearest candidates did not count: {shown}.",
                        "v1")
    exemptions = ctx.of_kind("exemption")
    extra = (f" The law has a liability exemption ({_where(exemptions[0])}), which is not a "
             "reporting duty.") if exemptions else ""
    return _finding(std, False, 0.75,
                    "No duty on internet service providers to report suspected child sexual "
                    f"abuse material to law enforcement or a designated agency was found.{extra}",
                    "v1")


TESTS: dict[str, Callable[[Context], Finding]] = {
    "icmec.review.legislation": legislation,
    "icmec.review.definition": definition,
    "icmec.review.technology": technology,
    "icmec.review.possession": possession,
    "icmec.review.isp_reporting": isp_reporting,
}


def assess(ctx: Context) -> list[Finding]:
    """The five findings, in the catalogue's order."""
    from coplaw.standards.catalogue import load_catalogue

    try:
        order = [i.id for i in load_catalogue().items_of(FRAMEWORK)]
    except (KeyError, Exception):  # catalogue unavailable: keep the review's own order
        order = list(TESTS)
    ids = [i for i in order if i in TESTS] + [i for i in TESTS if i not in order]
    return [TESTS[i](ctx) for i in ids]
