"""IP-protection checklist items and the evidence files that back them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, text
from sqlmodel import Field, SQLModel

from kpo_desk.core.enums import ChecklistState, Gate, Recurrence
from kpo_desk.core.models.types import (
    StrEnumType,
    UTCDateTime,
    checks_version,
    utcnow,
    version_column,
)

#: The condition of ``ix_checklistitem_pending_due``: items that can fall due (open ones, and done
#: ones that recur). A partial index serves a query only when the query repeats these terms with
#: the same literal values (bound parameters do not match), so ``due_items`` spells them out.
PENDING_DUE = ("due_on IS NOT NULL AND (state = 'open' OR (state = 'done' AND recurrence != 'none'))")
#: The condition of ``ix_attachment_expires_on``: files that expire.
EXPIRING = "expires_on IS NOT NULL"


class ChecklistItem(SQLModel, table=True):
    __table_args__ = (Index("ix_checklistitem_pending_due", "due_on", sqlite_where=text(PENDING_DUE)),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", index=True, ondelete="CASCADE")
    template_key: str = Field(default="", max_length=120, description="stable id of the template item")
    template_file: str = Field(default="", max_length=120, description="the template file it came from")
    category: str = Field(default="", max_length=80)
    text: str
    required: bool = Field(default=True)
    gate: Gate = Field(default=Gate.NONE, sa_type=StrEnumType(Gate))
    evidence_expected: bool = Field(default=False)
    recurrence: Recurrence = Field(default=Recurrence.NONE, sa_type=StrEnumType(Recurrence))
    state: ChecklistState = Field(default=ChecklistState.OPEN, sa_type=StrEnumType(ChecklistState))
    owner_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    due_on: date | None = None
    done_by_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    verified_by_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    verified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    reason: str = Field(default="", description="why it is not applicable or waived")
    note: str = Field(default="")
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class Attachment(SQLModel, table=True):
    """A file kept in the store's attachment folder, named by its SHA-256."""

    __table_args__ = (Index("ix_attachment_expires_on", "expires_on", sqlite_where=text(EXPIRING)),)

    id: int | None = Field(default=None, primary_key=True)
    checklist_item_id: int | None = Field(
        default=None, foreign_key="checklistitem.id", index=True, ondelete="CASCADE"
    )
    communication_id: int | None = Field(
        default=None, foreign_key="communication.id", index=True, ondelete="CASCADE"
    )
    sha256: str = Field(max_length=64, index=True)
    original_name: str = Field(max_length=255)
    size: int = Field(ge=0)
    added_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_on: date | None = None
