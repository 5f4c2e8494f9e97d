"""The team server's password kept in the operating system's password store (issue 19: "Passwords
come from a prompt, a libpq .pgpass, or optionally the OS keyring"), against a real keyring
backend and the real test PostgreSQL server (tests/pg_server.py).

This machine has no Secret Service, so the backend is keyrings.alt's PlaintextKeyring (a test
dependency only), its file in the test's temporary folder, given to keyring with
``keyring.set_keyring`` as a person's configuration would. The connect dialog is typed into and
clicked; ``--db postgresql://…`` goes through ``kpo_desk.ui.app.open_store`` as at start-up."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QSettings, Qt

from kpo_desk.core.store import Store
from kpo_desk.ui.protection.remembered import SERVICE
from kpo_desk.ui.team.address import RECENT_KEY, ServerAddress
from kpo_desk.ui.team.connect_dialog import ConnectDialog, PasswordDialog
from tests.pg_server import SUPERUSER
from tests.ui.helpers import shown, when_modal

WRONG = "a password from last year"


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[object]:
    """A real file-backed keyring, its file in this test's folder, set for the test only."""
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / backend.filename)
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def _on_disk(backend, account: str) -> str | None:  # noqa: ANN001
    """What the keyring's file holds for ``account`` under the app's service, read afresh."""
    from keyrings.alt.file import PlaintextKeyring

    reader = PlaintextKeyring()
    reader.file_path = backend.file_path
    return reader.get_password(SERVICE, account)


@pytest.fixture
def server(pg_server, pg_database) -> tuple[object, ServerAddress]:
    """The test server and the address of a migrated database on it, as the dialog takes it."""
    Store.open(pg_server.url(pg_database)).close()  # migrated once, so each connection is quick
    return pg_server, ServerAddress(str(pg_server.socket_dir), pg_server.port, pg_database, SUPERUSER, "disable")


@pytest.fixture
def app_log(tmp_path: Path, monkeypatch, caplog) -> Iterator[Path]:  # noqa: ANN001
    """The app's log file (as kpo_desk.ui.app.main starts it), and the app's and its libraries'
    loggers at DEBUG (SQLAlchemy then logs each connection and statement, as with echo on)."""
    from kpo_desk.core.logs import log, start_file_log

    monkeypatch.setenv("KPO_DESK_LOG_DIR", str(tmp_path / "log"))
    path = start_file_log()
    for name in ("", "kpo_desk", "sqlalchemy", "psycopg", "keyring", "alembic"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield path
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def _type(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def _dialog(qtbot) -> ConnectDialog:  # noqa: ANN001
    return shown(qtbot, ConnectDialog())


def _connect(qtbot, dialog: ConnectDialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)


def _close(dialog: ConnectDialog) -> None:
    if dialog.store is not None:
        dialog.store.close()


def _start_with_db(qtbot, url: str, answer: str | None = None) -> tuple[object, list[str]]:  # noqa: ANN001
    """``--db url`` at start-up: the store opened, and the messages of the password prompts it
    showed (each answered by typing ``answer`` and clicking Log in, or cancelled when None)."""
    from kpo_desk.ui.app import open_store

    asked: list[str] = []

    def on_prompt(prompt: PasswordDialog) -> None:
        asked.append(prompt.message.text() if not prompt.message.isHidden() else "")
        if answer is None:
            qtbot.keyClick(prompt, Qt.Key.Key_Escape)
            return
        qtbot.keyClicks(prompt.field, answer)
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)

    when_modal(on_prompt, kind=PasswordDialog, timeout_s=60)
    store, lock = open_store(url)
    assert lock is None
    return store, asked


def test_remembered_password_is_kept_under_the_apps_service_and_opens_the_next_time_unasked(
        qtbot, file_keyring, server, app_log: Path, caplog, tmp_path: Path) -> None:
    pg, address = server
    password = pg.password
    dialog = _dialog(qtbot)
    assert dialog.remember.isEnabled() and not dialog.remember.isChecked(), "a real backend: offered, off by default"
    _type(qtbot, dialog.host, address.host)
    _type(qtbot, dialog.port, str(address.port))
    _type(qtbot, dialog.database, address.database)
    _type(qtbot, dialog.login, address.login)
    _type(qtbot, dialog.password, WRONG)  # a typo first: refused, and not remembered
    qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)
    assert dialog.remember.isChecked()
    _connect(qtbot, dialog)
    assert dialog.store is None and "did not accept the login" in dialog.message.text()
    assert _on_disk(file_keyring, address.account) is None
    _type(qtbot, dialog.password, password)
    _connect(qtbot, dialog)
    assert dialog.store is not None and dialog.store.is_server and dialog.keyring_message == ""
    _close(dialog)
    # Kept in the keyring's file, under the app's service and this login on this server.
    assert address.account == f"team:postgresql://{SUPERUSER}@{pg.socket_dir}:{pg.port}/{address.database}"
    assert _on_disk(file_keyring, address.account) == password
    assert dialog.password.text() == "", "the dialog does not hold on to it"

    # The next start with --db at that address: no prompt at all.
    store, asked = _start_with_db(qtbot, address.url())
    try:
        assert asked == [] and store is not None and store.is_server
    finally:
        store.close()

    # The next connection through the dialog: the recent address, the box ticked, nothing typed.
    again = _dialog(qtbot)
    assert again.login.text() == address.login and again.database.text() == address.database
    assert again.remember.isChecked() and again.password.text() == ""
    _connect(qtbot, again)
    assert again.store is not None, again.message.text()
    _close(again)
    assert _on_disk(file_keyring, address.account) == password

    # Never in the recent connections, the settings file, the app's log, or any log record.
    recent = QSettings().value(RECENT_KEY)
    assert address.database in recent and password not in recent and WRONG not in recent
    logged = app_log.read_text(encoding="utf-8") if app_log and app_log.exists() else ""
    assert password not in logged and WRONG not in logged
    assert any(r.name.startswith("sqlalchemy") for r in caplog.records), "the libraries' records were seen"
    assert password not in caplog.text and WRONG not in caplog.text
    QSettings().sync()
    keyring_file = Path(file_keyring.file_path).resolve()
    roots = {tmp_path, Path(QSettings().fileName()).parent, Path(os.environ["XDG_DATA_HOME"])}
    for root in roots:
        for file in root.rglob("*"):
            if file.is_file() and file.resolve() != keyring_file:
                raw = file.read_bytes()
                assert password.encode() not in raw and WRONG.encode() not in raw, file


def test_a_wrong_remembered_password_falls_back_to_a_prompt_that_says_so(qtbot, file_keyring, server) -> None:
    pg, address = server
    keyring.set_password(SERVICE, address.account, WRONG)  # the server's password changed since
    # At start-up: the prompt says the remembered password was refused; the right one replaces it.
    store, asked = _start_with_db(qtbot, address.url(), answer=pg.password)
    try:
        assert store is not None and store.is_server
        assert asked == ["The server did not accept the password remembered on this computer for "
                         f"{SUPERUSER}: type the right one."]
    finally:
        store.close()
    assert _on_disk(file_keyring, address.account) == pg.password

    # In the connect dialog: the same sentence under the field, which then takes the right one.
    keyring.set_password(SERVICE, address.account, WRONG)
    from kpo_desk.ui.team.address import remember_connection

    remember_connection(address)
    dialog = _dialog(qtbot)
    assert dialog.remember.isChecked() and dialog.password.text() == ""
    _connect(qtbot, dialog)
    assert dialog.store is None and dialog.isVisible()
    assert dialog.message.text() == ("The server did not accept the password remembered on this computer for "
                                     f"{SUPERUSER}: type the right one.")
    assert dialog.focusWidget() is dialog.password, "the field to type the right one in"
    qtbot.keyClicks(dialog.password, pg.password)
    _connect(qtbot, dialog)
    assert dialog.store is not None, dialog.message.text()
    _close(dialog)
    assert _on_disk(file_keyring, address.account) == pg.password


def test_unticking_remember_forgets_the_password_and_the_next_start_asks(qtbot, file_keyring, server) -> None:
    pg, address = server
    from kpo_desk.ui.team.address import remember_connection

    keyring.set_password(SERVICE, address.account, pg.password)
    remember_connection(address)
    dialog = _dialog(qtbot)
    assert dialog.remember.isChecked()
    qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)  # forget it
    assert not dialog.remember.isChecked()
    _connect(qtbot, dialog)  # this once, the kept password still logs in
    assert dialog.store is not None, dialog.message.text()
    _close(dialog)
    assert _on_disk(file_keyring, address.account) is None
    assert keyring.get_password(SERVICE, address.account) is None

    store, asked = _start_with_db(qtbot, address.url(), answer=None)
    assert store is None, "the prompt was cancelled: nothing opened"
    assert asked == [""], "asked for the password, with no complaint: nothing is remembered"


def test_having_keyrings_alt_installed_never_makes_the_app_pick_a_file_keyring(tmp_path: Path) -> None:
    """keyrings.alt registers its file backends with keyring, which would pick the plain-text one
    on a machine without a Secret Service; the app leaves file backends out unless one is chosen
    on purpose. A fresh interpreter, without the test suite's keyring setting."""
    import importlib.util

    assert importlib.util.find_spec("keyrings.alt") is not None
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    code = ("import keyring\n"
            "from kpo_desk.ui.protection.remembered import backend_problem\n"
            "problem = backend_problem()\n"
            "print(type(keyring.get_keyring()).__module__)\n"
            "print(problem is None)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                         check=True).stdout.split()
    assert not out[0].startswith("keyrings.alt"), out
    chosen = subprocess.run([sys.executable, "-c", code], env=env | {"PYTHON_KEYRING_BACKEND":
                            "keyrings.alt.file.PlaintextKeyring"}, capture_output=True, text=True,
                            timeout=120, check=True).stdout.split()
    assert chosen == ["keyrings.alt.file", "True"], "one chosen on purpose is used"
    assert not any((tmp_path / "data").rglob("*.cfg")), "nothing was written"
