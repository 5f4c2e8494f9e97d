"""The bench stores on a team server (PostgreSQL), shared by the server benchmarks.

- ``server()``: a server to make throwaway databases on: the one of ``$KPO_BENCH_POSTGRES_URL``
  (a login that may create databases), or else a private cluster started like the tests'
  (initdb and pg_ctl from Debian's postgresql package, tests/pg_server.py), kept under
  benchmarks/cache/pg/ between runs. Every database it makes is dropped at the end.
- ``Server.copy_of(path)``: a database holding a copy of a local store, made with the app's own
  ``move-to`` (kpo_desk.core.move_to_server). On the cached cluster, the copy is kept between
  runs under a name of its own (``bench_<stem>``), reused while the source store is the same
  file (size, modification time and schema revision) and rebuilt otherwise; the benchmarks
  that use it only read it. Copying the large store (2.7 million rows) takes minutes.

Without PostgreSQL, ``server()`` raises ``NoServerError`` (a RuntimeError), and a module turns
that into one skipped row (``skipped_row``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _folder in (ROOT, HERE):  # tests/pg_server.py starts the private cluster; stores.py
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

#: The cached cluster: its data folder, socket, password and the record of its copies.
CLUSTER = HERE / "cache" / "pg"
_STATE = CLUSTER / "state.json"


class NoServerError(RuntimeError):
    """No PostgreSQL to run on (not installed, and no $KPO_BENCH_POSTGRES_URL)."""


def skipped_row(what: str, exc: Exception) -> dict:
    return {"name": f"{what} on PostgreSQL: skipped ({exc})", "value": None, "unit": "",
            "baseline": None, "target": "runs where PostgreSQL is installed", "ok": None}


@dataclass
class Copy:
    """A server database holding a copy of a local store."""

    url: str
    seconds: float  # how long the move-to copy took (when it was made)
    made_now: bool
    made_at: str

    def describe(self) -> str:
        when = "in this run" if self.made_now else f"cached, made {self.made_at}"
        return f"move-to copy {self.seconds:.0f} s, {when}"


@dataclass
class Server:
    """Where the benchmarks make databases; ``url_for(db)`` is a SQLAlchemy/Store URL."""

    base_url: str  # a URL of the admin login (any database)
    persistent: bool  # True: the cached cluster, whose bench_* copies outlive the run
    _made: list[str] = field(default_factory=list)

    def url_for(self, database: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.base_url).set(database=database).render_as_string(hide_password=False)

    def admin(self, database: str = "postgres"):  # noqa: ANN201 - a psycopg Connection
        return psycopg_connect(self.url_for(database), autocommit=True)

    def new_database(self) -> str:
        """The URL of a new empty database, dropped at the end of ``server()``."""
        name = f"kpo_bench_{secrets.token_hex(4)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._made.append(name)
        return self.url_for(name)

    def clone(self, database: str) -> str:
        """A new database made from ``database`` as a template (a file copy on the server: far
        faster than move-to), dropped at the end; for a benchmark that writes."""
        name = f"kpo_bench_{secrets.token_hex(4)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{database}" STRATEGY = FILE_COPY')
        self._made.append(name)
        return self.url_for(name)

    def copy_of(self, path: Path, *, log=print) -> Copy:  # noqa: ANN001
        """A database holding a copy of the local store ``path`` (see the module's docstring)."""
        path = Path(path)
        if not self.persistent:
            return _move(path, self.new_database())
        name = f"bench_{path.stem.replace('-', '_')}"
        key = _source_key(path)
        state = _read_state()
        known = state.get(name)
        if known and known.get("key") == key and self._exists(name):
            return Copy(self.url_for(name), known["seconds"], False, known["made_at"])
        log(f"copying {path.name} to the benchmark server with move-to (minutes for the large store)")
        partial = f"{name}_building"
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{partial}"')
        copy = _move(path, self.url_for(partial))
        with self.admin() as conn:  # renamed only once complete and verified
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
        state = _read_state()
        state[name] = {"key": key, "seconds": round(copy.seconds, 1), "made_at": copy.made_at}
        _write_state(state)
        return Copy(self.url_for(name), copy.seconds, True, copy.made_at)

    def _exists(self, name: str) -> bool:
        with self.admin() as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None

    def drop_made(self) -> None:
        with contextlib.suppress(Exception), self.admin() as conn:
            for name in self._made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.clear()


def psycopg_connect(url: str, **kwargs):  # noqa: ANN201, ANN003 - a psycopg Connection
    """A bare psycopg connection to a SQLAlchemy-style URL (socket folder in ``?host=``)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    info = {"dbname": u.database, "user": u.username, "password": u.password,
            "host": u.host or u.query.get("host"), "port": u.port or u.query.get("port")}
    return psycopg.connect(**{k: v for k, v in info.items() if v is not None}, **kwargs)


def _move(path: Path, url: str) -> Copy:
    from datetime import UTC, datetime

    from kpo_desk.core.move_to_server import move_to_server
    from kpo_desk.core.store import Store

    started = time.perf_counter()
    with Store.open(path, create=False, read_only=True) as source:
        move_to_server(source, url)
    seconds = time.perf_counter() - started
    with psycopg_connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return Copy(url, seconds, True, datetime.now(UTC).isoformat(timespec="seconds"))


def _source_key(path: Path) -> dict:
    import stores

    from kpo_desk.core.store import head_revision

    st = path.stat()
    if path.resolve() == stores.LARGE.resolve():
        # The large store is opened read-write by some benchmarks (a checkpoint on close moves
        # its modification time): its identity is the build record's time (a rebuild changes it).
        record = stores.read_build_record()
        return {"built_at": record.built_at if record else None, "revision": head_revision()}
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "revision": head_revision()}


def _read_state() -> dict:
    try:
        return json.loads(_STATE.read_text())
    except (OSError, ValueError):
        return {}


def _write_state(state: dict) -> None:
    """Written whole and renamed into place: a reader never sees half a record."""
    partial = _STATE.with_name(f"{_STATE.name}.{os.getpid()}")
    partial.write_text(json.dumps(state, indent=2))
    os.chmod(partial, 0o600)
    partial.replace(_STATE)


# -- the cached cluster -------------------------------------------------------------------------
def _cached_cluster():  # noqa: ANN202 - (a tests.pg_server.PgServer, whether it was started here)
    """Start the cluster under cache/pg/ (initdb the first time); PostgreSQL refuses root, so
    when run as root the folder belongs to the ``postgres`` user and the server runs as it."""
    from tests.pg_server import PgServer, pg_bin_dir, start_server

    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise NoServerError("PostgreSQL's initdb and pg_ctl were not found (Debian: apt-get install postgresql)")
    state = _read_state()
    cluster = state.get("_cluster")
    if cluster and (CLUSTER / "data" / "PG_VERSION").exists():
        as_user = "postgres" if os.geteuid() == 0 else None
        pg = PgServer(CLUSTER, bin_dir, int(cluster["port"]), cluster["password"], as_user)
        if _running(pg):  # another run's: used, and left running
            return pg, False
        with contextlib.suppress(FileNotFoundError, ValueError):  # a stale pid file from a killed run
            pid = int((pg.data_dir / "postmaster.pid").read_text().split()[0])
            if not Path(f"/proc/{pid}").exists():
                (pg.data_dir / "postmaster.pid").unlink()
        pg._start()  # noqa: SLF001 - the same start as the tests' cluster
        return pg, True
    # First time: a cluster started like the tests' (in a folder made next to its place, so
    # that the rename below keeps the postgres user's ownership), then renamed into place.
    import tempfile

    if (CLUSTER / "data" / "PG_VERSION").exists() or cluster:
        # Never remove a cluster that may be serving another run: say what is wrong instead.
        raise RuntimeError(f"The benchmark cluster in {CLUSTER} has no usable record in {_STATE.name}; "
                           "stop it (pg_ctl stop -D .../data) and remove the folder to start afresh.")
    shutil.rmtree(CLUSTER, ignore_errors=True)
    CLUSTER.parent.mkdir(parents=True, exist_ok=True)
    saved, tempfile.tempdir = tempfile.tempdir, str(CLUSTER.parent)
    try:
        pg = start_server()
    finally:
        tempfile.tempdir = saved
    pg._pg_ctl("stop", "-m", "fast")  # noqa: SLF001
    pg.folder.rename(CLUSTER)
    pg.folder = CLUSTER
    _write_state({"_cluster": {"port": pg.port, "password": pg.password}})
    pg._start()  # noqa: SLF001
    return pg, True


def _running(pg) -> bool:  # noqa: ANN001
    try:
        with pg.connect():
            return True
    except Exception:  # noqa: BLE001 - not running (or not reachable): start it
        return False


@contextlib.contextmanager
def server(*, cached: bool = True) -> Iterator[Server]:
    """A ``Server`` to make databases on; raises ``NoServerError`` without PostgreSQL.
    ``cached=False`` starts a throwaway cluster instead of the cached one (removed at the end).
    The cached cluster is stopped at the end when it was started here (its data folder stays)."""
    given = os.environ.get("KPO_BENCH_POSTGRES_URL")
    if given:
        srv = Server(given.replace("postgresql+psycopg://", "postgresql://"), persistent=False)
        try:
            yield srv
        finally:
            srv.drop_made()
        return
    started_here = True
    if cached:
        pg, started_here = _cached_cluster()
    else:
        from tests.pg_server import start_server

        try:
            pg = start_server()
        except RuntimeError as exc:
            if "not found" in str(exc):
                raise NoServerError(str(exc)) from exc
            raise
    srv = Server(pg.url(), persistent=cached)
    try:
        yield srv
    finally:
        srv.drop_made()
        if cached and started_here:
            with contextlib.suppress(Exception):
                pg._pg_ctl("stop", "-m", "fast")  # noqa: SLF001
        else:
            pg.stop()


if __name__ == "__main__":  # make (or check) the cached copies: python benchmarks/server_stores.py STORE...
    with server() as srv:
        for arg in sys.argv[1:]:
            print(arg, srv.copy_of(Path(arg)).describe(), flush=True)
