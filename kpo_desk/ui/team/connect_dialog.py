"""File ▸ Connect to team server…: host, port, database, login, TLS mode and password, with the
recent connections of this computer in a list (never their passwords) and, optionally, the
password kept in the operating system's password store. Also the small password prompt that
``--db postgresql://…`` shows when the server wants a password nothing else gives."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate
from kpo_desk.ui.protection.fields import message_label, say, secret_edit
from kpo_desk.ui.team.address import (
    DEFAULT_PORT,
    TLS_MODES,
    ServerAddress,
    default_tls,
    forget_password,
    keyring_problem,
    recent_connections,
    remember_connection,
    remember_password,
    remembered_password,
    remembered_refused,
)
from kpo_desk.ui.theme import semantic_style

TLS_LABELS = {
    "disable": QT_TRANSLATE_NOOP("Team", "No encryption (this machine only)"),
    "prefer": QT_TRANSLATE_NOOP("Team", "Encrypt when the server offers it"),
    "require": QT_TRANSLATE_NOOP("Team", "Always encrypt, without checking the certificate"),
    "verify-full": QT_TRANSLATE_NOOP("Team", "Always encrypt and check the server's certificate"),
}


class ConnectDialog(QDialog):
    """``exec()`` Accepted: ``store`` is the open server store (``purpose="connect"``), or, for
    ``purpose="move"``, ``address`` and ``move_password()`` name the empty database to move to."""

    def __init__(self, parent: QWidget | None = None, *, purpose: str = "connect") -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.store = None
        self.address: ServerAddress | None = None
        self._tls_chosen = False
        self.keyring_message = ""
        moving = purpose == "move"
        self.setWindowTitle(self.tr("Move this store to a team server") if moving else self.tr("Connect to a team server"))
        intro = (self.tr("Copy this store, attachments included, into an empty database on a team server. The local store stays as it is.")
                 if moving else self.tr("Open the firm's shared store on its PostgreSQL server. You log in as yourself; the server decides what you may see and sign."))
        self.intro = QLabel(intro, wordWrap=True)
        self.recent = QComboBox()
        self.recent.setAccessibleName(self.tr("Recent connections"))
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("db.example.com, or a socket folder such as /run/postgresql"))
        self.host.setAccessibleName(self.tr("Host"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setAccessibleName(self.tr("Port"))
        self.database = QLineEdit()
        self.database.setPlaceholderText("kpo_desk")
        self.database.setAccessibleName(self.tr("Database"))
        self.login = QLineEdit()
        self.login.setAccessibleName(self.tr("Login"))
        self.tls = QComboBox()
        self.tls.setAccessibleName(self.tr("TLS"))
        for mode in TLS_MODES:
            self.tls.addItem(f"{mode} — {translate('Team', TLS_LABELS[mode])}", mode)
        self._set_tls(default_tls(""))
        self.password = secret_edit(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("Empty: use the remembered password or .pgpass"))
        self.remember = QCheckBox(self.tr("Remember the password on this computer"))
        problem = keyring_problem()
        if problem:
            self.remember.setEnabled(False)
            self.remember.setToolTip(problem)
        self.remember_note = QLabel(problem or "", wordWrap=True)
        self.remember_note.setStyleSheet(semantic_style("muted"))
        self.remember_note.setVisible(bool(problem))
        self.message = message_label(self.tr("Message"))
        form = QFormLayout()
        form.addRow(self.tr("Recent:"), self.recent)
        form.addRow(self.tr("Host:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("Login:"), self.login)
        form.addRow(self.tr("TLS:"), self.tls)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.remember)
        form.addRow("", self.remember_note)
        self.form = form
        buttons = QDialogButtonBox()
        self.connect_button = buttons.addButton(self.tr("Move here") if moving else self.tr("Connect"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._recent = recent_connections()
        self.recent.addItem(self.tr("(a new connection)"), None)
        for address in self._recent:
            self.recent.addItem(address.label(), address)
        form.setRowVisible(self.recent, bool(self._recent))
        self.recent.currentIndexChanged.connect(self._on_recent)
        self.host.textEdited.connect(self._on_host)
        self.tls.activated.connect(lambda _i: setattr(self, "_tls_chosen", True))
        if self._recent:
            self.recent.setCurrentIndex(1)
            self.password.setFocus()
        else:
            self.host.setFocus()
        self.setMinimumWidth(560)

    # -- fields ------------------------------------------------------------------------------
    def _set_tls(self, mode: str) -> None:
        self.tls.setCurrentIndex(TLS_MODES.index(mode))

    @Slot(int)
    def _on_recent(self, index: int) -> None:
        address = self.recent.itemData(index)
        if address is None:
            return
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.login.setText(address.login)
        self._set_tls(address.tls)
        self._tls_chosen = True
        self.remember.setChecked(self.remember.isEnabled() and remembered_password(address.account) is not None)

    @Slot(str)
    def _on_host(self, text: str) -> None:
        if not self._tls_chosen:
            self._set_tls(default_tls(text))

    def current_address(self) -> ServerAddress:
        return ServerAddress(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                             self.login.text().strip(), self.tls.currentData())

    def password_value(self, address: ServerAddress) -> str | None:
        """The typed password, else the remembered one, else None (libpq's .pgpass)."""
        return self.password.text() or remembered_password(address.account)

    # -- connecting ----------------------------------------------------------------------------
    def accept(self) -> None:
        from kpo_desk.ui.team.opening import open_server, problem_kind

        address = self.current_address()
        problem = address.problem()
        if problem:
            say(self.message, problem)
            return
        if self.purpose == "move":
            self.address, self._password = address, self.password_value(address)
            super().accept()
            return
        password = self.password_value(address)
        from_keyring = password is not None and not self.password.text()
        say(self.message, "")
        self.connect_button.setEnabled(False)
        self.setEnabled(False)
        try:
            store = open_server(address.url(), password)
        except KpoDeskError as exc:
            text = str(exc)
            if problem_kind(exc) == "login" and password is None:
                text = self.tr("The server wants a password for {login}: type it, or keep it in a .pgpass file.").format(login=address.login)
            elif problem_kind(exc) == "login" and from_keyring:
                text = remembered_refused(address.login)
            say(self.message, text)
            store = None
        finally:
            self.setEnabled(True)
            self.connect_button.setEnabled(True)
        if store is None:  # the password field takes the next try (enabled again only now)
            self.password.selectAll()
            self.password.setFocus()
            return
        remember_connection(address)
        if self.remember.isEnabled():
            try:
                if self.remember.isChecked() and self.password.text():
                    remember_password(address.account, self.password.text())
                elif not self.remember.isChecked():
                    forget_password(address.account)
            except KpoDeskError as exc:  # connected all the same: the window says why it is not kept
                self.keyring_message = str(exc)
        self.password.clear()
        self.store, self.address = store, address
        super().accept()

    def move_password(self) -> str | None:
        """For ``purpose="move"``, after exec(): the password to log in with (None: .pgpass)."""
        return getattr(self, "_password", None)


class PasswordDialog(QDialog):
    """The login's password for the server at ``where``; ``message`` is the server's sentence
    from the last try (empty on the first)."""

    def __init__(self, where: str, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log in to the team server"))
        self.field = secret_edit(self.tr("Password"))
        self.message = message_label(self.tr("Message"))
        say(self.message, message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The team server at {where} wants the password of this login.").format(where=where), wordWrap=True))
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.field.setFocus()

    def password(self) -> str:
        return self.field.text()
