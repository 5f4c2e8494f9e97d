"""The communication log. Times are stored in UTC and shown in the user's and the client's zone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import false, or_
from sqlmodel import Session, col, func, select

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction, Channel, Direction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import (
    Communication,
    CommunicationContact,
    CommunicationStaff,
    Contact,
    Engagement,
    Staff,
)
from kpo_desk.core.search import index_for
from kpo_desk.core.search.query import parse_query
from kpo_desk.core.services import base
from kpo_desk.core.store import Store


def validate_communication(session: Session, c: Communication) -> None:
    base.get_or_fail(session, Engagement, c.engagement_id, "engagement")
    c.channel = v.choice(c.channel, Channel, "channel", "channel")
    c.direction = v.choice(c.direction, Direction, "direction", "direction")
    if not isinstance(c.occurred_at, datetime):
        raise ValidationError("When it happened is required.", field="occurred_at")
    if c.occurred_at.tzinfo is None:
        raise ValidationError("The time needs its time zone.", field="occurred_at")
    v.business_date(c.occurred_at.date(), "occurred_at", "The date")
    c.subject = v.optional_text(c.subject, "subject", "Subject", max_length=500)
    c.body = v.optional_text(c.body, "body", "Summary", max_length=2_000_000)
    if not c.subject and not c.body:
        raise ValidationError("Give a subject or a summary.", field="subject")
    c.language = v.language(c.language)
    c.follow_up_due = v.business_date(c.follow_up_due, "follow_up_due", "Follow-up date")


def _link_participants(session: Session, comm: Communication, contact_ids: Sequence[int],
                       staff_ids: Sequence[int]) -> None:
    engagement = session.get(Engagement, comm.engagement_id)
    for contact_id in dict.fromkeys(contact_ids):
        contact = session.get(Contact, contact_id)
        if contact is None or engagement is None or contact.client_id != engagement.client_id:
            raise ValidationError(f"Contact {contact_id} is not a contact of this client.", field="contacts")
        session.add(CommunicationContact(communication_id=comm.id, contact_id=contact_id))
    for staff_id in dict.fromkeys(staff_ids):
        if session.get(Staff, staff_id) is None:
            raise ValidationError(f"There is no staff member with id {staff_id}.", field="staff")
        session.add(CommunicationStaff(communication_id=comm.id, staff_id=staff_id))


def log_communication(store: Store, *, engagement_id: int, channel: Channel | str,
                      direction: Direction | str, occurred_at: datetime, subject: str = "",
                      body: str = "", language: str = "", follow_up_due: date | None = None,
                      client_visible: bool = False, contact_ids: Sequence[int] = (),
                      staff_ids: Sequence[int] = (), message_id: str | None = None,
                      sender: str = "", recipients: str = "",
                      note: dict[str, Any] | None = None) -> Communication:
    """Log a call, e-mail or meeting: validate, insert, link its people and audit it, in one
    unit of work (the caller's, if it holds one: the mail import adds the message's attachments
    in the same transaction, so a message is never half-imported). ``note`` adds to the audit
    record. ``occurred_at`` must be timezone-aware; to take a wall time typed in the user's or
    the client's zone, convert it with ``kpo_desk.core.local_time.local_to_utc`` first."""
    c = Communication(engagement_id=engagement_id, channel=channel, direction=direction,
                      occurred_at=occurred_at, subject=subject, body=body, language=language,
                      follow_up_due=follow_up_due, client_visible=client_visible, message_id=message_id,
                      sender=sender, recipients=recipients)
    with store.transaction() as session:
        validate_communication(session, c)
        session.add(c)
        base.flush(session)
        _link_participants(session, c, contact_ids, staff_ids)
        new = audit.snapshot(c) | {"contact_ids": list(contact_ids), "staff_ids": list(staff_ids)} | (note or {})
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=c, new=new)
    return c


def update_communication(store: Store, communication_id: int, **changes: Any) -> Communication:
    return base.update(store, Communication, communication_id, changes, validate_communication,
                       protected=base.PROTECTED | {"message_id"})


def set_follow_up_done(store: Store, communication_id: int, done: bool = True) -> Communication:
    return update_communication(store, communication_id, follow_up_done=done)


def delete_communication(store: Store, communication_id: int) -> dict[str, Any]:
    return base.delete(store, Communication, communication_id)


#: What the Communications view may sort by (all indexed or cheap on one engagement).
SORTABLE = {
    "occurred_at": Communication.occurred_at,
    "subject": Communication.subject,
    "channel": Communication.channel,
    "direction": Communication.direction,
    "follow_up_due": Communication.follow_up_due,
}


@dataclass(frozen=True)
class CommunicationFilter:
    """The filters of the Communications view; every field left at its default filters nothing.

    ``text`` goes through the search index (words, prefixes, accents optional); the rest
    is plain SQL. ``since`` and ``until`` are aware instants (``until`` excluded).
    """

    engagement_id: int | None = None
    text: str = ""
    channel: Channel | str | None = None
    direction: Direction | str | None = None
    follow_up_open: bool | None = None
    client_visible: bool | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self, store: Store) -> list[Any]:
        clauses: list[Any] = []
        if self.engagement_id is not None:
            clauses.append(Communication.engagement_id == self.engagement_id)
        if self.channel:
            clauses.append(Communication.channel == v.choice(self.channel, Channel, "channel", "channel"))
        if self.direction:
            clauses.append(Communication.direction == v.choice(self.direction, Direction, "direction",
                                                               "direction"))
        if self.follow_up_open is True:
            clauses += [Communication.follow_up_due.is_not(None), Communication.follow_up_done.is_(False)]
        elif self.follow_up_open is False:
            clauses.append(or_(Communication.follow_up_due.is_(None), Communication.follow_up_done.is_(True)))
        if self.client_visible is not None:
            clauses.append(Communication.client_visible.is_(bool(self.client_visible)))
        for bound, label in ((self.since, "since"), (self.until, "until")):
            if bound is not None and bound.tzinfo is None:
                raise ValidationError("The time needs its time zone.", field=label)
        if self.since is not None:
            clauses.append(Communication.occurred_at >= self.since)
        if self.until is not None:
            clauses.append(Communication.occurred_at < self.until)
        if self.text.strip():
            terms = parse_query(self.text)
            if not terms:
                clauses.append(false())
            else:
                clauses.append(col(Communication.id).in_(index_for(store).matching_ids("communication", terms)))
        return clauses


def list_communications(store: Store, engagement_id: int | None = None, *, text: str = "",
                        filters: CommunicationFilter | None = None, sort: str = "occurred_at",
                        descending: bool = True, limit: int = 500, offset: int = 0) -> list[Communication]:
    """One page of the log, filtered, sorted and paged in SQL (the view fetches more as it scrolls).

    ``engagement_id`` and ``text`` are shorthands for the same fields of ``filters``.
    """
    f = _merge_filter(engagement_id, text, filters)
    if sort not in SORTABLE:
        raise ValidationError(f"Cannot sort communications by '{sort}'; choose one of "
                              f"{', '.join(SORTABLE)}.", field="sort")
    key = SORTABLE[sort]
    order = [key.desc() if descending else key.asc(),
             col(Communication.id).desc() if descending else col(Communication.id).asc()]
    stmt = (select(Communication).where(*f.where(store)).order_by(*order)
            .limit(max(0, int(limit))).offset(max(0, int(offset))))
    with store.read() as s:
        return list(s.exec(stmt))


def count_communications(store: Store, engagement_id: int | None = None, *, text: str = "",
                         filters: CommunicationFilter | None = None) -> int:
    """How many entries the same filters give (for "1-500 of 12,034")."""
    f = _merge_filter(engagement_id, text, filters)
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Communication).where(*f.where(store))).one()


def _merge_filter(engagement_id: int | None, text: str, filters: CommunicationFilter | None
                  ) -> CommunicationFilter:
    f = filters or CommunicationFilter()
    if engagement_id is not None:
        f = replace(f, engagement_id=engagement_id)
    if text:
        f = replace(f, text=text)
    return f


def participants(store: Store, communication_id: int) -> tuple[list[Contact], list[Staff]]:
    with store.read() as s:
        contacts = s.exec(select(Contact).join(CommunicationContact).where(
            CommunicationContact.communication_id == communication_id)).all()
        staff = s.exec(select(Staff).join(CommunicationStaff).where(
            CommunicationStaff.communication_id == communication_id)).all()
    return list(contacts), list(staff)
