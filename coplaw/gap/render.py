"""Gap report output: a plain-text table for the terminal, JSON, and a self-contained HTML page."""

from __future__ import annotations

import html
import json
import textwrap

from coplaw.findings import Assessment
from coplaw.gap.build import GapEntry

LEVEL = {"binding": "Binding (convention: ensure)", "guidance": "Guidance (treaty bodies: should)",
         "good_practice": "Good practice (consider)", None: "Not graded by its source"}


def _authority(e: GapEntry) -> str:
    via = f" (through {e.authority_via})" if e.authority_via else ""
    return f"{e.authority or 'ungraded'}{via}"


def _cited(e: GapEntry, limit: int = 3) -> list[str]:
    lines = []
    for ev in e.evidence[:limit]:
        quote = " ".join(str(ev["quote"]).split())
        if len(quote) > 160:
            quote = quote[:157] + "..."
        lines.append(f"{ev['instrument']} {ev['provision']} [{ev['start']}-{ev['end']}]: "
                     f"\"{quote}\"")
    if len(e.evidence) > limit:
        lines.append(f"... and {len(e.evidence) - limit} more")
    return lines


def to_table(jurisdiction: str, entries: list[GapEntry], width: int = 100) -> str:
    out = [f"Gap report: {jurisdiction} ({len(entries)} standards not fully met)", ""]
    level: object = object()
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    for e in entries:
        if e.authority != level:
            level = e.authority
            out += [LEVEL.get(e.authority, str(e.authority)).upper(), ""]
        out.append(f"  {e.standard} [{e.status}] {e.title} -- authority {_authority(e)}")
        if e.missing:
            out += wrap.wrap(f"Missing: {e.missing}")
        for line in _cited(e):
            out += wrap.wrap(f"Evidence: {line}")
        reform = e.reform or "(the catalogue has no reform text for this item)"
        src = f" [from {e.reform_from}]" if e.reform_from else ""
        out += wrap.wrap(f"Reform: {reform}{src}")
        out.append("")
    return "\n".join(out)


def to_json(assessment: Assessment, entries: list[GapEntry]) -> str:
    data = {"jurisdiction": assessment.jurisdiction,
            "instruments": [vars(i) for i in assessment.instruments],
            "gaps": [e.to_dict() for e in entries]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_html(assessment: Assessment, entries: list[GapEntry]) -> str:
    esc = html.escape
    parts = ["<!doctype html><html><head><meta charset='utf-8'>",
             f"<title>Gap report: {esc(assessment.jurisdiction)}</title><style>"
             "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;"
             "padding:0 1rem}"
             ".g{border:1px solid #ccc;border-left:6px solid #c33;border-radius:6px;"
             "padding:.6rem 1rem;margin:1rem 0}.partially_met{border-left-color:#d92}"
             "blockquote{background:#f6f6f6;margin:.3rem 0;padding:.3rem .8rem}"
             ".reform{background:#eef6ee;padding:.4rem .8rem}small{color:#555}"
             "</style></head><body>",
             f"<h1>Gap report: {esc(assessment.jurisdiction)}</h1><ul>"]
    for i in assessment.instruments:
        parts.append(f"<li>{esc(i.title)} <small>({esc(i.file)})</small></li>")
    parts.append("</ul>")
    level: object = object()
    for e in entries:
        if e.authority != level:
            level = e.authority
            parts.append(f"<h2>{esc(LEVEL.get(e.authority, str(e.authority)))}</h2>")
        parts.append(f"<div class='g {esc(e.status)}'><h3>{esc(e.title)}</h3><small>"
                     f"{esc(e.standard)} ({esc(e.framework)}), {esc(e.status)}, authority "
                     f"{esc(_authority(e))}</small><p>{esc(e.rationale)}</p>")
        if e.missing:
            parts.append(f"<p><b>Missing:</b> {esc(e.missing)}</p>")
        for ev in e.evidence:
            parts.append(f"<blockquote>{esc(str(ev['quote']))}<br><small>{esc(ev['instrument'])}"
                         f" {esc(ev['provision'])}, characters {ev['start']}-{ev['end']}"
                         "</small></blockquote>")
        reform = e.reform or "The catalogue has no reform text for this item."
        src = f" <small>(from {esc(e.reform_from)})</small>" if e.reform_from else ""
        parts.append(f"<p class='reform'><b>What a reform should contain:</b> {esc(reform)}"
                     f"{src}</p></div>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
