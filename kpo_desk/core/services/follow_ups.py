"""Follow-ups: what the firm promised a client, across every engagement, overdue first.

A lost follow-up is a lost client, so an open follow-up stays on the list whatever the
state of its engagement: a promise made on an engagement that has since closed is still
a promise. Marking one done goes through ``communications.set_follow_up_done``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kpo_desk.core.rawsql import as_date, fetch_all, run
from kpo_desk.core.store import Store

#: "Due soon" on the dashboard: within this many days from today.
DUE_SOON_DAYS = 7


@dataclass(frozen=True, slots=True)
class FollowUp:
    communication_id: int
    engagement_id: int
    engagement_code: str
    client_name: str
    client_timezone: str
    subject: str
    due_on: date
    contact_name: str  # the first contact involved, or "" when there is none
    days_overdue: int  # positive: overdue by that many days; 0: due today; negative: not yet due

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True, slots=True)
class FollowUpCounts:
    overdue: int
    due_today: int
    due_soon: int  # after today, within DUE_SOON_DAYS
    open: int  # every open follow-up, including those above


#: An open follow-up, for plain SQL on ``communication c`` (rawsql.run gives it to PostgreSQL);
#: SQLite's index ix_communication_followup_pending repeats it.
_OPEN = "c.follow_up_done = 0 AND c.follow_up_due IS NOT NULL"


def open_follow_ups(store: Store, today: date, limit: int = 200, *, offset: int = 0,
                    engagement_id: int | None = None) -> list[FollowUp]:
    """Open follow-ups across engagements (or one), the most overdue first, then by due date.

    Served by the (follow_up_done, follow_up_due) index; only the columns shown are loaded.
    """
    sql = _FOLLOW_UPS.format(engagement="AND c.engagement_id = ? " if engagement_id is not None else "")
    params = ([engagement_id] if engagement_id is not None else []) + [max(0, int(limit)), max(0, int(offset))]
    with store.connection() as conn:
        rows = fetch_all(conn, sql, params)
    return [_follow_up(row, today) for row in rows]


def _follow_up(row: tuple, today: date) -> FollowUp:
    cid, eid, code, client, zone, subject, due, contact = row
    due = as_date(due)
    return FollowUp(cid, eid, code, client or "", zone or "", subject or "", due, contact or "", (today - due).days)


#: Plain SQL written once (rawsql.run gives it to PostgreSQL): on a page of 200 the ORM's
#: statement and rows cost as much again as the server's own answer (bench_server_queries).
_FOLLOW_UPS = ("SELECT c.id, e.id, e.code, cl.name, cl.timezone, c.subject, c.follow_up_due, "
               "(SELECT min(ct.name) FROM contact ct JOIN communicationcontact cc ON cc.contact_id = ct.id "
               "WHERE cc.communication_id = c.id) "
               "FROM communication c JOIN engagement e ON e.id = c.engagement_id "
               "JOIN client cl ON cl.id = e.client_id "
               f"WHERE {_OPEN} {{engagement}}"
               "ORDER BY c.follow_up_due, c.id LIMIT ? OFFSET ?")


def follow_up_counts(store: Store, today: date) -> FollowUpCounts:
    """The dashboard's follow-up numbers, in one grouped query."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    day = today.isoformat()
    with store.connection() as conn:
        overdue, due_today, due_soon, total = run(conn, _COUNTS, (day, day, day, soon.isoformat())).one()
    return FollowUpCounts(overdue=int(overdue), due_today=int(due_today), due_soon=int(due_soon),
                          open=int(total))


_COUNTS = ("SELECT coalesce(sum(CASE WHEN c.follow_up_due < ? THEN 1 ELSE 0 END), 0), "
           "coalesce(sum(CASE WHEN c.follow_up_due = ? THEN 1 ELSE 0 END), 0), "
           "coalesce(sum(CASE WHEN c.follow_up_due > ? AND c.follow_up_due <= ? THEN 1 ELSE 0 END), 0), "
           f"count(*) FROM communication c WHERE {_OPEN}")
