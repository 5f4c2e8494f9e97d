"""Encryption at rest: the core query and search paths on an encrypted (SQLCipher 4) copy of the
large store, against the same calls on the plain store in the same run, and the time to open an
encrypted store, key derivation included.

The encrypted copy is made once from the cached large store (``sqlcipher.encrypt_copy`` with a
new key file whose scrypt parameters are the app's defaults) and kept under benchmarks/cache/
beside it, with a stamp naming the plain file it was made from; a rebuilt large store gets a new
copy. Calls alternate plain, encrypted, plain, ... so that the machine's noise falls on both.

Targets (issue 18): each query and search p50 at most 1.3x the plain store's (the store opens a
fresh connection per call, about 1-2 ms that the cipher cannot change, so a ratio is taken
against at least RATIO_FLOOR_MS; both are reported); opening an encrypted store, scrypt
included, at most 1 s.

    python benchmarks/bench_encryption.py --db benchmarks/cache/large.sqlite3
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_core_queries import CLIENTS, LOG, _pairs
from bench_search import LIMIT, QUERIES, percentile
from harness import measure_one_store

from kpo_desk.core.crypto import keys, sqlcipher
from kpo_desk.core.search import search
from kpo_desk.core.store import Store

CACHE = Path(__file__).resolve().parent / "cache"
#: Only a benchmark's: the cached encrypted copy is as secret as the generated demo it copies.
PASSPHRASE = "kpo-desk benchmark passphrase"
MAX_RATIO = 1.3
RATIO_FLOOR_MS = 2.0
MAX_OPEN_S = 1.0
QUERY_REPEAT = 7
SEARCH_RUNS = 15
OPEN_REPEAT = 5


def encrypted_copy(plain: Path, target: Path | None = None, log: Callable[[str], object] = print) -> Path:
    """The encrypted copy of ``plain`` (made now unless the one at ``target`` was made from this
    very file: same size, modification time and schema revision)."""
    target = target or plain.with_name(plain.stem + "-encrypted" + plain.suffix)
    stamp_file = target.with_name(target.name + ".source.json")
    info = plain.stat()
    with sqlite3.connect(f"file:{plain.resolve()}?mode=ro", uri=True) as con:
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    stamp = {"source": plain.name, "size": info.st_size, "mtime_ns": info.st_mtime_ns, "revision": revision}
    try:
        if json.loads(stamp_file.read_text()) == stamp and target.exists() and keys.key_file_path(target).exists():
            return target
    except (OSError, ValueError):
        pass
    log(f"making the encrypted copy of {plain.name} ({info.st_size / 1024**2:,.0f} MB); once per build")
    for stale in (target, keys.key_file_path(target), *(target.with_name(target.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    partial = target.with_name(target.stem + "-building" + target.suffix)
    for stale in (partial, keys.key_file_path(partial)):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    kf, _recovery, data_key = keys.new_key_file(PASSPHRASE, kdf=keys.DEFAULT_SCRYPT)
    sqlcipher.encrypt_copy(plain, partial, data_key)  # checked: integrity, tables, row counts
    keys.write_key_file(keys.key_file_path(partial), kf)
    with Store.open(partial, create=False, passphrase=PASSPHRASE) as store:  # makes its attachment keys
        assert store.encrypted
    keys.key_file_path(partial).rename(keys.key_file_path(target))
    partial.rename(target)
    stamp_file.write_text(json.dumps(stamp, indent=2))
    log(f"encrypted copy made in {time.perf_counter() - started:.0f} s")
    return target


def _alternating(first: Callable[[], object], second: Callable[[], object], runs: int
                 ) -> tuple[list[float], list[float], int, int]:
    """ms samples of ``first`` and ``second``, called in turn after one warm-up each, and the
    rows each returned."""
    n_first, n_second = len(first()), len(second())  # type: ignore[arg-type]
    a, b = [], []
    for _ in range(runs):
        for fn, samples in ((first, a), (second, b)):
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
    return a, b, n_first, n_second


def _row(name: str, encrypted_ms: float, plain_ms: float, same: bool, **extra: object) -> dict:
    return {"name": name, "value": round(encrypted_ms, 2), "unit": "ms", "baseline": round(plain_ms, 2),
            "target": f"<= {MAX_RATIO:g}x the plain store (plain counted as at least {RATIO_FLOOR_MS:g} ms)",
            "ok": same and encrypted_ms <= MAX_RATIO * max(plain_ms, RATIO_FLOOR_MS), **extra}


def measure(plain: Path, label: str, encrypted: Path | None = None) -> list[dict]:
    encrypted = encrypted or encrypted_copy(plain)
    rows: list[dict] = []
    con = sqlite3.connect(f"file:{plain.resolve()}?mode=ro", uri=True)
    try:
        count = con.execute("SELECT count(*) FROM communication").fetchone()[0]
        with Store.open(plain, create=False) as p, Store.open(encrypted, create=False, passphrase=PASSPHRASE) as e:
            assert e.encrypted and not p.encrypted
            for (name, core_plain, _raw), (_, core_enc, _) in zip(_pairs(p, con), _pairs(e, con), strict=True):
                a, b, n_plain, n_enc = _alternating(core_plain, core_enc, QUERY_REPEAT)
                rows.append(_row(f"{label} encrypted: {name} ({n_enc:,} rows)", statistics.median(b),
                                 statistics.median(a), n_plain == n_enc))
            for kind, text in QUERIES.items():
                a, b, n_plain, n_enc = _alternating(lambda t=text: search(p, t, limit=LIMIT),
                                                    lambda t=text: search(e, t, limit=LIMIT), SEARCH_RUNS)
                rows.append(_row(f"{label} encrypted ({count:,} communications): search {kind} '{text}' p50",
                                 statistics.median(b), statistics.median(a), n_plain == n_enc,
                                 p95=round(percentile(b, 0.95), 1), plain_p95=round(percentile(a, 0.95), 1)))
        rows += _kept_connection_rows(con, encrypted, label)
    finally:
        con.close()
    rows.append(_open_row(plain, encrypted, label))
    return rows


def _kept_connection_rows(plain_con: sqlite3.Connection, encrypted: Path, label: str) -> list[dict]:
    """Information: the same SQL on one connection kept open (its page cache stays warm), to tell
    the cipher's own cost from what each fresh connection pays to decrypt every page it reads
    again (the store opens a new connection per call: NullPool)."""
    data_key = keys.unlock(keys.read_key_file(keys.key_file_path(encrypted)), PASSPHRASE)
    enc_con = sqlcipher.connect(encrypted, data_key, read_only=True)
    rows = []
    try:
        for name, sql in (("client_rows' SQL", CLIENTS),
                          ("the newest 500 of the log, SQL", LOG + "ORDER BY m.occurred_at DESC, m.id DESC LIMIT 500")):
            a, b, n_plain, n_enc = _alternating(lambda q=sql: plain_con.execute(q).fetchall(),
                                                lambda q=sql: enc_con.execute(q).fetchall(), QUERY_REPEAT)
            rows.append({"name": f"{label} encrypted: {name} on one kept connection ({n_enc:,} rows; "
                                 "information: the cipher without the cold page cache)",
                         "value": round(statistics.median(b), 2), "unit": "ms",
                         "baseline": round(statistics.median(a), 2), "target": "information", "ok": None})
    finally:
        enc_con.close()
    return rows


def _open_row(plain: Path, encrypted: Path, label: str) -> dict:
    """Opening and closing the store, the passphrase's scrypt included, against the plain one."""
    kf = keys.read_key_file(keys.key_file_path(encrypted))
    times: dict[str, list[float]] = {"plain": [], "encrypted": [], "kdf": []}
    for _ in range(OPEN_REPEAT):
        for what, run in (("plain", lambda: Store.open(plain, create=False).close()),
                          ("encrypted", lambda: Store.open(encrypted, create=False, passphrase=PASSPHRASE).close()),
                          ("kdf", lambda: keys.unlock(kf, PASSPHRASE))):
            started = time.perf_counter()
            run()
            times[what].append(time.perf_counter() - started)
    opened, worst = statistics.median(times["encrypted"]), max(times["encrypted"])
    return {"name": f"{label}: open an encrypted store, passphrase key derivation included (scrypt n={kf.kdf.n}, "
                    f"r={kf.kdf.r}, p={kf.kdf.p}; slowest of {OPEN_REPEAT}: {worst:.2f} s)",
            "value": round(opened, 3), "unit": "s", "baseline": round(statistics.median(times["plain"]), 3),
            "target": f"<= {MAX_OPEN_S:g} s (baseline: opening the plain store)", "ok": opened <= MAX_OPEN_S,
            "kdf_s": round(statistics.median(times["kdf"]), 3), "slowest_s": round(worst, 3)}


def run(small: Path, large: Path | None) -> list[dict]:
    if large is not None:
        return measure(Path(large), "large")
    with tempfile.TemporaryDirectory(prefix="kpo-bench-encrypted-") as folder:  # --no-large: the small one
        return measure(Path(small), "small", encrypted_copy(Path(small), Path(folder) / "small-encrypted.sqlite3"))


if __name__ == "__main__":
    measure_one_store(__doc__, measure)
