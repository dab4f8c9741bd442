"""Turning HTML and SVG into PDF and PNG, and the Jinja environment of the templates.

PDF is made by WeasyPrint; PNG by rendering to PDF first and rasterising it with poppler's
``pdftoppm`` (installed by ``scripts/setup``), so no other graphics library is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from coplaw.errors import CoplawError

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Jinja environment: autoescaping on for every template, so legal text is escaped."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{v:.0f}%"
    env.filters["status_label"] = lambda s: str(s).replace("_", " ")
    return env


def render_template(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)


def stylesheet() -> str:
    return (TEMPLATES / "print.css").read_text(encoding="utf-8")


def html_to_pdf(html: str, out: Path) -> None:
    try:
        from weasyprint import HTML
    except Exception as exc:  # missing Pango and friends
        raise CoplawError(f"cannot make PDF: WeasyPrint is unavailable ({exc}); "
                          "run scripts/setup") from exc
    HTML(string=html, base_url=str(TEMPLATES)).write_pdf(str(out))


def pdf_to_png(pdf: Path, out_prefix: Path, dpi: int = 100, first: int | None = None,
               last: int | None = None, single: bool = False,
               width_px: int | None = None) -> list[Path]:
    """Rasterise PDF pages with pdftoppm; returns the PNG files in page order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise CoplawError("cannot make PNG: pdftoppm (poppler-utils) is not installed; "
                          "run scripts/setup")
    cmd = [exe, "-png"]
    cmd += ["-scale-to-x", str(width_px), "-scale-to-y", "-1"] if width_px else ["-r", str(dpi)]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    if single:
        cmd.append("-singlefile")
    cmd += [str(pdf), str(out_prefix)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CoplawError(f"{pdf}: pdftoppm failed: {done.stderr.strip()}")
    if single:
        return [out_prefix.with_name(out_prefix.name + ".png")]
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def svg_to_png(svg: str, out: Path, width_px: int = 2000) -> None:
    """One PNG of an SVG document, ``width_px`` pixels wide, via a one-page PDF."""
    import re

    m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if m is None:
        raise CoplawError("cannot make PNG: the SVG has no viewBox")
    w, h = float(m.group(1)), float(m.group(2))
    page = (f"<html><head><style>@page {{ size: {w}px {h}px; margin: 0 }} "
            f"html, body {{ margin: 0 }} svg {{ display: block; width: {w}px; "
            f"height: {h}px }}</style></head><body>{svg}</body></html>")
    with tempfile.TemporaryDirectory(prefix="coplaw-png-") as tmp:
        pdf = Path(tmp) / "page.pdf"
        html_to_pdf(page, pdf)
        (png,) = pdf_to_png(pdf, Path(tmp) / "page", single=True, width_px=width_px)
        shutil.move(str(png), str(out))
