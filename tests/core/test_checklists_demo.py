"""The demo store carries a checklist for every engagement, in the states a real firm's has."""

from __future__ import annotations

from sqlalchemy import text

from kpo_desk.core.checklists import (
    attachment_problems,
    compliance_gaps,
    due_items,
    portfolio_compliance,
    refresh_recurring_and_expired,
)
from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.store import Store
from tests.conftest import DEMO_TODAY


def _scalar(store: Store, sql: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), {"today": DEMO_TODAY.isoformat()}).scalar()


def test_every_engagement_has_its_checklist(demo_store: Store) -> None:
    assert _scalar(demo_store, "SELECT count(*) FROM engagement WHERE id NOT IN "
                               "(SELECT engagement_id FROM checklistitem)") == 0
    assert _scalar(demo_store, "SELECT count(*) FROM checklistitem WHERE template_file = '' "
                               "OR template_key = ''") == 0
    # Four eyes holds in the demo too.
    assert _scalar(demo_store, "SELECT count(*) FROM checklistitem WHERE verified_by_id IN "
                               "(owner_id, done_by_id)") == 0


def test_demo_states_are_realistic(demo_store: Store) -> None:
    assert _scalar(demo_store, "SELECT count(*) FROM checklistitem WHERE state IN ('not_applicable', 'waived') "
                               "AND reason = ''") == 0
    assert _scalar(demo_store, "SELECT count(*) FROM checklistitem WHERE state = 'not_applicable'") > 0
    assert _scalar(demo_store, "SELECT count(*) FROM checklistitem WHERE state = 'waived'") > 0
    overdue_reviews = _scalar(demo_store, "SELECT count(*) FROM checklistitem WHERE recurrence != 'none' "
                                          "AND state = 'open' AND due_on < :today")
    assert overdue_reviews > 0
    expiring = _scalar(demo_store, "SELECT count(*) FROM attachment WHERE expires_on > :today")
    expired = _scalar(demo_store, "SELECT count(*) FROM attachment a JOIN checklistitem c "
                                  "ON c.id = a.checklist_item_id WHERE a.expires_on <= :today AND c.state = 'open'")
    assert expiring > 0 and expired > 0
    kinds = {d.kind for d in due_items(demo_store, DEMO_TODAY, 14)}
    assert kinds >= {"control", "evidence"}
    gaps = compliance_gaps(demo_store, today=DEMO_TODAY)
    portfolio = portfolio_compliance(demo_store, today=DEMO_TODAY)
    # Close-out controls count from the start (PRODUCT.md, one compliance rule), so a live team
    # owes them until it closes; some teams closed with every required control verified.
    assert 0 < len(gaps) <= portfolio.engagements
    closed = [EngagementStatus.CLOSED]
    assert len(compliance_gaps(demo_store, statuses=closed, today=DEMO_TODAY)) < \
        portfolio_compliance(demo_store, closed, today=DEMO_TODAY).engagements
    assert [g.score.ratio for g in gaps] == sorted(g.score.ratio for g in gaps)
    assert attachment_problems(demo_store) == []


def test_demo_is_already_refreshed(demo_store: Store) -> None:
    """The demo is written as the app would leave it after its start-up refresh."""
    assert refresh_recurring_and_expired(demo_store, DEMO_TODAY).total == 0


def test_due_items_match_a_plain_reading_of_every_item(demo_store: Store) -> None:
    """The hand-written SQL behind ``due_items`` agrees with the rule read off every row."""
    from datetime import timedelta

    from sqlmodel import select

    from kpo_desk.core.enums import ChecklistState, Recurrence
    from kpo_desk.core.models import ChecklistItem, Engagement

    for horizon, limit in ((14, 500), (60, 7), (0, 3)):
        until = DEMO_TODAY + timedelta(days=horizon)
        with demo_store.read() as s:
            rows = s.exec(select(ChecklistItem, Engagement).join(Engagement)).all()
        expected = sorted(
            ((i.due_on, e.code, i.id) for i, e in rows
             if e.status in EngagementStatus.LIVE and i.due_on is not None and i.due_on <= until
             and (i.state == ChecklistState.OPEN
                  or (i.state == ChecklistState.DONE and i.recurrence != Recurrence.NONE))))[:limit]
        due = due_items(demo_store, DEMO_TODAY, horizon, limit=limit)
        got = [(d.due_on, d.code, d.item_id) for d in due if d.kind != "evidence"]
        files = len(due) - len(got)  # evidence expiring shares the limit
        assert expected and got == expected[:len(got)] and len(got) >= min(limit, len(expected)) - files

