"""Review workflow, optimistic concurrency and re-assessment, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from store_support import KINDS, open_database, usable_kind

from coplaw.store import audit, records, review
from coplaw.store.db import Store
from coplaw.store.models import EvidenceRow, Finding, ReviewDecision
from coplaw.store.review import ConflictError, TransitionError
from coplaw.store.testing import sample_assessment, sample_instrument

SECTIONS = {
    "sec_1": "In this Act, child sexual abuse material means any representation of a child.",
    "sec_2": "A person who knowingly possesses child sexual abuse material commits an offence.",
    "sec_3": "A service provider shall report suspected material to the police.",
    "sec_4": "Offences under this Act may be committed by means of a computer system.",
}
VERDICTS = {
    "icmec.review.definition": ("met", [("act", "sec_1")]),
    "icmec.review.possession": ("met", [("act", "sec_2")]),
    "icmec.review.isp_reporting": ("met", [("act", "sec_3")]),
    "icmec.review.technology": ("met", [("act", "sec_4")]),
    "icmec.review.legislation": ("not_met", []),
}


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_database(usable_kind(request), tmp_path) as (st, _):
        yield st


def _seed(store: Store, sections: dict[str, str] = SECTIONS) -> int:
    doc = sample_instrument("act", sections)
    with store.session() as s:
        return records.save_assessment(
            s, sample_assessment("XKA", [doc], VERDICTS), [doc]
        ).assessment_id


def _finding(store: Store, standard: str, assessment_id: int | None = None) -> Finding:
    with store.session() as s:
        stmt = select(Finding).where(Finding.standard == standard)
        if assessment_id is not None:
            stmt = stmt.where(Finding.assessment_id == assessment_id)
        return s.scalars(stmt.order_by(Finding.id.desc())).first()  # type: ignore[return-value]


def test_full_workflow_keeps_machine_finding_visible(store: Store) -> None:
    _seed(store)
    f = _finding(store, "icmec.review.possession")
    with store.session() as s:
        review.decide(s, f.id, "override", "ana", 1, status="not_met",
                      reason="possession needs intent to distribute in s.2 read with s.1")
    with store.session() as s:
        for other in review.jurisdiction_findings(s, "XKA", ["machine"]):
            review.decide(s, other.id, "accept", "ana", other.version)
    with store.session() as s:
        assert len(review.mark_preliminary(s, "XKA", "ana")) == 5
    f = _finding(store, "icmec.review.possession")
    assert f.state == "preliminary"
    with store.session() as s:
        review.decide(s, f.id, "request_confirmation", "ben", f.version)
        review.decide(s, f.id, "correct", "ben", f.version + 1, status="met",
                      answer_date="2026-03-02",
                      answer_text="Section 2 applies to any possession; see the 2024 amendment.")
    f = _finding(store, "icmec.review.possession")
    assert (f.state, f.machine_status, f.current_status) == ("answered", "met", "met")
    with store.session() as s:
        actions = [d.action for d in review.history(s, f.id)]
        answers = s.scalars(
            select(EvidenceRow).where(EvidenceRow.finding_id == f.id,
                                      EvidenceRow.origin == "answer")).all()
        machine = s.scalars(
            select(EvidenceRow).where(EvidenceRow.finding_id == f.id,
                                      EvidenceRow.origin == "machine")).all()
    assert actions == ["override", "preliminary", "request_confirmation", "correct"]
    assert [a.quote for a in answers] == [
        "Section 2 applies to any possession; see the 2024 amendment."]
    assert [m.provision for m in machine] == ["sec_2"]
    with store.session() as s:
        assert audit.verify(s).ok


def test_illegal_transitions_are_refused_with_clear_errors(store: Store) -> None:
    _seed(store)
    f = _finding(store, "icmec.review.definition")
    with store.session() as s, pytest.raises(TransitionError, match="is 'machine'.*publish"):
        review.decide(s, f.id, "publish", "ana", 1)
    with store.session() as s, pytest.raises(TransitionError, match="needs a reason"):
        review.decide(s, f.id, "override", "ana", 1, status="not_met")
    with store.session() as s, pytest.raises(TransitionError, match="binary"):
        review.decide(s, f.id, "override", "ana", 1, status="partially_met", reason="x")
    with store.session() as s, pytest.raises(TransitionError, match="not reviewed yet"):
        review.mark_preliminary(s, "XKA", "ana")
    with store.session() as s:
        review.decide(s, f.id, "accept", "ana", 1)
        review.decide(s, f.id, "preliminary", "ana", 2)
        review.decide(s, f.id, "request_confirmation", "ana", 3)
    with store.session() as s, pytest.raises(TransitionError, match="date"):
        review.decide(s, f.id, "confirm", "ana", 4, answer_date="March", answer_text="ok")
    assert _finding(store, "icmec.review.definition").state == "confirmation_requested"


def test_two_reviewers_at_once_one_wins_one_conflicts(store: Store) -> None:
    _seed(store)
    f = _finding(store, "icmec.review.possession")
    seen = f.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def reviewer(name: str, status: str) -> None:
        barrier.wait()
        try:
            with store.session() as s:
                review.decide(s, f.id, "override", name, seen, status=status,
                              reason=f"{name} read the section differently")
            outcomes[name] = "won"
        except ConflictError as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=reviewer, args=("ana", "not_met")),
               threading.Thread(target=reviewer, args=("ben", "met"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [k for k, v in outcomes.items() if v == "won"]
    losers = [v for v in outcomes.values() if isinstance(v, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "changed by someone else" in str(losers[0])
    after = _finding(store, "icmec.review.possession")
    with store.session() as s:
        decisions = s.scalars(select(ReviewDecision).where(ReviewDecision.finding_id == f.id)).all()
        assert audit.verify(s).ok
    assert after.version == seen + 1
    assert len(decisions) == 1
    assert after.current_status == ("not_met" if winners == ["ana"] else "met")
    assert after.machine_status == "met"


def test_two_reviewer_processes_race_on_several_findings(store: Store) -> None:
    import multiprocessing

    from coplaw.store.testing import race_decide

    _seed(store)
    url = store.engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    with store.session() as s:
        targets = [(f.id, f.version) for f in review.jurisdiction_findings(s, "XKA")][:3]
    for fid, version in targets:
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=race_decide,
                             args=(url, fid, name, status, version, barrier, results))
                 for name, status in (("ana", "not_met"), ("ben", "met"))]
        for p in procs:
            p.start()
        outcomes = dict(results.get(timeout=60) for _ in procs)
        for p in procs:
            p.join(timeout=60)
        assert sorted(v.split(":")[0] for v in outcomes.values()) == ["conflict", "won"]
        winner = next(k for k, v in outcomes.items() if v == "won")
        with store.session() as s:
            f = s.get(Finding, fid)
            assert f is not None and f.version == version + 1
            assert f.current_status == ("not_met" if winner == "ana" else "met")
            assert len(review.history(s, fid)) == 1
    with store.session() as s:
        assert audit.verify(s).ok


def test_reassessment_keeps_exactly_reviews_of_unchanged_provisions(store: Store) -> None:
    first = _seed(store)
    with store.session() as s:
        for f in review.jurisdiction_findings(s, "XKA"):
            if f.standard == "icmec.review.technology":
                review.decide(s, f.id, "override", "ana", f.version, status="not_met",
                              reason="computer only, not any technology")
            else:
                review.decide(s, f.id, "accept", "ana", f.version)
    amended = dict(SECTIONS)
    amended["sec_3"] = SECTIONS["sec_3"].replace("police", "police within 24 hours")
    doc = sample_instrument("act", amended)
    with store.session() as s:
        saved = records.save_assessment(s, sample_assessment("XKA", [doc], VERDICTS), [doc])
    assert sorted(saved.flagged) == ["icmec.review.isp_reporting"]
    assert sorted(saved.kept) == sorted(set(VERDICTS) - {"icmec.review.isp_reporting"})
    with store.session() as s:
        new = {f.standard: f for f in review.jurisdiction_findings(s, "XKA")}
        assert new["icmec.review.isp_reporting"].state == "machine"
        assert new["icmec.review.isp_reporting"].needs_rereview
        tech = new["icmec.review.technology"]
        assert (tech.state, tech.current_status, tech.machine_status) == (
            "reviewed", "not_met", "met")
        carried = review.history(s, tech.id)
        assert [d.action for d in carried] == ["override"]
        assert carried[0].carried_from_id is not None
        old_isp = s.scalars(select(Finding).where(
            Finding.assessment_id == first, Finding.standard == "icmec.review.isp_reporting"
        )).one()
        assert [d.action for d in review.history(s, old_isp.id)] == ["accept"]
        assert new["icmec.review.isp_reporting"].previous_finding_id == old_isp.id
    # A provision a reviewer cited counts too: amending it sends the review back.
    with store.session() as s:
        leg = next(f for f in review.jurisdiction_findings(s, "XKA")
                   if f.standard == "icmec.review.legislation")
        review.decide(s, leg.id, "override", "ana", leg.version, status="met",
                      reason="s.2 is a CSAM-specific offence", cites=[("act", "sec_2")])
        with pytest.raises(TransitionError, match="no provision 'sec_9'"):
            review.decide(s, leg.id, "override", "ana", leg.version, status="met",
                          reason="x", cites=[("act", "sec_9")])
    with store.session() as s:
        kept = records.save_assessment(s, sample_assessment("XKA", [doc], VERDICTS), [doc])
    assert "icmec.review.legislation" in kept.kept
    reworded = dict(amended, sec_2=amended["sec_2"].replace("knowingly", "intentionally"))
    doc = sample_instrument("act", reworded)
    with store.session() as s:
        saved = records.save_assessment(s, sample_assessment("XKA", [doc], VERDICTS), [doc])
    assert "icmec.review.legislation" in saved.flagged  # its cited s.2 changed
    # A moved citation (same text, other provision) is a changed basis too.
    moved = dict(VERDICTS)
    moved["icmec.review.definition"] = ("met", [("act", "sec_2")])
    with store.session() as s:
        saved = records.save_assessment(s, sample_assessment("XKA", [doc], moved), [doc])
    assert "icmec.review.definition" in saved.flagged
    assert saved.kept == ["icmec.review.technology"]


def test_unchanged_law_reuses_instrument_version(store: Store) -> None:
    _seed(store)
    _seed(store)
    amended = dict(SECTIONS, sec_4="Offences may be committed by any means.")
    _seed(store, amended)
    with store.session() as s:
        from coplaw.store.models import Instrument
        versions = s.scalars(select(Instrument.version).order_by(Instrument.version)).all()
    assert versions == [1, 2]


def test_published_review_carries_into_next_cycle_as_reviewed(store: Store, tmp_path: Path) -> None:
    from coplaw.store import editions, letters

    _seed(store)
    with store.session() as s:
        for f in review.jurisdiction_findings(s, "XKA"):
            review.decide(s, f.id, "accept", "ana", f.version)
        review.mark_preliminary(s, "XKA", "ana")
        f = review.jurisdiction_findings(s, "XKA")[0]
        review.decide(s, f.id, "reopen", "ana", f.version)  # back for another look
        review.decide(s, f.id, "preliminary", "ana", f.version)
    with store.session() as s:
        letters.send(s, "XKA", tmp_path, "ben", formats=("docx",))
    with store.session() as s:
        editions.publish(s, "first", "ben")
    with store.session() as s:
        saved = records.save_assessment(
            s, sample_assessment("XKA", [sample_instrument("act", SECTIONS)], VERDICTS),
            [sample_instrument("act", SECTIONS)])
    assert sorted(saved.kept) == sorted(VERDICTS)
    with store.session() as s:
        found = review.jurisdiction_findings(s, "XKA")
        assert {f.state for f in found} == {"reviewed"}  # a new cycle needs a new letter
        assert all("publish" not in [d.action for d in f.decisions] for f in found)


def test_preliminary_for_one_framework_only(store: Store) -> None:
    doc = sample_instrument("act", SECTIONS)
    mixed = sample_assessment("XKA", [doc], VERDICTS)
    mixed.findings += sample_assessment(
        "XKA", [doc], {"unicef.std.x": ("partially_met", [("act", "sec_2")])},
        framework="unicef-checklist").findings
    with store.session() as s:
        records.save_assessment(s, mixed, [doc])
    with store.session() as s:
        for f in review.jurisdiction_findings(s, "XKA"):
            if f.framework == "icmec-review":
                review.decide(s, f.id, "accept", "ana", f.version)
    with store.session() as s, pytest.raises(TransitionError, match="unicef.std.x"):
        review.mark_preliminary(s, "XKA", "ana")
    with store.session() as s, pytest.raises(TransitionError, match="no finding of framework"):
        review.mark_preliminary(s, "XKA", "ana", "ohchr-2015")
    with store.session() as s:
        assert len(review.mark_preliminary(s, "XKA", "ana", "icmec-review")) == 5
        states = {f.framework: f.state for f in review.jurisdiction_findings(s, "XKA")}
    assert states == {"icmec-review": "preliminary", "unicef-checklist": "machine"}
