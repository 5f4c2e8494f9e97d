"""The domain as SQLModel tables. Importing this package registers every table."""

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
