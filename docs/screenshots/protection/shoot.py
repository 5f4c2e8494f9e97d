"""The user guide's pictures of "Protecting the store": the first start's choice, the unlock dialog
(after a wrong passphrase), the recovery sheet dialog and its PDF page, and a locked window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/protection/shoot.py

Each widget is drawn with QWidget.grab() (no window frame); the PNGs land beside this script.
The store path shown is a made-up one; the locked window runs on a small encrypted demo store in
a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QCoreApplication, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

OUT = Path(__file__).resolve().parent
SHOWN_PATH = Path("/home/anna/.local/share/kpo-desk/kpo-desk.sqlite3")
PASSPHRASE = "mango tuesday violin harbour"


def settle(ms: int = 300) -> None:
    loop_done = []
    QTimer.singleShot(ms, lambda: loop_done.append(True))
    while not loop_done:
        QApplication.processEvents()


def shoot(widget: QWidget, name: str) -> Path:
    widget.show()
    settle()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(tmp) / "settings"))
        from kpo_desk.ui.app import configure_application

        configure_application(app)
        QCoreApplication.setOrganizationName("KPO Desk Screenshots")

        from kpo_desk.core.crypto.errors import WrongPassphraseError
        from kpo_desk.core.crypto.keys import format_recovery_key
        from kpo_desk.core.crypto.recovery_sheet import recovery_sheet_pdf
        from kpo_desk.ui.common.pdf_pages import PdfPages
        from kpo_desk.ui.protection.first_start import FirstStartDialog
        from kpo_desk.ui.protection.sheet import RecoverySheetDialog
        from kpo_desk.ui.protection.unlock import UnlockDialog

        first = FirstStartDialog(SHOWN_PATH)
        first.fields.first.setText(PASSPHRASE)
        first.fields.second.setText(PASSPHRASE)
        shoot(first, "first-start")
        first.done(0)

        def wrong(_passphrase: str) -> None:
            raise WrongPassphraseError("That passphrase does not open this store.")

        unlock = UnlockDialog(SHOWN_PATH, wrong, lambda _key, _new: None)
        unlock.show()
        unlock.passphrase.setText("mango tuesday")
        unlock.unlock()
        shoot(unlock, "unlock")
        unlock.done(0)

        key = format_recovery_key(bytes.fromhex("5f3c9a0e7b21d4c6a8e2f1b03d597c4e6a1b8f2d0c9e7a3b5d4f6e8a0c2b4d6e"))
        sheet = RecoverySheetDialog(SHOWN_PATH, key)
        shoot(sheet, "recovery-sheet-dialog")
        sheet.saved_tick.setChecked(True)
        sheet.accept()
        from datetime import date

        pdf = recovery_sheet_pdf(store_path=SHOWN_PATH, recovery_key=key, made_on=date(2026, 12, 2))
        pages = PdfPages(pdf)
        page = OUT / "recovery-sheet.png"
        pages.image(0, 760).save(str(page))
        pages.close()
        print(page)

        locked_window(Path(tmp))


def locked_window(tmp: Path) -> None:
    from kpo_desk.core.demo import generate_demo
    from kpo_desk.core.store import Store
    from kpo_desk.ui.main_window import MainWindow

    store = Store.open(tmp / "demo.sqlite3", passphrase=PASSPHRASE)
    generate_demo(store, engagements=8, communications=60, seed=3)
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QPainter, QPen

    window = MainWindow(store)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(900, 560)
    window.show()
    settle(600)
    window.auto_lock.lock()
    settle(400)
    # The window under its cover, with the unlock dialog drawn where it stands on screen.
    picture = window.grab()
    prompt = window.auto_lock.prompt.grab()
    painter = QPainter(picture)
    at = QPoint((picture.width() - prompt.width()) // 2, picture.height() // 2 + 30)
    painter.drawPixmap(at, prompt)
    painter.setPen(QPen(Qt.GlobalColor.darkGray, 1))
    painter.drawRect(at.x() - 1, at.y() - 1, prompt.width() + 1, prompt.height() + 1)
    painter.end()
    picture.save(str(OUT / "locked-window.png"))
    print(OUT / "locked-window.png")
    window.auto_lock.unlock()
    window.close()
    store.close()


if __name__ == "__main__":
    main()
