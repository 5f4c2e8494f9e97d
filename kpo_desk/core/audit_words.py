"""An audit event in words, as a person reads it: which record ("Milestone: Prior-art report",
not "milestone 35") and what changed ("QA note: — → Sources not cited; Status: In QA → Rework",
not "qa_note: ...; status: in_qa → rework").

The one rule for the History tab, and for any report or command that shows the audit trail:
field names become their labels, enum values their ``.label``, dates the app's one date format,
staff ids the person's name, and money its grouped amount.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from sqlmodel import Session, SQLModel

from kpo_desk.core.audit import revive
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.models import (
    Assignment,
    AuditEvent,
    ChecklistItem,
    Client,
    Communication,
    Contact,
    Engagement,
    Milestone,
    Risk,
    Staff,
    TimeEntry,
)
from kpo_desk.core.wording import display_date, plain

#: The record types the trail names, with the word for each.
RECORD_MODELS: dict[str, tuple[type[SQLModel], str]] = {
    "engagement": (Engagement, "Engagement"), "milestone": (Milestone, "Milestone"),
    "assignment": (Assignment, "Assignment"), "timeentry": (TimeEntry, "Time entry"),
    "risk": (Risk, "Risk"), "checklistitem": (ChecklistItem, "Checklist item"),
    "communication": (Communication, "Communication"), "client": (Client, "Client"),
    "contact": (Contact, "Contact"), "staff": (Staff, "Staff member"),
}

#: Field labels where the field's name does not read well once its underscores are spaces.
FIELD_LABELS = {
    "qa_note": "QA note", "qa_result": "QA result", "qa_reviewer_id": "QA reviewer",
    "qa_override_reason": "QA override reason", "budget_cents": "Budget (money)",
    "budget_hours": "Budget (hours)", "signed_on": "Signed", "start_on": "Start", "target_end_on": "Target end",
    "closed_on": "Closed", "due_on": "Due", "delivered_on": "Delivered", "accepted_on": "Accepted",
    "client_visible": "Shown in client reports", "is_key_role": "Key role", "backup_staff_id": "Backup",
    "lead_id": "Lead", "staff_id": "Staff member", "work_date": "Date", "done_by_id": "Done by",
    "verified_by_id": "Verified by", "done_at": "Done at", "verified_at": "Verified at",
    "evidence_expected": "Evidence expected", "health_override": "Health override",
    "health_override_reason": "Health override reason", "health_override_until": "Health override until",
    "override_reason": "Override reason", "service_type": "Service", "text": "Control",
    "follow_up_due": "Follow-up due", "follow_up_done": "Follow-up done", "occurred_at": "When",
}
#: Fields that carry a staff member's id.
STAFF_FIELDS = frozenset({"lead_id", "staff_id", "backup_staff_id", "author_id", "qa_reviewer_id", "owner_id",
                          "done_by_id", "verified_by_id"})
#: Bookkeeping the trail does not show as a change of its own.
HIDDEN_FIELDS = frozenset({"id", "engagement_id", "client_id", "created_at", "updated_at", "overridden_items",
                           "template_key", "template_file"})
EMPTY = "—"


@dataclass(frozen=True, slots=True)
class EventWords:
    record: str  # "Milestone: Prior-art report"
    change: str  # "QA result: — → Failed; Status: In QA → Rework"


def field_label(name: str) -> str:
    """``qa_note`` -> "QA note", ``lead_id`` -> "Lead", ``status`` -> "Status"."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def _staff_name(session: Session, staff_id: Any, cache: dict[int, str]) -> str:
    if not isinstance(staff_id, int):
        return str(staff_id)
    if staff_id not in cache:
        person = session.get(Staff, staff_id)
        cache[staff_id] = person.name if person is not None else f"staff member {staff_id} (removed)"
    return cache[staff_id]


def value_words(model: type[SQLModel] | None, name: str, raw: Any, *, session: Session | None = None,
                staff: dict[int, str] | None = None) -> str:
    """One stored value as a person reads it."""
    if raw is None or raw == "":
        return EMPTY
    if name in STAFF_FIELDS and session is not None:
        return _staff_name(session, raw, staff if staff is not None else {})
    value = raw
    if model is not None and name in model.model_fields:
        try:
            value = revive(model, {name: raw}).get(name, raw)
        except (ValueError, TypeError):
            value = raw
    if isinstance(value, Enum) and not isinstance(getattr(value, "label", None), str):
        return str(value.value)
    if name == "budget_cents" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value / 100:,.2f}".removesuffix(".00")
    return " ".join(plain(value).split())  # one line: a note's line breaks become spaces


def _name_from(record_type: str, values: dict[str, Any]) -> str:
    if record_type == "timeentry" and values.get("hours") is not None:
        when = values.get("work_date")
        day = display_date(date.fromisoformat(when)) if isinstance(when, str) else ""
        return f"{values['hours']:g} h" + (f" on {day}" if day else "")
    for key in ("code", "title", "name", "subject", "text", "description", "role"):
        if values.get(key):
            return " ".join(str(values[key]).split())
    return ""


def record_name(session: Session, record_type: str, record_id: int | None,
                fallback: dict[str, Any] | None = None) -> str:
    """The record's human name, as it is now; for a deleted record, as the event last saw it."""
    model, word = RECORD_MODELS.get(record_type, (None, record_type.replace("_", " ").capitalize()))
    values: dict[str, Any] = {}
    record = session.get(model, record_id) if model is not None and record_id is not None else None
    if record is not None:
        values = {k: getattr(record, k) for k in type(record).model_fields}
        if isinstance(values.get("work_date"), date):
            values["work_date"] = values["work_date"].isoformat()
        if record_type == "assignment":
            person = session.get(Staff, values.get("staff_id")) if values.get("staff_id") else None
            values["title"] = f"{person.name}, {values.get('role')}" if person else values.get("role")
    elif fallback:
        values = fallback
    name = _name_from(record_type, values)
    return f"{word}: {name}" if name else f"{word} {record_id}"


def change_words(session: Session | None, event: AuditEvent, *, staff: dict[int, str] | None = None) -> str:
    """What the event did, in words: created or deleted what, or each changed field old → new."""
    old, new = json.loads(event.old_values or "{}"), json.loads(event.new_values or "{}")
    model = RECORD_MODELS.get(event.record_type, (None, ""))[0]
    staff = {} if staff is None else staff
    if event.action == AuditAction.CREATE:
        return f"Created {_name_from(event.record_type, new)}".strip()
    if event.action == AuditAction.DELETE:
        return f"Deleted {_name_from(event.record_type, old)}".strip()
    def order(key: str) -> tuple[int, str]:  # the status first, long texts (notes) last
        long = max(len(str(old.get(key) or "")), len(str(new.get(key) or ""))) > 40
        return (0 if key in ("status", "state") else 2 if long else 1, field_label(key))

    parts = []
    for key in sorted(set(old) | set(new), key=order):
        if key in HIDDEN_FIELDS or key == "override_reason" or old.get(key) == new.get(key):
            continue
        before = value_words(model, key, old.get(key), session=session, staff=staff)
        after = value_words(model, key, new.get(key), session=session, staff=staff)
        parts.append(f"{field_label(key)}: {before} → {after}")
    if new.get("override_reason"):
        parts.append(f"Override: {' '.join(str(new['override_reason']).split())}")
    return "; ".join(parts) or event.action.label


def describe_event(session: Session, event: AuditEvent, *, staff: dict[int, str] | None = None) -> EventWords:
    """The record and the change of one audit event, in words."""
    snapshot = json.loads(event.old_values or "{}") | json.loads(event.new_values or "{}")
    return EventWords(record_name(session, event.record_type, event.record_id, snapshot),
                      change_words(session, event, staff=staff))
