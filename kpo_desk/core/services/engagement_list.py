"""The engagement list: sorted and filtered in SQL, selecting only the columns it shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import aliased

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus, ServiceType
from kpo_desk.core.models import Client, Engagement, Milestone, Staff
from kpo_desk.core.services.engagements import EngagementRow
from kpo_desk.core.store import Store

OPEN_MILESTONE = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_QA,
                  MilestoneStatus.REWORK)
SORT_KEYS = ("code", "client", "service_type", "status", "lead", "next_milestone_due")


def _next_milestone(column):
    """Correlated subquery: the open milestone due first (its title or due date)."""
    m = aliased(Milestone)
    return (select(column(m))
            .where(m.engagement_id == Engagement.id, m.status.in_([s.value for s in OPEN_MILESTONE]),
                   Engagement.status.not_in([EngagementStatus.CLOSED.value, EngagementStatus.CANCELLED.value]))
            .order_by(m.due_on.is_(None), m.due_on, m.id)
            .limit(1)
            .scalar_subquery())


def list_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                         service_type: ServiceType | None = None, client_id: int | None = None,
                         lead_id: int | None = None, sort: str = "code", descending: bool = False,
                         limit: int | None = None, offset: int = 0) -> list[EngagementRow]:
    lead = aliased(Staff)
    next_title = _next_milestone(lambda m: m.title)
    next_due = _next_milestone(lambda m: m.due_on)
    stmt = (select(Engagement.id, Engagement.code, Engagement.title, Client.name,
                   cast(Engagement.service_type, String), cast(Engagement.status, String),
                   lead.name, next_title.label("next_title"), next_due.label("next_due"))
            .join(Client, Client.id == Engagement.client_id)
            .outerjoin(lead, lead.id == Engagement.lead_id))
    if text.strip():
        like = f"%{text.strip()}%"
        stmt = stmt.where(or_(Engagement.code.ilike(like), Engagement.title.ilike(like),
                              Client.name.ilike(like)))
    if statuses:
        stmt = stmt.where(Engagement.status.in_([s.value for s in statuses]))
    if service_type is not None:
        stmt = stmt.where(Engagement.service_type == service_type)
    if client_id is not None:
        stmt = stmt.where(Engagement.client_id == client_id)
    if lead_id is not None:
        stmt = stmt.where(Engagement.lead_id == lead_id)
    order = {
        "code": Engagement.code, "client": Client.name, "service_type": Engagement.service_type,
        "status": Engagement.status, "lead": lead.name, "next_milestone_due": next_due,
    }.get(sort, Engagement.code)
    stmt = stmt.order_by(order.desc() if descending else order.asc(), Engagement.code)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [
        EngagementRow(id=r[0], code=r[1], title=r[2], client=r[3], service_type=ServiceType(r[4]),
                      status=EngagementStatus(r[5]), lead=r[6] or "", next_milestone=r[7] or "",
                      next_milestone_due=_as_date(r[8]))
        for r in rows
    ]


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value))
