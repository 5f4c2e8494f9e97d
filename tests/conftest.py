"""Shared fixtures. Qt runs offscreen, settings are per test, and no test may open a network socket."""

from __future__ import annotations

import os
import shutil
import socket
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KPO_DESK_DB", None)
# No test reaches this computer's password store; one that needs a keyring sets its own
# (keyring.set_keyring), such as the file-backed one of keyrings.alt in tests/ui/test_team_keyring.py.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from kpo_desk.core.demo import generate_demo  # noqa: E402
from kpo_desk.core.store import Store  # noqa: E402

#: A fixed "today" for the demo, so that demo-based tests do not drift with the calendar.
DEMO_TODAY = date(2026, 11, 23)


class NetworkAccessError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """KPO Desk is offline by design: any attempt to reach the network fails the test."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        raise NetworkAccessError(f"test tried to open a network connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: (_ for _ in ()).throw(NetworkAccessError(f"create_connection{a}")))


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own QSettings and per-user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("KPO_DESK_DB", raising=False)


@pytest.fixture
def store(tmp_path: Path, request: pytest.FixtureRequest):
    """A new empty store: a file, or a new database on the test server. The core tests take it on
    both engines (tests/core/conftest.py); ``KPO_TEST_ENGINE=postgresql`` makes every other
    test's store a server one too (to try a test on the server)."""
    engine = getattr(request, "param", None) or os.environ.get("KPO_TEST_ENGINE", "sqlite")
    if engine == "postgresql":
        server = request.getfixturevalue("pg_server")
        s = Store.open(server.url(request.getfixturevalue("pg_database")))
    else:
        s = Store.open(tmp_path / "store.sqlite3")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with Store.open(path) as s:
        generate_demo(s, seed=11, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path):
    """A fresh copy of the demo store (the template was closed cleanly, so a file copy is safe)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy2(demo_template, path)
    attachments = demo_template.with_name(demo_template.stem + "-attachments")
    if attachments.exists():
        shutil.copytree(attachments, path.with_name(path.stem + "-attachments"))
    s = Store.open(path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL cluster for the whole run (tests/pg_server.py), started on first
    use. Missing PostgreSQL skips the test on a developer's machine and fails it in CI."""
    from tests.pg_server import start_server

    try:
        server = start_server()
    except RuntimeError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL is needed in CI: {exc}")
        pytest.skip(f"no PostgreSQL here: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server) -> str:
    """A new empty database on the test server, dropped afterwards; its name."""
    name = pg_server.create_database()
    yield name
    pg_server.drop_database(name)
