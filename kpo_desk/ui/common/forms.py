"""One editor for every record: fields declared once, errors from core shown beside their field.

Escape cancels; Ctrl+S or Ctrl+Enter saves. Required fields carry a star. The dialog never
judges input itself: it hands the values to a core service and shows what core says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, Qt
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
from kpo_desk.core.errors import ConflictError, KpoDeskError, ValidationError
from kpo_desk.core.wording import zone_label
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.words import gui_date, gui_is_english, status_label, translate
from kpo_desk.ui.theme import semantic_style

Choices = Callable[[], Sequence[tuple[str, Any]]]
#: ``check(values) -> every problem core finds in them`` (a dry run that saves nothing).
Check = Callable[[dict[str, Any]], Sequence[KpoDeskError]]


def grouped(number: float) -> str:
    """A number as people write it: "1,000,000", "1,500.5", never "1e+06"."""
    text = f"{number:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read_number(text: str) -> str:
    """What a person typed, without the thousands separators: "1,000,000" and "1 000 000" read as 1000000."""
    return "".join(ch for ch in text if ch not in ", _'\u00a0\u202f")


def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, as "Shanghai (UTC+8) · Asia/Shanghai", sorted by name."""
    return [(f"{zone_label(z)} · {z}" if "/" in z else z, z) for z in sorted(v.known_timezones())]


class DateLineEdit(QLineEdit):
    """A date typed as the app writes it ("29 May 2026") or as ISO ("2026-05-29"), shown in the
    app's one format (``display_date``) once the person leaves the field. Empty is allowed; the
    form reports a required one left empty through core."""

    def __init__(self, label: str, name: str, placeholder: str = "") -> None:
        super().__init__()
        self._label, self._name = label, name
        self.setPlaceholderText(placeholder or translate("Fields", "e.g. 29 May 2026"))
        self.editingFinished.connect(self.tidy)

    def date(self) -> date | None:
        """The date typed, or None when empty; ValidationError when it is not a date."""
        text = self.text().strip()
        if text and not gui_is_english():  # the GUI language's own forms ("2. Dez. 2026", "2.12.2026")
            for form in (translate("Dates", "d MMM yyyy"), "d.M.yyyy", "d.M.yy"):
                typed = QLocale().toDate(text, form)
                if typed.isValid():
                    text = typed.toString("yyyy-MM-dd")
                    break
        return v.parse_date(text, self._name, self._label)

    def set_date(self, value: date | None) -> None:
        self.setText(gui_date(value, ""))

    def tidy(self) -> None:
        """Rewrite a readable date in the app's format (an unreadable one stays as typed)."""
        try:
            value = self.date()
        except ValidationError:
            return
        if value is not None and self.text() != gui_date(value):
            self.set_date(value)


@dataclass(frozen=True)
class FieldSpec:
    """One input. ``kind``: text, multiline, number, money, date, bool, choice, timezone, file.

    ``extra`` may hold: ``height`` (multiline), ``text`` (bool), ``filter`` (file),
    ``currency_field`` (money: the field whose text is shown after the amount, "63,000 USD"),
    ``hint_from`` ((field, function): the placeholder is ``function(value of field)``, kept
    up to date while that field changes)."""

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
        items = [(status_label(m), m) for m in enum_cls]
        return ([("—", None)] + items) if optional else items

    return build


class FieldForm(QWidget):
    """The inputs of ``fields`` with an error label under each; used inline and in dialogs."""

    def __init__(self, fields: Sequence[FieldSpec], initial: dict[str, Any] | None = None,
                 parent: QWidget | None = None, *, columns: int = 1) -> None:
        super().__init__(parent)
        self.fields = [shown_spec(spec) for spec in fields]
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.browse_buttons: dict[str, QPushButton] = {}
        self.currency_labels: dict[str, QLabel] = {}
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
            error = QLabel("", styleSheet=semantic_style("bad"), wordWrap=True, visible=False)
            error.setAccessibleName(self.tr("{label} error").format(label=spec.label))
            self.errors[spec.name] = error
            cell = QWidget()
            cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            if spec.kind == "file":
                cell_layout.addLayout(self._file_row(widget, spec))
            elif spec.kind == "money":
                cell_layout.addLayout(self._money_row(widget, spec))
            else:
                cell_layout.addWidget(widget)
            cell_layout.addWidget(error)
            form.addRow(label, cell)
        self._link_fields()
        self.set_values(initial or {})

    def _money_row(self, line: QWidget, spec: FieldSpec) -> QHBoxLayout:
        """An amount with its currency after it ("63,000  USD"), when the form has a currency field."""
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(line, 1)
        if spec.extra.get("currency_field"):
            suffix = QLabel()
            suffix.setAccessibleName(self.tr("{label} currency").format(label=spec.label))
            suffix.setMinimumWidth(suffix.fontMetrics().horizontalAdvance("WWW"))
            self.currency_labels[spec.name] = suffix
            row.addWidget(suffix)
        return row

    def _link_fields(self) -> None:
        """Inputs that follow another field: a money amount's currency, a hint computed from a choice."""
        for spec in self.fields:
            currency = spec.extra.get("currency_field")
            if spec.kind == "money" and currency in self.inputs:
                label, source = self.currency_labels[spec.name], self.inputs[currency]
                source.textChanged.connect(lambda text, label=label: label.setText(text.strip().upper()))
            hint = spec.extra.get("hint_from")
            if hint and hint[0] in self.inputs and isinstance(self.inputs[spec.name], QLineEdit):
                name, make = hint
                other = next(f for f in self.fields if f.name == name)
                update = lambda *_a, spec=spec, other=other, make=make: self._hint(spec, other, make)  # noqa: E731
                self.edited_signal(name).connect(update)

    def _hint(self, spec: FieldSpec, other: FieldSpec, make: Callable[[Any], str]) -> None:
        try:
            text = make(self.value_of(other))
        except (KpoDeskError, ValueError, TypeError):
            text = ""
        self.inputs[spec.name].setPlaceholderText(text or spec.placeholder)

    def refresh_hints(self) -> None:
        for spec in self.fields:
            hint = spec.extra.get("hint_from")
            if hint and hint[0] in self.inputs:
                self._hint(spec, next(f for f in self.fields if f.name == hint[0]), hint[1])

    def _make_input(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setFixedHeight(spec.extra.get("height", 80))
            return w
        if spec.kind == "bool":
            return QCheckBox(translate("Fields", spec.extra.get("text", "")))
        if spec.kind in ("choice", "timezone"):
            w = QComboBox(editable=spec.kind == "timezone")
            options = spec.choices() if spec.choices else zone_choices()
            for text, data in options:
                w.addItem(text, data)
            if w.isEditable():
                w.completer().setFilterMode(Qt.MatchFlag.MatchContains)
                w.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                w.lineEdit().setPlaceholderText(spec.placeholder or self.tr("Type a city, such as Shanghai"))
            return w
        if spec.kind == "date":
            return DateLineEdit(spec.label, spec.name, spec.placeholder)
        w = QLineEdit()
        w.setPlaceholderText(spec.placeholder or (self.tr("e.g. 1,000,000") if spec.kind == "money" else ""))
        if spec.kind == "password":  # typed unseen; read as plain text like any other line
            w.setEchoMode(QLineEdit.EchoMode.Password)
        return w

    def _file_row(self, line: QWidget, spec: FieldSpec) -> QHBoxLayout:
        """A "file" field: the path's line edit and a Browse… button that fills it."""
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(line, 1)
        button = QPushButton(self.tr("Browse…"))
        button.setAccessibleName(self.tr("Browse for {label}").format(label=spec.label))
        button.setToolTip(self.tr("Choose the {lower} on this computer").format(lower=spec.label.lower()))
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
        self.refresh_hints()
        self.clear_errors()

    def _set(self, spec: FieldSpec, value: Any) -> None:
        w = self.inputs[spec.name]
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            index = w.findData(value)
            if index >= 0:
                w.setCurrentIndex(index)
            elif spec.kind == "timezone":
                w.setCurrentIndex(-1)
                w.setCurrentText(value or "")
        elif isinstance(w, DateLineEdit):
            w.set_date(value if isinstance(value, date) else None)
        elif value is None:
            w.setText("")
        elif spec.kind == "money":
            w.setText(grouped(value / 100))
        elif isinstance(value, float) or spec.kind == "number":
            w.setText(grouped(value))
        elif isinstance(value, date):
            w.setText(gui_date(value))
        else:
            w.setText(str(value))

    def value_of(self, spec: FieldSpec) -> Any:
        w = self.inputs[spec.name]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            if spec.kind != "timezone":
                return w.currentData()
            text = w.currentText().strip()
            index = w.findText(text)
            return w.itemData(index) if index >= 0 else text
        if isinstance(w, DateLineEdit):
            return w.date()
        text = w.text().strip()
        if spec.kind in ("number", "money"):
            if not text:
                return None
            number = v.number(read_number(text), spec.name, spec.label, minimum=-1e15, maximum=1e15)
            return int(round(number * 100)) if spec.kind == "money" else number
        return text

    def values(self) -> dict[str, Any]:
        """The typed values; a field that cannot be read raises ValidationError naming it."""
        values, unread = self.read()
        if unread:
            raise unread[0]
        return values

    def read(self) -> tuple[dict[str, Any], list[ValidationError]]:
        """Every value that can be read, and a ``ValidationError`` for each field that cannot
        (its value is None): a form reports all its unreadable fields at once."""
        values: dict[str, Any] = {}
        unread: list[ValidationError] = []
        for spec in self.fields:
            try:
                values[spec.name] = self.value_of(spec)
            except ValidationError as exc:
                values[spec.name] = None
                unread.append(exc if exc.field == spec.name else ValidationError(exc.message, field=spec.name))
        return values, unread

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)

    def showing_error(self, name: str) -> bool:
        return not self.errors[name].isHidden()

    def hide_error(self, name: str) -> None:
        self.errors[name].setVisible(False)

    def show_error(self, exc: KpoDeskError, *, focus: bool = True) -> bool:
        """Show ``exc`` under its field; False when no field of this form matches."""
        label = self.errors.get(exc.field or "")
        if label is None:
            return False
        label.setText(exc.message)
        label.setVisible(True)
        if focus:
            self.inputs[exc.field].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def show_errors(self, problems: Sequence[KpoDeskError]) -> list[KpoDeskError]:
        """Show every problem under its field at once (the first field in the form takes the
        focus); returns those that belong to no field."""
        order = {spec.name: n for n, spec in enumerate(self.fields)}
        placed = sorted((p for p in problems if p.field in self.errors), key=lambda p: order[p.field])
        for n, problem in enumerate(placed):
            self.show_error(problem, focus=n == 0)
        return [p for p in problems if p.field not in self.errors]

    def edited_signal(self, name: str):  # noqa: ANN201
        """The signal a field's input sends when the person changes it."""
        w = self.inputs[name]
        if isinstance(w, QPlainTextEdit | QLineEdit):
            return w.textChanged
        if isinstance(w, QCheckBox):
            return w.toggled
        return w.currentTextChanged if w.isEditable() else w.currentIndexChanged

    def first_input(self) -> QWidget | None:
        return self.inputs[self.fields[0].name] if self.fields else None


def shown_spec(spec: FieldSpec) -> FieldSpec:
    """``spec`` as the form shows it: its label, help and placeholder (marked
    ``QT_TRANSLATE_NOOP("Fields", …)`` where they are declared) in the GUI's language."""
    from dataclasses import replace

    def shown(text: str) -> str:
        return translate("Fields", text) if text else text

    return replace(spec, label=shown(spec.label), help=shown(spec.help), placeholder=shown(spec.placeholder))


class RecordDialog(QDialog):
    """``save(values) -> record`` is a core call; a ``ValidationError`` is shown by its field.

    An edit of a stored record passes ``version``, the record's version when the dialog opened
    (and ``reload``, which reads the record's values and version again): each save then sends
    ``expected_version`` with the values, and a record someone else changed meanwhile asks what
    to do (kpo_desk/ui/common/conflict.py): reload their version, overwrite with mine, or cancel."""

    def __init__(self, title: str, fields: Sequence[FieldSpec], save: Callable[[dict[str, Any]], Any], *,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None,
                 intro: str = "", check: Check | None = None, version: int | None = None,
                 reload: Callable[[], tuple[dict[str, Any], int]] | None = None, record_word: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        self._save, self._check = save, check
        self.version, self._reload, self.record_word = version, reload, record_word
        self.result_record: Any = None
        self.form = FieldForm(fields, initial)
        self.inputs, self.errors = self.form.inputs, self.form.errors
        self.general_error = QLabel("", styleSheet=semantic_style("bad"), wordWrap=True, visible=False)
        self.general_error.setAccessibleName(self.tr("Error"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S or Ctrl+Enter)"))
        body = QWidget()
        body_layout = QVBoxLayout(body)
        if intro:
            body_layout.addWidget(QLabel(intro, wordWrap=True))
        body_layout.addWidget(self.form)
        body_layout.addStretch()
        self.scroll = scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Fields marked * are required."), styleSheet=semantic_style("muted")))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        for seq in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(seq, self, activated=self.save)
        for spec in self.form.fields:
            self.form.edited_signal(spec.name).connect(lambda *_a, name=spec.name: self._recheck(name))
        self._fitted = False
        self.fit_to_content()
        first = self.form.first_input()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def fit_to_content(self, width: int = 580) -> None:
        """As tall as the fields need (no empty band above the buttons), and no taller than the
        screen allows: then the fields scroll and the buttons stay in sight."""
        layout, body = self.layout(), self.scroll.widget()
        layout.activate()
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        body_height = body.heightForWidth(inner) if body.hasHeightForWidth() else -1
        body_height = max(body_height, body.sizeHint().height())
        others = layout.sizeHint().height() - self.scroll.sizeHint().height()
        fit_to_screen(self, max(width, self.minimumWidth()), others + body_height + 2)

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        """Fitted again just before it first shows, so that rows a subclass adds after this
        constructor (a hint, a choice of zone) count too."""
        if visible and not self._fitted:
            self._fitted = True
            self.fit_to_content(max(580, self.width()))
        super().setVisible(visible)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        first = self.form.first_input()
        if first is not None and not self.form.isAncestorOf(self.focusWidget()):
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def problems(self, values: dict[str, Any], unread: Sequence[KpoDeskError],
                 first: KpoDeskError | None = None) -> list[KpoDeskError]:
        """Every problem to show: the fields the form cannot read, what core refused, and what
        core's dry run finds in the other fields; one per field."""
        found: list[KpoDeskError] = list(unread)
        if first is not None:
            found.append(first)
        if self._check is not None:
            found += self._check(values)
        seen: set[str | None] = set()
        out = []
        for problem in found:
            if problem.field is None or problem.field not in seen:
                seen.add(problem.field)
                out.append(problem)
        return out

    def save(self, *, overwrite: bool = False) -> None:
        self.form.clear_errors()
        self.general_error.setVisible(False)
        values, unread = self.form.read()
        failure: KpoDeskError | None = None
        if not unread:
            if not overwrite and not self.confirm(values):
                return
            try:
                self.result_record = self._save(self.versioned(values, overwrite=overwrite))
            except ConflictError as exc:
                self.on_conflict(exc)
                return
            except KpoDeskError as exc:
                failure = exc
            else:
                self.accept()
                return
        if failure is not None and failure.field not in self.form.errors:
            problems = [failure]  # not about one field (say, the store is read-only): say only that
        else:
            problems = self.problems(values, unread, failure)
        general = self.form.show_errors(problems)
        if general:
            self.general_error.setText("\n".join(p.message for p in general))
            self.general_error.setVisible(True)

    def versioned(self, values: dict[str, Any], *, overwrite: bool = False) -> dict[str, Any]:
        """The values to save, with the version the dialog opened (core's optimistic check)."""
        if self.version is None:
            return values
        return {**values, "expected_version": self.version} | ({"overwrite": True} if overwrite else {})

    def on_conflict(self, error: ConflictError) -> None:
        """Someone else changed (or deleted) the record since this dialog opened it: ask, then
        reload their version into the form, save mine over it, or leave the form as it is."""
        from kpo_desk.ui.common.conflict import OVERWRITE, RELOAD, ask_about_conflict

        choice, sentence = ask_about_conflict(error, self.record_word, self)
        if choice == OVERWRITE:
            self.save(overwrite=True)
        elif choice == RELOAD and self._reload is not None:
            values, self.version = self._reload()
            self.form.clear_errors()
            self.form.set_values(values)
        else:
            self.general_error.setText(sentence)
            self.general_error.setVisible(True)

    def confirm(self, values: dict[str, Any]) -> bool:  # noqa: ARG002
        """Asked before saving readable values; a dialog that wants a person's Yes overrides it
        (False keeps the dialog open, as it was)."""
        return True

    def _recheck(self, name: str) -> None:
        """Once the person edits a field that shows an error, the error goes as soon as the
        field is right (or changes its words if it is still wrong)."""
        if not self.form.showing_error(name):
            return
        values, unread = self.form.read()
        mine = [p for p in self.problems(values, unread) if p.field == name]
        if mine:
            self.form.show_error(mine[0], focus=False)
        else:
            self.form.hide_error(name)
