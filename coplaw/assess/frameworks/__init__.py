"""Tests of the catalogue frameworks (UNICEF checklist, ITU, OHCHR, guiding principles).

Each framework module exposes ``assess(context) -> list[Finding]``; ``FRAMEWORKS`` maps the
framework id of DESIGN.md to that function so the engine can register them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coplaw.findings import Finding


def _lazy(module: str) -> Callable[[Any], list[Finding]]:
    def run(context: Any) -> list[Finding]:
        import importlib

        mod = importlib.import_module(f"coplaw.assess.frameworks.{module}")
        result: list[Finding] = mod.assess(context)
        return result

    run.__name__ = f"assess_{module}"
    return run


FRAMEWORKS: dict[str, Callable[[Any], list[Finding]]] = {
    "unicef-checklist": _lazy("unicef"),
    "itu-cop-checklist": _lazy("itu"),
    "ohchr-2015": _lazy("ohchr"),
    "guiding-principles-2024": _lazy("guiding_principles"),
}
