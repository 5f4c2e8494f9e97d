"""Log a call, mail or meeting: the time is entered in the user's or the client's zone, stored in
UTC, and a time outside the client's working hours is flagged while typing."""

from __future__ import annotations

from datetime import UTC, datetime, time
from html import escape

from PySide6.QtCore import QTimeZone, Slot
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from kpo_desk.core import local_time
from kpo_desk.core import validation as v
from kpo_desk.core.enums import Channel, Direction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.services import base, parties
from kpo_desk.core.services import communications as comms
from kpo_desk.core.services.overview import engagement_overview
from kpo_desk.core.store import Store
from kpo_desk.core.wording import zone_label
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog, enum_choices
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, gui_clock, gui_date, translate

F = FieldSpec


def system_zone() -> str:
    """The laptop's IANA zone, as Qt knows it (UTC when the system does not say)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    return name if name in v.known_timezones() else "UTC"


def zone_text(zone: str, at: datetime | None = None) -> str:
    """"Tokyo (UTC+9)"; plain "UTC" for UTC itself (zone_label says so)."""
    return zone_label(zone, at)


class CommunicationDialog(RecordDialog):
    def __init__(self, store: Store, engagement_id: int, parent: QWidget | None = None,
                 *, now: datetime | None = None) -> None:
        overview = engagement_overview(store, engagement_id)
        self.store, self.engagement_id = store, engagement_id
        self.client_zone, self.user_zone = overview.client.timezone, system_zone()
        contacts = parties.list_contacts(store, overview.client.id)
        staff = [m for m in parties.list_staff(store) if m.active]
        now = now or datetime.now(UTC)
        self.now = now
        local_now = local_time.client_local_now(overview.client, now=now)
        fields = [
            F("channel", QT_TRANSLATE_NOOP("Fields", "Channel"), "choice", required=True, choices=enum_choices(Channel)),
            F("direction", QT_TRANSLATE_NOOP("Fields", "Direction"), "choice", required=True, choices=enum_choices(Direction)),
            F("day", QT_TRANSLATE_NOOP("Fields", "Date"), "date", required=True),
            F("clock", QT_TRANSLATE_NOOP("Fields", "Time"), placeholder=QT_TRANSLATE_NOOP("Fields", "HH:MM"), required=True),
            F("zone", QT_TRANSLATE_NOOP("Fields", "Time zone of that time"), "choice", choices=lambda: [
                (translate("CommunicationDialog", "The client's time: {zone}").format(zone=self.zone_text(self.client_zone)), self.client_zone),
                (translate("CommunicationDialog", "My time: {zone}").format(zone=self.zone_text(self.user_zone)), self.user_zone)]),
            F("contact_id", QT_TRANSLATE_NOOP("Fields", "With (client side)"), "choice",
              choices=lambda: [("—", None)] + [(f"{c.name} — {c.role}" if c.role else c.name, c.id)
                                               for c in contacts]),
            F("staff_id", QT_TRANSLATE_NOOP("Fields", "With (our side)"), "choice", help=QT_TRANSLATE_NOOP("Fields", "Who of the firm took part"),
              choices=lambda: [("—", None)] + [(f"{m.name} — {m.role}" if m.role else m.name, m.id)
                                               for m in staff]),
            F("subject", QT_TRANSLATE_NOOP("Fields", "Subject")),
            F("body", QT_TRANSLATE_NOOP("Fields", "Summary"), "multiline", extra={"height": 110}),
            F("language", QT_TRANSLATE_NOOP("Fields", "Language"), placeholder=QT_TRANSLATE_NOOP("Fields", "en, de, ja …")),
            F("follow_up_due", QT_TRANSLATE_NOOP("Fields", "Follow-up due"), "date"),
            F("client_visible", QT_TRANSLATE_NOOP("Fields", "Client report"), "bool", extra={"text": QT_TRANSLATE_NOOP("Fields", "Show in client reports")}),
        ]
        mine = local_time.in_zone(now, self.user_zone)
        initial = {"channel": Channel.CALL, "direction": Direction.OUTBOUND, "day": mine.date(),
                   "clock": mine.strftime("%H:%M"), "zone": self.user_zone, "language": overview.client.language}
        super().__init__(translate("CommunicationDialog", "Log communication · {code}").format(code=overview.engagement.code), fields, self._save_entry,
                         initial=initial, parent=parent,
                         intro=translate("CommunicationDialog", "<b>{client}</b>: it is now <b>{local_now:%a %H:%M}</b> in {zone}.").format(client=escape(overview.client.name), local_now=gui_clock(local_now), zone=escape(self.zone_text(self.client_zone))),
                         check=lambda values: base.problems(lambda: self._save_entry(dict(values))))
        self.hours_warning = QLabel(wordWrap=True, styleSheet="color: #b9770e;")
        self.hours_warning.setAccessibleName(translate("CommunicationDialog", "Working hours warning"))
        zone_row = next(n for n, spec in enumerate(self.form.fields) if spec.name == "zone")
        self.form.layout().itemAt(0).layout().insertRow(zone_row + 1, "", self.hours_warning)
        for name in ("day", "clock"):
            self.inputs[name].textChanged.connect(self.update_hours_warning)
        self.inputs["zone"].currentIndexChanged.connect(self.update_hours_warning)
        self.update_hours_warning()

    def _instant(self, values: dict) -> datetime:
        day, clock = values["day"], (values["clock"] or "").strip()
        if day is None:
            raise ValidationError("The date is required.", field="day")
        try:
            hour, minute = (int(part) for part in clock.split(":"))
            wall = datetime.combine(day, time(hour, minute))
        except ValueError:
            raise ValidationError(f"'{clock}' is not a time; write it as HH:MM, such as 09:30.",
                                  field="clock") from None
        return local_time.local_to_utc(wall, values["zone"], field="clock")

    @Slot()
    def update_hours_warning(self) -> None:
        try:
            values = {"day": self.form.value_of(self.form.fields[2]), "clock": self.inputs["clock"].text(),
                      "zone": self.inputs["zone"].currentData()}
            instant = self._instant(values)
        except ValidationError:
            self.hours_warning.setText("")
            return
        theirs = local_time.in_zone(instant, self.client_zone)
        if local_time.outside_working_hours(instant, self.client_zone):
            self.hours_warning.setText(translate("CommunicationDialog", "That is {theirs:%a %H:%M} for the client ({zone_text}): outside their working hours.").format(theirs=gui_clock(theirs), zone_text=self.zone_text(self.client_zone)))
        else:
            self.hours_warning.setText(translate("CommunicationDialog", "{theirs:%a %H:%M} for the client.").format(theirs=gui_clock(theirs)))

    def zone_text(self, zone: str) -> str:
        return zone_text(zone, self.now)

    def confirm(self, values: dict) -> bool:
        """A follow-up due before the communication itself is most likely a typo: ask first."""
        due, day = values.get("follow_up_due"), values.get("day")
        if due is None or day is None or due >= day:
            return True
        answer = QMessageBox.question(
            self, translate("CommunicationDialog", "Follow-up before the communication"),
            translate("CommunicationDialog", "The follow-up is due on {display_date}, before the communication itself ({display_date2}).\n\nSave it with that follow-up date anyway?").format(display_date=gui_date(due), display_date2=gui_date(day)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.inputs["follow_up_due"].setFocus()
        self.inputs["follow_up_due"].selectAll()
        return False

    def _save_entry(self, values: dict):  # noqa: ANN202
        contact, member = values.pop("contact_id"), values.pop("staff_id")
        occurred_at = self._instant(values)
        return comms.log_communication(
            self.store, engagement_id=self.engagement_id, channel=values["channel"], direction=values["direction"],
            occurred_at=occurred_at, subject=values["subject"], body=values["body"], language=values["language"],
            follow_up_due=values["follow_up_due"], client_visible=values["client_visible"],
            contact_ids=[contact] if contact else [], staff_ids=[member] if member else [])

