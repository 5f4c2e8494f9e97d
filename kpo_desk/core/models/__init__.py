"""The domain as SQLModel tables. Importing this package registers every table."""

from functools import cache
from typing import Any

from sqlalchemy.orm import aliased

from kpo_desk.core.models.checklists import Attachment, ChecklistItem
from kpo_desk.core.models.communications import (
    Communication,
    CommunicationContact,
    CommunicationStaff,
)
from kpo_desk.core.models.engagements import (
    Assignment,
    Engagement,
    EngagementBase,
    Milestone,
    Risk,
    TimeEntry,
)
from kpo_desk.core.models.parties import Client, ClientBase, Contact, ContactBase, Setting, Staff
from kpo_desk.core.models.records import AuditEvent, ReportPreset, ReportRecord
from kpo_desk.core.models.types import utcnow

__all__ = [
    "Assignment",
    "Attachment",
    "AuditEvent",
    "ChecklistItem",
    "Client",
    "ClientBase",
    "Communication",
    "CommunicationContact",
    "CommunicationStaff",
    "Contact",
    "ContactBase",
    "Engagement",
    "EngagementBase",
    "Milestone",
    "ReportPreset",
    "ReportRecord",
    "Risk",
    "Setting",
    "Staff",
    "TimeEntry",
    "utcnow",
]


@cache
def alias_of(model: Any, role: str) -> Any:
    """The ORM alias of ``model`` playing ``role`` in a query (``alias_of(Staff, "backup")``),
    made once, when first asked for. The first alias of a process configures every mapper
    (about 15 ms), which a module must not do as it is imported: it would delay the window's
    first paint, before any query needs it."""
    del role  # only tells two aliases of one model apart
    return aliased(model)
