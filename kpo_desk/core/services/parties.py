"""Clients, their contacts, and the firm's staff."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from kpo_desk.core import validation as v
from kpo_desk.core.enums import Channel
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Client, Contact, Engagement, Staff
from kpo_desk.core.services import base
from kpo_desk.core.store import Store


# -- clients -------------------------------------------------------------------------------------
def validate_client(session: Session, c: Client) -> None:
    c.name = v.required_text(c.name, "name", "Client name")
    c.industry = v.optional_text(c.industry, "industry", "Industry", max_length=120)
    c.country = v.optional_text(c.country, "country", "Country", max_length=80)
    c.timezone = v.timezone(c.timezone)
    c.language = v.language(c.language) or "en"
    c.notes = v.optional_text(c.notes, "notes", "Notes", max_length=20000)
    clash = session.exec(
        select(Client.id).where(func.lower(Client.name) == c.name.lower(), Client.id != c.id)
    ).first()
    if clash is not None:
        raise ValidationError(f"A client named '{c.name}' already exists.", field="name")


def create_client(store: Store, *, name: str, industry: str = "", country: str = "",
                  timezone: str = "UTC", language: str = "en", notes: str = "") -> Client:
    client = Client(name=name, industry=industry, country=country, timezone=timezone,
                    language=language, notes=notes)
    return base.create(store, client, validate_client)


def update_client(store: Store, client_id: int, **changes: Any) -> Client:
    return base.update(store, Client, client_id, changes, validate_client)


def _client_unused(session: Session, client: Client) -> None:
    if session.exec(select(Engagement.id).where(Engagement.client_id == client.id)).first():
        raise ValidationError(
            f"{client.name} still has engagements; archive the client instead of deleting it."
        )


def delete_client(store: Store, client_id: int) -> dict[str, Any]:
    return base.delete(store, Client, client_id, _client_unused)


def list_clients(store: Store, *, include_archived: bool = False) -> list[Client]:
    stmt = select(Client).order_by(func.lower(Client.name))
    if not include_archived:
        stmt = stmt.where(Client.archived == False)  # noqa: E712
    with store.read() as s:
        return list(s.exec(stmt))


# -- contacts ------------------------------------------------------------------------------------
def validate_contact(session: Session, c: Contact) -> None:
    base.get_or_fail(session, Client, c.client_id, "client", field="client_id")
    c.name = v.required_text(c.name, "name", "Contact name")
    c.role = v.optional_text(c.role, "role", "Role", max_length=120)
    c.email = v.email(c.email)
    c.phone = v.optional_text(c.phone, "phone", "Phone", max_length=60)
    if c.preferred_channel is not None:
        try:
            c.preferred_channel = Channel(c.preferred_channel)
        except ValueError:
            raise ValidationError(f"'{c.preferred_channel}' is not a channel.",
                                  field="preferred_channel") from None
    c.language = v.language(c.language)
    c.timezone = v.timezone(c.timezone, allow_empty=True)


def create_contact(store: Store, *, client_id: int, name: str, role: str = "", email: str = "",
                   phone: str = "", preferred_channel: Channel | None = None, language: str = "",
                   timezone: str = "") -> Contact:
    contact = Contact(client_id=client_id, name=name, role=role, email=email, phone=phone,
                      preferred_channel=preferred_channel, language=language, timezone=timezone)
    return base.create(store, contact, validate_contact)


def update_contact(store: Store, contact_id: int, **changes: Any) -> Contact:
    return base.update(store, Contact, contact_id, changes, validate_contact)


def delete_contact(store: Store, contact_id: int) -> dict[str, Any]:
    return base.delete(store, Contact, contact_id)


def list_contacts(store: Store, client_id: int) -> list[Contact]:
    with store.read() as s:
        return list(s.exec(select(Contact).where(Contact.client_id == client_id).order_by(Contact.name)))


def contact_timezone(contact: Contact, client: Client) -> str:
    """A contact's zone, defaulting to the client's."""
    return contact.timezone or client.timezone


# -- staff ---------------------------------------------------------------------------------------
def validate_staff(session: Session, s: Staff) -> None:
    s.name = v.required_text(s.name, "name", "Name")
    s.role = v.optional_text(s.role, "role", "Role", max_length=120)
    s.email = v.email(s.email)


def create_staff(store: Store, *, name: str, role: str = "", email: str = "",
                 active: bool = True) -> Staff:
    return base.create(store, Staff(name=name, role=role, email=email, active=active), validate_staff)


def update_staff(store: Store, staff_id: int, **changes: Any) -> Staff:
    return base.update(store, Staff, staff_id, changes, validate_staff)


def list_staff(store: Store, *, include_inactive: bool = False) -> list[Staff]:
    stmt = select(Staff).order_by(Staff.name)
    if not include_inactive:
        stmt = stmt.where(Staff.active == True)  # noqa: E712
    with store.read() as s:
        return list(s.exec(stmt))
