"""Every record the desk edits, declared once: its fields and the core services behind it.

``Editor`` opens the dialogs, calls the services, and pushes undo commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlmodel import SQLModel

from kpo_desk.core.enums import (
    Channel,
    Confidentiality,
    FeeModel,
    RiskCategory,
    RiskStatus,
    ServiceType,
)
from kpo_desk.core.errors import ConflictError, KpoDeskError
from kpo_desk.core.models import (
    Assignment,
    Client,
    Contact,
    Engagement,
    Milestone,
    Risk,
    Staff,
    TimeEntry,
)
from kpo_desk.core.services import base, parties, work
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services.engagement_codes import suggested_code
from kpo_desk.core.store import Store
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.conflict import OVERWRITE, ask_about_conflict
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog, enum_choices
from kpo_desk.ui.common.undo import push_create, push_delete, push_edit
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate

F = FieldSpec


def staff_choices(store: Store, *, optional: bool = True) -> Callable[[], list[tuple[str, Any]]]:
    def build() -> list[tuple[str, Any]]:
        people = [(f"{s.name} — {s.role}" if s.role else s.name, s.id) for s in parties.list_staff(store)]
        return ([("—", None)] if optional else []) + people

    return build


def client_choices(store: Store) -> Callable[[], list[tuple[str, Any]]]:
    return lambda: [(c.name, c.id) for c in parties.list_clients(store)]


#: Each kind's name as the GUI shows it (``RecordKind.label`` stays English: core's messages use it).
KIND_NAMES = {
    "client": QT_TRANSLATE_NOOP("Records", "client"), "contact": QT_TRANSLATE_NOOP("Records", "contact"),
    "staff": QT_TRANSLATE_NOOP("Records", "staff member"), "engagement": QT_TRANSLATE_NOOP("Records", "engagement"),
    "assignment": QT_TRANSLATE_NOOP("Records", "assignment"), "milestone": QT_TRANSLATE_NOOP("Records", "milestone"),
    "timeentry": QT_TRANSLATE_NOOP("Records", "time entry"), "risk": QT_TRANSLATE_NOOP("Records", "risk"),
    "*": QT_TRANSLATE_NOOP("Records", "event"),
}
#: "New <kind>" whole, since the adjective agrees with the noun in other languages ("Neues Mandat").
NEW_TITLES = {
    "client": QT_TRANSLATE_NOOP("Records", "New client"), "contact": QT_TRANSLATE_NOOP("Records", "New contact"),
    "staff": QT_TRANSLATE_NOOP("Records", "New staff member"), "engagement": QT_TRANSLATE_NOOP("Records", "New engagement"),
    "assignment": QT_TRANSLATE_NOOP("Records", "New assignment"), "milestone": QT_TRANSLATE_NOOP("Records", "New milestone"),
    "timeentry": QT_TRANSLATE_NOOP("Records", "New time entry"), "risk": QT_TRANSLATE_NOOP("Records", "New risk"),
    "*": QT_TRANSLATE_NOOP("Records", "New event"),
}


def kind_name(type_: str, english: str = "") -> str:
    """The record kind's name in the GUI's language ("time entry", "Zeiteintrag")."""
    return translate("Records", KIND_NAMES[type_]) if type_ in KIND_NAMES else english


def new_title(type_: str, english: str = "") -> str:
    """"New milestone" in the GUI's language."""
    return translate("Records", NEW_TITLES[type_]) if type_ in NEW_TITLES else f"New {english}"


@dataclass(frozen=True)
class RecordKind:
    type: str
    label: str
    model: type[SQLModel]
    fields: Callable[[Store, dict[str, Any]], list[FieldSpec]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[[Store, int], dict[str, Any]] | None
    validate: Callable[..., None]
    title: Callable[[Any], str] = lambda r: getattr(r, "name", None) or getattr(r, "title", "") or str(r.id)


def _client_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    return [F("name", QT_TRANSLATE_NOOP("Fields", "Name"), required=True), F("industry", QT_TRANSLATE_NOOP("Fields", "Industry")), F("country", QT_TRANSLATE_NOOP("Fields", "Country")),
            F("timezone", QT_TRANSLATE_NOOP("Fields", "Time zone"), "timezone", required=True, help=QT_TRANSLATE_NOOP("Fields", "IANA name, such as Asia/Tokyo")),
            F("language", QT_TRANSLATE_NOOP("Fields", "Language"), placeholder=QT_TRANSLATE_NOOP("Fields", "en, de, ja …")), F("notes", QT_TRANSLATE_NOOP("Fields", "Notes"), "multiline")]


def _contact_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    return [F("name", QT_TRANSLATE_NOOP("Fields", "Name"), required=True), F("role", QT_TRANSLATE_NOOP("Fields", "Role")), F("email", QT_TRANSLATE_NOOP("Fields", "E-mail")), F("phone", QT_TRANSLATE_NOOP("Fields", "Phone")),
            F("preferred_channel", QT_TRANSLATE_NOOP("Fields", "Preferred channel"), "choice", choices=enum_choices(Channel, optional=True)),
            F("language", QT_TRANSLATE_NOOP("Fields", "Language"), placeholder=QT_TRANSLATE_NOOP("Fields", "en, de, ja …")),
            F("timezone", QT_TRANSLATE_NOOP("Fields", "Time zone"), "timezone", help=QT_TRANSLATE_NOOP("Fields", "Leave empty to use the client's time zone"))]


def _staff_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    return [F("name", QT_TRANSLATE_NOOP("Fields", "Name"), required=True), F("role", QT_TRANSLATE_NOOP("Fields", "Role")), F("email", QT_TRANSLATE_NOOP("Fields", "E-mail")),
            F("active", QT_TRANSLATE_NOOP("Fields", "Active"), "bool", extra={"text": QT_TRANSLATE_NOOP("Fields", "Works at the firm now")})]


def _code_hint(store: Store, client_id: int | None) -> str:
    """The Code field's hint: the code core would make up for this client."""
    if client_id is None:
        return ""
    return translate("Fields", "Left empty, one is made up: {code}").format(code=suggested_code(store, client_id))


def _engagement_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    fields = [F("client_id", QT_TRANSLATE_NOOP("Fields", "Client"), "choice", required=True, choices=client_choices(store)),
              F("title", QT_TRANSLATE_NOOP("Fields", "Title"), required=True),
              F("code", QT_TRANSLATE_NOOP("Fields", "Code"), placeholder=QT_TRANSLATE_NOOP("Fields", "Left empty, one is made up"),
                extra={"hint_from": ("client_id", lambda client_id: _code_hint(store, client_id))}),
              F("service_type", QT_TRANSLATE_NOOP("Fields", "Service"), "choice", required=True, choices=enum_choices(ServiceType)),
              F("signed_on", QT_TRANSLATE_NOOP("Fields", "Signed"), "date"), F("start_on", QT_TRANSLATE_NOOP("Fields", "Start"), "date"),
              F("target_end_on", QT_TRANSLATE_NOOP("Fields", "Target end"), "date"),
              F("fee_model", QT_TRANSLATE_NOOP("Fields", "Fee model"), "choice", choices=enum_choices(FeeModel)),
              F("budget_hours", QT_TRANSLATE_NOOP("Fields", "Budget (hours)"), "number"), F("budget_cents", QT_TRANSLATE_NOOP("Fields", "Budget (money)"), "money",
                                                                      extra={"currency_field": "currency"}),
              F("currency", QT_TRANSLATE_NOOP("Fields", "Currency"), placeholder=QT_TRANSLATE_NOOP("Fields", "USD")),
              F("lead_id", QT_TRANSLATE_NOOP("Fields", "Lead"), "choice", choices=staff_choices(store)),
              F("confidentiality", QT_TRANSLATE_NOOP("Fields", "Confidentiality"), "choice", choices=enum_choices(Confidentiality)),
              F("description", QT_TRANSLATE_NOOP("Fields", "Description"), "multiline")]
    return fields


def _assignment_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    return [F("staff_id", QT_TRANSLATE_NOOP("Fields", "Staff member"), "choice", required=True, choices=staff_choices(store, optional=False)),
            F("role", QT_TRANSLATE_NOOP("Fields", "Role on the engagement"), required=True),
            F("is_key_role", QT_TRANSLATE_NOOP("Fields", "Key role"), "bool", extra={"text": QT_TRANSLATE_NOOP("Fields", "Losing this person would hurt the engagement")}),
            F("backup_staff_id", QT_TRANSLATE_NOOP("Fields", "Backup"), "choice", choices=staff_choices(store))]


def _milestone_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    return [F("title", QT_TRANSLATE_NOOP("Fields", "Title"), required=True), F("due_on", QT_TRANSLATE_NOOP("Fields", "Due"), "date"),
            F("author_id", QT_TRANSLATE_NOOP("Fields", "Author"), "choice", choices=staff_choices(store)),
            F("qa_reviewer_id", QT_TRANSLATE_NOOP("Fields", "QA reviewer"), "choice", choices=staff_choices(store),
              help=QT_TRANSLATE_NOOP("Fields", "Someone other than the author")),
            F("client_visible", QT_TRANSLATE_NOOP("Fields", "Client report"), "bool", extra={"text": QT_TRANSLATE_NOOP("Fields", "Show in client reports")})]


def _time_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    return [F("staff_id", QT_TRANSLATE_NOOP("Fields", "Who"), "choice", required=True, choices=staff_choices(store, optional=False)),
            F("work_date", QT_TRANSLATE_NOOP("Fields", "Date"), "date", required=True), F("hours", QT_TRANSLATE_NOOP("Fields", "Hours"), "number", required=True),
            F("billable", QT_TRANSLATE_NOOP("Fields", "Billable"), "bool", extra={"text": QT_TRANSLATE_NOOP("Fields", "Billable to the client")}), F("note", QT_TRANSLATE_NOOP("Fields", "Note"))]


def _risk_fields(store: Store, ctx: dict) -> list[FieldSpec]:
    scale = lambda: [(str(n), n) for n in range(1, 6)]  # noqa: E731
    return [F("category", QT_TRANSLATE_NOOP("Fields", "Category"), "choice", required=True, choices=enum_choices(RiskCategory)),
            F("description", QT_TRANSLATE_NOOP("Fields", "Description"), "multiline", required=True, extra={"height": 60}),
            F("likelihood", QT_TRANSLATE_NOOP("Fields", "Likelihood (1–5)"), "choice", choices=scale),
            F("impact", QT_TRANSLATE_NOOP("Fields", "Impact (1–5)"), "choice", choices=scale),
            F("mitigation", QT_TRANSLATE_NOOP("Fields", "Mitigation"), "multiline", extra={"height": 60}),
            F("owner_id", QT_TRANSLATE_NOOP("Fields", "Owner"), "choice", choices=staff_choices(store)),
            F("status", QT_TRANSLATE_NOOP("Fields", "Status"), "choice", choices=enum_choices(RiskStatus)),
            F("client_visible", QT_TRANSLATE_NOOP("Fields", "Client report"), "bool", extra={"text": QT_TRANSLATE_NOOP("Fields", "Show in client reports")})]


KINDS: dict[str, RecordKind] = {k.type: k for k in (
    RecordKind("client", "client", Client, _client_fields, parties.create_client, parties.update_client,
               parties.delete_client, parties.validate_client),
    RecordKind("contact", "contact", Contact, _contact_fields, parties.create_contact, parties.update_contact,
               parties.delete_contact, parties.validate_contact),
    RecordKind("staff", "staff member", Staff, _staff_fields, parties.create_staff, parties.update_staff,
               None, parties.validate_staff),
    RecordKind("engagement", "engagement", Engagement, _engagement_fields, eng.create_engagement,
               eng.update_engagement, None, eng.validate_engagement, title=lambda e: e.code),
    RecordKind("assignment", "assignment", Assignment, _assignment_fields, work.assign_staff,
               work.update_assignment, work.remove_assignment, work.validate_assignment, title=lambda a: a.role),
    RecordKind("milestone", "milestone", Milestone, _milestone_fields, work.add_milestone, work.update_milestone,
               work.delete_milestone, work.validate_milestone),
    RecordKind("timeentry", "time entry", TimeEntry, _time_fields, work.log_time, work.update_time_entry,
               work.delete_time_entry, work.validate_time_entry, title=lambda t: translate("Records", "{hours} h on {day}").format(hours=f"{t.hours:g}", day=t.work_date)),
    RecordKind("risk", "risk", Risk, _risk_fields, work.add_risk, work.update_risk, None, work.validate_risk,
               title=lambda r: r.description[:40]),
)}


class Editor:
    """Opens the editor of any record, calls core, and records the change for undo."""

    def __init__(self, store: Store, undo_stack: QUndoStack, parent: QWidget) -> None:
        self.store, self.stack, self.parent = store, undo_stack, parent

    def _get(self, kind: RecordKind, record_id: int) -> Any:
        return base.get(self.store, kind.model, record_id, kind.label)

    def new(self, type_: str, context: dict[str, Any] | None = None,
            initial: dict[str, Any] | None = None) -> Any | None:
        kind = KINDS[type_]
        context = context or {}
        fields = [f for f in kind.fields(self.store, context) if f.name not in context]

        def save(values: dict[str, Any]) -> Any:
            return kind.create(self.store, **context, **values)

        defaults = {"timezone": "UTC" if kind.type == "client" else "", "language": "", "active": True, "billable": True, "client_visible": True,
                    "likelihood": 3, "impact": 3, "currency": self.store.get_setting("default_currency", "USD")}
        dialog = RecordDialog(new_title(kind.type, kind.label), fields, save, initial={**defaults, **(initial or {})},
                              parent=self.parent, check=lambda values: base.problems(lambda: save(values)))
        if not dialog.exec():
            return None
        record = dialog.result_record
        restore = lambda values: base.restore(self.store, kind.model, values, kind.validate)  # noqa: E731
        if kind.delete is not None:
            push_create(self.stack, f"{new_title(kind.type, kind.label)} {kind.title(record)}", kind.type, record.id,
                        lambda rid: kind.delete(self.store, rid), restore)
        bus().changed.emit(kind.type)
        bus().message.emit(translate("Editor", "Saved {label} {title}.").format(label=kind_name(kind.type, kind.label), title=kind.title(record)))
        return record

    def edit(self, type_: str, record_id: int) -> Any | None:
        kind = KINDS[type_]
        current = self._get(kind, record_id)
        fields = kind.fields(self.store, {})
        old = {f.name: getattr(current, f.name) for f in fields}

        def save(values: dict[str, Any]) -> Any:
            return kind.update(self.store, record_id, **values)

        def reload() -> tuple[dict[str, Any], int]:  # their version, after a conflict; undo starts from it
            fresh = self._get(kind, record_id)
            old.update({f.name: getattr(fresh, f.name) for f in fields})
            return dict(old), fresh.version

        dialog = RecordDialog(translate("Editor", "Edit {label} {title}").format(label=kind_name(kind.type, kind.label), title=kind.title(current)), fields, save, initial=old,
                              parent=self.parent, check=lambda values: base.problems(lambda: save(values)),
                              version=getattr(current, "version", None), reload=reload,
                              record_word=kind_name(kind.type, kind.label))
        if not dialog.exec():
            return None
        record = dialog.result_record
        new = {f.name: getattr(record, f.name) for f in fields}
        self.apply_edit_undo(kind, record_id, old, new)
        bus().changed.emit(kind.type)
        bus().message.emit(translate("Editor", "Saved {label} {title}.").format(label=kind_name(kind.type, kind.label), title=kind.title(record)))
        return record

    def _delete_as_seen(self, kind: RecordKind, record_id: int, version: int | None) -> dict[str, Any] | None:
        """Delete the record as it was when the person confirmed; if someone changed it since, ask
        (overwrite deletes it anyway; reload shows what is stored now); None when not deleted."""
        try:
            with base.expecting(kind.model, record_id, version):
                return kind.delete(self.store, record_id)
        except ConflictError as exc:
            if ask_about_conflict(exc, kind_name(kind.type, kind.label), self.parent)[0] != OVERWRITE:
                bus().changed.emit(kind.type)
                return None
        with base.expecting(kind.model, record_id, version, overwrite=True):
            return kind.delete(self.store, record_id)

    def apply_edit_undo(self, kind: RecordKind, record_id: int, old: dict, new: dict) -> None:
        push_edit(self.stack, translate("Editor", "Edit {label}").format(label=kind_name(kind.type, kind.label)), kind.type, lambda rid, **v: kind.update(self.store, rid, **v),
                  record_id, old, new)

    def delete(self, type_: str, record_id: int, *, confirm: bool = True) -> bool:
        kind = KINDS[type_]
        if kind.delete is None:
            return False
        record = self._get(kind, record_id)
        if confirm:
            answer = QMessageBox.question(
                self.parent, translate("Editor", "Delete {label}").format(label=kind_name(kind.type, kind.label)),
                translate("Editor", "Delete {label} “{title}”?\n\nYou can undo this with Ctrl+Z.").format(label=kind_name(kind.type, kind.label), title=kind.title(record)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            values = self._delete_as_seen(kind, record_id, getattr(record, "version", None))
            if values is None:
                return False
        except KpoDeskError as exc:
            QMessageBox.warning(self.parent, translate("Editor", "Delete {label}").format(label=kind_name(kind.type, kind.label)), str(exc))
            return False
        push_delete(self.stack, translate("Editor", "Delete {label} {title}").format(label=kind_name(kind.type, kind.label), title=kind.title(record)), kind.type, values,
                    lambda rid: kind.delete(self.store, rid),
                    lambda vals: base.restore(self.store, kind.model, vals, kind.validate))
        bus().changed.emit(kind.type)
        bus().message.emit(translate("Editor", "Deleted {label} {title}. Ctrl+Z undoes it.").format(label=kind_name(kind.type, kind.label), title=kind.title(record)))
        return True


__all__ = ["KINDS", "Editor", "RecordKind"]
