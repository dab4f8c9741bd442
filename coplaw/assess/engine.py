"""The assessment engine: annotate a jurisdiction's instruments once, then run each framework.

A framework is a function ``(Context) -> list[Finding]`` in ``REGISTRY``. The context holds the
instruments, their annotations (computed once, shared by every framework) and the findings of
frameworks already run, so a later framework can reuse them through the crosswalk. The
jurisdiction code is only a label on the result: nothing in assessment reads it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coplaw.annotate.model import Annotation
from coplaw.annotate.run import annotate_instrument
from coplaw.document import Instrument
from coplaw.errors import CoplawError
from coplaw.findings import Assessment, Finding, InstrumentRef

FrameworkFn = Callable[["Context"], list[Finding]]


@dataclass
class Context:
    """What every framework test reads."""

    instruments: list[Instrument]
    annotations: dict[str, list[Annotation]] = field(default_factory=dict)
    findings: dict[str, list[Finding]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for inst in self.instruments:
            if inst.id not in self.annotations:
                self.annotations[inst.id] = annotate_instrument(inst)

    @property
    def by_id(self) -> dict[str, Instrument]:
        return {i.id: i for i in self.instruments}

    def of_kind(self, kind: str) -> list[tuple[Instrument, Annotation]]:
        """Annotations of one kind across instruments, in-force texts before drafts."""
        out: list[tuple[Instrument, Annotation]] = []
        for inst in sorted(self.instruments, key=lambda i: i.status == "draft"):
            out.extend((inst, a) for a in self.annotations.get(inst.id, []) if a.kind == kind)
        return out

    def all_findings(self) -> list[Finding]:
        return [f for fs in self.findings.values() for f in fs]


def _lazy(module: str, attr: str = "assess") -> FrameworkFn:
    """A framework whose module is imported only when it runs."""

    def run(context: Context) -> list[Finding]:
        fn = getattr(importlib.import_module(module), attr)
        result: list[Finding] = fn(context)
        return result

    run.__name__ = f"{module}.{attr}"
    return run


def _registry() -> dict[str, FrameworkFn]:
    reg: dict[str, FrameworkFn] = {
        "icmec-review": _lazy("coplaw.assess.icmec_review"),
        "icmec-model-law": _lazy("coplaw.assess.model_law"),
        "terminology": _lazy("coplaw.terminology.framework"),
    }
    try:
        from coplaw.assess.frameworks import FRAMEWORKS
    except ImportError:  # that stage is optional
        FRAMEWORKS = {}
    for fid, fn in FRAMEWORKS.items():
        reg.setdefault(fid, fn)
    return reg


REGISTRY: dict[str, FrameworkFn] = _registry()
# Frameworks run in this order; the rest follow in registry order.
ORDER = ("icmec-review", "icmec-model-law", "unicef-checklist", "itu-cop-checklist",
         "ohchr-2015", "guiding-principles-2024", "terminology")


def register(framework_id: str, fn: FrameworkFn) -> None:
    """Add or replace a framework test."""
    REGISTRY[framework_id] = fn


def _ordered(frameworks: Sequence[str] | None) -> list[str]:
    if frameworks:
        unknown = [f for f in frameworks if f not in REGISTRY]
        if unknown:
            raise CoplawError(f"unknown framework {', '.join(unknown)}; known frameworks: "
                              f"{', '.join(sorted(REGISTRY))}")
        wanted = list(dict.fromkeys(frameworks))
    else:
        wanted = list(REGISTRY)
    rank = {f: i for i, f in enumerate(ORDER)}
    return sorted(wanted, key=lambda f: rank.get(f, len(ORDER)))


def assess_instruments(instruments: list[Instrument], jurisdiction: str,
                       frameworks: Sequence[str] | None = None,
                       errors: list[dict[str, str]] | None = None,
                       progress: Callable[[str, int, int], None] | None = None) -> Assessment:
    """Assess instruments together (a definition in one serves an offence in another).
    ``progress(framework, index, total)`` is called before each framework runs."""
    context = Context(list(instruments))
    errs = list(errors or [])
    order = _ordered(frameworks)
    for index, fid in enumerate(order):
        if progress is not None:
            progress(fid, index, len(order))
        try:
            context.findings[fid] = REGISTRY[fid](context)
        except (ImportError, CoplawError) as exc:
            errs.append({"framework": fid, "error": str(exc)})
            context.findings[fid] = []
    refs = [InstrumentRef(i.id, i.title, i.file, i.language, i.status) for i in instruments]
    return Assessment(jurisdiction, refs, context.all_findings(), errs)


def assess_paths(paths: Sequence[str | Path], jurisdiction: str,
                 frameworks: Sequence[str] | None = None) -> Assessment:
    """Load files or folders, then assess them; files that fail to load are listed in
    ``Assessment.errors`` and do not stop the others."""
    from coplaw.structure.load import load_paths

    loaded = load_paths([Path(p) for p in paths])
    errors = [{"file": f, "error": msg} for f, msg in loaded.errors]
    return assess_instruments(loaded.instruments, jurisdiction, frameworks, errors)


def context_for(instruments: list[Instrument]) -> Any:
    """A context for running one framework function directly (tests, other stages)."""
    return Context(list(instruments))
