"""The engagement list's rows: sorted and paged in SQL, with each live engagement's next milestone."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus
from kpo_desk.core.models import Client, Engagement, Milestone
from kpo_desk.core.services import engagement_list
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.store import Store


def _expected(store: Store) -> dict[int, tuple[str, str, str, date | None]]:
    """code, client, next milestone title and due date, read the slow, obvious way."""
    with store.read() as s:
        engagements = s.exec(select(Engagement, Client).join(Client)).all()
        milestones = s.exec(select(Milestone).where(Milestone.status.in_(MilestoneStatus.OPEN))).all()
    out = {}
    for e, c in engagements:
        mine = sorted((m for m in milestones if m.engagement_id == e.id),
                      key=lambda m: (m.due_on is None, m.due_on or date.min, m.id))
        first = mine[0] if mine and e.status not in EngagementStatus.ENDED else None
        out[e.id] = (e.code, c.name, first.title if first else "", first.due_on if first else None)
    return out


@pytest.mark.parametrize("by_id", [900, 2], ids=["page asked by id", "whole list read at once"])
def test_rows_match_a_plain_reading(demo_store: Store, monkeypatch: pytest.MonkeyPatch, by_id: int) -> None:
    monkeypatch.setattr(engagement_list, "_BY_ID", by_id)
    expected = _expected(demo_store)
    rows = list_engagement_rows(demo_store, sort="client")
    assert len(rows) == len(expected) > 20
    assert {r.id: (r.code, r.client, r.next_milestone, r.next_milestone_due) for r in rows} == expected
    assert [(r.client, r.code) for r in rows] == sorted((r.client, r.code) for r in rows)
    assert any(r.next_milestone for r in rows) and any(r.status in EngagementStatus.ENDED for r in rows)
    assert list_engagement_rows(demo_store, sort="client", limit=7, offset=3) == rows[3:10]


@pytest.mark.parametrize("sort", engagement_list.SORT_KEYS)
def test_position_is_where_the_list_puts_it(demo_store: Store, sort: str) -> None:
    from kpo_desk.core.services.engagement_list import engagement_position

    for descending in (False, True):
        for filters in ({}, {"text": "a", "statuses": (EngagementStatus.ACTIVE, EngagementStatus.ON_HOLD)}):
            rows = list_engagement_rows(demo_store, sort=sort, descending=descending, **filters)
            assert rows
            for i, row in enumerate(rows):
                assert engagement_position(demo_store, row.id, sort=sort, descending=descending, **filters) == i
    listed = {r.id for r in list_engagement_rows(demo_store, statuses=(EngagementStatus.ACTIVE,))}
    with demo_store.read() as s:
        other = next(e.id for e in s.exec(select(Engagement)) if e.id not in listed)
    assert engagement_position(demo_store, other, statuses=(EngagementStatus.ACTIVE,)) is None
    assert engagement_position(demo_store, 10**9) is None
