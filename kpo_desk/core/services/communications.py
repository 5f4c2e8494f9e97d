"""The communication log. Times are stored in UTC and shown in the user's and the client's zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

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
                      staff_ids: Sequence[int] = (), message_id: str | None = None) -> Communication:
    c = Communication(engagement_id=engagement_id, channel=channel, direction=direction,
                      occurred_at=occurred_at, subject=subject, body=body, language=language,
                      follow_up_due=follow_up_due, client_visible=client_visible, message_id=message_id)
    with store.transaction() as session:
        validate_communication(session, c)
        session.add(c)
        base.flush(session)
        _link_participants(session, c, contact_ids, staff_ids)
        new = audit.snapshot(c) | {"contact_ids": list(contact_ids), "staff_ids": list(staff_ids)}
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=c, new=new)
    return c


def update_communication(store: Store, communication_id: int, **changes: Any) -> Communication:
    return base.update(store, Communication, communication_id, changes, validate_communication,
                       protected=base.PROTECTED | {"message_id"})


def set_follow_up_done(store: Store, communication_id: int, done: bool = True) -> Communication:
    return update_communication(store, communication_id, follow_up_done=done)


def delete_communication(store: Store, communication_id: int) -> dict[str, Any]:
    return base.delete(store, Communication, communication_id)


def list_communications(store: Store, engagement_id: int, *, limit: int = 500) -> list[Communication]:
    with store.read() as s:
        stmt = (select(Communication).where(Communication.engagement_id == engagement_id)
                .order_by(col(Communication.occurred_at).desc()).limit(limit))
        return list(s.exec(stmt))


def participants(store: Store, communication_id: int) -> tuple[list[Contact], list[Staff]]:
    with store.read() as s:
        contacts = s.exec(select(Contact).join(CommunicationContact).where(
            CommunicationContact.communication_id == communication_id)).all()
        staff = s.exec(select(Staff).join(CommunicationStaff).where(
            CommunicationStaff.communication_id == communication_id)).all()
    return list(contacts), list(staff)
