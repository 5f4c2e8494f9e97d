"""The rows of an engagement's tabs, with names resolved in SQL (one query per tab)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from kpo_desk.core.audit_words import describe_event
from kpo_desk.core.enums import AuditAction, MilestoneStatus, QAResult, RiskCategory, RiskStatus
from kpo_desk.core.models import (
    Assignment,
    AuditEvent,
    ChecklistItem,
    Communication,
    Milestone,
    Risk,
    Staff,
    TimeEntry,
)
from kpo_desk.core.store import Store


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: int
    staff: str
    role: str
    is_key_role: bool
    backup: str


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    id: int
    title: str
    due_on: date | None
    status: MilestoneStatus
    author: str
    reviewer: str
    qa_result: QAResult | None
    delivered_on: date | None
    client_visible: bool


@dataclass(frozen=True, slots=True)
class TimeRow:
    id: int
    work_date: date
    staff: str
    hours: float
    billable: bool
    note: str


@dataclass(frozen=True, slots=True)
class RiskRow:
    id: int
    category: RiskCategory
    description: str
    likelihood: int
    impact: int
    score: int
    owner: str
    status: RiskStatus
    client_visible: bool


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: int
    at: datetime
    actor: str
    record: str
    action: AuditAction
    change: str


def assignment_rows(store: Store, engagement_id: int) -> list[AssignmentRow]:
    person, backup = aliased(Staff), aliased(Staff)
    stmt = (select(Assignment.id, person.name, Assignment.role, Assignment.is_key_role, backup.name)
            .join(person, person.id == Assignment.staff_id).outerjoin(backup, backup.id == Assignment.backup_staff_id)
            .where(Assignment.engagement_id == engagement_id).order_by(Assignment.id))
    with store.read() as s:
        return [AssignmentRow(r[0], r[1], r[2], bool(r[3]), r[4] or "") for r in s.execute(stmt)]


def milestone_rows(store: Store, engagement_id: int) -> list[MilestoneRow]:
    author, reviewer = aliased(Staff), aliased(Staff)
    stmt = (select(Milestone.id, Milestone.title, Milestone.due_on, Milestone.status, author.name, reviewer.name,
                   Milestone.qa_result, Milestone.delivered_on, Milestone.client_visible)
            .outerjoin(author, author.id == Milestone.author_id)
            .outerjoin(reviewer, reviewer.id == Milestone.qa_reviewer_id)
            .where(Milestone.engagement_id == engagement_id)
            .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.id))
    with store.read() as s:
        return [MilestoneRow(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6], r[7], bool(r[8]))
                for r in s.execute(stmt)]


def time_rows(store: Store, engagement_id: int, *, limit: int = 2000) -> list[TimeRow]:
    stmt = (select(TimeEntry.id, TimeEntry.work_date, Staff.name, TimeEntry.hours, TimeEntry.billable, TimeEntry.note)
            .join(Staff, Staff.id == TimeEntry.staff_id).where(TimeEntry.engagement_id == engagement_id)
            .order_by(TimeEntry.work_date.desc(), TimeEntry.id.desc()).limit(limit))
    with store.read() as s:
        return [TimeRow(r[0], r[1], r[2], float(r[3]), bool(r[4]), r[5]) for r in s.execute(stmt)]


def risk_rows(store: Store, engagement_id: int) -> list[RiskRow]:
    stmt = (select(Risk.id, Risk.category, Risk.description, Risk.likelihood, Risk.impact, Staff.name, Risk.status,
                   Risk.client_visible)
            .outerjoin(Staff, Staff.id == Risk.owner_id).where(Risk.engagement_id == engagement_id)
            .order_by((Risk.likelihood * Risk.impact).desc(), Risk.id))
    with store.read() as s:
        return [RiskRow(r[0], r[1], r[2], r[3], r[4], r[3] * r[4], r[5] or "", r[6], bool(r[7]))
                for r in s.execute(stmt)]


def history_rows(store: Store, engagement_id: int, *, limit: int = 1000) -> list[HistoryRow]:
    """The audit trail of the engagement and of the records inside it, newest first."""
    children = [
        ("milestone", select(Milestone.id).where(Milestone.engagement_id == engagement_id)),
        ("assignment", select(Assignment.id).where(Assignment.engagement_id == engagement_id)),
        ("timeentry", select(TimeEntry.id).where(TimeEntry.engagement_id == engagement_id)),
        ("risk", select(Risk.id).where(Risk.engagement_id == engagement_id)),
        ("checklistitem", select(ChecklistItem.id).where(ChecklistItem.engagement_id == engagement_id)),
        ("communication", select(Communication.id).where(Communication.engagement_id == engagement_id)),
    ]
    mine = [(AuditEvent.record_type == "engagement") & (AuditEvent.record_id == engagement_id)]
    mine += [(AuditEvent.record_type == kind) & AuditEvent.record_id.in_(ids) for kind, ids in children]
    stmt = (select(AuditEvent).where(or_(*mine)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    with store.read() as s:
        events = list(s.scalars(stmt))
        staff: dict[int, str] = {}
        words = [describe_event(s, e, staff=staff) for e in events]
    return [HistoryRow(e.id, e.at, e.actor, w.record, e.action, w.change) for e, w in zip(events, words, strict=True)]
