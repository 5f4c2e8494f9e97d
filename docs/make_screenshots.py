"""Screenshots of every main view and of the daily routine's dialogs, as a person sees them.

`make screenshots` runs docs/screenshots.sh, which starts a virtual X screen (Xvfb) with the
openbox window manager at each screen size and runs this script once per theme:

    DISPLAY=:99 KPO_DESK_THEME=dark python docs/make_screenshots.py --size 1024x700 --theme dark

``--language de`` (or KPO_DESK_LANGUAGE=de; docs/screenshots.sh passes SCREENSHOT_LANGUAGE) shows
the GUI in German, as Settings ▸ Language would, and writes to docs/screenshots/de/<size>/.

The app runs on a fresh demo store in a temporary folder (with its own settings), and every
dialog is opened through the app's own actions, buttons and shortcuts. Each PNG is the whole
X screen (the root window), so window frames, and a window or its buttons running off the
screen, show as they would on a laptop. Beside the PNGs, checks-<theme>.txt lists what the
script measured: windows larger than the screen, widgets off-screen, clipped buttons, visible
horizontal scroll bars.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)

OUT = Path(__file__).resolve().parent / "screenshots"


class Shooter:
    def __init__(self, app: QApplication, out: Path, theme: str) -> None:
        self.app, self.out, self.theme = app, out, theme
        self.shots: list[Path] = []
        self.checks: list[str] = []

    # -- time ----------------------------------------------------------------------------------
    def wait(self, ms: int = 400) -> None:
        """Run the event loop for ``ms`` (the window manager maps and frames windows meanwhile)."""
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)

    def wait_until(self, done: Callable[[], bool], timeout: float = 60) -> bool:
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                return False
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)
        return True

    # -- pictures ------------------------------------------------------------------------------
    def grab(self, name: str, window: QWidget | None = None) -> None:
        """The whole screen, as X has it (frames included), saved as <name>-<theme>.png."""
        self.wait(250)
        screen = QGuiApplication.primaryScreen()
        path = self.out / f"{name}-{self.theme}.png"
        screen.grabWindow(0).save(str(path))
        self.shots.append(path)
        if window is not None:
            self.check(name, window)

    def check(self, name: str, window: QWidget) -> None:
        """What can be measured: the window against the screen, buttons off-screen or clipped,
        horizontal scroll bars, labels cut short."""
        screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        frame = window.frameGeometry()
        found: list[str] = []
        if not screen.contains(frame):
            found.append(f"window {_rect(frame)} (frame) does not fit the screen {_rect(screen)}")
        if window.minimumSizeHint().height() > screen.height() or window.minimumSizeHint().width() > screen.width():
            found.append(f"minimum size {window.minimumSizeHint().width()}x{window.minimumSizeHint().height()} "
                         f"is larger than the screen")
        for widget in window.findChildren(QWidget):
            if not widget.isVisibleTo(window) or not widget.isVisible():
                continue
            label = _name(widget)
            where = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
            if isinstance(widget, QAbstractButton) and widget.text():
                seen = widget.visibleRegion().boundingRect()
                if seen.isEmpty():
                    if _inside_scroll_area(widget):
                        found.append(f"button {label} is scrolled out of sight (the page must be scrolled to reach it)")
                elif not screen.contains(QRect(widget.mapToGlobal(seen.topLeft()), seen.size())):
                    found.append(f"button {label} at {_rect(where)} is (partly) off the screen")
                if widget.width() + 1 < widget.sizeHint().width():
                    found.append(f"button {label} is {widget.width()} px wide, needs {widget.sizeHint().width()} px")
            elif isinstance(widget, QTabBar):
                needed = sum(widget.tabRect(i).width() for i in range(widget.count()))
                if needed > widget.width():
                    found.append(f"tab bar {label} is {widget.width()} px wide, its tabs need {needed} px "
                                 "(some tabs are behind scroll arrows)")
            elif isinstance(widget, QAbstractScrollArea):
                bar = widget.horizontalScrollBar()
                if bar.isVisible() and bar.maximum() > 0:
                    per_item = (isinstance(widget, QAbstractItemView)
                                and widget.horizontalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem)
                    hidden = f"{bar.maximum()} column(s)" if per_item else f"{bar.maximum()} px"
                    found.append(f"horizontal scroll bar on {label}: {hidden} out of sight")
            elif (isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() and widget.pixmap().isNull()
                  and 0 < widget.width() + 1 < widget.sizeHint().width()):
                found.append(f"label {label} is {widget.width()} px wide, needs {widget.sizeHint().width()} px")
        for line in dict.fromkeys(found):
            self.checks.append(f"{name}-{self.theme}.png: {line}")

    # -- dialogs -------------------------------------------------------------------------------
    def modal(self, trigger: Callable[[], object], steps: list[tuple[str, Callable | None, Callable]],
              timeout: float = 30) -> None:
        """Run ``trigger`` (which opens a modal dialog and blocks in its exec). For each step in
        turn: when a new modal dialog is showing, ``prepare(dialog)`` (if any), grab the screen as
        ``name``, then ``finish(dialog)`` (close it, or press the button that opens the next one)."""
        pending = list(steps)
        seen: set[int] = set()
        deadline = time.monotonic() + timeout

        def poll() -> None:
            if not pending:
                return
            dialog = QApplication.activeModalWidget()
            if dialog is None or id(dialog) in seen or not dialog.isVisible():
                if time.monotonic() > deadline:
                    self.checks.append(f"{pending[0][0]}-{self.theme}.png: NOT TAKEN, no dialog appeared")
                    pending.clear()
                    for stray in QApplication.topLevelWidgets():  # do not hang on a half-open chain
                        if stray.isModal() and stray.isVisible():
                            stray.close()
                    return
                QTimer.singleShot(50, poll)
                return
            seen.add(id(dialog))
            name, prepare, finish = pending.pop(0)
            self.wait(400)  # mapped and framed by the window manager
            if prepare is not None:
                prepare(dialog)
            self.grab(name, dialog)
            print(f"  {name}: “{dialog.windowTitle()}” {dialog.width()}x{dialog.height()}", flush=True)
            if pending:
                QTimer.singleShot(50, poll)
            finish(dialog)

        QTimer.singleShot(0, poll)
        trigger()
        self.wait(200)
        if pending:
            for name, _prepare, _finish in pending:
                self.checks.append(f"{name}-{self.theme}.png: NOT TAKEN, the dialog did not open")


def _rect(r: QRect) -> str:
    return f"{r.width()}x{r.height()}+{r.x()}+{r.y()}"


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")()
    text = text if isinstance(text, str) else ""
    return f"{type(widget).__name__}“{(text or widget.accessibleName() or widget.objectName())[:40]}”"


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def close(dialog: QWidget) -> None:
    dialog.reject() if hasattr(dialog, "reject") else dialog.close()


def click(button: QWidget) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def run(shooter: Shooter, language: str = "en") -> None:
    from kpo_desk.core import checklists as cl
    from kpo_desk.core.checklists import refresh_recurring_and_expired
    from kpo_desk.core.demo import generate_demo
    from kpo_desk.core.enums import ChecklistState, EngagementStatus
    from kpo_desk.core.services import engagements as eng
    from kpo_desk.core.store import Store
    from kpo_desk.ui.common.words import status_label
    from kpo_desk.ui.main_window import MainWindow

    wait, grab, modal = shooter.wait, shooter.grab, shooter.modal
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QCoreApplication.setOrganizationName("KPO Desk Screenshots")
        from kpo_desk.ui.language import install_translators, set_chosen_language

        set_chosen_language(language)  # the Settings choice, read as the app reads it at start-up
        install_translators(shooter.app)
        with Store.open(Path(tmp) / "demo.sqlite3") as store:
            generate_demo(store, seed=7)
            from datetime import date

            refresh_recurring_and_expired(store, date.today())  # as the app does when it opens
            window = MainWindow(store)  # its first start: the size the app chooses by itself
            window.show()
            wait(800)
            grab("first-start", window)
            # The start-up digest, opened the way the app opens it.
            modal(window.show_today_if_wanted, [("today", None, close)])

            window.showMaximized()  # what a person does on a laptop screen
            wait(800)
            for view in ("Dashboard", "Clients", "Staff", "Reports"):
                window.show_view(view)
                if view == "Dashboard":  # its figures are gathered off the GUI thread
                    shooter.wait_until(lambda: window.dashboard.snapshot is not None)
                page = getattr(window.views[view], "page", None)
                if page is not None and page.model.total():
                    page.table.selectRow(1 if view == "Clients" else 0)
                grab(view.lower(), window)
            window.show_view("Communications")
            comms = window.communications
            comms.log.page.table.selectRow(0)
            grab("communications", window)
            click_tab(comms, comms.follow_ups)
            comms.follow_ups.table.selectRow(0)
            grab("follow-ups", window)

            # -- one active engagement, through every tab -------------------------------------
            window.show_view("Engagements")
            view = window.engagements
            rows = [view.model.row_at(i) for i in range(view.model.total())]
            grab("engagements", window)
            active = next(r for r in rows if r.status == EngagementStatus.ACTIVE)
            view.select(active.id)
            detail = view.detail
            wait(300)
            for index in range(detail.count()):
                tab = detail.widget(index)
                click_tab(detail, tab)
                # Named by the tab's attribute (overview, checklist, reports, …), the same in every language.
                name = next(n for n, w in vars(detail).items() if w is tab).removesuffix("_tab")
                table = getattr(tab, "table", None) or getattr(getattr(tab, "page", None), "table", None)
                if table is not None and table.model().rowCount():
                    table.selectRow(0)
                grab(f"engagement-{name}", window)

            # -- the daily routine's dialogs -----------------------------------------------------
            modal(lambda: QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
                  [("search", lambda d: (QTest.keyClicks(d.query, "patent"), wait(900)), close)])
            modal(lambda: QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
                  [("new-engagement", None, close)])
            view.select(active.id)
            click_tab(detail, detail.communications_tab)
            modal(detail.communications_tab.log_action.trigger, [("new-communication", None, close)])

            # Done… and Verify… on the checklist: an engagement that has an open item and a done,
            # unverified one.
            def lines(eid: int) -> list:
                return cl.control_lines(store, eid)

            def pick() -> tuple[int, object, object]:
                for r in [active, *rows]:
                    ls = lines(r.id)
                    open_line = next((x for x in ls if x.state == ChecklistState.OPEN), None)
                    done_line = next((x for x in ls if x.state == ChecklistState.DONE and not x.verified_by), None)
                    if open_line and done_line:
                        return r.id, open_line, done_line
                raise SystemExit("no engagement with an open and a done, unverified checklist item")

            eid, open_line, done_line = pick()
            view.select(eid)
            checklist = detail.checklist_tab
            click_tab(detail, checklist)
            wait(300)
            checklist.table.selectRow(checklist.model.row_of(lambda r: r.item_id == open_line.item_id))
            modal(lambda: click(checklist.buttons["done"]), [("checklist-done", None, close)])
            checklist.table.selectRow(checklist.model.row_of(lambda r: r.item_id == done_line.item_id))
            modal(lambda: click(checklist.buttons["verify"]), [("checklist-verify", None, close)])

            # A blocked move: an engagement whose activation gate has open items, moved to Active.
            blocked = next((r for r in rows if r.status in (EngagementStatus.ONBOARDING, EngagementStatus.PROPOSED)
                            and eng.gate_blockers(store, r.id, EngagementStatus.ACTIVE)), None)
            if blocked is None:
                shooter.checks.append("gate-refused: NOT TAKEN, no engagement with a blocked move to Active")
            else:
                view.select(blocked.id)
                click_tab(detail, detail.overview)
                wait(300)
                grab("engagement-overview-blocked", window)
                QTest.keyClick(detail, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # the move menu
                wait(400)
                menu = QApplication.activePopupWidget()
                grab("move-menu", window)
                target = next((a for a in detail.overview.move_menu.actions()
                               if a.text() == status_label(EngagementStatus.ACTIVE)), None)
                if isinstance(menu, QMenu):
                    menu.close()
                if target is None:
                    shooter.checks.append("gate-refused: NOT TAKEN, no move to Active in the menu")
                else:
                    modal(target.trigger, [("gate-refused", None, close)])

            # Generate report…, then the preview it opens.
            view.select(active.id)
            click_tab(detail, detail.reports_tab)
            wait(300)
            modal(lambda: click(detail.reports_tab.generate_button),
                  [("generate-report", None, lambda d: click(d.save_button)),
                   ("report-preview", lambda d: wait(1500), close)], timeout=60)

            # -- from the menus ----------------------------------------------------------------
            modal(window.settings_action.trigger, [("settings", None, close)])
            about = window.about_action  # objectName "about_action"; its text is translated
            modal(about.trigger, [("about", None, close)])
            modal(window.shortcuts_action.trigger, [("shortcuts", None, close)])
            modal(window.templates_action.trigger, [("templates", None, close)])
            window.close()
            wait(200)


def click_tab(tabs, widget: QWidget) -> None:  # noqa: ANN001
    """Click the tab of ``widget`` in the QTabWidget ``tabs``, as a person would."""
    bar = tabs.tabBar()
    index = tabs.indexOf(widget)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(index).center())
    if tabs.currentIndex() != index:  # scrolled out of sight: the tab bar's arrows would bring it
        tabs.setCurrentIndex(index)
    QApplication.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", required=True, help="the X screen's size, e.g. 1366x768 (names the folder)")
    parser.add_argument("--theme", choices=("light", "dark"), required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--language", choices=("en", "de"), default=os.environ.get("KPO_DESK_LANGUAGE", "en"),
                        help="the GUI's language (German shots go to <out>/de/<size>/)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("make_screenshots.py needs an X display: run it through docs/screenshots.sh", file=sys.stderr)
        return 2
    os.environ["KPO_DESK_THEME"] = args.theme  # the app's own switch (kpo_desk/ui/theme.py)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    out = args.out / args.size if args.language == "en" else args.out / args.language / args.size
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"*-{args.theme}.png"):  # a shot not taken this time must not linger
        stale.unlink()
    from kpo_desk.ui.app import configure_application

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    screen = QGuiApplication.primaryScreen()
    print(f"{args.size} {args.theme} {args.language}: screen {_rect(screen.geometry())}, available {_rect(screen.availableGeometry())}",
          flush=True)
    shooter = Shooter(app, out, args.theme)
    run(shooter, args.language)
    (out / f"checks-{args.theme}.txt").write_text(
        f"# Measured by docs/make_screenshots.py on a {args.size} screen, {args.theme} theme.\n"
        + "".join(f"{line}\n" for line in shooter.checks))
    print(f"{len(shooter.shots)} screenshots in {out}; {len(shooter.checks)} findings in checks-{args.theme}.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
