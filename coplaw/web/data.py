"""Read-only views of the store for pages and the API, as plain dicts.

Writes go through the store's own functions (``records.save_assessment``,
``review.decide``); this module only reads, inside a session the caller opens.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coplaw.errors import CoplawError
from coplaw.standards.catalogue import Catalogue, load_catalogue
from coplaw.standards.schema import FRAMEWORK_IDS
from coplaw.store.models import (
    AuditEntry,
    EvidenceRow,
    Finding,
    Instrument,
    Jurisdiction,
    ReviewDecision,
    User,
)
from coplaw.store.records import latest_assessment

ICMEC = "icmec-review"


class NotFound(CoplawError):
    """The jurisdiction, finding or standard asked for does not exist."""


def catalogue() -> Catalogue:
    return load_catalogue()


def country_name(code: str, stored: str | None) -> str | None:
    """The stored name, else the UN M49 name of an ISO alpha-3 code, else None (pages then
    show the code alone rather than repeating it)."""
    if stored and stored != code:
        return stored
    from coplaw.report import regions

    known = regions.country(code) if len(code) == 3 else None
    return known.name if known else None


def standard_info(cat: Catalogue, standard: str) -> dict[str, Any]:
    """Title, area and authority of a standard (blank when the catalogue lacks it)."""
    item = cat.items.get(standard)
    if item is None:
        return {"title": standard, "area": "", "area_title": "", "authority": ""}
    fw = cat.frameworks[cat.item_framework[standard]]
    areas = {a.id: a.title for a in fw.areas}
    authority = item.authority
    return {"title": item.title, "area": item.area, "area_title": areas.get(item.area, item.area),
            "authority": authority or ""}


def finding_dict(f: Finding, cat: Catalogue) -> dict[str, Any]:
    info = standard_info(cat, f.standard)
    return {"id": f.id, "standard": f.standard, "framework": f.framework,
            "title": info["title"], "area": info["area"], "area_title": info["area_title"],
            "authority": info["authority"], "machine_status": f.machine_status,
            "status": f.current_status, "state": f.state, "confidence": f.confidence,
            "rationale": f.rationale, "method": f.method, "version": f.version,
            "needs_rereview": f.needs_rereview, "jurisdiction": f.jurisdiction_code,
            "assessment_id": f.assessment_id}


def overview(session: Session) -> dict[str, Any]:
    """Every jurisdiction with its newest assessment's ICMEC review statuses."""
    cat = catalogue()
    criteria = [i.id for i in cat.items_of(ICMEC)] if ICMEC in cat.frameworks else []
    rows = []
    for j in session.scalars(select(Jurisdiction).order_by(Jurisdiction.code)):
        latest = latest_assessment(session, j.code)
        if latest is None:
            continue
        statuses = dict(session.execute(
            select(Finding.standard, Finding.current_status).where(
                Finding.assessment_id == latest.id, Finding.framework == ICMEC)).all())
        total = session.scalar(select(func.count()).select_from(Finding).where(
            Finding.assessment_id == latest.id)) or 0
        rows.append({"code": j.code, "name": country_name(j.code, j.name),
                     "assessment_id": latest.id,
                     "assessed_at": latest.created_at.isoformat(timespec="seconds"),
                     "statuses": {c: statuses.get(c, "") for c in criteria},
                     "met": sum(1 for c in criteria if statuses.get(c) == "met"),
                     "findings": total})
    return {"criteria": [{"id": c, "title": cat.items[c].title} for c in criteria],
            "jurisdictions": rows}


def jurisdiction(session: Session, code: str, status: str | None = None,
                 authority: str | None = None) -> dict[str, Any]:
    """Findings of the newest assessment of ``code`` grouped by framework then area."""
    row = session.get(Jurisdiction, code)
    latest = latest_assessment(session, code) if row else None
    if row is None or latest is None:
        raise NotFound(f"no assessment stored for jurisdiction {code!r}")
    cat = catalogue()
    found = [finding_dict(f, cat) for f in session.scalars(
        select(Finding).where(Finding.assessment_id == latest.id).order_by(Finding.id))]
    counts = Counter(f["status"] for f in found)
    authorities = sorted({f["authority"] for f in found if f["authority"]})
    shown = [f for f in found if (not status or f["status"] == status)
             and (not authority or f["authority"] == authority)]
    order = [f for f in FRAMEWORK_IDS if f in cat.frameworks] + [
        f for f in cat.frameworks if f not in FRAMEWORK_IDS]
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for f in sorted(shown, key=lambda f: (order.index(f["framework"])
                                          if f["framework"] in order else len(order))):
        groups.setdefault(f["framework"], {}).setdefault(f["area_title"] or "-", []).append(f)
    frameworks = [{"id": fid, "title": cat.frameworks[fid].title if fid in cat.frameworks
                   else fid, "counts": dict(Counter(f["status"] for a in areas.values()
                                                    for f in a)),
                   "areas": [{"title": t, "findings": fs} for t, fs in areas.items()]}
                  for fid, areas in groups.items()]
    instruments = [{"key": i.key, "title": i.title, "version": i.version, "status": i.status}
                   for i in session.scalars(select(Instrument).where(
                       Instrument.jurisdiction_code == code).order_by(Instrument.key,
                                                                      Instrument.version))]
    return {"code": code, "name": country_name(code, row.name), "assessment_id": latest.id,
            "assessed_at": latest.created_at.isoformat(timespec="seconds"),
            "errors": latest.errors or [], "total": len(found), "shown": len(shown),
            "counts": dict(counts), "authorities": authorities, "frameworks": frameworks,
            "instruments": instruments}


def finding(session: Session, finding_id: int) -> dict[str, Any]:
    """A finding with its evidence (and each instrument's file) and its review history."""
    f = session.get(Finding, finding_id)
    if f is None:
        raise NotFound(f"finding {finding_id} does not exist")
    cat = catalogue()
    out = finding_dict(f, cat)
    item = cat.items.get(f.standard)
    out["paraphrase"] = item.paraphrase if item else ""
    out["reform"] = item.reform if item else None
    evidence = []
    for ev in session.scalars(select(EvidenceRow).where(EvidenceRow.finding_id == f.id)
                              .order_by(EvidenceRow.position)):
        inst = session.get(Instrument, ev.instrument_id) if ev.instrument_id else None
        evidence.append({"instrument": ev.instrument_key, "provision": ev.provision,
                         "quote": ev.quote, "start": ev.start, "end": ev.end,
                         "origin": ev.origin, "kind": ev.kind,
                         "file": inst.file if inst else None,
                         "title": inst.title if inst else ev.instrument_key})
    out["evidence"] = evidence
    history = []
    for d in session.scalars(select(ReviewDecision).where(ReviewDecision.finding_id == f.id)
                             .order_by(ReviewDecision.id)):
        user = session.get(User, d.user_id) if d.user_id else None
        history.append({"id": d.id, "action": d.action, "from": d.from_state,
                        "to": d.to_state, "status": d.status, "reason": d.reason,
                        "user": user.name if user else "", "at":
                        d.created_at.isoformat(timespec="seconds")})
    out["history"] = history
    return out


def audit(session: Session, limit: int = 200, entity_id: str | None = None) -> list[dict[str, Any]]:
    """The newest audit entries, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    return [{"seq": a.seq, "at": a.at, "actor": a.actor, "action": a.action,
             "entity": a.entity, "entity_id": a.entity_id, "payload": a.payload,
             "when": a.at[:19].replace("T", " "), "details": audit_details(a.payload)}
            for a in session.scalars(stmt)]


_DIGEST = re.compile(r"\b[0-9a-f]{32,}\b")


def audit_details(payload: str) -> list[tuple[str, str]]:
    """An audit payload as readable (label, value) pairs, leaving out empty values."""
    try:
        raw = json.loads(payload)
    except ValueError:
        return [("details", payload)]
    if not isinstance(raw, dict):
        return [("details", str(raw))]
    out = []
    for key, value in raw.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value[:20]) + (" …" if len(value) > 20 else "")
        elif isinstance(value, dict):
            text = ", ".join(f"{k}: {v}" for k, v in list(value.items())[:10])
        else:
            text = str(value)
        if key in ("from", "to", "status", "machine_status"):
            text = text.replace("_", " ")
        text = _DIGEST.sub(lambda m: m.group(0)[:10] + "…", text)  # hashes, shortened
        out.append((key.replace("_", " "), text if len(text) <= 240 else text[:239] + "…"))
    return out


def standards(cat: Catalogue) -> list[dict[str, Any]]:
    return [{"id": fid, "title": fw.title, "description": fw.description,
             "standards": [{"id": i.id, "title": i.title, "kind": str(i.kind), "area": i.area,
                        "links": len(cat.links(i.id))} for i in fw.items]}
            for fid, fw in sorted(cat.frameworks.items(), key=lambda kv: (
                FRAMEWORK_IDS.index(kv[0]) if kv[0] in FRAMEWORK_IDS else len(FRAMEWORK_IDS)))]


def standard(cat: Catalogue, item_id: str) -> dict[str, Any]:
    item = cat.items.get(item_id)
    if item is None:
        raise NotFound(f"no standard {item_id!r}")
    info = standard_info(cat, item_id)
    return {"id": item.id, "framework": cat.item_framework[item_id], "title": item.title,
            "paraphrase": item.paraphrase, "area": info["area_title"],
            "authority": info["authority"], "reform": item.reform,
            "source": item.source.model_dump(mode="json"),
            "assessable": str(item.assessable),
            "links": [{"target": lk.target, "framework": lk.framework, "topic": lk.topic,
                       "title": cat.items[lk.target].title if lk.target in cat.items else ""}
                      for lk in cat.links(item_id)]}


def assessments(session: Session, code: str) -> list[dict[str, Any]]:
    """Every stored assessment of ``code``, newest first, with its instruments."""
    from coplaw.store.models import Assessment, AssessmentInstrument

    out = []
    for a in session.scalars(select(Assessment).where(Assessment.jurisdiction_code == code)
                             .order_by(Assessment.id.desc())):
        titles = [f"{i.title} ({i.status})" for i in session.scalars(
            select(Instrument).join(AssessmentInstrument,
                                    AssessmentInstrument.instrument_id == Instrument.id)
            .where(AssessmentInstrument.assessment_id == a.id).order_by(Instrument.key))]
        out.append({"id": a.id, "at": a.created_at.isoformat(timespec="seconds"),
                    "note": a.note or "", "instruments": titles})
    return out


def compare(session: Session, code: str, before: int, after: int) -> dict[str, Any]:
    """What changed between two assessments of one jurisdiction, standard by standard
    (current status, so reviewed results are compared as reviewed)."""
    runs = {a["id"]: a for a in assessments(session, code)}
    for a_id in (before, after):
        if a_id not in runs:
            raise NotFound(f"assessment {a_id} is not an assessment of {code!r}")
    cat = catalogue()

    def statuses(a_id: int) -> dict[str, Finding]:
        return {f.standard: f for f in session.scalars(
            select(Finding).where(Finding.assessment_id == a_id))}

    old, new = statuses(before), statuses(after)
    changes = []
    for std in sorted(set(old) | set(new)):
        o, n = old.get(std), new.get(std)
        o_status, n_status = (o.current_status if o else None), (n.current_status if n else None)
        if o_status == n_status:
            continue
        info = standard_info(cat, std)
        changes.append({"standard": std, "title": info["title"],
                        "framework": (n or o).framework,  # type: ignore[union-attr]
                        "before": o_status, "after": n_status,
                        "before_id": o.id if o else None, "after_id": n.id if n else None})
    order = {f: i for i, f in enumerate(FRAMEWORK_IDS)}
    changes.sort(key=lambda c: (order.get(c["framework"], 99), c["standard"]))
    return {"code": code, "before": runs[before], "after": runs[after], "changes": changes,
            "unchanged": len(set(old) & set(new)) - sum(
                1 for c in changes if c["before"] and c["after"])}


def jurisdiction_stamp(session: Session, code: str) -> tuple[Any, ...] | None:
    """Changes whenever the jurisdiction's page would: a new assessment, or any review step
    on one of its findings (each step raises the finding's version)."""
    latest = latest_assessment(session, code)
    if latest is None:
        return None
    count, versions = session.execute(
        select(func.count(), func.sum(Finding.version)).where(
            Finding.assessment_id == latest.id)).one()
    return (latest.id, count, versions)


def latest_instruments(session: Session, code: str) -> list[dict[str, Any]]:
    """The instruments (key, title, file) of the newest assessment of ``code``."""
    from coplaw.store.models import AssessmentInstrument

    latest = latest_assessment(session, code)
    if latest is None:
        raise NotFound(f"no assessment stored for jurisdiction {code!r}")
    return [{"key": i.key, "title": i.title, "file": i.file, "status": i.status}
            for i in session.scalars(
                select(Instrument).join(AssessmentInstrument,
                                        AssessmentInstrument.instrument_id == Instrument.id)
                .where(AssessmentInstrument.assessment_id == latest.id).order_by(Instrument.key))]
