"""The engagement list: sorted and filtered in SQL, selecting only the columns it shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import aliased

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus, ServiceType
from kpo_desk.core.models import Client, Engagement, Milestone, Staff
from kpo_desk.core.rawsql import as_date, literals, placeholders, run
from kpo_desk.core.services.engagements import EngagementRow
from kpo_desk.core.store import Store

SORT_KEYS = ("code", "title", "client", "service_type", "status", "lead", "next_milestone_due")


def _next_milestone(column):
    """Correlated subquery: the open milestone due first (its title or due date)."""
    m = aliased(Milestone)
    return (select(column(m))
            .where(m.engagement_id == Engagement.id, m.status.in_([s.value for s in MilestoneStatus.OPEN]),
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


def _ordering(lead, sort: str, descending: bool) -> list:  # noqa: ANN001
    order = {
        "code": Engagement.code, "title": Engagement.title, "client": Client.name, "service_type": Engagement.service_type,
        "status": Engagement.status, "lead": lead.name,
        "next_milestone_due": _next_milestone(lambda m: m.due_on),
    }.get(sort, Engagement.code)
    return [order.desc() if descending else order.asc(), Engagement.code]


def _listed(columns, *, text: str, statuses: tuple[EngagementStatus, ...],  # noqa: ANN001, ANN202
            service_type: ServiceType | None, client_id: int | None, lead_id: int | None):
    """``select(*columns(lead))`` over the list's joins and filters; returns it with the lead alias."""
    lead = aliased(Staff)
    stmt = (select(*columns(lead)).join(Client, Client.id == Engagement.client_id)
            .outerjoin(lead, lead.id == Engagement.lead_id))
    return _filtered(stmt, lead, text=text, statuses=statuses, service_type=service_type, client_id=client_id,
                     lead_id=lead_id), lead


def list_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                         service_type: ServiceType | None = None, client_id: int | None = None,
                         lead_id: int | None = None, sort: str = "code", descending: bool = False,
                         limit: int | None = None, offset: int = 0) -> list[EngagementRow]:
    """One page (``limit``/``offset``) or all of the list, filtered and sorted in SQL.

    The next-milestone columns are correlated subqueries: with a page, SQLite evaluates them
    only for the rows it returns, which keeps a page of a 20,000-row list in milliseconds.
    """
    stmt, lead = _listed(lambda lead: (Engagement.id, Engagement.code, Engagement.title, Client.name,
                                       cast(Engagement.service_type, String), cast(Engagement.status, String),
                                       lead.name),
                         text=text, statuses=statuses, service_type=service_type, client_id=client_id,
                         lead_id=lead_id)
    stmt = stmt.order_by(*_ordering(lead, sort, descending))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    with store.connection() as conn:
        rows = conn.execute(stmt).all()
        upcoming = _next_milestones(conn, [r[0] for r in rows if r[5] not in EngagementStatus.ENDED])
    none = ("", None)
    return [EngagementRow(eid, code, title, client, _SERVICES[service], _STATUSES[status], lead or "",
                          *(none if status in EngagementStatus.ENDED else upcoming.get(eid, none)))
            for eid, code, title, client, service, status, lead in rows]


_SERVICES = {s.value: s for s in ServiceType}
_STATUSES = {s.value: s for s in EngagementStatus}




#: Each engagement's first open milestone (by due date, undated last), ranked inside SQLite.
_NEXT_SQL = ("SELECT engagement_id, title, due_on FROM (SELECT engagement_id, title, due_on, row_number() OVER "
             "(PARTITION BY engagement_id ORDER BY due_on IS NULL, due_on, id) AS n FROM milestone "
             f"WHERE status IN ({literals(MilestoneStatus.OPEN)}){{where}}) AS ranked WHERE n = 1")
#: Up to this many engagements are asked for by id; more (a whole list), and every engagement's
#: next milestone is read in one statement.
_BY_ID = 900


def _next_milestones(conn, engagement_ids: list[int]) -> dict[int, tuple[str, date | None]]:  # noqa: ANN001
    """The open milestone due first for each of ``engagement_ids`` (one query for a whole page).

    Selecting it per row in the main query made SQLite evaluate it for every row it sorted,
    not only for the page it returned.
    """
    if not engagement_ids:
        return {}
    if len(engagement_ids) <= _BY_ID:
        sql = _NEXT_SQL.format(where=f" AND engagement_id IN ({placeholders(len(engagement_ids))})")
        rows = run(conn, sql, tuple(engagement_ids)).all()
    else:
        rows = run(conn, _NEXT_SQL.format(where="")).all()
    return {eid: (title, as_date(due)) for eid, title, due in rows}


def engagement_position(store: Store, engagement_id: int, *, text: str = "",
                        statuses: tuple[EngagementStatus, ...] = (), service_type: ServiceType | None = None,
                        client_id: int | None = None, lead_id: int | None = None, sort: str = "code",
                        descending: bool = False) -> int | None:
    """Where ``engagement_id`` stands (0-based) in the list ``list_engagement_rows`` gives for the
    same filters and sort, or None when it is not in it: one query, so that opening an engagement
    deep in a 20,000-row list fetches only the page it is on."""
    ranked, lead = _listed(lambda lead: (Engagement.id,), text=text, statuses=statuses,
                           service_type=service_type, client_id=client_id, lead_id=lead_id)
    ranked = ranked.add_columns(func.row_number().over(order_by=_ordering(lead, sort, descending))
                                .label("n")).subquery()
    with store.connection() as conn:
        n = conn.execute(select(ranked.c.n).where(ranked.c.id == engagement_id)).scalar()
    return None if n is None else n - 1


def count_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                          service_type: ServiceType | None = None, client_id: int | None = None,
                          lead_id: int | None = None) -> int:
    """How many rows ``list_engagement_rows`` gives for the same filters."""
    stmt = select(func.count()).select_from(Engagement).join(Client, Client.id == Engagement.client_id)
    stmt = _filtered(stmt, None, text=text, statuses=statuses, service_type=service_type, client_id=client_id,
                     lead_id=lead_id)
    with store.connection() as conn:
        return conn.execute(stmt).scalar_one()
