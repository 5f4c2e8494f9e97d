"""The deliverable workflow: planned → in progress → in QA → delivered → accepted, or back to rework.

Quality is one of the risks that define KPO work, so the workflow enforces two things:

* **four eyes**: the QA result is recorded by someone other than the author;
* **no silent skipping**: delivering without a QA pass needs an override reason, which is
  kept on the milestone and in the audit trail.

Every move is one transaction with its audit event. Moves into rework are what the health
engine counts as a rework loop, so they always go through here (or ``update_milestone``,
which is audited too).
"""

from __future__ import annotations

from datetime import date

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction, MilestoneStatus, QAResult
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Milestone, Staff
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

M = MilestoneStatus
#: The moves a person makes with ``move_milestone``. In QA → rework is not among them: a
#: deliverable goes back to rework through a failed QA result (``record_qa_result``), so
#: that every rework has a reviewer. Delivered → rework is the client sending it back.
TRANSITIONS: dict[MilestoneStatus, frozenset[MilestoneStatus]] = {
    M.PLANNED: frozenset({M.IN_PROGRESS}),
    M.IN_PROGRESS: frozenset({M.IN_QA, M.DELIVERED}),
    M.IN_QA: frozenset({M.IN_PROGRESS, M.DELIVERED}),
    M.REWORK: frozenset({M.IN_PROGRESS, M.IN_QA}),
    M.DELIVERED: frozenset({M.ACCEPTED, M.REWORK}),
    M.ACCEPTED: frozenset(),
}


def milestone_moves(current: MilestoneStatus | str) -> list[MilestoneStatus]:
    """The statuses a milestone may move to next, in workflow order (for buttons and menus)."""
    return sorted(TRANSITIONS[M(current)], key=list(MilestoneStatus).index)


def needs_qa_override(milestone: Milestone) -> bool:
    """Whether delivering it now needs an override reason (no QA pass in this round)."""
    return not (milestone.status == M.IN_QA and milestone.qa_result == QAResult.PASSED)


def move_milestone(store: Store, milestone_id: int, target: MilestoneStatus | str, *,
                   override_reason: str = "", today: date | None = None) -> Milestone:
    """Move a milestone one step along its workflow.

    Delivering without a QA pass is refused unless ``override_reason`` says why; the reason is
    stored in ``qa_override_reason`` and the move is audited as an override.
    """
    target = v.choice(target, MilestoneStatus, "status", "milestone status")
    today = v.business_date(today or date.today(), "today", "Today")
    reason = v.optional_text(override_reason, "override_reason", "The override reason", max_length=500)
    with store.transaction() as session:
        m = base.get_or_fail(session, Milestone, milestone_id, "milestone")
        if target == m.status:
            raise ValidationError(f"'{m.title}' is already {m.status.label.lower()}.", field="status")
        if target not in TRANSITIONS[m.status]:
            raise ValidationError(_refusal(m, target), field="status")
        old = audit.snapshot(m)
        overridden = False
        if target == M.DELIVERED:
            if needs_qa_override(m):
                if not reason:
                    raise ValidationError(
                        f"'{m.title}' has not passed QA; give a reason to deliver it without a QA pass.",
                        field="override_reason")
                m.qa_override_reason, overridden = reason, True
            else:
                m.qa_override_reason = ""
            m.delivered_on, m.accepted_on = today, None
        elif target == M.ACCEPTED:
            v.not_before(today, m.delivered_on, "status", "It cannot be accepted before it was delivered.")
            m.accepted_on = today
        elif target in (M.IN_QA, M.REWORK):
            m.qa_result = None  # a new QA round starts
        m.status = target
        session.add(m)
        new = audit.snapshot(m)
        if overridden:
            new["override_reason"] = reason
        audit.record_event(session, actor=store.actor,
                           action=AuditAction.OVERRIDE if overridden else AuditAction.TRANSITION,
                           obj=m, old=old, new=new)
    return m


def _refusal(m: Milestone, target: MilestoneStatus) -> str:
    if m.status == M.IN_QA and target == M.REWORK:
        return f"'{m.title}' goes back to rework through a failed QA result, recorded by its reviewer."
    options = milestone_moves(m.status)
    if not options:
        return f"'{m.title}' is accepted; an accepted deliverable does not move again."
    names = ", ".join(o.label.lower() for o in options)
    return (f"'{m.title}' cannot move from {m.status.label.lower()} to {target.label.lower()}; "
            f"it can move to {names}.")


def record_qa_result(store: Store, milestone_id: int, *, reviewer_id: int, result: QAResult | str,
                     note: str = "") -> Milestone:
    """Record the QA review of a deliverable that is in QA, by someone other than its author.

    A pass leaves it in QA, ready to deliver; a failure sends it back to rework.
    """
    result = v.choice(result, QAResult, "result", "QA result")
    note = v.optional_text(note, "note", "The QA note", max_length=2000)
    with store.transaction() as session:
        m = base.get_or_fail(session, Milestone, milestone_id, "milestone")
        reviewer = base.get_or_fail(session, Staff, reviewer_id, "staff member", field="reviewer_id")
        if not reviewer.active:
            raise ValidationError(f"{reviewer.name} has left and cannot review.", field="reviewer_id")
        if m.status != M.IN_QA:
            raise ValidationError(f"'{m.title}' is {m.status.label.lower()}, not in QA; move it to QA "
                                  "before recording a review.", field="status")
        if m.author_id is None:
            raise ValidationError(f"Name the author of '{m.title}' first, so that QA is done by "
                                  "someone else.", field="author_id")
        if reviewer_id == m.author_id:
            raise ValidationError(f"{reviewer.name} wrote '{m.title}' and cannot also review it; "
                                  "QA needs a second pair of eyes.", field="reviewer_id")
        old = audit.snapshot(m)
        m.qa_reviewer_id, m.qa_result = reviewer_id, result
        if result == QAResult.FAILED:
            m.status = M.REWORK
        session.add(m)
        new = audit.snapshot(m) | {"qa_note": note}
        audit.record_event(session, actor=store.actor,
                           action=AuditAction.TRANSITION if result == QAResult.FAILED else AuditAction.UPDATE,
                           obj=m, old=old, new=new)
    return m
