"""The record form as a person uses it: typing, clicking Browse…, reading the errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from kpo_desk.ui.common.forms import FieldForm, FieldSpec, RecordDialog


def test_file_field_browse_button_fills_the_path(qtbot, tmp_path: Path, monkeypatch) -> None:
    evidence = tmp_path / "nda-signed.pdf"
    evidence.write_bytes(b"%PDF-1.4\n")
    form = FieldForm([FieldSpec("evidence", "Evidence file", "file")])
    qtbot.addWidget(form)
    form.show()
    asked: list[str] = []

    def pick(spec: FieldSpec, start: str) -> str:
        asked.append(spec.label)
        return str(evidence)

    monkeypatch.setattr(form, "ask_open_path", pick)
    button = next(b for b in form.findChildren(QPushButton) if b.accessibleName() == "Browse for Evidence file")
    assert button.text() == "Browse…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == ["Evidence file"]
    line = form.inputs["evidence"]
    assert isinstance(line, QLineEdit) and line.text() == str(evidence)
    assert form.values() == {"evidence": str(evidence)}


def test_file_field_cancelled_browse_keeps_the_typed_path(qtbot, monkeypatch) -> None:
    form = FieldForm([FieldSpec("evidence", "Evidence file", "file")])
    qtbot.addWidget(form)
    form.show()
    monkeypatch.setattr(form, "ask_open_path", lambda spec, start: "")
    qtbot.keyClicks(form.inputs["evidence"], "/tmp/typed.pdf")
    qtbot.mouseClick(form.browse_buttons["evidence"], Qt.MouseButton.LeftButton)
    assert form.values()["evidence"] == "/tmp/typed.pdf"


def test_file_field_in_a_dialog_is_not_clipped(qtbot) -> None:
    dialog = RecordDialog("Done", [FieldSpec("note", "Note"), FieldSpec("evidence", "Evidence file", "file")],
                          lambda values: values)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    button = dialog.form.browse_buttons["evidence"]
    assert button.isVisible() and button.width() >= button.sizeHint().width()
    dialog.grab().save("/tmp/h3/file_field.png")


# -- the record dialogs through the Editor (the real New / Edit dialogs) ----------------------------------

def _editor(qtbot, store):  # noqa: ANN001, ANN202
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QWidget

    from kpo_desk.ui.records import Editor

    parent = QWidget()
    qtbot.addWidget(parent)
    return Editor(store, QUndoStack(parent), parent)


def test_new_contact_starts_in_the_first_field_and_shows_every_error_at_once(qtbot, store) -> None:
    from kpo_desk.core.services import parties
    from tests.ui.helpers import when_modal

    client = parties.create_client(store, name="Sato Seimitsu", timezone="Asia/Tokyo")
    editor = _editor(qtbot, store)
    seen: dict = {}

    def fill(dialog: RecordDialog) -> None:
        qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
        seen["focus"] = dialog.focusWidget() is dialog.inputs["name"]
        qtbot.keyClicks(dialog.focusWidget(), "")  # the name stays empty
        qtbot.keyClicks(dialog.inputs["email"], "sato-at-example")
        qtbot.keyClicks(dialog.inputs["language"], "123")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["shown"] = {name for name, label in dialog.errors.items() if label.isVisible()}
        seen["name_error"] = dialog.errors["name"].text()
        seen["focus_after"] = dialog.focusWidget() is dialog.inputs["name"]
        # fixing a field takes its error away at once, before the next save
        dialog.inputs["email"].selectAll()
        qtbot.keyClicks(dialog.inputs["email"], "h.sato@sato.example")
        seen["email_after_fix"] = dialog.errors["email"].isVisible()
        seen["language_still"] = dialog.errors["language"].isVisible()
        qtbot.keyClicks(dialog.inputs["name"], "Dr. Hiroshi Sato")
        seen["name_after_fix"] = dialog.errors["name"].isVisible()
        dialog.inputs["language"].selectAll()
        qtbot.keyClicks(dialog.inputs["language"], "ja")
        seen["language_after_fix"] = dialog.errors["language"].isVisible()
        # the last re-check ran core's create on valid values: as a dry run, it stored nothing
        seen["stored_before_save"] = len(parties.list_contacts(store, client.id))
        dialog.grab().save("/tmp/h3/new_contact_fixed.png")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = when_modal(fill, kind=RecordDialog)
    record = editor.new("contact", {"client_id": client.id})
    assert errors == []
    assert seen["focus"], "the New contact dialog opens with the cursor in its first field"
    assert seen["shown"] == {"name", "email", "language"}, "every field's error shows at the first save"
    assert "required" in seen["name_error"] and seen["focus_after"]
    assert seen["email_after_fix"] is False and seen["language_still"] is True
    assert seen["name_after_fix"] is False and seen["language_after_fix"] is False
    assert seen["stored_before_save"] == 0
    assert record is not None and record.email == "h.sato@sato.example" and record.language == "ja"


def test_unreadable_and_refused_fields_show_together(qtbot, store) -> None:
    """A date the form cannot read and a field core refuses are reported in the same save."""
    from kpo_desk.core.services import parties
    from tests.ui.helpers import when_modal

    client = parties.create_client(store, name="Acme", timezone="Europe/Zurich")
    editor = _editor(qtbot, store)
    seen: dict = {}

    def fill(dialog: RecordDialog) -> None:
        dialog.inputs["client_id"].setCurrentIndex(dialog.inputs["client_id"].findData(client.id))
        qtbot.keyClicks(dialog.inputs["start_on"], "next week")
        dialog.inputs["currency"].selectAll()
        qtbot.keyClicks(dialog.inputs["currency"], "euros")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["shown"] = {name for name, label in dialog.errors.items() if label.isVisible()}
        dialog.reject()

    errors = when_modal(fill, kind=RecordDialog)
    assert editor.new("engagement") is None
    assert errors == []
    assert {"title", "start_on", "currency"} <= seen["shown"]


def test_budget_numbers_read_as_people_write_them(qtbot, store) -> None:
    from kpo_desk.core.models import Engagement
    from kpo_desk.core.services import engagements as eng
    from kpo_desk.core.services import parties
    from tests.ui.helpers import when_modal

    client = parties.create_client(store, name="Acme", timezone="Europe/Zurich")
    e = eng.create_engagement(store, client_id=client.id, title="Market sizing", service_type="market_research",
                              budget_hours=1_000_000.0, budget_cents=250_000_000)
    editor = _editor(qtbot, store)
    seen: dict = {}

    def change(dialog: RecordDialog) -> None:
        seen["hours"] = dialog.inputs["budget_hours"].text()
        seen["money"] = dialog.inputs["budget_cents"].text()
        dialog.inputs["budget_hours"].selectAll()
        qtbot.keyClicks(dialog.inputs["budget_hours"], "1,500.5")
        dialog.inputs["budget_cents"].selectAll()
        qtbot.keyClicks(dialog.inputs["budget_cents"], "3,000,000.25")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = when_modal(change, kind=RecordDialog)
    editor.edit("engagement", e.id)
    assert errors == []
    assert seen == {"hours": "1,000,000", "money": "2,500,000"}
    with store.read() as s:
        saved = s.get(Engagement, e.id)
        assert saved.budget_hours == 1500.5 and saved.budget_cents == 300_000_025


def test_time_zone_choices_read_as_city_and_offset(qtbot) -> None:
    form = FieldForm([FieldSpec("timezone", "Time zone", "timezone")], {"timezone": "Asia/Shanghai"})
    qtbot.addWidget(form)
    combo = form.inputs["timezone"]
    assert combo.currentText() == "Shanghai (UTC+8) · Asia/Shanghai"
    assert form.values() == {"timezone": "Asia/Shanghai"}
    assert "CST" not in combo.currentText()
