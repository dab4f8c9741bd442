"""The country report model: everything the country report shows, as plain data.

Built from an assessment made on the spot (``from_assessment``) or from the newest stored
assessment with its review history (``from_store``). The catalogue gives each standard its
title, area, authority and what a reform should contain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from coplaw.findings import STATUSES, Assessment, InstrumentRef
from coplaw.report import regions
from coplaw.report.citations import provision_label
from coplaw.standards.catalogue import Catalogue, load_catalogue
from coplaw.standards.schema import FRAMEWORK_IDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

AUTHORITY_RANK = {"binding": 0, "guidance": 1, "good_practice": 2, None: 3}
AUTHORITY_LABELS = {
    "binding": "Binding (convention: ensure)",
    "guidance": "Treaty-body guidance (should)",
    "good_practice": "Good practice (consider)",
    None: "Review criterion / other",
}
STATUS_ORDER = {"not_met": 0, "partially_met": 1, "met": 2, "not_assessable": 3}
GAP_STATUSES = ("not_met", "partially_met")
REVIEW_CRITERIA = "icmec-review"
TERMINOLOGY = "terminology"


@dataclass
class EvidenceView:
    instrument: str  # instrument id
    instrument_title: str
    provision: str  # eid
    label: str  # s. 3(2)(a)
    quote: str
    start: int
    end: int
    page: int | None = None
    kind: str = "text"  # text | answer
    origin: str = "machine"  # machine | reviewer | answer


@dataclass
class DecisionView:
    action: str
    by: str
    at: str
    status: str | None
    reason: str | None
    answer_date: str | None = None
    answer_text: str | None = None
    carried: bool = False


@dataclass
class FindingView:
    standard: str
    framework: str
    title: str
    area: str
    authority: str | None
    status: str  # the current status (reviewed when reviewed)
    machine_status: str
    confidence: float
    rationale: str
    method: str
    evidence: list[EvidenceView] = field(default_factory=list)
    reform: str | None = None
    reform_from: str | None = None  # another standard whose reform text stands in
    asks: str = ""  # the catalogue's paraphrase of the standard
    review_state: str | None = None  # None: not from the store
    needs_rereview: bool = False
    decisions: list[DecisionView] = field(default_factory=list)

    @property
    def authority_label(self) -> str:
        return AUTHORITY_LABELS.get(self.authority, AUTHORITY_LABELS[None])

    @property
    def overridden(self) -> bool:
        return self.status != self.machine_status


@dataclass
class Score:
    label: str
    counts: dict[str, int]

    @property
    def assessed(self) -> int:
        return sum(v for k, v in self.counts.items() if k != "not_assessable")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def percent(self) -> float | None:
        """Met counts 1, partially met 1/2, over the standards that could be assessed."""
        if not self.assessed:
            return None
        return 100.0 * (self.counts.get("met", 0) + 0.5 * self.counts.get("partially_met", 0)) \
            / self.assessed


@dataclass
class FrameworkSection:
    id: str
    title: str
    score: Score
    areas: list[Score]
    findings: list[FindingView]


@dataclass
class CountryReport:
    code: str
    name: str
    region: str
    date: datetime
    origin: str  # how the assessment was obtained
    instruments: list[InstrumentRef]
    frameworks: list[FrameworkSection]
    errors: list[dict[str, str]] = field(default_factory=list)
    reviewed: bool = False  # findings carry review states

    @property
    def findings(self) -> list[FindingView]:
        return [f for s in self.frameworks for f in s.findings]

    @property
    def criteria(self) -> list[FindingView]:
        return [f for f in self.findings if f.framework == REVIEW_CRITERIA]

    @property
    def criteria_met(self) -> int:
        return sum(1 for f in self.criteria if f.status == "met")

    @property
    def gaps(self) -> list[FindingView]:
        """Unmet and partially met standards, binding first, then not met before partial."""
        out = [f for f in self.findings if f.status in GAP_STATUSES and f.framework != TERMINOLOGY]
        return sorted(out, key=lambda f: (AUTHORITY_RANK.get(f.authority, 3),
                                          STATUS_ORDER[f.status], f.framework, f.standard))

    @property
    def terminology(self) -> list[FindingView]:
        return [f for f in self.findings if f.framework == TERMINOLOGY]

    @property
    def totals(self) -> Score:
        counts = dict.fromkeys(STATUSES, 0)
        for f in self.findings:
            if f.framework != TERMINOLOGY:
                counts[f.status] = counts.get(f.status, 0) + 1
        return Score("All standards", counts)

    def review_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            if f.review_state:
                out[f.review_state] = out.get(f.review_state, 0) + 1
        return out


def _reform(cat: Catalogue, standard: str) -> tuple[str | None, str | None]:
    """The catalogue's reform text for a standard, else the first linked standard's."""
    item = cat.items.get(standard)
    if item is None:
        return None, None
    if item.reform:
        return item.reform, None
    for link in cat.links(standard):
        other = cat.items.get(link.target)
        if other is not None and other.reform:
            return other.reform, other.id
    return None, None


def _view(cat: Catalogue, standard: str, framework: str, status: str, machine_status: str,
          confidence: float, rationale: str, method: str,
          evidence: list[EvidenceView]) -> FindingView:
    item = cat.items.get(standard)
    fw = cat.frameworks.get(framework)
    areas = {a.id: a.title for a in fw.areas} if fw else {}
    reform, reform_from = _reform(cat, standard)
    return FindingView(
        standard=standard, framework=framework,
        title=item.title if item else standard,
        area=areas.get(item.area, item.area) if item else "",
        authority=item.authority if item else None,
        status=status, machine_status=machine_status, confidence=confidence,
        rationale=rationale, method=method, evidence=evidence,
        reform=reform, reform_from=reform_from, asks=item.paraphrase if item else "",
    )


def _sections(cat: Catalogue, views: Sequence[FindingView]) -> list[FrameworkSection]:
    """Group findings by framework in catalogue order, items in catalogue order."""
    order = {fid: n for n, fid in enumerate(FRAMEWORK_IDS)}
    position = {item_id: n for n, item_id in enumerate(cat.items)}
    by_fw: dict[str, list[FindingView]] = {}
    for v in views:
        by_fw.setdefault(v.framework, []).append(v)
    out: list[FrameworkSection] = []
    for fid in sorted(by_fw, key=lambda f: (order.get(f, len(order)), f)):
        found = sorted(by_fw[fid], key=lambda v: (position.get(v.standard, 10**6), v.standard))
        fw = cat.frameworks.get(fid)
        counts = dict.fromkeys(STATUSES, 0)
        area_counts: dict[str, dict[str, int]] = {}
        for v in found:
            counts[v.status] = counts.get(v.status, 0) + 1
            ac = area_counts.setdefault(v.area or "Other", dict.fromkeys(STATUSES, 0))
            ac[v.status] = ac.get(v.status, 0) + 1
        out.append(FrameworkSection(
            fid, fw.title if fw else fid, Score(fw.title if fw else fid, counts),
            [Score(a, c) for a, c in area_counts.items()], found,
        ))
    return out


def _name(code: str) -> tuple[str, str]:
    known = regions.country(code) if len(code) == 3 else None
    return (known.name, known.region) if known else (code, regions.NO_REGION)


def from_assessment(assessment: Assessment, *, date: datetime | None = None,
                    origin: str = "assessed from the files given",
                    catalogue: Catalogue | None = None) -> CountryReport:
    """A report of an assessment made now (machine findings, no review)."""
    cat = catalogue or load_catalogue()
    titles = {i.id: i.title for i in assessment.instruments}
    views = []
    for f in assessment.findings:
        evidence = [
            EvidenceView(e.instrument, titles.get(e.instrument, e.instrument), e.provision,
                         provision_label(e.provision), e.quote, e.start, e.end, e.page, e.kind,
                         "answer" if e.kind == "answer" else "machine")
            for e in f.evidence
        ]
        views.append(_view(cat, f.standard, f.framework, f.status, f.status, f.confidence,
                           f.rationale, f.method, evidence))
    name, region = _name(assessment.jurisdiction)
    return CountryReport(assessment.jurisdiction, name, region, date or datetime.now(UTC), origin,
                         list(assessment.instruments), _sections(cat, views),
                         list(assessment.errors))


def from_store(session: Session, code: str, catalogue: Catalogue | None = None) -> CountryReport:
    """A report of the newest stored assessment of ``code``, with each finding's review."""
    from sqlalchemy import select

    from coplaw.errors import CoplawError
    from coplaw.store import models as m
    from coplaw.store.records import latest_assessment

    cat = catalogue or load_catalogue()
    code = code.upper()
    record = latest_assessment(session, code)
    if record is None:
        raise CoplawError(f"{code}: no stored assessment; run `coplaw batch` or use --from PATH")
    instruments = session.scalars(
        select(m.Instrument)
        .join(m.AssessmentInstrument, m.AssessmentInstrument.instrument_id == m.Instrument.id)
        .where(m.AssessmentInstrument.assessment_id == record.id)
        .order_by(m.Instrument.key)
    ).all()
    titles = {i.key: i.title for i in instruments}
    users = {u.id: u.name for u in session.scalars(select(m.User))}
    views: list[FindingView] = []
    for f in record.findings:
        evidence = [
            EvidenceView(e.instrument_key, titles.get(e.instrument_key, e.instrument_key),
                         e.provision, provision_label(e.provision) if e.kind != "answer"
                         else "answer", e.quote, e.start, e.end, e.page, e.kind, e.origin)
            for e in f.evidence
        ]
        view = _view(cat, f.standard, f.framework, f.current_status, f.machine_status,
                     f.confidence, f.rationale, f.method, evidence)
        view.review_state = f.state
        view.needs_rereview = f.needs_rereview
        view.decisions = [
            DecisionView(d.action, users.get(d.user_id or -1, "—"),
                         f"{d.created_at:%Y-%m-%d}", d.status, d.reason, d.answer_date,
                         d.answer_text, d.carried_from_id is not None)
            for d in f.decisions
        ]
        views.append(view)
    juris = session.get(m.Jurisdiction, code)
    name, region = _name(code)
    if juris is not None and juris.name:
        name = juris.name
    refs = [InstrumentRef(i.key, i.title, i.file, i.language, i.status) for i in instruments]
    errors = [e if isinstance(e, dict) else {"error": str(e)} for e in (record.errors or [])]
    return CountryReport(code, name, region, record.created_at,
                         f"stored assessment #{record.id}", refs, _sections(cat, views),
                         errors, reviewed=True)
