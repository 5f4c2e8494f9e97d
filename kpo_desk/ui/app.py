"""Start the GUI: one QApplication, Fusion style following the system's light or dark scheme."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.resources import resource
from kpo_desk.core.store import Store, resolve_store_path


def configure_application(app: QApplication) -> None:
    QCoreApplication.setOrganizationName("KPO Desk")
    QCoreApplication.setApplicationName("KPO Desk")
    QCoreApplication.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource("icons", "kpo-desk.svg"))))


def main(db: str | None = None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    configure_application(app)
    try:
        store = Store.open(db)
    except KpoDeskError as exc:
        QMessageBox.critical(None, "KPO Desk cannot open the store",
                             f"{exc}\n\nStore: {resolve_store_path(db)}")
        return 2
    from kpo_desk.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()


if __name__ == "__main__":
    raise SystemExit(main())
