"""Who a client report is for, when the person generating it has not said.

The default is the recipient of the last report on this engagement (the manager wrote it, and
next week's report goes to the same person). Before the first report it is the client's main
contact: the first contact recorded for that client (lowest id, a stable rule). It is never a
contact of another client, and it is empty when the client has no contact yet.
"""

from __future__ import annotations

from sqlmodel import Session, select

from kpo_desk.core.i18n import first_supported
from kpo_desk.core.models import Client, Contact, Engagement, ReportRecord


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


def recipient_contact(session: Session, client_id: int, recipient: str) -> Contact | None:
    """The client's contact a recipient line names ("Dr. Hiroshi Sato, Director IP" or just the
    name, any case); None when it names none of them."""
    wanted = " ".join(recipient.split()).casefold()
    if not wanted:
        return None
    for contact in session.exec(select(Contact).where(Contact.client_id == client_id)
                                .order_by(Contact.id)):
        if wanted in (" ".join(contact_label(contact).split()).casefold(),
                      " ".join(contact.name.split()).casefold()):
            return contact
    return None


def default_language(session: Session, engagement_id: int, recipient: str) -> str:
    """The language a report to ``recipient`` is written in: the recipient contact's, then the
    client's, then English (the first of them a catalog serves; a language without a catalog
    is returned when nothing better is known, so the caller can say it falls back to English)."""
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        return first_supported()
    client = session.get(Client, engagement.client_id)
    contact = recipient_contact(session, engagement.client_id, recipient)
    return first_supported(contact.language if contact else None, client.language if client else None)
