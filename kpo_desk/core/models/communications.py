"""The communication log: every call, e-mail and meeting with the client."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, text
from sqlmodel import Field, SQLModel

from kpo_desk.core.enums import Channel, Direction
from kpo_desk.core.models.types import StrEnumType, UTCDateTime, checks_version, version_column

#: The condition of ``ix_communication_followup_pending``: follow-ups still owed. The health rules
#: look these up per engagement; the query repeats the condition literally so the index serves it.
FOLLOW_UP_PENDING = "follow_up_done = 0 AND follow_up_due IS NOT NULL"


class Communication(SQLModel, table=True):
    __table_args__ = (
        Index("ix_communication_engagement_when", "engagement_id", "occurred_at"),
        Index("ix_communication_followup_open", "follow_up_done", "follow_up_due"),
        Index("ix_communication_followup_pending", "engagement_id", "follow_up_due",
              sqlite_where=text(FOLLOW_UP_PENDING)),
    )

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE")
    channel: Channel = Field(sa_type=StrEnumType(Channel))
    direction: Direction = Field(sa_type=StrEnumType(Direction))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    subject: str = Field(default="", max_length=500)
    sender: str = Field(default="", max_length=500, description="From: as written, for imported mail")
    recipients: str = Field(default="", description="To: and Cc: as written, for imported mail")
    body: str = Field(default="")
    language: str = Field(default="", max_length=35)
    follow_up_due: date | None = None
    follow_up_done: bool = Field(default=False)
    client_visible: bool = Field(default=False)
    message_id: str | None = Field(default=None, max_length=998, unique=True,
                                   description="Message-ID of an imported mail; empty when logged by hand")
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class CommunicationContact(SQLModel, table=True):
    communication_id: int = Field(foreign_key="communication.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True, ondelete="CASCADE")


class CommunicationStaff(SQLModel, table=True):
    communication_id: int = Field(foreign_key="communication.id", primary_key=True, ondelete="CASCADE")
    staff_id: int = Field(foreign_key="staff.id", primary_key=True, index=True, ondelete="CASCADE")
