"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` from Debian's
``postgresql`` package, on a Unix socket in a private temporary folder, with password logins
(SCRAM) so that the tests log in as real roles.

PostgreSQL refuses to run as root, so when the tests run as root (CI) the server runs as the
``postgres`` user (``runuser``), and its folder belongs to that user. The same code serves
``make test`` and CI. With ``CI=true`` a missing PostgreSQL fails the tests instead of skipping
them (``.ci/run`` installs the package)."""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

#: The server's own superuser (not ``postgres``, so that nothing depends on the OS user's name).
SUPERUSER = "kpo_admin"


def pg_bin_dir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian keeps them out of PATH."""
    candidates = []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=30)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


@dataclass
class PgServer:
    """One running cluster. ``url(...)`` gives a SQLAlchemy URL for any role and database."""

    folder: Path
    bin_dir: Path
    port: int
    password: str
    as_user: str | None  # the OS user the server runs as (None: this process's user)
    _databases: list[str] = field(default_factory=list)

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", *, user: str = SUPERUSER, password: str | None = None) -> str:
        password = self.password if password is None and user == SUPERUSER else password
        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
        return (f"postgresql://{auth}@/{quote(database, safe='')}"
                f"?host={quote(str(self.socket_dir), safe='')}&port={self.port}")

    def connect(self, database: str = "postgres", *, user: str = SUPERUSER, password: str | None = None,
                autocommit: bool = True):  # noqa: ANN201 - a psycopg.Connection
        import psycopg

        password = self.password if password is None and user == SUPERUSER else password
        return psycopg.connect(host=str(self.socket_dir), port=self.port, dbname=database, user=user,
                               password=password, autocommit=autocommit, connect_timeout=30)

    def create_database(self, name: str | None = None) -> str:
        """A new empty database (dropped when the server stops); returns its name."""
        name = name or f"kpo_test_{secrets.token_hex(4)}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def restart(self) -> None:
        """Stop the server (fast: sessions are cut off) and start it again."""
        self._pg_ctl("stop", "-m", "fast")
        self._start()

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- internals -----------------------------------------------------------------------------
    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.as_user is not None:
            command = ["runuser", "-u", self.as_user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                cwd=self.folder, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed ({result.returncode}): "
                               f"{result.stderr.strip() or result.stdout.strip()}")
        return result

    def _pg_ctl(self, *args: str) -> None:
        self._run(self.bin_dir / "pg_ctl", *args, "-D", self.data_dir, "-w", "-t", "90")

    def _start(self) -> None:
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' -p {self.port} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=100 -c shared_buffers=64MB")
        self._run(self.bin_dir / "pg_ctl", "start", "-D", self.data_dir, "-w", "-t", "90",
                  "-l", self.folder / "server.log", "-o", options)
        deadline = time.monotonic() + 60
        while True:  # pg_ctl -w waits for the socket; a first connection proves it takes logins
            try:
                with self.connect():
                    return
            except Exception:  # noqa: BLE001 - any failure until the deadline means "not yet"
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def start_server() -> PgServer:
    """initdb and start a private cluster; raises ``RuntimeError`` when PostgreSQL is missing."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL's initdb and pg_ctl were not found (Debian: apt-get install postgresql)")
    as_user = None
    folder = Path(tempfile.mkdtemp(prefix="kpo-pg-"))
    if os.geteuid() == 0:
        as_user = "postgres"
        entry = pwd.getpwnam(as_user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    os.chmod(folder, 0o700)
    password = secrets.token_urlsafe(18)
    port = 20000 + secrets.randbelow(20000)
    server = PgServer(folder, bin_dir, port, password, as_user)
    try:
        pwfile = folder / "pwfile"
        pwfile.write_text(password + "\n")
        if as_user is not None:
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        os.chmod(pwfile, 0o600)
        server._run(bin_dir / "initdb", "-D", server.data_dir, "-U", SUPERUSER, f"--pwfile={pwfile}",
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync", timeout=300)
        pwfile.unlink()
        server.socket_dir.mkdir()
        if as_user is not None:
            os.chown(server.socket_dir, entry.pw_uid, entry.pw_gid)
        os.chmod(server.socket_dir, 0o700)
        server._start()
    except BaseException:
        server.stop()
        raise
    return server
