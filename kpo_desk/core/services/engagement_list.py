"""The engagement list: sorted and filtered in SQL, selecting only the columns it shows."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus, ServiceType
from kpo_desk.core.rawsql import as_date, fetch_all, gc_paused, literals, placeholders, run
from kpo_desk.core.services.engagements import EngagementRow
from kpo_desk.core.store import Store

SORT_KEYS = ("code", "title", "client", "service_type", "status", "lead", "next_milestone_due")

# The list is plain SQL (see rawsql), written once for SQLite and given to PostgreSQL by ``run``:
# building the same statement with SQLAlchemy's expression language cost more than a small
# list's whole query, at every call. The statement of each shape of filters and sort is made
# once (``_statement``); the values are always bound.

_FROM = (" FROM engagement e JOIN client c ON c.id = e.client_id"
         " LEFT OUTER JOIN staff s ON s.id = e.lead_id")
_ENDED = literals(EngagementStatus.ENDED)
#: The open milestone due first (undated last), for sorting by it: a correlated subquery, which
#: SQLite evaluates only for the rows a page returns.
_NEXT_DUE = (f"(SELECT m.due_on FROM milestone m WHERE m.engagement_id = e.id AND m.status IN "
             f"({literals(MilestoneStatus.OPEN)}) AND e.status NOT IN ({_ENDED}) "
             "ORDER BY m.due_on IS NULL, m.due_on, m.id LIMIT 1)")
_ORDER = {"code": "e.code", "title": "e.title", "client": "c.name", "service_type": "e.service_type",
          "status": "e.status", "lead": "s.name", "next_milestone_due": _NEXT_DUE}


@lru_cache(maxsize=256)
def _where(text: bool, statuses: int, service_type: bool, client_id: bool, lead_id: bool) -> str:
    """The list's WHERE clause for the filters given (``statuses``: how many), with ``?`` for
    each value, in the order ``_params`` gives them."""
    terms = []
    if text:  # as SQLAlchemy's ilike on SQLite (rawsql turns it into ILIKE on PostgreSQL)
        terms.append("(lower(e.code) LIKE lower(?) OR lower(e.title) LIKE lower(?) "
                     "OR lower(c.name) LIKE lower(?))")
    if statuses:
        terms.append(f"e.status IN ({placeholders(statuses)})")
    if service_type:
        terms.append("e.service_type = ?")
    if client_id:
        terms.append("e.client_id = ?")
    if lead_id:
        terms.append("e.lead_id = ?")
    return f" WHERE {' AND '.join(terms)}" if terms else ""


def _params(text: str, statuses: tuple[EngagementStatus, ...], service_type: ServiceType | None,
            client_id: int | None, lead_id: int | None) -> tuple[str, list[object]]:
    """The WHERE clause and its values for these filters."""
    values: list[object] = []
    text = text.strip()
    if text:
        values += [f"%{text}%"] * 3
    values += [EngagementStatus(s).value for s in statuses]
    if service_type is not None:
        values.append(ServiceType(service_type).value)
    for value in (client_id, lead_id):
        if value is not None:
            values.append(value)
    return _where(bool(text), len(statuses), service_type is not None, client_id is not None,
                  lead_id is not None), values


def _order_by(sort: str, descending: bool) -> str:
    key = _ORDER.get(sort, "e.code")
    way = "DESC" if descending else "ASC"
    return f"{key} {way}" if key == "e.code" else f"{key} {way}, e.code"


@lru_cache(maxsize=256)
def _list_sql(where: str, sort: str, descending: bool, paged: bool) -> str:
    return ("SELECT e.id, e.code, e.title, c.name, e.service_type, e.status, coalesce(s.name, '')"
            f"{_FROM}{where} ORDER BY {_order_by(sort, descending)}{' LIMIT ? OFFSET ?' if paged else ''}")


def list_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                         service_type: ServiceType | None = None, client_id: int | None = None,
                         lead_id: int | None = None, sort: str = "code", descending: bool = False,
                         limit: int | None = None, offset: int = 0) -> list[EngagementRow]:
    """One page (``limit``/``offset``) or all of the list, filtered and sorted in SQL.

    Two statements: the rows, then the next open milestone of the engagements among them that
    have not ended (``_next_milestones``). The rows are built straight from the driver's tuples
    with the collector paused: a whole list is 20,000 of them.
    """
    where, values = _params(text, statuses, service_type, client_id, lead_id)
    if limit is not None:
        values += [limit, offset]
    sql = _list_sql(where, sort, descending, limit is not None)
    ended = _ENDED_VALUES
    with gc_paused():
        with store.connection() as conn:
            rows = fetch_all(conn, sql, values)
            upcoming = _next_milestones(conn, [r[0] for r in rows if r[5] not in ended])
        new, services, states, get, none = tuple.__new__, _SERVICES, _STATUSES, upcoming.get, ("", None)
        return [new(EngagementRow, (eid, code, title, client, services[service], states[status], lead,
                                    *(none if status in ended else get(eid, none))))
                for eid, code, title, client, service, status, lead in rows]


_SERVICES = {s.value: s for s in ServiceType}
_STATUSES = {s.value: s for s in EngagementStatus}
_ENDED_VALUES = frozenset(s.value for s in EngagementStatus.ENDED)


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
        rows = fetch_all(conn, sql, engagement_ids)
    else:
        rows = fetch_all(conn, _NEXT_SQL.format(where=""))
    if conn.dialect.name == "postgresql":  # the driver gives dates already
        return {eid: (title, due) for eid, title, due in rows}
    return {eid: (title, as_date(due)) for eid, title, due in rows}


def engagement_position(store: Store, engagement_id: int, *, text: str = "",
                        statuses: tuple[EngagementStatus, ...] = (), service_type: ServiceType | None = None,
                        client_id: int | None = None, lead_id: int | None = None, sort: str = "code",
                        descending: bool = False) -> int | None:
    """Where ``engagement_id`` stands (0-based) in the list ``list_engagement_rows`` gives for the
    same filters and sort, or None when it is not in it: one query, so that opening an engagement
    deep in a 20,000-row list fetches only the page it is on."""
    where, values = _params(text, statuses, service_type, client_id, lead_id)
    sql = (f"SELECT n FROM (SELECT e.id, row_number() OVER (ORDER BY {_order_by(sort, descending)}) AS n"
           f"{_FROM}{where}) AS ranked WHERE id = ?")
    with store.connection() as conn:
        n = run(conn, sql, [*values, engagement_id]).scalar()
    return None if n is None else n - 1


def count_engagement_rows(store: Store, *, text: str = "", statuses: tuple[EngagementStatus, ...] = (),
                          service_type: ServiceType | None = None, client_id: int | None = None,
                          lead_id: int | None = None) -> int:
    """How many rows ``list_engagement_rows`` gives for the same filters."""
    where, values = _params(text, statuses, service_type, client_id, lead_id)
    with store.connection() as conn:
        return run(conn, f"SELECT count(*) FROM engagement e JOIN client c ON c.id = e.client_id{where}",
                   values).scalar_one()
