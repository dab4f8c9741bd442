"""Assessment output: JSON (the public contract of DESIGN.md), a Rich table, and a
self-contained HTML page with every finding and its quoted evidence (escaped)."""

from __future__ import annotations

import html
import json

from rich.console import Console
from rich.table import Table

from coplaw.findings import Assessment


def to_json(assessment: Assessment) -> str:
    return json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2)


def to_table(assessment: Assessment, width: int = 160) -> str:
    table = Table(title=f"coplaw assessment: {assessment.jurisdiction}", show_lines=True)
    for col in ("standard", "status", "conf.", "evidence", "rationale"):
        table.add_column(col, overflow="fold")
    for f in assessment.findings:
        ev = "; ".join(f"{e.instrument} {e.provision}" for e in f.evidence[:2]) or "-"
        table.add_row(f.standard, f.status, f"{f.confidence:.2f}", ev, f.rationale)
    console = Console(width=width, record=True, force_terminal=False)
    with console.capture() as cap:
        console.print(table)
        for fw, counts in assessment.summary().items():
            console.print(f"{fw}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for err in assessment.errors:
            console.print("error: " + "; ".join(f"{k}: {v}" for k, v in err.items()))
    return cap.get()


_STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}
.f{border:1px solid #ccc;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.met{border-left:6px solid #2a7}.not_met{border-left:6px solid #c33}
.partially_met{border-left:6px solid #d92}.not_assessable{border-left:6px solid #888}
blockquote{background:#f6f6f6;margin:.4rem 0;padding:.4rem .8rem}small{color:#555}"""


def to_html(assessment: Assessment) -> str:
    e = html.escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>coplaw: "
             f"{e(assessment.jurisdiction)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>Assessment: {e(assessment.jurisdiction)}</h1><h2>Instruments</h2><ul>"]
    for i in assessment.instruments:
        parts.append(f"<li>{e(i.title)} <small>({e(i.id)}, {e(i.file)})</small></li>")
    parts.append("</ul><h2>Findings</h2>")
    for f in assessment.findings:
        parts.append(f"<div class='f {e(f.status)}'><h3>{e(f.standard)}: {e(f.status)}</h3>"
                     f"<p>{e(f.rationale)}</p><small>confidence {f.confidence:.2f}, method "
                     f"{e(f.method)}</small>")
        for ev in f.evidence:
            page = f", page {ev.page}" if ev.page is not None else ""
            parts.append(f"<blockquote>{e(ev.quote)}<br><small>{e(ev.instrument)} "
                         f"{e(ev.provision)}, characters {ev.start}-{ev.end}{page}</small>"
                         "</blockquote>")
        parts.append("</div>")
    if assessment.errors:
        parts.append("<h2>Errors</h2><ul>")
        for err in assessment.errors:
            parts.append("<li>" + e("; ".join(f"{k}: {v}" for k, v in err.items())) + "</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
