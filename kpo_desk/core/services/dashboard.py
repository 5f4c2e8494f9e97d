"""What the dashboard's "Needs attention" and portfolio counts are made of: grouped SQL, no loops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus, ServiceType
from kpo_desk.core.models import Client, Engagement, Milestone
from kpo_desk.core.store import Store

OPEN = [s.value for s in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_QA,
                          MilestoneStatus.REWORK)]
LIVE = [s.value for s in (EngagementStatus.ONBOARDING, EngagementStatus.ACTIVE, EngagementStatus.ON_HOLD)]


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    milestone_id: int
    engagement_id: int
    code: str
    client: str
    title: str
    due_on: date
    status: MilestoneStatus
    days: int  # positive: days overdue; negative: days until due


def _milestones(store: Store, today: date, *, overdue: bool, horizon: int, limit: int) -> list[MilestoneDue]:
    stmt = (select(Milestone.id, Engagement.id, Engagement.code, Client.name, Milestone.title, Milestone.due_on,
                   Milestone.status)
            .join(Engagement, Engagement.id == Milestone.engagement_id)
            .join(Client, Client.id == Engagement.client_id)
            .where(Milestone.status.in_(OPEN), Engagement.status.in_(LIVE)))
    if overdue:
        stmt = stmt.where(Milestone.due_on < today)
    else:
        stmt = stmt.where(Milestone.due_on >= today, Milestone.due_on <= today + timedelta(days=horizon))
    stmt = stmt.order_by(Milestone.due_on, Engagement.code).limit(limit)
    with store.read() as s:
        rows = s.execute(stmt).all()
    return [MilestoneDue(r[0], r[1], r[2], r[3], r[4], r[5], MilestoneStatus(r[6]), (today - r[5]).days)
            for r in rows]


def overdue_milestones(store: Store, *, today: date | None = None, limit: int = 200) -> list[MilestoneDue]:
    return _milestones(store, today or date.today(), overdue=True, horizon=0, limit=limit)


def milestones_due_soon(store: Store, *, today: date | None = None, days: int = 14,
                        limit: int = 200) -> list[MilestoneDue]:
    return _milestones(store, today or date.today(), overdue=False, horizon=days, limit=limit)


def counts_by_status(store: Store) -> dict[EngagementStatus, int]:
    with store.read() as s:
        rows = s.execute(select(Engagement.status, func.count()).group_by(Engagement.status)).all()
    found = {EngagementStatus(status): n for status, n in rows}
    return {status: found.get(status, 0) for status in EngagementStatus}


def counts_by_service(store: Store) -> dict[ServiceType, int]:
    with store.read() as s:
        rows = s.execute(select(Engagement.service_type, func.count())
                         .where(Engagement.status.in_(LIVE)).group_by(Engagement.service_type)).all()
    found = {ServiceType(service): n for service, n in rows}
    return {service: found.get(service, 0) for service in ServiceType}
