"""Inline SVG charts for the reports, drawn directly (no plotting library, no script)."""

from __future__ import annotations

import html

from coplaw.report.country import Score

STATUS_COLOURS = {
    "met": "#1a9850",
    "partially_met": "#f4a742",
    "not_met": "#d73027",
    "not_assessable": "#bfc5cc",
}
STATUS_LABELS = {
    "met": "Met",
    "partially_met": "Partially met",
    "not_met": "Not met",
    "not_assessable": "Not assessable from text",
}


def status_bars(scores: list[Score], width: int = 640, title: str = "") -> str:
    """One horizontal bar per score, split by status, with counts and the score in percent."""
    esc = html.escape
    label_w, right_w, bar_h, gap = 190, 70, 18, 10
    top = 26 if title else 6
    bar_w = width - label_w - right_w
    height = top + len(scores) * (bar_h + gap) + 34
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" class="chart" role="img" '
           f'aria-label="{esc(title or "Findings by status")}" '
           'font-family="DejaVu Sans, sans-serif">']
    if title:
        out.append(f'<text x="0" y="14" font-size="12" font-weight="bold" '
                   f'fill="#1d2b3a">{esc(title)}</text>')
    for n, score in enumerate(scores):
        y = top + n * (bar_h + gap)
        label = score.label if len(score.label) <= 30 else score.label[:29] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 13}" font-size="10.5" text-anchor="end" '
                   f'fill="#1d2b3a">{esc(label)}</text>')
        total = score.total or 1
        x = float(label_w)
        for status, colour in STATUS_COLOURS.items():
            count = score.counts.get(status, 0)
            if not count:
                continue
            w = bar_w * count / total
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                       f'fill="{colour}"><title>{STATUS_LABELS[status]}: {count}</title></rect>')
            if w >= 16:
                ink = "#1d2b3a" if status in ("partially_met", "not_assessable") else "#ffffff"
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" font-size="10" '
                           f'text-anchor="middle" fill="{ink}">{count}</text>')
            x += w
        pct = score.percent
        shown = "n/a" if pct is None else f"{pct:.0f}%"
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 13}" font-size="11" '
                   f'font-weight="bold" fill="#1d2b3a">{shown}</text>')
    ly = top + len(scores) * (bar_h + gap) + 8
    x = float(label_w)
    for status, colour in STATUS_COLOURS.items():
        out.append(f'<rect x="{x:.0f}" y="{ly}" width="11" height="11" fill="{colour}"/>')
        out.append(f'<text x="{x + 15:.0f}" y="{ly + 9.5}" font-size="9.5" '
                   f'fill="#1d2b3a">{STATUS_LABELS[status]}</text>')
        x += 26 + 5.6 * len(STATUS_LABELS[status])
    out.append(f'<text x="{label_w + bar_w + 8}" y="{ly + 9.5}" font-size="9" '
               'fill="#4a5a6a">score</text>')
    out.append("</svg>")
    return "\n".join(out)


def criteria_histogram(by_met: dict[int, int], width: int = 520, colours: tuple[str, ...] = (),
                       title: str = "Countries by number of criteria met") -> str:
    """Vertical bars: how many countries meet 0, 1, ... 5 criteria."""
    esc = html.escape
    height, base, left = 220, 180, 40
    peak = max(by_met.values()) or 1
    step = (width - left - 10) / len(by_met)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" class="chart" role="img" '
           f'aria-label="{esc(title)}" font-family="DejaVu Sans, sans-serif">',
           f'<text x="0" y="14" font-size="12" font-weight="bold" fill="#1d2b3a">{esc(title)}'
           '</text>',
           f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#555"/>']
    for n, (k, v) in enumerate(sorted(by_met.items())):
        h = (base - 30) * v / peak
        x = left + n * step + step * 0.15
        colour = colours[k] if k < len(colours) else "#2c7fb8"
        out.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" '
                   f'height="{h:.1f}" fill="{colour}" stroke="#1d2b3a" stroke-width="0.4"/>')
        out.append(f'<text x="{x + step * 0.35:.1f}" y="{base - h - 4:.1f}" font-size="11" '
                   f'text-anchor="middle" fill="#1d2b3a">{v}</text>')
        out.append(f'<text x="{x + step * 0.35:.1f}" y="{base + 16}" font-size="11" '
                   f'text-anchor="middle" fill="#1d2b3a">{k}</text>')
    out.append(f'<text x="{width / 2:.0f}" y="{base + 34}" font-size="10" text-anchor="middle" '
               'fill="#4a5a6a">criteria met (of 5)</text>')
    out.append("</svg>")
    return "\n".join(out)
