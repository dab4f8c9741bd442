"""Human pinpoint citations for Akoma Ntoso provision ids.

``sec_3__subsec_2__para_a`` reads "s. 3(2)(a)"; ``chp_2__art_5`` reads "ch. 2, art. 5". The
eid stays in the report beside the label, so the citation is both readable and exact.
"""

from __future__ import annotations

# Levels that print as a bracketed number after their parent: (2), (a), (i).
_BRACKETED = {"subsec", "para", "subpara", "subpar", "clause", "subclause", "item", "point",
              "subpoint", "list", "indent", "alinea", "subart", "subrule", "subreg"}
# Levels whose sub-levels attach as brackets: s. 3(2), art. 5(1), reg. 4(a).
_ATTACH = {"sec", "art", "reg", "rule", "prov"}
_PREFIX = {
    "sec": "s.", "art": "art.", "chp": "ch.", "part": "pt", "subpart": "subpt", "title": "title",
    "book": "book", "sched": "sched.", "schedule": "sched.", "reg": "reg.", "rule": "r.",
    "dvs": "div.", "division": "div.", "subdvs": "subdiv.", "subchp": "subch.", "tit": "title",
    "annex": "annex", "preamble": "preamble", "prov": "prov.", "hcontainer": "",
    "def": "definition", "lvl": "", "para_unnumbered": "",
}


def provision_label(eid: str) -> str:
    """A short citation for an eid; the text ``unnumbered text`` for an empty one."""
    if not eid:
        return "unnumbered text"
    out: list[str] = []
    parent = ""
    for part in eid.split("__"):
        kind, _, num = part.partition("_")
        if not num:
            out.append(part)
            parent = kind
            continue
        if kind in _BRACKETED and out and (parent in _ATTACH or parent in _BRACKETED):
            out[-1] += f"({num})"
        elif kind in _BRACKETED:
            out.append(f"{kind}. {num}" if out else f"({num})")
        else:
            prefix = _PREFIX.get(kind, kind)
            out.append(f"{prefix} {num}".strip())
        parent = kind
    return ", ".join(out)
