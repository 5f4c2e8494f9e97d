"""One writer per store: a second opener learns who holds it; a crashed holder's lock is
recovered; read-only opening works beside the holder and cannot write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from kpo_desk.core.errors import StoreError
from kpo_desk.core.lock import (
    StoreLockedError,
    acquire_store_lock,
    holder_path,
    lock_holder,
    lock_path,
)
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store

HOLDER = """
import sys, time
from kpo_desk.core.lock import acquire_store_lock
lock = acquire_store_lock(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def _hold_in_other_process(store_path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_path)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_opener_is_told_who_holds_the_store(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    proc = _hold_in_other_process(path)
    try:
        with pytest.raises(StoreLockedError) as err:
            acquire_store_lock(path)
        message = str(err.value)
        assert message.startswith("KPO Desk is already open on this store (pid ")
        assert f"pid {proc.pid} since " in message
        assert "read-only" in message
        assert err.value.holder.pid == proc.pid
        assert lock_holder(path).pid == proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_process_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    proc = _hold_in_other_process(path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert holder_path(path).exists()  # left behind by the crash, naming the dead process
    assert json.loads(holder_path(path).read_text())["pid"] == proc.pid
    assert lock_holder(path) is None
    with acquire_store_lock(path) as lock:
        assert lock.held
        data = json.loads(holder_path(path).read_text())
        assert data["pid"] == os.getpid()
    assert not holder_path(path).exists()


def test_stale_lock_file_naming_a_dead_pid_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    lock_path(path).write_text("")
    holder_path(path).write_text(json.dumps({"pid": 999_999_999, "hostname": "x", "started_at": None}))
    with acquire_store_lock(path) as lock:
        assert lock.held
        assert json.loads(holder_path(path).read_text())["pid"] == os.getpid()


def test_a_record_of_a_dead_process_is_not_named_as_the_holder(tmp_path: Path) -> None:
    """The live-lock path names the holder; a stale record (a pid that is gone on this host)
    is not passed off as one."""
    import socket

    import psutil

    path = tmp_path / "s.sqlite3"
    proc = _hold_in_other_process(path)
    try:
        assert psutil.pid_exists(proc.pid)
        assert lock_holder(path).pid == proc.pid
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        holder_path(path).write_text(json.dumps({"pid": dead.pid, "hostname": socket.gethostname(),
                                                 "started_at": None}))
        with pytest.raises(StoreLockedError) as err:
            acquire_store_lock(path)
        assert err.value.holder is None  # still locked, but by nobody we can name
        assert str(err.value).startswith("KPO Desk is already open on this store. ")
    finally:
        proc.kill()
        proc.wait()


def test_waiting_for_the_lock_gets_it_once_the_holder_lets_go(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    proc = _hold_in_other_process(path)
    threading.Timer(0.5, proc.kill).start()
    with acquire_store_lock(path, wait=60) as lock:
        assert lock.held
    proc.wait()


def test_same_process_cannot_take_it_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with acquire_store_lock(path), pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"):
        acquire_store_lock(path)
    with acquire_store_lock(path):  # released, so free again
        pass


def test_read_only_store_reads_beside_the_writer_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as writer:
        parties.create_client(writer, name="Acme", timezone="UTC")
        reader = Store.open(path, read_only=True)
        try:
            assert reader.read_only
            assert [c.name for c in parties.list_clients(reader)] == ["Acme"]
            with pytest.raises(StoreError, match="open read-only"):
                parties.create_client(reader, name="Nope", timezone="UTC")
            # Even a raw statement past the services cannot write (mode=ro, query_only).
            with pytest.raises(OperationalError, match="readonly"), reader.engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('x', 'y')")
            parties.create_client(writer, name="Later", timezone="UTC")
            assert [c.name for c in parties.list_clients(reader)] == ["Acme", "Later"]
        finally:
            reader.close()
    assert [c.name for c in parties.list_clients(Store.open(path))] == ["Acme", "Later"]


def test_read_only_never_creates_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "absent.sqlite3", read_only=True)
    assert list(tmp_path.iterdir()) == []
