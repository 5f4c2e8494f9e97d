"""The theme: dialog buttons carry no icon that vanishes on the dark theme, and the semantic
colours (good, warning, bad, muted) read at 4.5:1 or better on both palettes, in the engagement
tabs too. Also the main window's first-start size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle

from kpo_desk.core.enums import ChecklistState
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.store import Store
from kpo_desk.ui.main_window import first_start_size
from kpo_desk.ui.theme import SEMANTIC_KINDS, DeskStyle, apply_theme, contrast, semantic_colour
from kpo_desk.ui.today import TodayDialog
from tests.ui.helpers import open_window, when_modal

R = QPalette.ColorRole


@pytest.fixture(params=["light", "dark"])
def theme(request, qapp) -> Iterator[str]:  # noqa: ANN001
    apply_theme(qapp, Qt.ColorScheme.Dark if request.param == "dark" else Qt.ColorScheme.Light)
    yield request.param
    apply_theme(qapp, Qt.ColorScheme.Light)


@pytest.fixture
def dark(qapp) -> Iterator[None]:  # noqa: ANN001
    apply_theme(qapp, Qt.ColorScheme.Dark)
    yield
    apply_theme(qapp, Qt.ColorScheme.Light)


def test_every_semantic_colour_reads_at_4_5_to_1_on_base_and_window(qapp, theme: str) -> None:  # noqa: ANN001
    palette = qapp.palette()
    assert (palette.color(R.Window).lightness() < 128) == (theme == "dark")
    for kind in SEMANTIC_KINDS:
        colour = semantic_colour(kind)
        for role in (R.Base, R.Window, R.AlternateBase):
            ratio = contrast(colour, palette.color(role))
            assert ratio >= 4.5, f"{theme}: {kind} {colour.name()} on {role.name} is {ratio:.2f}:1"
    # They stay four different colours, and the coloured ones keep their hue (green, amber, red).
    names = {semantic_colour(kind).name() for kind in SEMANTIC_KINDS}
    assert len(names) == 4
    hues = {kind: semantic_colour(kind).hslHue() for kind in ("good", "warning", "bad")}
    assert 90 <= hues["good"] <= 160 and 25 <= hues["warning"] <= 50 and (hues["bad"] <= 15 or hues["bad"] >= 345)


class _WantsIcons(QProxyStyle):
    """A platform that puts icons on dialog buttons (as Qt's X11 theme does)."""

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # noqa: ANN001, ANN201, N802, N803
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


def _close_icon(style: QStyle) -> bool:
    box = QDialogButtonBox()
    box.setStyle(style)
    box.setStandardButtons(QDialogButtonBox.StandardButton.Close)
    return not box.button(QDialogButtonBox.StandardButton.Close).icon().isNull()


def test_dialog_buttons_have_no_icon_to_vanish_on_the_dark_theme(qtbot, demo_store: Store, dark) -> None:  # noqa: ANN001
    assert _close_icon(_WantsIcons("fusion")), "the platform of this test draws icons on dialog buttons"
    assert not _close_icon(DeskStyle(_WantsIcons("fusion"))), "the app's style turns them off"
    window = open_window(qtbot, demo_store)
    seen: dict = {}

    def look(dialog: TodayDialog) -> None:
        close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        seen["style"] = close.style()
        seen["icon"] = not close.icon().isNull()
        seen["text"] = close.text()
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    errors = when_modal(look, kind=TodayDialog)
    QSettings().setValue("today/show_at_start", True)
    window.show_today_if_wanted()
    assert errors == []
    assert isinstance(seen["style"], DeskStyle), "one style for the whole app, not one per dialog"
    assert seen["icon"] is False and seen["text"] == "Close"


def test_checklist_states_health_and_gate_hint_are_legible_in_the_dark(qtbot, demo_store: Store, dark) -> None:  # noqa: ANN001
    code = "BANCO-2026-001"  # onboarding: open activation items and verified ones
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    engagement = eng.get_engagement(demo_store, code=code)
    window.engagements.select(engagement.id)
    detail = window.engagements.detail
    qtbot.mouseClick(detail.tabBar(), Qt.MouseButton.LeftButton,
                     pos=detail.tabBar().tabRect(detail.indexOf(detail.checklist_tab)).center())
    tab = detail.checklist_tab
    qtbot.waitUntil(lambda: tab.model.total() > 0)
    base = tab.table.palette().color(R.Base)
    assert base.lightness() < 100
    state_column = next(i for i, c in enumerate(tab.model.columns) if c.key == "state")
    seen_states = set()
    for row in range(tab.model.rowCount()):
        index = tab.model.index(row, state_column)
        colour = tab.model.data(index, Qt.ItemDataRole.ForegroundRole)
        if colour is None:
            continue
        colour = colour.color() if hasattr(colour, "color") else QColor(colour)
        seen_states.add(tab.model.row_at(row).state)
        assert contrast(colour, base) >= 4.5, f"{tab.model.data(index)}: {colour.name()} on {base.name()}"
    assert ChecklistState.OPEN in seen_states and ChecklistState.DONE in seen_states
    # The gate hint above the table, and the Overview's health line.
    window_colour = tab.palette().color(R.Window)
    for html in (tab.gate.text(), detail.overview.health.text()):
        colours = _span_colours(html)
        assert colours, html
        for colour in colours:
            assert contrast(QColor(colour), window_colour) >= 4.5, f"{colour} in {html[:80]}"


def _span_colours(html: str) -> list[str]:
    import re

    return re.findall(r"color:\s*(#[0-9a-fA-F]{6})", html)


def test_first_start_fits_the_screen_and_small_screens_open_maximised() -> None:
    assert first_start_size(QSize(1920, 1040)) == (QSize(1360, 820), False)
    size, maximised = first_start_size(QSize(1366, 740))  # 1366x768 less a panel
    assert maximised and size == QSize(1256, 680)
    size, maximised = first_start_size(QSize(1024, 672))
    assert maximised and size.width() <= 1024 * 0.92 and size.height() <= 672 * 0.92
    assert first_start_size(QSize(1280, 800))[1] is False


def test_first_start_on_this_small_screen_is_maximised_then_remembered(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    room = window.screen().availableGeometry().size()
    assert room.width() < 1280 or room.height() < 800, "the offscreen test screen is a small one"
    assert window.isMaximized()
    assert window.normalGeometry().width() <= room.width() * 0.92
    window.close()
    assert QSettings().value("main/geometry") is not None
    again = open_window(qtbot, demo_store)
    assert again.isMaximized(), "the remembered geometry keeps the maximised state"
