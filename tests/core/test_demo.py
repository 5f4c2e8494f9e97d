from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from kpo_desk.core.demo import generate_demo
from kpo_desk.core.enums import EngagementStatus, ServiceType
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.search import search
from kpo_desk.core.search.fts5 import INDEXED, Fts5Index
from kpo_desk.core.store import Store
from kpo_desk.core.store_schema import schema_differences
from tests.conftest import DEMO_TODAY


def test_demo_fills_every_table(demo_store: Store) -> None:
    counts = demo_store.table_counts()
    empty = [table for table, n in counts.items() if n == 0]
    assert empty == []
    assert demo_store.integrity_problems() == []


def test_demo_covers_every_service_and_status(demo_store: Store) -> None:
    with demo_store.engine.connect() as conn:
        services = {r[0] for r in conn.execute(text("SELECT DISTINCT service_type FROM engagement"))}
        statuses = {r[0] for r in conn.execute(text("SELECT DISTINCT status FROM engagement"))}
        countries = conn.execute(text("SELECT count(DISTINCT country) FROM client")).scalar()
        zones = conn.execute(text("SELECT count(DISTINCT timezone) FROM client")).scalar()
        names = [r[0] for r in conn.execute(text("SELECT name FROM client"))]
        overdue = conn.execute(text(
            "SELECT count(*) FROM milestone WHERE due_on < :today AND status IN ('planned','in_progress')"),
            {"today": DEMO_TODAY.isoformat()}).scalar()
        visible = {r[0] for r in conn.execute(text("SELECT DISTINCT client_visible FROM communication"))}
    assert services == {s.value for s in ServiceType}
    assert statuses == {s.value for s in EngagementStatus}
    assert countries >= 8 and zones >= 8
    assert any(any(ord(ch) > 0x3000 for ch in n) for n in names), "a CJK client name"
    assert any(any(0x370 <= ord(ch) <= 0x3FF for ch in n) for n in names), "a Greek client name"
    assert any("ü" in n or "è" in n or "ó" in n for n in names), "accented Latin names"
    assert overdue > 0
    assert visible == {0, 1}


def _content_digest(store: Store) -> str:
    h = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in sorted(store.table_counts()):
            if table == "auditevent":
                continue
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1, 2')):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def test_demo_is_deterministic_per_seed(tmp_path: Path) -> None:
    digests = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        with Store.open(tmp_path / f"{name}.sqlite3") as s:
            generate_demo(s, seed=seed, engagements=40, communications=300, today=date(2026, 6, 1))
            digests.append(_content_digest(s))
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_demo_scales_and_refuses_a_store_with_data(tmp_path: Path) -> None:
    with Store.open(tmp_path / "big.sqlite3") as s:
        summary = generate_demo(s, engagements=1500, communications=20_000, seed=3, today=DEMO_TODAY)
        assert summary.counts["engagement"] == 1500
        assert summary.counts["communication"] == 20_000
        assert summary.counts["client"] >= 1500 // 20
        with s.engine.connect() as conn:
            codes = conn.execute(text("SELECT count(DISTINCT code) FROM engagement")).scalar()
        assert codes == 1500
        with pytest.raises(ValidationError, match="already holds data"):
            generate_demo(s, engagements=5)
        assert s.table_counts()["engagement"] == 1500


def _schema_and_search_config(store: Store) -> tuple[list[str], list[tuple], int]:
    """What a bulk load must leave as the migrations made it: the schema (compared the way
    opening a store compares it), the search indexes' config tables, and the sync triggers."""
    con = sqlite3.connect(store.path)
    try:
        differences = schema_differences(con, store.schema_revision())
        config = [(ix.index, *row) for ix in INDEXED.values()
                  for row in con.execute(f"SELECT k, v FROM {ix.index}_config ORDER BY k")]
        triggers = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                               "AND name LIKE 'fts~_%' ESCAPE '~'").fetchone()[0]  # the search's; the schema covers the rest
    finally:
        con.close()
    return differences, config, triggers


def test_the_bulk_load_leaves_the_schema_and_search_settings_as_the_migrations_made_them(tmp_path: Path) -> None:
    with Store.open(tmp_path / "fresh.sqlite3") as fresh:
        _, fresh_config, fresh_triggers = _schema_and_search_config(fresh)
    with Store.open(tmp_path / "demo.sqlite3") as s:
        generate_demo(s, engagements=60, communications=2_000, seed=4, today=DEMO_TODAY)
        differences, config, triggers = _schema_and_search_config(s)
        with s.engine.connect() as conn:
            # Every index the migrations make is there again, and the planner uses it.
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT id FROM communication WHERE engagement_id = 3 ORDER BY occurred_at")))
        assert Fts5Index(s).integrity_problems() == []
        assert {h.record_id for h in search(s, "wochentl", kinds=["communication"], limit=500)}
    assert differences == []
    assert config == fresh_config  # ('version', 4) only: the rebuild's own settings are gone
    assert triggers == fresh_triggers == 12
    assert "ix_communication_engagement_when" in plan


def test_a_demo_that_fails_half_way_leaves_the_store_as_it_was(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from kpo_desk.core import demo

    def fail(self: demo._Builder) -> None:
        raise OSError("disk gone")

    with Store.open(tmp_path / "demo.sqlite3") as s:
        _, config_before, _ = _schema_and_search_config(s)
        monkeypatch.setattr(demo._Builder, "history", fail)  # after every bulk insert, before the rebuilds
        with pytest.raises(OSError, match="disk gone"):
            generate_demo(s, engagements=40, communications=500, seed=2, today=DEMO_TODAY)
        differences, config, triggers = _schema_and_search_config(s)
        assert not s.holds_records()
        monkeypatch.undo()
        generate_demo(s, engagements=40, communications=500, seed=2, today=DEMO_TODAY)
        assert s.table_counts()["communication"] == 500
    assert differences == []
    assert config == config_before
    assert triggers == 12


def test_a_search_index_rebuild_keeps_a_firms_own_merge_setting(demo_store: Store) -> None:
    index = Fts5Index(demo_store)
    with demo_store.transaction() as session:
        conn = session.connection()
        conn.exec_driver_sql("INSERT INTO fts_communication(fts_communication, rank) VALUES ('automerge', 8)")
        index.rebuild(conn)
    with demo_store.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT k, v FROM fts_communication_config ORDER BY k").all()
    assert [tuple(r) for r in rows] == [("automerge", 8), ("version", 4)]
    assert index.integrity_problems() == []
    assert search(demo_store, "wochentl")
