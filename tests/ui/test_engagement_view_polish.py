"""The Engagements view as a person meets it: a hint when nothing is selected, Save and Revert
always in sight, the History tab in words, dialogs as tall as their content, New engagement
starting from the selected client, text columns that get the spare width, money with its
currency and dates as the lists write them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.services.engagement_codes import suggested_code
from kpo_desk.core.store import Store
from kpo_desk.core.wording import display_date
from kpo_desk.ui.common.forms import RecordDialog
from kpo_desk.ui.engagements.detail import OverrideDialog
from kpo_desk.ui.main_window import MainWindow
from tests.ui.helpers import open_window, press, when_modal

#: In the demo: an active engagement with a money budget, milestones sent back by QA, and dates.
ACTIVE = "GREENFIE-2026-001"
#: In the demo: an onboarding engagement whose activation gate has open items.
BLOCKED = "BANCO-2026-001"


def _engagements(qtbot, store: Store, size: tuple[int, int] | None = None) -> MainWindow:  # noqa: ANN001
    window = open_window(qtbot, store)
    if size is not None:
        window.showNormal()
        window.resize(*size)
    window.show_view("Engagements")
    return window


def _select(qtbot, window: MainWindow, code: str):  # noqa: ANN001, ANN202
    """Click the engagement's row in the list, as a person does."""
    engagement = eng.get_engagement(window.store, code=code)
    view = window.engagements
    view.select(engagement.id)
    table = view.page.table
    row = table.currentIndex().row()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(view.model.index(row, 1)).center())
    qtbot.waitUntil(lambda: view.detail.engagement_id == engagement.id)
    return engagement


def _click_tab(qtbot, detail, page: QWidget) -> None:  # noqa: ANN001
    bar = detail.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(detail.indexOf(page)).center())
    qtbot.waitUntil(lambda: detail.currentWidget() is page)


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


# -- 3. nothing selected ---------------------------------------------------------------------------
def test_nothing_selected_shows_a_hint_with_the_real_shortcut_not_a_greyed_form(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store)
    view = window.engagements
    view.page.table.clearSelection()
    view.page.table.setCurrentIndex(view.model.index(-1, -1))
    qtbot.waitUntil(lambda: view.detail.engagement_id is None)
    hint = view.nothing_selected
    keys = window.new_engagement_action.shortcut().toString()
    assert hint.isVisible() and not view.detail.isVisible(), "no form that looks like a record"
    assert "Select an engagement" in hint.text() and f"press {keys} to create one" in hint.text()
    assert keys == "Ctrl+N"
    _select(qtbot, window, ACTIVE)
    assert view.detail.isVisible() and not hint.isVisible()
    assert view.detail.overview.form.inputs["title"].text() != ""


# -- 4. Save and Revert in sight ------------------------------------------------------------------
def test_save_and_revert_stay_in_sight_at_1024x700_and_the_form_scrolls(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store, (1024, 700))
    engagement = _select(qtbot, window, ACTIVE)
    overview = window.engagements.detail.overview
    qtbot.waitUntil(overview.save_button.isVisible)
    for button in (overview.save_button, overview.revert_button):
        assert not overview.scroll.isAncestorOf(button), f"{button.text()} is outside the scroll area"
        shown = button.visibleRegion().boundingRect()
        assert shown == button.rect(), f"{button.text()} is cut: {shown} of {button.rect()}"
        assert _global(overview).contains(_global(button))
    description = overview.form.inputs["description"]
    assert overview.scroll.isAncestorOf(description), "the form scrolls"
    overview.scroll.ensureWidgetVisible(description)
    qtbot.mouseClick(description, Qt.MouseButton.LeftButton)
    description.selectAll()
    qtbot.keyClicks(description, "Summaries of German court filings")
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    assert eng.get_engagement(demo_store, engagement_id=engagement.id).description == \
        "Summaries of German court filings"


# -- 5. History in words ---------------------------------------------------------------------------
def test_history_names_records_and_changes_in_words(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store)
    _select(qtbot, window, ACTIVE)
    detail = window.engagements.detail
    _click_tab(qtbot, detail, detail.history)
    model, table = detail.history.model, detail.history.table
    qtbot.waitUntil(lambda: model.total() > 0)
    columns = {c.key: i for i, c in enumerate(model.columns)}
    records = [model.data(model.index(r, columns["record"])) for r in range(model.rowCount())]
    changes = [model.data(model.index(r, columns["change"])) for r in range(model.rowCount())]
    assert f"Engagement: {ACTIVE}" in records
    assert any(r.startswith("Milestone: ") and not r.split(": ", 1)[1].isdigit() for r in records), records
    assert not any(r.split()[-1].isdigit() and r.split()[0].lower() in ("engagement", "milestone") for r in records)
    rework = next(c for c in changes if "Rework" in c)
    assert "Status: In QA → Rework" in rework and "QA result: — → Failed" in rework and "QA note: — → " in rework
    for change in changes:
        assert "in_qa" not in change and "qa_note" not in change and "qa note" not in change, change
    # Long text is elided at the column's edge with the whole of it in the tooltip.
    row = changes.index(rework)
    tip = model.data(model.index(row, columns["change"]), Qt.ItemDataRole.ToolTipRole)
    assert tip == rework
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    header = table.horizontalHeader()
    right = header.sectionPosition(columns["change"]) + header.sectionSize(columns["change"])
    assert right <= table.viewport().width(), "the Change column ends inside the view, so its text is elided"


# -- 6. dialogs as tall as their content -------------------------------------------------------------
def _gap_above_buttons(dialog: RecordDialog) -> int:
    """Pixels between the last field (or the settings' last group below the fields: "Language",
    under "This computer") and the buttons."""
    last = (getattr(dialog, "language", None) or getattr(dialog, "computer", None)
            or dialog.form.inputs[dialog.form.fields[-1].name])
    bottom = last.mapTo(dialog, QPoint(0, last.height())).y()
    return dialog.save_button.mapTo(dialog, QPoint(0, 0)).y() - bottom


def test_new_engagement_starts_from_the_selected_client_and_fits_its_fields(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store)
    engagement = _select(qtbot, window, ACTIVE)
    client_name = next(c.name for c in parties.list_clients(demo_store) if c.id == engagement.client_id)
    other = next(c for c in parties.list_clients(demo_store) if c.id != engagement.client_id)
    seen: dict = {}

    def answer(dialog: RecordDialog) -> None:
        qtbot.waitExposed(dialog)
        combo, code = dialog.inputs["client_id"], dialog.inputs["code"]
        seen["client"], seen["hint"] = combo.currentText(), code.placeholderText()
        seen["gap"] = _gap_above_buttons(dialog)
        seen["inside"] = dialog.screen().availableGeometry().contains(dialog.frameGeometry())
        combo.setCurrentIndex(combo.findData(other.id))
        seen["other_hint"] = code.placeholderText()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    errors = when_modal(answer, kind=RecordDialog)
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    assert seen["client"] == client_name, "the selected engagement's client, not the first in the list"
    assert seen["hint"] == f"Left empty, one is made up: {suggested_code(demo_store, engagement.client_id)}"
    assert seen["hint"].split(": ")[1].startswith(engagement.code.split("-")[0] + "-")
    assert seen["other_hint"] == f"Left empty, one is made up: {suggested_code(demo_store, other.id)}"
    assert seen["inside"]
    assert 0 <= seen["gap"] <= 40, f"{seen['gap']} px of empty space above the buttons"


def test_settings_and_checklist_done_dialogs_have_no_empty_band(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store)
    gaps: dict[str, int] = {}

    def measure(name: str):  # noqa: ANN202
        def answer(dialog: RecordDialog) -> None:
            qtbot.waitExposed(dialog)
            gaps[name] = _gap_above_buttons(dialog)
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return answer

    errors = when_modal(measure("settings"), kind=RecordDialog)
    window.settings_action.trigger()
    assert errors == []
    _select(qtbot, window, BLOCKED)
    detail = window.engagements.detail
    tab = detail.checklist_tab
    _click_tab(qtbot, detail, tab)
    qtbot.waitUntil(lambda: tab.model.total() > 0)
    row = tab.model.row_of(lambda line: line.state.value == "open")
    tab.table.selectRow(row)
    errors = when_modal(measure("done"), kind=RecordDialog)
    qtbot.mouseClick(tab.buttons["done"], Qt.MouseButton.LeftButton)
    assert errors == []
    for name, gap in gaps.items():
        assert 0 <= gap <= 40, f"{name}: {gap} px of empty space above the buttons"


def test_gate_dialog_has_the_reason_right_under_the_list(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store)
    _select(qtbot, window, BLOCKED)
    overview = window.engagements.detail.overview
    seen: dict = {}

    def answer(dialog: OverrideDialog) -> None:
        qtbot.waitExposed(dialog)
        message = dialog.message
        text_bottom = message.mapTo(dialog, QPoint(0, message.heightForWidth(message.width()))).y()
        prompt = next(label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.reason)
        seen["gap"] = prompt.mapTo(dialog, QPoint(0, 0)).y() - text_bottom
        seen["inside"] = dialog.screen().availableGeometry().contains(dialog.frameGeometry())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    def choose_active() -> None:
        menu = QApplication.activePopupWidget()
        action = next(a for a in menu.actions() if a.text() == "Active")
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    errors = when_modal(answer, kind=OverrideDialog)
    from PySide6.QtCore import QTimer

    def poll() -> None:
        if QApplication.activePopupWidget() is None:
            QTimer.singleShot(10, poll)
        else:
            choose_active()

    QTimer.singleShot(0, poll)
    qtbot.mouseClick(overview.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "gap" in seen or bool(errors))
    assert errors == []
    assert 0 <= seen["gap"] <= 30, f"{seen['gap']} px between the list of items and the reason"


# -- 7. the spare width goes to the text -------------------------------------------------------------
def test_risks_and_checklist_give_the_spare_width_to_their_text_columns(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store, (1024, 700))
    _select(qtbot, window, ACTIVE)
    detail = window.engagements.detail
    _click_tab(qtbot, detail, detail.risks)
    table, model = detail.risks.table, detail.risks.model
    qtbot.waitUntil(lambda: model.total() > 0)
    header = table.horizontalHeader()
    keys = [c.key for c in model.columns]
    client_sees = keys.index("client_visible")
    assert header.sectionSize(client_sees) <= max(header.sectionSizeFromContents(client_sees).width(),
                                                  table.sizeHintForColumn(client_sees)) + 2, \
        "'Client sees' takes no spare width"
    text = header.sectionSize(keys.index("category")) + header.sectionSize(keys.index("description"))
    others = sum(header.sectionSize(i) for i in range(header.count()) if keys[i] not in ("category", "description"))
    assert abs(text + others - table.viewport().width()) <= 2, "the text columns take what the others leave"
    category = keys.index("category")
    widest = max(table.fontMetrics().horizontalAdvance(model.data(model.index(r, category)))
                 for r in range(model.rowCount()))
    assert header.sectionSize(category) >= widest + 8, "the risk category shows whole"

    _click_tab(qtbot, detail, detail.checklist_tab)
    tab = detail.checklist_tab
    qtbot.waitUntil(lambda: tab.model.total() > 0)
    header, keys = tab.table.horizontalHeader(), [c.key for c in tab.model.columns]
    evidence = keys.index("evidence")
    assert header.sectionSize(evidence) <= max(header.sectionSizeFromContents(evidence).width(),
                                               tab.table.sizeHintForColumn(evidence)) + 2
    assert header.sectionSize(keys.index("text")) > tab.model.columns[keys.index("text")].width


# -- 8. money and dates ------------------------------------------------------------------------------
def test_overview_shows_money_with_its_currency_and_dates_as_the_lists_do(qtbot, demo_store: Store) -> None:
    window = _engagements(qtbot, demo_store)
    engagement = _select(qtbot, window, ACTIVE)
    assert engagement.budget_cents and engagement.signed_on and engagement.target_end_on
    form = window.engagements.detail.overview.form
    overview = window.engagements.detail.overview
    budget, signed = form.inputs["budget_cents"], form.inputs["signed_on"]
    assert budget.text() == f"{engagement.budget_cents // 100:,}"
    assert form.currency_labels["budget_cents"].text() == engagement.currency
    assert signed.text() == display_date(engagement.signed_on)
    # Typed ISO, it is read and then shown in the app's format; grouped money is read; an
    # optional date may be left empty.
    start, target_end = form.inputs["start_on"], form.inputs["target_end_on"]
    for field, text in ((start, "2026-07-01"), (budget, "64,500")):
        overview.scroll.ensureWidgetVisible(field)
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        field.selectAll()
        qtbot.keyClicks(field, text)
    qtbot.keyClick(budget, Qt.Key.Key_Tab)
    assert start.text() == "1 Jul 2026"
    overview.scroll.ensureWidgetVisible(target_end)
    qtbot.mouseClick(target_end, Qt.MouseButton.LeftButton)
    target_end.selectAll()
    qtbot.keyClick(target_end, Qt.Key.Key_Delete)
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    saved = eng.get_engagement(demo_store, engagement_id=engagement.id)
    assert (saved.start_on, saved.budget_cents, saved.target_end_on) == (date(2026, 7, 1), 6_450_000, None)
    assert form.inputs["start_on"].text() == "1 Jul 2026"
    # The app's own format is read as well, and a wrong date is refused beside its field.
    qtbot.mouseClick(signed, Qt.MouseButton.LeftButton)
    signed.selectAll()
    qtbot.keyClicks(signed, "31 Feb 2026")
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    assert form.showing_error("signed_on") and "not a real date" in form.errors["signed_on"].text()
    signed.selectAll()
    qtbot.keyClicks(signed, "3 Mar 2026")
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    assert eng.get_engagement(demo_store, engagement_id=engagement.id).signed_on == date(2026, 3, 3)
