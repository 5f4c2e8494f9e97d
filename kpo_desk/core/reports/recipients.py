"""Who a client report is for, when the person generating it has not said.

The default is the recipient of the last report on this engagement (the manager wrote it, and
next week's report goes to the same person). Before the first report it is the client's main
contact: the first contact recorded for that client (lowest id, a stable rule). It is never a
contact of another client, and it is empty when the client has no contact yet.
"""

from __future__ import annotations

from sqlmodel import Session, select

from kpo_desk.core.models import Contact, Engagement, ReportRecord


def contact_label(contact: Contact) -> str:
    """"Dr. Hiroshi Sato, Director IP": the name, with the role when there is one."""
    name, role = contact.name.strip(), contact.role.strip()
    return f"{name}, {role}" if role else name


def main_contact(session: Session, client_id: int) -> Contact | None:
    """The client's main contact: the first one recorded for that client."""
    return session.exec(select(Contact).where(Contact.client_id == client_id)
                        .order_by(Contact.id)).first()


def default_recipient(session: Session, engagement_id: int) -> str:
    """The last recipient on this engagement's reports, else its client's main contact, else ""."""
    last = session.exec(
        select(ReportRecord.recipient)
        .where(ReportRecord.engagement_id == engagement_id, ReportRecord.recipient != "")
        .order_by(ReportRecord.generated_at.desc(), ReportRecord.id.desc())
    ).first()
    if last:
        return last
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        return ""
    contact = main_contact(session, engagement.client_id)
    return contact_label(contact) if contact is not None else ""
