"""The engagement list: sorted and filtered in SQL, selecting only the columns it shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, cast, func, or_, select
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


def _filtered(stmt, lead, *, text: str, statuses: tuple[EngagementStatus, ...],  # noqa: ANN001, ANN202
              service_type: ServiceType | None, client_id: int | None, lead_id: int | None):
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
    return stmt


def list_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                         service_type: ServiceType | None = None, client_id: int | None = None,
                         lead_id: int | None = None, sort: str = "code", descending: bool = False,
                         limit: int | None = None, offset: int = 0) -> list[EngagementRow]:
    """One page (``limit``/``offset``) or all of the list, filtered and sorted in SQL.

    The next-milestone columns are correlated subqueries: with a page, SQLite evaluates them
    only for the rows it returns, which keeps a page of a 20,000-row list in milliseconds.
    """
    lead = aliased(Staff)
    stmt = (select(Engagement.id, Engagement.code, Engagement.title, Client.name,
                   cast(Engagement.service_type, String), cast(Engagement.status, String), lead.name)
            .join(Client, Client.id == Engagement.client_id)
            .outerjoin(lead, lead.id == Engagement.lead_id))
    stmt = _filtered(stmt, lead, text=text, statuses=statuses, service_type=service_type, client_id=client_id,
                     lead_id=lead_id)
    order = {
        "code": Engagement.code, "client": Client.name, "service_type": Engagement.service_type,
        "status": Engagement.status, "lead": lead.name,
        "next_milestone_due": _next_milestone(lambda m: m.due_on),
    }.get(sort, Engagement.code)
    stmt = stmt.order_by(order.desc() if descending else order.asc(), Engagement.code)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
        upcoming = _next_milestones(conn, [r[0] for r in rows if r[5] not in FINISHED])
    return [
        EngagementRow(id=r[0], code=r[1], title=r[2], client=r[3], service_type=ServiceType(r[4]),
                      status=EngagementStatus(r[5]), lead=r[6] or "",
                      next_milestone=upcoming.get(r[0], ("", None))[0],
                      next_milestone_due=upcoming.get(r[0], ("", None))[1])
        for r in rows
    ]


FINISHED = (EngagementStatus.CLOSED.value, EngagementStatus.CANCELLED.value)


def _next_milestones(conn, engagement_ids: list[int]) -> dict[int, tuple[str, date | None]]:  # noqa: ANN001
    """The open milestone due first for each of ``engagement_ids`` (one query for a whole page).

    Selecting it per row in the main query made SQLite evaluate it for every row it sorted,
    not only for the page it returned.
    """
    found: dict[int, tuple[str, date | None]] = {}
    for start in range(0, len(engagement_ids), 900):  # under SQLite's bound-parameter limit
        chunk = engagement_ids[start:start + 900]
        stmt = (select(Milestone.engagement_id, Milestone.title, Milestone.due_on)
                .where(Milestone.engagement_id.in_(chunk), Milestone.status.in_([s.value for s in OPEN_MILESTONE]))
                .order_by(Milestone.engagement_id, Milestone.due_on.is_(None), Milestone.due_on, Milestone.id))
        for engagement_id, title, due in conn.execute(stmt):
            found.setdefault(engagement_id, (title, _as_date(due)))
    return found


def count_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                          service_type: ServiceType | None = None, client_id: int | None = None,
                          lead_id: int | None = None) -> int:
    """How many rows ``list_engagement_rows`` gives for the same filters."""
    stmt = select(func.count()).select_from(Engagement).join(Client, Client.id == Engagement.client_id)
    stmt = _filtered(stmt, None, text=text, statuses=statuses, service_type=service_type, client_id=client_id,
                     lead_id=lead_id)
    with store.engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value))
