"""The log's list rows: each entry with its engagement code and the client's zone, paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from kpo_desk.core.enums import Channel, Direction
from kpo_desk.core.models import Client, Communication, Engagement
from kpo_desk.core.services.communications import SORTABLE, CommunicationFilter
from kpo_desk.core.store import Store


@dataclass(frozen=True, slots=True)
class CommunicationRow:
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


def communication_rows(store: Store, filters: CommunicationFilter | None = None, *, sort: str = "occurred_at",
                       descending: bool = True, limit: int = 2000, offset: int = 0) -> list[CommunicationRow]:
    filters = filters or CommunicationFilter()
    order = SORTABLE.get(sort, Communication.occurred_at)
    stmt = (select(Communication.id, Communication.engagement_id, Engagement.code, Client.name, Client.timezone,
                   Communication.occurred_at, Communication.channel, Communication.direction, Communication.subject,
                   Communication.body, Communication.language, Communication.follow_up_due,
                   Communication.follow_up_done, Communication.client_visible, Communication.sender)
            .join(Engagement, Engagement.id == Communication.engagement_id)
            .join(Client, Client.id == Engagement.client_id)
            .where(*filters.where(store))
            .order_by(order.desc() if descending else order.asc(), Communication.id.desc())
            .limit(limit).offset(offset))
    with store.read() as s:
        return [CommunicationRow(*r) for r in s.execute(stmt).all()]
