from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from kpo_desk.core.demo import generate_demo
from kpo_desk.core.enums import EngagementStatus, ServiceType
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.store import Store
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
