"""The log's list rows: each entry with its engagement code and the client's zone, paged in SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import select, type_coerce
from sqlalchemy.types import NullType

from kpo_desk.core.enums import Channel, Direction
from kpo_desk.core.models import Client, Communication, Engagement
from kpo_desk.core.rawsql import as_date, fetch_all
from kpo_desk.core.services.communications import SORTABLE, CommunicationFilter
from kpo_desk.core.store import Store


class CommunicationRow(NamedTuple):
    """One line of the log (a named tuple: a page builds 500 of these, and a frozen dataclass
    costs three times as much to construct)."""

    id: int
    engagement_id: int
    code: str
    client: str
    client_timezone: str
    occurred_at: datetime
    channel: Channel
    direction: Direction
    subject: str
    body: str
    language: str
    follow_up_due: date | None
    follow_up_done: bool
    client_visible: bool
    sender: str


#: The list's columns, read as stored (no SQLAlchemy result processing): a page of the log is
#: 500 rows, and the per-value type processors cost twice what SQLite does. ``_row`` converts.
_COLUMNS = tuple(type_coerce(c, NullType()) for c in (
    Communication.id, Communication.engagement_id, Engagement.code, Client.name, Client.timezone,
    Communication.occurred_at, Communication.channel, Communication.direction, Communication.subject,
    Communication.body, Communication.language, Communication.follow_up_due, Communication.follow_up_done,
    Communication.client_visible, Communication.sender))
_CHANNELS = {c.value: c for c in Channel}
_DIRECTIONS = {d.value: d for d in Direction}


#: The joins of every page, built once (the filters and the sort are added per call).
_SELECT = (select(*_COLUMNS)
           .join(Engagement, Engagement.id == Communication.engagement_id)
           .join(Client, Client.id == Engagement.client_id))


def _instant(value: str | datetime) -> datetime:
    """The moment as read past its column type: naive UTC as ISO text on SQLite, a datetime on
    PostgreSQL."""
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")  # stored as naive UTC
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _day(value: object) -> date | None:
    return as_date(value) if value else None


def communication_rows(store: Store, filters: CommunicationFilter | None = None, *, sort: str = "occurred_at",
                       descending: bool = True, limit: int = 2000, offset: int = 0) -> list[CommunicationRow]:
    filters = filters or CommunicationFilter()
    order = SORTABLE.get(sort, Communication.occurred_at)
    stmt = (_SELECT.where(*filters.where(store))
            .order_by(order.desc() if descending else order.asc(), Communication.id.desc())
            .limit(limit).offset(offset))
    with store.connection() as conn:
        rows = fetch_all(conn, stmt)
        server = conn.dialect.name == "postgresql"
    # Converted here, in one pass: PostgreSQL gives naive UTC datetimes (made aware, as the column
    # type does), dates and booleans; SQLite gives text and integers.
    new, channels, directions = tuple.__new__, _CHANNELS, _DIRECTIONS
    if server:
        utc = UTC
        return [new(CommunicationRow, (cid, eid, code, client, zone, occurred.replace(tzinfo=utc), channels[channel],
                                       directions[direction], subject, body, language, due, done, visible,
                                       sender))
                for (cid, eid, code, client, zone, occurred, channel, direction, subject, body, language, due,
                     done, visible, sender) in rows]
    day, instant = _day, _instant
    return [new(CommunicationRow, (cid, eid, code, client, zone, instant(occurred), channels[channel],
                                   directions[direction], subject, body, language, day(due), bool(done),
                                   bool(visible), sender))
            for (cid, eid, code, client, zone, occurred, channel, direction, subject, body, language, due,
                 done, visible, sender) in rows]
