"""The deliverable workflow: every move allowed and refused, four-eyes QA, and the QA override."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import product

import pytest
from sqlmodel import select

from kpo_desk.core.enums import AuditAction, MilestoneStatus, QAResult
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import AuditEvent, Milestone
from kpo_desk.core.services import milestones as ms
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store
from tests.core.health_support import TODAY, engagement, firm

PL, IP, QA, RW, DL, AC = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_QA,
                          MilestoneStatus.REWORK, MilestoneStatus.DELIVERED, MilestoneStatus.ACCEPTED)
#: Written out by hand from the product's workflow, independently of the code's table.
EXPECTED_MOVES = {(PL, IP), (IP, QA), (IP, DL), (QA, IP), (QA, DL), (RW, IP), (RW, QA), (DL, AC), (DL, RW)}
#: How to reach each status through the workflow (a failed QA result reaches rework).
PATH = {PL: [], IP: [IP], QA: [IP, QA], RW: [IP, QA, "fail"], DL: [IP, QA, "pass", DL],
        AC: [IP, QA, "pass", DL, AC]}


def _milestone(store: Store, f, status: MilestoneStatus) -> Milestone:  # noqa: ANN001
    e = engagement(f, code=None)
    m = work.add_milestone(store, engagement_id=e.id, title="Prior-art report",
                           due_on=TODAY + timedelta(days=5), author_id=f.author)
    for step in PATH[status]:
        if step in ("pass", "fail"):
            m = ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="passed" if step == "pass" else "failed")
        else:
            m = ms.move_milestone(store, m.id, step, today=TODAY)
    assert m.status == status
    return m


def test_the_table_is_the_documented_workflow() -> None:
    table = {(s, t) for s, targets in ms.TRANSITIONS.items() for t in targets}
    assert table == EXPECTED_MOVES
    assert ms.milestone_moves("delivered") == [AC, RW]


@pytest.mark.parametrize("source, target", [(s, t) for s, t in product(MilestoneStatus, repeat=2) if s != t])
def test_every_move(store: Store, source: MilestoneStatus, target: MilestoneStatus) -> None:
    f = firm(store)
    m = _milestone(store, f, source)
    reason = "Client asked for it before QA." if target == DL else ""
    if (source, target) in EXPECTED_MOVES:
        moved = ms.move_milestone(store, m.id, target, override_reason=reason, today=TODAY)
        assert moved.status == target
        with store.read() as s:
            assert s.get(Milestone, m.id).status == target
    else:
        with pytest.raises(ValidationError) as err:
            ms.move_milestone(store, m.id, target, override_reason=reason, today=TODAY)
        assert err.value.field == "status"
        assert "'Prior-art report'" in err.value.message
        with store.read() as s:
            assert s.get(Milestone, m.id).status == source


def test_delivering_after_a_qa_pass_needs_no_reason(store: Store) -> None:
    f = firm(store)
    m = _milestone(store, f, QA)
    m = ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="passed", note="Clean.")
    assert (m.status, m.qa_result, m.qa_reviewer_id) == (QA, QAResult.PASSED, f.reviewer)
    m = ms.move_milestone(store, m.id, "delivered", today=TODAY)
    assert (m.delivered_on, m.qa_override_reason) == (TODAY, "")
    m = ms.move_milestone(store, m.id, "accepted", today=TODAY + timedelta(days=2))
    assert m.accepted_on == TODAY + timedelta(days=2)


def test_delivering_without_a_qa_pass_needs_an_audited_reason(store: Store) -> None:
    f = firm(store)
    m = _milestone(store, f, IP)
    with pytest.raises(ValidationError) as err:
        ms.move_milestone(store, m.id, "delivered", today=TODAY)
    assert err.value.field == "override_reason" and "has not passed QA" in err.value.message
    with store.read() as s:
        assert s.get(Milestone, m.id).status == IP
    m = ms.move_milestone(store, m.id, "delivered", override_reason="Regulator deadline; QA after delivery.",
                          today=TODAY)
    assert m.qa_override_reason == "Regulator deadline; QA after delivery."
    with store.read() as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.record_type == "milestone", AuditEvent.record_id == m.id)
                      .order_by(AuditEvent.id.desc())).first()
    assert last.action == AuditAction.OVERRIDE
    assert json.loads(last.new_values)["override_reason"] == "Regulator deadline; QA after delivery."


def test_a_new_qa_round_forgets_the_old_pass(store: Store) -> None:
    f = firm(store)
    m = _milestone(store, f, DL)
    ms.move_milestone(store, m.id, "rework", today=TODAY)  # the client sends it back
    ms.move_milestone(store, m.id, "in_qa", today=TODAY)
    with pytest.raises(ValidationError, match="has not passed QA"):
        ms.move_milestone(store, m.id, "delivered", today=TODAY)


def test_four_eyes(store: Store) -> None:
    f = firm(store)
    m = _milestone(store, f, QA)
    with pytest.raises(ValidationError) as err:
        ms.record_qa_result(store, m.id, reviewer_id=f.author, result="passed")
    assert err.value.field == "reviewer_id" and "second pair of eyes" in err.value.message
    gone = parties.create_staff(store, name="Marcus Lee", active=False)
    with pytest.raises(ValidationError, match="has left"):
        ms.record_qa_result(store, m.id, reviewer_id=gone.id, result="passed")
    with store.read() as s:
        assert s.get(Milestone, m.id).qa_result is None


def test_qa_needs_an_author_and_a_milestone_in_qa(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    m = work.add_milestone(store, engagement_id=e.id, title="Claim charts")
    with pytest.raises(ValidationError, match="not in QA"):
        ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="passed")
    ms.move_milestone(store, m.id, "in_progress", today=TODAY)
    ms.move_milestone(store, m.id, "in_qa", today=TODAY)
    with pytest.raises(ValidationError) as err:
        ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="passed")
    assert err.value.field == "author_id"
    with pytest.raises(ValidationError) as err:
        ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="maybe")
    assert err.value.field == "result"


def test_failed_qa_is_a_rework_transition_with_its_note(store: Store) -> None:
    f = firm(store)
    m = _milestone(store, f, QA)
    m = ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="failed", note="Sources missing.")
    assert (m.status, m.qa_result) == (RW, QAResult.FAILED)
    with store.read() as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.record_type == "milestone", AuditEvent.record_id == m.id)
                      .order_by(AuditEvent.id.desc())).first()
    assert last.action == AuditAction.TRANSITION
    assert {"status": "rework", "qa_note": "Sources missing."}.items() <= json.loads(last.new_values).items()
