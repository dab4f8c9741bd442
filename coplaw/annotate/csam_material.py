"""Child sexual abuse material: the names a law gives it, its definition, and its offences.

Laws call the material many things ("child pornography", "indecent photographs of a child",
"material pornográfico infantil"); besides the lexicon's names, any defined term whose meaning
speaks of a child and of sexual content or representation is taken as a name for it, so an
offence written against the defined term is still recognised.
"""

from __future__ import annotations

import re

from coplaw.annotate import concepts
from coplaw.annotate.child_age import age_phrases
from coplaw.annotate.concepts import ConceptIndex, Mention
from coplaw.annotate.windows import Feature, Window, clause, feature, first_in, matching
from coplaw.document import Instrument


def defined_names(instruments: list[Instrument]) -> list[str]:
    """Defined terms that name child sexual abuse material, across all instruments."""
    names: set[str] = set()
    for inst in instruments:
        lex = concepts.load(inst.language)
        pats = lex.patterns
        for d in inst.definitions:
            meaning = d.meaning
            has = {
                c: bool(pats[c].search(meaning))
                for c in ("child", "sexual", "csam", "representation")
                if c in pats
            }
            named = "csam" in pats and bool(pats["csam"].search(d.term))
            # the term itself must name a kind of material ("indecent image"), not an act
            if not named and not any(
                c in pats and pats[c].search(d.term) for c in ("representation", "sexual")
            ):
                continue
            if named or (
                has.get("child")
                and (has.get("csam") or (has.get("sexual") and has.get("representation")))
            ):
                term = d.term.strip().strip("\"'“”«» ")
                if 3 <= len(term) <= 80:
                    names.add(term)
    return sorted(names)


SPAN = 150  # characters between the parts of a described material
_SENTENCE_END = re.compile(r"[.;](?=\s)")


def add_described(index: ConceptIndex) -> None:
    """Add ``csam`` mentions for material described rather than named: a representation, of a
    child, sexual ("toda representación de un menor ... dedicado a actividades sexuales")."""
    text = index.instrument.text
    added = False
    for rep in index.mentions.get("representation", []):
        kids = index.within("child", rep.end, rep.end + SPAN)
        if not kids or _SENTENCE_END.search(text, rep.end, kids[0].start):
            continue
        # "material made available to a child" shows it to the child; it need not depict one
        between = text[rep.end : kids[0].start]
        gap = rep.end + len(between) - len(between.lstrip())
        if any(m.start == gap for m in index.within("shown_to", gap, kids[0].start)):
            continue
        # "indecent photograph of a child" or "image of a child engaged in sexual activity"
        before = [
            m
            for m in index.within("sexual", max(0, rep.start - 30), rep.start)
            if rep.start - m.end <= 3  # adjacent: "indecent photograph", "pornographic image"
        ]
        after = index.within("sexual", kids[0].end, kids[0].end + SPAN)
        if before and kids[0].start - rep.end <= 25:
            span = (before[-1].start, kids[0].end)
        elif after and not _SENTENCE_END.search(text, kids[0].end, after[0].start):
            span = (rep.start, after[0].end)
        else:
            continue
        index.add(Mention("csam", *span))
        added = True
    for span in _child_used_in(index):
        index.add(Mention("csam", *span))
        added = True
    if added:
        index.finish()


USED_GAP = 15  # characters between the child and the verb that uses it
IN_GAP = 60  # characters from the child to the material it is used in


def _child_used_in(index: ConceptIndex) -> list[tuple[int, int]]:
    """Material named after the child it uses: "uses a child in a pornographic film",
    "utilizar menor em fotografia, filme ou gravação pornográficos". The verb of use must
    touch the child, and the representation must be sexual, by an adjacent word or by one
    that follows it in the same sentence."""
    text = index.instrument.text
    out = []
    for kid in index.mentions.get("child", []):
        uses = [u for u in index.within("child_used", max(0, kid.start - USED_GAP),
                                        kid.end + USED_GAP)
                if u.end <= kid.start or u.start >= kid.end]
        reps = index.within("representation", kid.end, kid.end + IN_GAP)
        if not uses or not reps or _SENTENCE_END.search(text, kid.end, reps[0].start):
            continue
        rep = reps[0]
        before = [m for m in index.within("sexual", rep.start - 30, rep.start)
                  if rep.start - m.end <= 3 and m.start >= kid.end]
        after = index.within("sexual", rep.end, rep.end + SPAN)
        start = min(uses[0].start, kid.start)
        if before:
            out.append((start, rep.end))
        elif after and not _SENTENCE_END.search(text, rep.end, after[0].start):
            out.append((start, after[0].end))
    return out


def add_references(index: ConceptIndex, windows: list[Window]) -> None:
    """Material named again by reference ("such material", "os materiais previstos na alínea
    anterior") is the abuse material when that is what the section named before it."""
    added = False
    for w in windows:
        unit_start = w.unit[0]
        for ref in index.within("material_reference", w.start, w.end):
            if index.within("csam", ref.start, ref.end):
                continue
            if index.within("csam", unit_start, ref.start):
                index.add(Mention("csam", ref.start, ref.end))
                added = True
    if added:
        index.finish()


def definitions(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    """Definitions of the material, with the technology words they use."""
    inst = index.instrument
    text = inst.text
    out: list[Feature] = []
    seen: set[tuple[int, int]] = set()
    for d in inst.definitions:
        # the defined term itself must name the material
        if not index.within("csam", d.start, d.start + len(d.term) + 3):
            continue
        out.append(_definition_feature(index, d.provision, d.start, d.end))
        seen.add((d.start, d.end))
    # Descriptive definitions inside a provision: "se entiende por pornografía infantil toda ...".
    for w in matching(index, windows, ["csam", "definition_marker", "child", "sexual"]):
        for marker in index.within("definition_marker", w.start, w.end):
            # the name right before the marker ("X means") or shortly after it ("se entiende por X")
            near = [
                m
                for m in index.within("csam", max(w.start, marker.start - 8), marker.end + 80)
                if (m.end <= marker.start + 1 and marker.start - m.end <= 6)
                or marker.start <= m.start <= marker.end + 80
            ]
            if not near:
                continue
            s = min(near[0].start, marker.start)
            nl = text.find("\n", marker.end, w.end)
            e = nl if nl != -1 else w.end
            if any(a < e and s < b for a, b in seen) or e - s < 20:
                continue
            if not (index.has("child", s, e) and index.has("sexual", s, e)):
                continue
            out.append(_definition_feature(index, w.eid, s, e))
            seen.add((s, e))
            break
    return out


def _definition_feature(index: ConceptIndex, eid: str, start: int, end: int) -> Feature:
    text = index.instrument.text
    tech = [text[m.start : m.end] for m in index.within("tech_specific", start, end)]
    neutral = [text[m.start : m.end] for m in index.within("tech_neutral", start, end)]
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e - s > 900:
        e = s + 900
    ages = [(a.age, a.start, a.end) for a in age_phrases(index, start, end)]
    return Feature(
        "csam_definition",
        index.instrument.id,
        eid,
        s,
        e,
        text[s:e],
        {
            "tech_terms": sorted({t.lower() for t in tech}),
            "neutral_terms": sorted({t.lower() for t in neutral}),
            "ages": ages,
        },
    )


def _acts_in(index: ConceptIndex, w: Window) -> dict[str, bool]:
    text = index.instrument.text
    purposes = index.within("distribution_purpose", w.start, w.end)

    def inside_purpose(pos: int) -> bool:
        return any(p.start <= pos < p.end for p in purposes)

    simple = False
    purposive = False
    giving = index.within("act_distribute", w.start, w.end)
    for m in index.within("act_possess", w.start, w.end):
        # "parts with possession" is handing over, not possessing
        if inside_purpose(m.start) or any(g.start <= m.start < g.end for g in giving):
            continue
        cs, ce = clause(text, m.start, m.end, w.start, w.end)
        conditioned = any(cs <= p.start < ce for p in purposes)
        unconditional = index.has("possession_unconditional", cs, ce)
        if conditioned and not unconditional:
            purposive = True
        else:
            simple = True
    view = any(not inside_purpose(m.start) for m in index.within("act_view", w.start, w.end))
    return {
        "possess": simple,
        "possess_with_purpose": purposive,
        "view": view,
        "download": index.has("act_download", w.start, w.end),
        "produce": index.has("act_produce", w.start, w.end),
        "distribute": index.has("act_distribute", w.start, w.end),
        "make_known": _near(index, "make_known", "csam", w),
        "make_available": index.has("make_available", w.start, w.end),
        "technology": index.has("tech_specific", w.start, w.end)
        or index.has("tech_neutral", w.start, w.end),
    }


PENALTY = frozenset({"offence_marker"})


def _near(index: ConceptIndex, concept: str, other: str, w: Window, dist: int = 200) -> bool:
    """A mention of ``concept`` within ``dist`` characters of one of ``other``, in the window."""
    others = index.within(other, w.start, w.end)
    return any(
        abs(m.start - o.start) <= dist or abs(m.end - o.end) <= dist
        for m in index.within(concept, w.start, w.end)
        for o in others
    )


ACT_CONCEPTS = {
    "possess": "act_possess",
    "possess_with_purpose": "act_possess",
    "view": "act_view",
    "download": "act_download",
    "produce": "act_produce",
    "distribute": "act_distribute",
    "make_known": "make_known",
    "make_available": "make_available",
}


def offences(index: ConceptIndex, windows: list[Window]) -> list[Feature]:
    """Provisions that make something done with the material an offence, with their acts."""
    out: list[Feature] = []
    for w in matching(index, windows, ["csam", "offence_marker"], inherit=PENALTY):
        # a defence or exception ("it shall be a defence to have a legitimate reason for
        # possessing") names acts without making them offences
        if index.has("defence_clause", w.start, w.end) and not index.has(
            "offence_marker", w.start, w.end
        ):
            continue
        acts = _acts_in(index, w)
        if not any(acts[k] for k in ACT_CONCEPTS):
            continue
        anchors = first_in(
            index, w, ["csam"] + [ACT_CONCEPTS[k] for k in ACT_CONCEPTS if acts[k]][:1]
        )
        ages = [(a.age, a.start, a.end) for a in age_phrases(index, w.start, w.end)]
        out.append(feature("csam_offence", index, w, anchors, ages=ages, **acts))
    return out


def act_quote(
    index: ConceptIndex, window_feature: Feature, act: str, windows: list[Window]
) -> Feature:
    """Re-quote an offence feature on the clause that holds one act (possess, view, ...)."""
    w = next((x for x in windows if x.eid == window_feature.provision), None)
    concept = ACT_CONCEPTS.get(act, act)
    if w is None:
        return window_feature
    mentions = index.within(concept, w.start, w.end)
    if not mentions:
        return window_feature
    csam = [m for m in index.within("csam", w.start, w.end)]
    anchors = [mentions[0]]
    close = sorted(
        (m for m in csam if abs(m.start - mentions[0].start) < 200),
        key=lambda m: abs(m.start - mentions[0].start),
    )
    if close:
        anchors.append(close[0])
    return feature(window_feature.kind, index, w, anchors, **window_feature.attrs)
