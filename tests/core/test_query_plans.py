"""The few hand-written hot queries are served by the indexes written for them.

A partial index serves a query only when the query repeats the index's condition with the same
literals, and a join order decides whether SQLite can stop at a limit. These tests read SQLite's
own plan, so a harmless-looking edit (a bound parameter for a literal, a JOIN for a CROSS JOIN)
that would bring back a sort of every row fails here, not months later on a large store.
"""

from __future__ import annotations

import pytest

from kpo_desk.core.checklists import schedule
from kpo_desk.core.health import engine
from kpo_desk.core.services import dashboard
from kpo_desk.core.store import Store

#: name -> (SQL, parameters, the index it must use, whether it is a ranked list cut at a limit)
PLANS = {
    "checklist items falling due": (schedule._DUE_ITEMS_SQL, ("2026-12-31", 10), "ix_checklistitem_pending_due",
                                    True),
    "evidence expiring": (schedule._EXPIRING_SQL, ("2026-12-31", 10), "ix_attachment_expires_on", True),
    "milestones in a window": (dashboard._MILESTONES_SQL, ("2026-01-01", "2026-12-31", 10),
                               "ix_milestone_due_status", True),
    "follow-ups owed, for a page of engagements": (
        engine._FOLLOW_UPS_SQL.format(ids=" AND e.id IN (?, ?, ?)"), ("2026-12-31", 1, 2, 3),
        "ix_communication_followup_pending", False),
}


@pytest.mark.parametrize("name", list(PLANS))
def test_the_query_walks_its_index(demo_store: Store, name: str) -> None:
    sql, params, index, ranked = PLANS[name]
    with demo_store.engine.connect() as conn:
        plan = " | ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert f"INDEX {index}" in plan, plan
    if ranked:  # walked in order, it stops at its limit: no sort of every row
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
