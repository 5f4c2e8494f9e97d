"""Who the firm deals with: clients and their contacts, and the firm's own staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from kpo_desk.core.enums import Channel
from kpo_desk.core.models.types import (
    StrEnumType,
    UTCDateTime,
    checks_version,
    utcnow,
    version_column,
)


class ClientBase(SQLModel):
    name: str = Field(max_length=200, index=True)
    industry: str = Field(default="", max_length=120)
    country: str = Field(default="", max_length=80)
    timezone: str = Field(default="UTC", max_length=64)
    language: str = Field(default="en", max_length=35)
    notes: str = Field(default="")
    archived: bool = Field(default=False)


class Client(ClientBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class ContactBase(SQLModel):
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254, index=True)
    phone: str = Field(default="", max_length=60)
    preferred_channel: Channel | None = Field(default=None, sa_type=StrEnumType(Channel))
    language: str = Field(default="", max_length=35)
    timezone: str = Field(default="", max_length=64, description="empty means the client's zone")


class Contact(ContactBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class StaffBase(SQLModel):
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254)
    active: bool = Field(default=True)


class Staff(StaffBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class Setting(SQLModel, table=True):
    """The firm's settings, kept in the store so they travel with the data."""

    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(default="")
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)
