"""The work inside an engagement: the team, milestones and deliverables, time, and risks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from kpo_desk.core import validation as v
from kpo_desk.core.enums import MilestoneStatus, QAResult, RiskCategory, RiskStatus
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Assignment, Engagement, Milestone, Risk, Staff, TimeEntry
from kpo_desk.core.services import base
from kpo_desk.core.store import Store


def _staff(session: Session, staff_id: int | None, field: str) -> None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise ValidationError(f"There is no staff member with id {staff_id}.", field=field)


# -- assignments ---------------------------------------------------------------------------------
def validate_assignment(session: Session, a: Assignment) -> None:
    base.get_or_fail(session, Engagement, a.engagement_id, "engagement")
    if a.staff_id is None:
        raise ValidationError("Choose who is assigned.", field="staff_id")
    _staff(session, a.staff_id, "staff_id")
    a.role = v.required_text(a.role, "role", "Role", max_length=120)
    _staff(session, a.backup_staff_id, "backup_staff_id")
    if a.backup_staff_id is not None and a.backup_staff_id == a.staff_id:
        raise ValidationError("A person cannot be their own backup.", field="backup_staff_id")


def assign_staff(store: Store, *, engagement_id: int, staff_id: int, role: str, is_key_role: bool = False,
                 backup_staff_id: int | None = None) -> Assignment:
    a = Assignment(engagement_id=engagement_id, staff_id=staff_id, role=role, is_key_role=is_key_role,
                   backup_staff_id=backup_staff_id)
    return base.create(store, a, validate_assignment)


def update_assignment(store: Store, assignment_id: int, **changes: Any) -> Assignment:
    return base.update(store, Assignment, assignment_id, changes, validate_assignment)


def remove_assignment(store: Store, assignment_id: int) -> dict[str, Any]:
    return base.delete(store, Assignment, assignment_id)


# -- milestones ----------------------------------------------------------------------------------
def validate_milestone(session: Session, m: Milestone) -> None:
    base.get_or_fail(session, Engagement, m.engagement_id, "engagement")
    m.title = v.required_text(m.title, "title", "Title")
    m.due_on = v.business_date(m.due_on, "due_on", "Due date")
    m.status = v.choice(m.status, MilestoneStatus, "status", "milestone status")
    if m.qa_result is not None:
        m.qa_result = v.choice(m.qa_result, QAResult, "qa_result", "QA result")
    _staff(session, m.author_id, "author_id")
    _staff(session, m.qa_reviewer_id, "qa_reviewer_id")
    if m.qa_reviewer_id is not None and m.qa_reviewer_id == m.author_id:
        raise ValidationError("The QA reviewer must be someone other than the author.",
                              field="qa_reviewer_id")
    m.delivered_on = v.business_date(m.delivered_on, "delivered_on", "Delivered date")
    m.accepted_on = v.business_date(m.accepted_on, "accepted_on", "Accepted date")
    v.not_before(m.accepted_on, m.delivered_on, "accepted_on", "It cannot be accepted before it was delivered.")


def add_milestone(store: Store, *, engagement_id: int, title: str, due_on: date | None = None,
                  author_id: int | None = None, qa_reviewer_id: int | None = None,
                  client_visible: bool = True) -> Milestone:
    m = Milestone(engagement_id=engagement_id, title=title, due_on=due_on, author_id=author_id,
                  qa_reviewer_id=qa_reviewer_id, client_visible=client_visible)
    return base.create(store, m, validate_milestone)


def update_milestone(store: Store, milestone_id: int, **changes: Any) -> Milestone:
    return base.update(store, Milestone, milestone_id, changes, validate_milestone)


def delete_milestone(store: Store, milestone_id: int) -> dict[str, Any]:
    return base.delete(store, Milestone, milestone_id)


def list_milestones(store: Store, engagement_id: int) -> list[Milestone]:
    with store.read() as s:
        stmt = select(Milestone).where(Milestone.engagement_id == engagement_id)
        return sorted(s.exec(stmt), key=lambda m: (m.due_on is None, m.due_on or date.max, m.id))


# -- time ----------------------------------------------------------------------------------------
def validate_time_entry(session: Session, t: TimeEntry) -> None:
    base.get_or_fail(session, Engagement, t.engagement_id, "engagement")
    if t.staff_id is None:
        raise ValidationError("Choose who worked.", field="staff_id")
    _staff(session, t.staff_id, "staff_id")
    if t.work_date is None:
        raise ValidationError("The date is required.", field="work_date")
    t.work_date = v.business_date(t.work_date, "work_date", "Date")
    hours = v.number(t.hours, "hours", "Hours", minimum=0.01, maximum=24, allow_none=False)
    t.hours = round(hours, 2)  # type: ignore[arg-type]
    t.note = v.optional_text(t.note, "note", "Note", max_length=2000)


def log_time(store: Store, *, engagement_id: int, staff_id: int, work_date: date, hours: float,
             billable: bool = True, note: str = "") -> TimeEntry:
    t = TimeEntry(engagement_id=engagement_id, staff_id=staff_id, work_date=work_date, hours=hours,
                  billable=billable, note=note)
    return base.create(store, t, validate_time_entry)


def update_time_entry(store: Store, entry_id: int, **changes: Any) -> TimeEntry:
    return base.update(store, TimeEntry, entry_id, changes, validate_time_entry)


def delete_time_entry(store: Store, entry_id: int) -> dict[str, Any]:
    return base.delete(store, TimeEntry, entry_id)


# -- risks ---------------------------------------------------------------------------------------
def validate_risk(session: Session, r: Risk) -> None:
    base.get_or_fail(session, Engagement, r.engagement_id, "engagement")
    r.category = v.choice(r.category, RiskCategory, "category", "risk category")
    r.description = v.required_text(r.description, "description", "Description", max_length=2000)
    for field, label in (("likelihood", "Likelihood"), ("impact", "Impact")):
        value = v.number(getattr(r, field), field, label, minimum=1, maximum=5, allow_none=False)
        if value != int(value):  # type: ignore[arg-type]
            raise ValidationError(f"{label} is a whole number from 1 to 5.", field=field)
        setattr(r, field, int(value))  # type: ignore[arg-type]
    r.mitigation = v.optional_text(r.mitigation, "mitigation", "Mitigation", max_length=4000)
    _staff(session, r.owner_id, "owner_id")
    r.status = v.choice(r.status, RiskStatus, "status", "risk status")


def add_risk(store: Store, *, engagement_id: int, category: RiskCategory | str, description: str,
             likelihood: int = 3, impact: int = 3, mitigation: str = "", owner_id: int | None = None,
             client_visible: bool = False) -> Risk:
    r = Risk(engagement_id=engagement_id, category=category, description=description,
             likelihood=likelihood, impact=impact, mitigation=mitigation, owner_id=owner_id,
             client_visible=client_visible)
    return base.create(store, r, validate_risk)


def update_risk(store: Store, risk_id: int, **changes: Any) -> Risk:
    return base.update(store, Risk, risk_id, changes, validate_risk)


#: Risks still to be managed: an open risk and one being mitigated both count.
LIVE_RISK = (RiskStatus.OPEN, RiskStatus.MITIGATING)


def list_risks(store: Store, engagement_id: int | None = None, *,
               statuses: Iterable[RiskStatus | str] | None = None,
               categories: Iterable[RiskCategory | str] | None = None,
               client_visible: bool | None = None) -> list[Risk]:
    """Risks of one engagement (or all), filtered; highest exposure (likelihood × impact) first."""
    stmt = select(Risk)
    if engagement_id is not None:
        stmt = stmt.where(Risk.engagement_id == engagement_id)
    if statuses is not None:
        stmt = stmt.where(col(Risk.status).in_([v.choice(x, RiskStatus, "status", "risk status") for x in statuses]))
    if categories is not None:
        stmt = stmt.where(col(Risk.category).in_([v.choice(x, RiskCategory, "category", "risk category")
                                                 for x in categories]))
    if client_visible is not None:
        stmt = stmt.where(Risk.client_visible == client_visible)
    stmt = stmt.order_by((Risk.likelihood * Risk.impact).desc(), Risk.id)
    with store.read() as s:
        return list(s.exec(stmt))


def risk_heatmap(store: Store, engagement_id: int | None = None) -> list[list[int]]:
    """Counts of live risks as a 5×5 grid: ``grid[likelihood - 1][impact - 1]``, one grouped query."""
    stmt = (select(Risk.likelihood, Risk.impact, func.count())
            .where(col(Risk.status).in_(LIVE_RISK)).group_by(Risk.likelihood, Risk.impact))
    if engagement_id is not None:
        stmt = stmt.where(Risk.engagement_id == engagement_id)
    grid = [[0] * 5 for _ in range(5)]
    with store.read() as s:
        for likelihood, impact, n in s.exec(stmt):
            if 1 <= likelihood <= 5 and 1 <= impact <= 5:
                grid[likelihood - 1][impact - 1] = n
    return grid
