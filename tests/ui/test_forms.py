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
