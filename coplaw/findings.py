"""Findings: the verdict on one standard for one jurisdiction, with the evidence it rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["met", "partially_met", "not_met", "not_assessable"]
STATUSES: tuple[str, ...] = ("met", "partially_met", "not_met", "not_assessable")


@dataclass
class Evidence:
    """Quoted words of one provision: ``quote == instrument.text[start:end]``.

    ``kind`` is ``text`` for legislation and ``answer`` for a questionnaire answer, in which
    case ``instrument`` names the answer file and ``provision`` the question id.
    """

    instrument: str
    provision: str
    quote: str
    start: int
    end: int
    page: int | None = None
    kind: str = "text"


@dataclass
class Finding:
    standard: str
    framework: str
    status: Status
    confidence: float
    rationale: str
    method: str
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for ev in data["evidence"]:
            if ev.get("page") is None:
                ev.pop("page", None)
            if ev.get("kind") == "text":
                ev.pop("kind", None)
        return data


@dataclass
class InstrumentRef:
    id: str
    title: str
    file: str
    language: str | None = None
    status: str = "in_force"


@dataclass
class Assessment:
    """All findings for a jurisdiction over a dated set of instruments."""

    jurisdiction: str
    instruments: list[InstrumentRef]
    findings: list[Finding]
    errors: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            counts = out.setdefault(f.framework, {})
            counts[f.status] = counts.get(f.status, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "jurisdiction": self.jurisdiction,
            "instruments": [asdict(i) for i in self.instruments],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }
        if self.errors:
            data["errors"] = self.errors
        return data
