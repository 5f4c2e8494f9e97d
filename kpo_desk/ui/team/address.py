"""Where a team server is: host, port, database, login and TLS mode, as the connect dialog takes
them; the recent connections this computer remembers (QSettings, never a password); and the
password kept, when asked, in the operating system's password store (keyring)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from urllib.parse import quote

from PySide6.QtCore import QSettings

from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.ui.common.words import translate
from kpo_desk.ui.protection.remembered import SERVICE, backend_problem

#: libpq's sslmode values the dialog offers, strictest last.
TLS_MODES = ("disable", "prefer", "require", "verify-full")
DEFAULT_PORT = 5432
RECENT_KEY = "team/recent"
#: How many recent connections are offered.
RECENT_MAX = 8


def default_tls(host: str) -> str:
    """verify-full, except on this machine: a Unix socket folder (no TLS there) or localhost."""
    host = host.strip()
    if host.startswith("/"):
        return "disable"
    if host.lower() in ("localhost", "127.0.0.1", "::1"):
        return "prefer"
    return "verify-full"


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    database: str
    login: str
    tls: str

    def problem(self) -> str | None:
        """What is missing, in one sentence, or None."""
        if not self.host.strip():
            return translate("Team", "Type the server's host name (or the folder of its Unix socket).")
        if not self.database.strip():
            return translate("Team", "Type the name of the database on the server.")
        if not self.login.strip():
            return translate("Team", "Type your login on the server.")
        return None

    def url(self) -> str:
        """The libpq-style URL (no password: that goes to Store.open on its own)."""
        if self.problem():
            raise ValidationError(self.problem())
        login = quote(self.login.strip(), safe="")
        database = quote(self.database.strip(), safe="")
        host = self.host.strip()
        query = f"sslmode={self.tls}"
        if host.startswith("/"):  # a Unix socket folder goes in the query, as libpq wants it
            return f"postgresql://{login}@/{database}?host={quote(host, safe='')}&port={self.port}&{query}"
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address
        return f"postgresql://{login}@{host}:{self.port}/{database}?{query}"

    def label(self) -> str:
        """How the recent-connections list shows it: login@host:port/database."""
        return f"{self.login}@{self.host}:{self.port}/{self.database}"

    @property
    def account(self) -> str:
        """The keyring's account name for this login on this server."""
        return account_for(self.url())


def account_for(location: str) -> str:
    """The keyring's account for a server URL: its shown form (login, host, port, database)."""
    from kpo_desk.core.store_server import display_location

    return "team:" + display_location(location)


def recent_connections() -> list[ServerAddress]:
    raw = QSettings().value(RECENT_KEY, "")
    try:
        rows = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        return []
    found = []
    for row in rows if isinstance(rows, list) else []:
        try:
            address = ServerAddress(str(row["host"]), int(row["port"]), str(row["database"]),
                                    str(row["login"]), str(row["tls"]))
        except (KeyError, TypeError, ValueError):
            continue
        if address.tls in TLS_MODES:
            found.append(address)
    return found


def remember_connection(address: ServerAddress) -> None:
    """Put ``address`` first among the recent connections (its fields only: no password)."""
    rows = [address] + [a for a in recent_connections() if a.label() != address.label()]
    QSettings().setValue(RECENT_KEY, json.dumps([asdict(a) for a in rows[:RECENT_MAX]]))


def remembered_password(account: str) -> str | None:
    """The password kept for ``account`` in the keyring, or None (also when the keyring fails)."""
    if backend_problem():
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, account) or None
    except Exception:  # noqa: BLE001 - a locked or broken keyring: ask instead
        return None


def remember_password(account: str, password: str) -> None:
    """Keep ``password`` for ``account`` in the keyring; one sentence when it cannot."""
    if backend_problem():
        raise StoreError(keyring_problem())
    try:
        import keyring

        keyring.set_password(SERVICE, account, password)
    except Exception as exc:  # noqa: BLE001 - the backend's text may echo its input: name the type only
        name = type(exc).__name__
    else:
        return
    raise StoreError(translate("Team", "The system's password store refused to keep the password ({error}); it is not remembered.").format(error=name))


def forget_password(account: str) -> None:
    if backend_problem():
        return
    try:
        import keyring

        keyring.delete_password(SERVICE, account)
    except Exception:  # noqa: BLE001, S110 - not there, or locked: nothing to undo
        pass


def remembered_refused(login: str) -> str:
    """What the password prompt says when the server refused the password kept in the keyring."""
    return translate("Team", "The server did not accept the password remembered on this computer for {login}: type the right one.").format(login=login)


def keyring_problem() -> str | None:
    """Why the password cannot be remembered on this computer, or None when it can."""
    if backend_problem() is None:
        return None
    return translate("Team", "This computer has no password store (keyring) that KPO Desk can use, so the password cannot be remembered here; a .pgpass file works instead.")
