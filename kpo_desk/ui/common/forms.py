"""One editor for every record: fields declared once, errors from core shown beside their field.

Escape cancels; Ctrl+S or Ctrl+Enter saves. Required fields carry a star. The dialog never
judges input itself: it hands the values to a core service and shows what core says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core import validation as v
from kpo_desk.core.errors import KpoDeskError

ERROR_STYLE = "color: #c0392b;"
Choices = Callable[[], Sequence[tuple[str, Any]]]


@dataclass(frozen=True)
class FieldSpec:
    """One input. ``kind``: text, multiline, number, money, date, bool, choice, timezone, file."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Choices | None = None
    placeholder: str = ""
    help: str = ""
    extra: dict = field(default_factory=dict)


def enum_choices(enum_cls: type, *, optional: bool = False) -> Choices:
    def build() -> list[tuple[str, Any]]:
        items = [(m.label, m) for m in enum_cls]
        return ([("—", None)] + items) if optional else items

    return build


class FieldForm(QWidget):
    """The inputs of ``fields`` with an error label under each; used inline and in dialogs."""

    def __init__(self, fields: Sequence[FieldSpec], initial: dict[str, Any] | None = None,
                 parent: QWidget | None = None, *, columns: int = 1) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.browse_buttons: dict[str, QPushButton] = {}
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(24)
        forms = []
        for _ in range(columns):
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(8)  # nested layouts inherit the outer spacing otherwise
            form.setHorizontalSpacing(12)
            outer.addLayout(form, 1)
            forms.append(form)
        per_column = -(-len(self.fields) // columns)
        for n, spec in enumerate(self.fields):
            form = forms[min(n // per_column, columns - 1)]
            widget = self._make_input(spec)
            widget.setAccessibleName(spec.label)
            if spec.help:
                widget.setToolTip(spec.help)
            self.inputs[spec.name] = widget
            label = QLabel(f"{spec.label}{' *' if spec.required else ''}")
            label.setBuddy(widget)
            error = QLabel("", styleSheet=ERROR_STYLE, wordWrap=True, visible=False)
            error.setAccessibleName(f"{spec.label} error")
            self.errors[spec.name] = error
            cell = QWidget()
            cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            if spec.kind == "file":
                cell_layout.addLayout(self._file_row(widget, spec))
            else:
                cell_layout.addWidget(widget)
            cell_layout.addWidget(error)
            form.addRow(label, cell)
        self.set_values(initial or {})

    def _make_input(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setFixedHeight(spec.extra.get("height", 80))
            return w
        if spec.kind == "bool":
            return QCheckBox(spec.extra.get("text", ""))
        if spec.kind in ("choice", "timezone"):
            w = QComboBox(editable=spec.kind == "timezone")
            options = spec.choices() if spec.choices else [(z, z) for z in sorted(v.known_timezones())]
            for text, data in options:
                w.addItem(text, data)
            return w
        w = QLineEdit()
        w.setPlaceholderText(spec.placeholder or ("YYYY-MM-DD" if spec.kind == "date" else ""))
        return w

    def _file_row(self, line: QWidget, spec: FieldSpec) -> QHBoxLayout:
        """A "file" field: the path's line edit and a Browse… button that fills it."""
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(line, 1)
        button = QPushButton("Browse…")
        button.setAccessibleName(f"Browse for {spec.label}")
        button.setToolTip(f"Choose the {spec.label.lower()} on this computer")
        button.clicked.connect(lambda: self._browse(line, spec))
        self.browse_buttons[spec.name] = button
        row.addWidget(button)
        return row

    def ask_open_path(self, spec: FieldSpec, start: str) -> str:
        """The path the person picks for ``spec``, or "" when they cancel (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(self, spec.label, start, spec.extra.get("filter", ""))
        return path

    def _browse(self, line: QLineEdit, spec: FieldSpec) -> None:
        path = self.ask_open_path(spec, line.text().strip())
        if path:
            line.setText(path)
            line.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_values(self, values: dict[str, Any]) -> None:
        for spec in self.fields:
            self._set(spec, values.get(spec.name))
        self.clear_errors()

    def _set(self, spec: FieldSpec, value: Any) -> None:
        w = self.inputs[spec.name]
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            index = w.findData(value) if spec.kind == "choice" else w.findText(value or "")
            if index >= 0:
                w.setCurrentIndex(index)
            elif spec.kind == "timezone":
                w.setCurrentText(value or "")
        elif value is None:
            w.setText("")
        elif spec.kind == "money":
            w.setText(f"{value / 100:.2f}".rstrip("0").rstrip("."))
        elif isinstance(value, float):
            w.setText(f"{value:g}")
        elif isinstance(value, date):
            w.setText(value.isoformat())
        else:
            w.setText(str(value))

    def value_of(self, spec: FieldSpec) -> Any:
        w = self.inputs[spec.name]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentText().strip() if spec.kind == "timezone" else w.currentData()
        text = w.text().strip()
        if spec.kind == "date":
            return v.parse_date(text, spec.name, spec.label)
        if spec.kind in ("number", "money"):
            if not text:
                return None
            number = v.number(text.replace(",", ""), spec.name, spec.label, minimum=-1e15, maximum=1e15)
            return int(round(number * 100)) if spec.kind == "money" else number
        return text

    def values(self) -> dict[str, Any]:
        """The typed values; a field that cannot be read raises ValidationError naming it."""
        return {spec.name: self.value_of(spec) for spec in self.fields}

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)

    def show_error(self, exc: KpoDeskError) -> bool:
        """Show ``exc`` under its field; False when no field of this form matches."""
        label = self.errors.get(exc.field or "")
        if label is None:
            return False
        label.setText(exc.message)
        label.setVisible(True)
        self.inputs[exc.field].setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class RecordDialog(QDialog):
    """``save(values) -> record`` is a core call; a ``ValidationError`` is shown by its field."""

    def __init__(self, title: str, fields: Sequence[FieldSpec], save: Callable[[dict[str, Any]], Any], *,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None,
                 intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        self._save = save
        self.result_record: Any = None
        self.form = FieldForm(fields, initial)
        self.inputs, self.errors = self.form.inputs, self.form.errors
        self.general_error = QLabel("", styleSheet=ERROR_STYLE, wordWrap=True, visible=False)
        self.general_error.setAccessibleName("Error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save (Ctrl+S or Ctrl+Enter)")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        if intro:
            body_layout.addWidget(QLabel(intro, wordWrap=True))
        body_layout.addWidget(self.form)
        body_layout.addStretch()
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Fields marked * are required.", styleSheet="color: gray;"))
        layout.addWidget(scroll)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        for seq in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(seq, self, activated=self.save)
        self.resize(580, min(150 + 58 * len(self.form.fields), 760))

    def save(self) -> None:
        self.form.clear_errors()
        self.general_error.setVisible(False)
        try:
            self.result_record = self._save(self.form.values())
        except KpoDeskError as exc:
            if not self.form.show_error(exc):
                self.general_error.setText(exc.message)
                self.general_error.setVisible(True)
            return
        self.accept()
