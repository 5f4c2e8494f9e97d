"""A crash never corrupts the store, and never loses a write that was reported as saved.

A writer process (crash_writer.py) writes through the real services and prints each
write after its commit. We SIGKILL it at random moments, many times, and after each kill
check with plain sqlite3: ``PRAGMA integrity_check`` is ok, foreign keys hold, every
acknowledged write is present, and no transaction is half there (each record has its
audit event; each engagement has its checklist).

Quick form: 20 kills (``make test``). Long form: ``make crash-test-long`` sets
``KPO_DESK_CRASH_KILLS=500``. The counts are printed (use ``-s`` to see them).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from kpo_desk.core.services import engagements, parties
from kpo_desk.core.store import Store

WRITER = Path(__file__).with_name("crash_writer.py")
REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("KPO_DESK_CRASH_KILLS", "20"))


def _setup(path: Path) -> tuple[int, int, int]:
    with Store.open(path) as store:
        client = parties.create_client(store, name="Crash Test AG", timezone="Europe/Zurich")
        contact = parties.create_contact(store, client_id=client.id, name="Dr. Sato")
        staff = parties.create_staff(store, name="Asha Rao", role="Analyst")
        eng = engagements.create_engagement(store, client_id=client.id, title="Crash test",
                                            service_type="ip_patent")
    return eng.id, contact.id, staff.id


def _run_and_kill(path: Path, ids: tuple[int, int, int], seed: int, rng: random.Random) -> list[str]:
    """Start a writer, kill it at a random moment, return the lines it acknowledged."""
    proc = subprocess.Popen([sys.executable, str(WRITER), str(path), *map(str, ids), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line.strip())
            first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if rng.random() < 0.15:
        time.sleep(rng.uniform(0.0, 0.8))  # sometimes while it is still opening the store
    else:
        first.wait(timeout=30)
        time.sleep(rng.uniform(0.0, 0.3))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    stderr = proc.stderr.read()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL, f"the writer stopped by itself:\n{stderr}"
    return [line for line in lines if line]


def _check(path: Path, acknowledged: list[str]) -> tuple[bool, int]:
    """Integrity ok?, and how many acknowledged writes were found. Asserts atomicity."""
    con = sqlite3.connect(path)
    try:
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        found = 0
        for line in acknowledged:
            kind, record_id = line.split()
            if con.execute(f'SELECT 1 FROM "{kind}" WHERE id = ?', (int(record_id),)).fetchone():
                found += 1
        for table in ("communication", "client", "engagement"):
            orphans = con.execute(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM auditevent a "
                f"WHERE a.record_type = '{table}' AND a.record_id = t.id AND a.action = 'create')"
            ).fetchone()[0]
            assert orphans == 0, f"{orphans} {table} rows without their audit event: a half transaction"
        bare = con.execute("SELECT count(*) FROM engagement e WHERE NOT EXISTS "
                           "(SELECT 1 FROM checklistitem c WHERE c.engagement_id = e.id)").fetchone()[0]
        assert bare == 0, "an engagement was committed without its checklist"
        linked = con.execute("SELECT count(*) FROM communication c WHERE NOT EXISTS "
                             "(SELECT 1 FROM communicationcontact x WHERE x.communication_id = c.id)"
                             ).fetchone()[0]
        assert linked == 0, "a communication was committed without its participants"
    finally:
        con.close()
    return integrity == ["ok"], found


def test_sigkill_never_corrupts_or_loses_acknowledged_writes(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    ids = _setup(path)
    rng = random.Random(int(os.environ.get("KPO_DESK_CRASH_SEED", "20261123")))
    kills = acknowledged = found = integrity_ok = 0
    for n in range(KILLS):
        lines = _run_and_kill(path, ids, seed=n, rng=rng)
        kills += 1
        ok, present = _check(path, lines)
        acknowledged += len(lines)
        found += present
        integrity_ok += ok
        assert ok, f"integrity check failed after kill {kills}"
        assert present == len(lines), f"kill {kills}: {len(lines) - present} acknowledged writes lost"
    print(f"\ncrash test: {kills} kills, {acknowledged} writes acknowledged, {found} found, "
          f"integrity ok after {integrity_ok}/{kills} kills")
    assert acknowledged > KILLS  # the writer really wrote between kills
    with Store.open(path) as store:  # and the app still opens it and can write
        assert store.integrity_problems() == []
        parties.create_client(store, name="After the crashes", timezone="UTC")
