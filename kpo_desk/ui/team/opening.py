"""Opening a store on a team server from the window: off the GUI thread (a connection may wait
up to the connect timeout, and the first open migrates), with the password asked again when
the server refuses it, and the choice to open the local store when the server is unreachable."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from kpo_desk.core.errors import KpoDeskError, StoreError
from kpo_desk.ui.common.words import translate

#: open_server_store's answer when the person chose their local store instead.
OPEN_LOCAL = "local"


def off_gui(call: Callable[[], Any]) -> Any:
    """``call()`` in a worker thread while the GUI keeps painting (a wait cursor shows); returns
    its result or raises its exception here."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="kpo-team-open", daemon=True)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        thread.start()
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
        timer.start(15)
        started = time.monotonic()
        while thread.is_alive() and time.monotonic() - started < 0.05:
            thread.join(0.005)  # a quick answer (a Unix socket) needs no event loop
        if thread.is_alive():
            loop.exec()
        timer.stop()
        thread.join()
    finally:
        QGuiApplication.restoreOverrideCursor()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def problem_kind(exc: BaseException) -> str:
    """"login" (the server refused the login or wants a password), "unreachable", or "other",
    from the driver's error behind a StoreError of Store.open."""
    cause = exc.__cause__
    orig = getattr(cause, "orig", cause)
    said = str(orig or "")
    if "password authentication failed" in said or "no password supplied" in said:
        return "login"
    if "does not exist" in said:
        return "other"
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return "other"
    return "unreachable" if isinstance(orig, psycopg.OperationalError) else "other"


def open_server(location: str, password: str | None):  # noqa: ANN201 - a Store
    from kpo_desk.core.store import Store

    return off_gui(lambda: Store.open(location, password=password))


def open_server_store(location: str, parent: QWidget | None = None, *, password: str | None = None,
                      offer_local: bool = True):  # noqa: ANN201
    """The store at the server URL ``location``; ``OPEN_LOCAL`` when the person chose their
    local store, None when they chose to quit. The password: ``password``, else the one kept in
    the keyring, else libpq's (URL, .pgpass); when the server refuses, a prompt with its sentence
    (for a kept password the server refused, a sentence that says so: the password typed then
    replaces it in the keyring once the server accepts it)."""
    from kpo_desk.core.store_server import display_location, server_url
    from kpo_desk.ui.team.address import (
        account_for,
        remember_password,
        remembered_password,
        remembered_refused,
    )
    from kpo_desk.ui.team.connect_dialog import PasswordDialog

    where = display_location(location)
    kept = remembered_password(account_for(location)) if password is None else None
    password = password if password is not None else kept
    from_keyring = kept is not None
    while True:
        try:
            store = open_server(location, password)
        except StoreError as exc:
            kind = problem_kind(exc)
            if kind == "login":
                said = remembered_refused(server_url(location).username or where) if from_keyring else (
                    str(exc) if password is not None else "")
                prompt = PasswordDialog(where, said, parent)
                if prompt.exec() != PasswordDialog.DialogCode.Accepted:
                    return None
                password, from_keyring = prompt.password(), False
                continue
            if kind == "unreachable":
                choice = offer_when_unreachable(where, parent, offer_local=offer_local)
                if choice == "retry":
                    continue
                return OPEN_LOCAL if choice == "local" else None
            raise
        except KpoDeskError:
            raise
        if kept is not None and password != kept:
            with suppress(KpoDeskError):  # opened all the same; the old one is asked for again next time
                remember_password(account_for(location), password)
        return store


def offer_when_unreachable(where: str, parent: QWidget | None, *, offer_local: bool = True) -> str:
    """"local", "retry" or "quit"."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("Team", "The team server cannot be reached"),
                      translate("Team", "The team server at {where} cannot be reached; check the network, or work in your local store for now.").format(where=where),
                      parent=parent)
    local = box.addButton(translate("Team", "Open my local store"), QMessageBox.ButtonRole.AcceptRole) if offer_local else None
    retry = box.addButton(translate("Team", "Try again"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(translate("Team", "Quit") if offer_local else translate("Team", "Cancel"),
                  QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return "retry"
    if local is not None and clicked is local:
        return "local"
    return "quit"
