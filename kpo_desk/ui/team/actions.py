"""The File menu's team entries and what the window does on a server store: its title names the
server and the login, the offline banner watches the connection, the entries that only make
sense for a file (encrypt, passphrase, move) are off, and File ▸ Restore becomes loading a backup
into the (empty) database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox

from kpo_desk.core.errors import KpoDeskError, StoreError
from kpo_desk.ui.common.words import translate

if TYPE_CHECKING:
    from kpo_desk.ui.main_window import MainWindow


def server_place(store) -> tuple[str, str]:  # noqa: ANN001 - a server Store
    """(login, "database on host:port") of a server store, from its engine's URL (no password)."""
    url = store.engine.url
    host = url.host or url.query.get("host") or "localhost"
    port = url.port or url.query.get("port") or ""
    host, port = (host[0] if isinstance(host, tuple) else host), (port[0] if isinstance(port, tuple) else port)
    return url.username or "", translate("Team", "{database} on {host}").format(
        database=url.database, host=f"{host}:{port}" if port else host)


def window_title(store) -> str:  # noqa: ANN001 - a Store
    """"KPO Desk — Asha Rao (asha) · firm on db.office.example:5432"""
    login, place = server_place(store)
    person = store.actor
    who = f"{person} ({login})" if login and login != person else person
    return translate("Team", "KPO Desk — {who} · {place}").format(who=who, place=place)


def attach_team(window: MainWindow) -> None:
    """On a server store: the title, the File menu's file-only entries off (restore reads "Load a
    backup into this database…"), the connection watch."""
    from kpo_desk.ui.team.watch import ConnectionWatch

    store = window.store
    window.setWindowTitle(window_title(store))
    for action in (window.encrypt_action, window.passphrase_action, window.move_action):
        action.setEnabled(False)
    window.restore_action.setText(translate("Team", "&Load a backup into this database…"))
    window.restore_action.setStatusTip(translate("Team", "Load a backup or export into this empty team database"))
    old = getattr(window, "connection_watch", None)
    if old is not None:
        old.stop()
    window.connection_watch = ConnectionWatch(window, store)


def connect_to_team_server(window: MainWindow) -> bool:
    """File ▸ Connect to team server…: the dialog; once connected, the window hands the server
    store to the next one (as File ▸ Encrypt store… does). Returns whether it connected."""
    from kpo_desk.ui.team.connect_dialog import ConnectDialog

    dialog = ConnectDialog(window)
    window.connect_dialog = dialog  # found by tests and the screenshots
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.store is None:
        return False
    if dialog.keyring_message:
        QMessageBox.information(window, translate("Team", "Connect to a team server"), dialog.keyring_message)
    switch_to(window, dialog.store)
    return True


def switch_to(window: MainWindow, store) -> None:  # noqa: ANN001 - a Store
    """Close this window's store and go on in a new window on ``store``."""
    window.handover = (store, None)  # a server store takes no file lock
    window.reopen_after_restore()


def move_to_team_server(window: MainWindow):  # noqa: ANN201 - the BackgroundJob, or None
    """File ▸ Move this store to a team server…: where to, then the copy as a background job
    (kpo_desk/core/move_to_server.py: into an empty database, verified, the local store left
    as it is), then the offer to connect to it."""
    from kpo_desk.core.move_to_server import move_to_server
    from kpo_desk.ui.common.jobs import BackgroundJob
    from kpo_desk.ui.team.connect_dialog import ConnectDialog

    store = window.store
    if store is None or store.is_server:
        QMessageBox.information(window, translate("Team", "Move this store to a team server"),
                                translate("Team", "This window already works on a team server."))
        return None
    dialog = ConnectDialog(window, purpose="move")
    window.connect_dialog = dialog
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.address is None:
        return None
    address, password = dialog.address, dialog.move_password()
    url = address.url()

    def job(progress, cancelled):  # noqa: ANN001, ANN202
        def said(line: str) -> None:
            if cancelled():
                raise StoreError(translate("Team", "The move was cancelled; nothing was written to the server."))
            progress(0, 0, line)

        return move_to_server(store, url, password=password, progress=said)

    def done(result) -> None:  # noqa: ANN001 - a MoveResult
        from kpo_desk.ui.team.address import remember_connection
        from kpo_desk.ui.team.opening import open_server_store

        remember_connection(address)
        box = QMessageBox(QMessageBox.Icon.Information, translate("Team", "Moved to the team server"),
                          translate("Team", "{rows} records and {files} attachments were copied to {location} and verified. The local store is unchanged. Work on the team server from now on?").format(
                              rows=f"{result.total_rows:,}", files=f"{result.attachments:,}", location=result.location),
                          parent=window)
        connect = box.addButton(translate("Team", "Connect to it"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("Team", "Stay on the local store"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        window.move_result = result
        if box.clickedButton() is not connect:
            return
        try:
            server = open_server_store(url, window, password=password, offer_local=False)
        except KpoDeskError as exc:
            QMessageBox.warning(window, translate("Team", "Connect to a team server"), str(exc))
            return
        if server is not None and server != "local":
            switch_to(window, server)

    window.move_job = BackgroundJob(window, translate("Team", "Moving the store to the team server…"), job,
                                    on_success=done)
    window.move_job.dialog.setMinimumDuration(0)
    return window.move_job.start()
