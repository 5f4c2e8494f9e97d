"""The two stores every benchmark runs on, built once and cached under benchmarks/cache/.

- small: the default demo (30 engagements), rebuilt on every run (about a second);
- large: a busy firm's decade, 20,000 engagements and 1,000,000 communications (about 90 s),
  kept between runs while its schema revision is the app's head revision and its counts
  are right; otherwise rebuilt under a temporary name and renamed into place, so an
  interrupted build never leaves a half-filled store behind the cache's name.

Building the large store is itself a measurement (rows written per second); the figure of
the last build is kept in cache/build.json so a run that reuses the store still reports it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kpo_desk.core.errors import StoreError
from kpo_desk.core.store import Store, head_revision

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
SMALL = CACHE / "small.sqlite3"
LARGE = CACHE / "large.sqlite3"
BUILD_RECORD = CACHE / "build.json"
LARGE_ENGAGEMENTS = 20_000
LARGE_COMMUNICATIONS = 1_000_000
TARGET_ROWS_PER_S = 50_000


@dataclass(frozen=True)
class BuildRecord:
    """How long the large store took to write, for the "rows per second" figure."""

    revision: str
    rows: int
    seconds: float
    built_at: str
    measured_now: bool

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.stem + "-attachments"), ignore_errors=True)


def _demo(path: Path, *extra: str) -> float:
    """Run the real ``kpo-desk demo`` command on ``path``; returns its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kpo_desk", "--db", str(path), "demo", *extra],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def build_small() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    _remove_store(SMALL)
    _demo(SMALL)
    return SMALL


def _large_is_current() -> bool:
    """True when the cached large store is complete and at the app's schema revision."""
    if not LARGE.exists():
        return False
    try:
        with Store.open(LARGE, read_only=True) as store:
            if store.schema_revision() != head_revision():
                return False
            counts = store.table_counts()
    except StoreError:
        return False
    return (counts.get("engagement") == LARGE_ENGAGEMENTS
            and counts.get("communication") == LARGE_COMMUNICATIONS)


def read_build_record() -> BuildRecord | None:
    try:
        data = json.loads(BUILD_RECORD.read_text())
    except (OSError, ValueError):
        return None
    if data.get("revision") != head_revision():
        return None
    return BuildRecord(revision=data["revision"], rows=int(data["rows"]), seconds=float(data["seconds"]),
                       built_at=data["built_at"], measured_now=False)


def build_large(*, force: bool = False, log=print) -> tuple[Path, BuildRecord | None]:  # noqa: ANN001
    """The large store, reused when current; returns it and the build figure (if known)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    if not force and _large_is_current():
        return LARGE, read_build_record()
    log(f"building the large store ({LARGE_ENGAGEMENTS:,} engagements, "
        f"{LARGE_COMMUNICATIONS:,} communications); this takes a minute or two")
    partial = LARGE.with_name("large-building.sqlite3")
    _remove_store(partial)
    seconds = _demo(partial, "--engagements", str(LARGE_ENGAGEMENTS),
                    "--communications", str(LARGE_COMMUNICATIONS))
    with Store.open(partial, create=False) as store:
        rows = sum(store.table_counts().values())
        revision = store.schema_revision() or ""
    # Fold the WAL back into the file before renaming: a -wal file must never be separated
    # from its database (sqlite.org, "How To Corrupt").
    import sqlite3

    con = sqlite3.connect(partial)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    _remove_store(LARGE)
    for suffix in ("-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    partial.rename(LARGE)
    attachments = partial.with_name(partial.stem + "-attachments")
    if attachments.exists():
        attachments.rename(LARGE.with_name(LARGE.stem + "-attachments"))
    record = BuildRecord(revision=revision, rows=rows, seconds=round(seconds, 2),
                         built_at=datetime.now(UTC).isoformat(timespec="seconds"), measured_now=True)
    BUILD_RECORD.write_text(json.dumps({"revision": record.revision, "rows": record.rows,
                                        "seconds": record.seconds, "built_at": record.built_at}, indent=2))
    return LARGE, record


def generation_rows(record: BuildRecord | None) -> list[dict]:
    """The "generating the large store" figure, measured now or carried over from the last build."""
    target = f">= {TARGET_ROWS_PER_S:,} rows/s"
    if record is None:
        return [{"name": "generating the large store (no build record: run with --rebuild-large)",
                 "value": None, "unit": "rows/s", "baseline": None, "target": target, "ok": None}]
    when = "this run" if record.measured_now else f"cached build of {record.built_at}"
    return [{"name": f"`kpo-desk demo --engagements {LARGE_ENGAGEMENTS} --communications {LARGE_COMMUNICATIONS}`, "
                     f"whole command (the large store): {record.rows:,} rows in {record.seconds:.1f} s ({when})",
             "value": round(record.rows_per_s), "unit": "rows/s", "baseline": None, "target": target,
             "ok": record.rows_per_s >= TARGET_ROWS_PER_S}]
