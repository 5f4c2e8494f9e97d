"""How tests/data/store-0001.sqlite3 was made (kept for the record; run it only to re-create it).

The fixture is a store at the first released schema, revision 0001, with a tiny demo in it:
5 engagements and 50 communications. It migrates to '0001' exactly, not to head, so that
running this after later migrations landed would still give a 0001 store (as long as the
demo generator writes only 0001 columns).

    .venv/bin/python tests/data/make_store_0001.py tests/data/store-0001.sqlite3
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from kpo_desk.core import store as store_module
from kpo_desk.core.demo import generate_demo
from kpo_desk.core.store import APPLICATION_ID, Store

FIXTURE_REVISION = "0001"


def make(path: Path) -> None:
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    store_module._create_private_file(path)
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    store_module._install_pragmas(engine)
    with engine.connect() as conn:
        cfg = store_module._alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, FIXTURE_REVISION)
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.commit()
    store = Store(path, engine)  # deliberately not Store.open: that would migrate to head
    generate_demo(store, engagements=5, communications=50, seed=3, today=date(2026, 11, 23))
    engine.dispose()
    # One self-contained file (no -wal beside it), compacted, so that it is small in git.
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("VACUUM")
    con.close()


if __name__ == "__main__":
    make(Path(sys.argv[1]))
