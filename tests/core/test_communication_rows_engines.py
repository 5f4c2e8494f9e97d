"""The log's list rows read the stored values past their column types (ISO text on SQLite,
datetimes and dates on PostgreSQL): the same row on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.services.communication_rows import communication_rows
from kpo_desk.core.services.communications import CommunicationFilter
from kpo_desk.core.store import Store


def test_a_logged_call_lists_with_its_instant_and_follow_up_on_both_engines(store: Store) -> None:
    client = parties.create_client(store, name="Sato Chemical", timezone="Asia/Tokyo")
    eng = engagements.create_engagement(store, client_id=client.id, title="Landscape", service_type="ip_patent",
                                        code="SATO-2026-001")
    at = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    logged = communications.log_communication(store, engagement_id=eng.id, channel="call", direction="inbound",
                                              occurred_at=at, subject="Scope", follow_up_due=date(2026, 3, 9))
    communications.log_communication(store, engagement_id=eng.id, channel="email", direction="outbound",
                                     occurred_at=datetime(2026, 3, 1, tzinfo=UTC), subject="Earlier")
    rows = communication_rows(store, CommunicationFilter(engagement_id=eng.id))
    assert [r.subject for r in rows] == ["Scope", "Earlier"]
    first = rows[0]
    assert (first.id, first.code, first.client_timezone) == (logged.id, "SATO-2026-001", "Asia/Tokyo")
    assert first.occurred_at == at and first.occurred_at.utcoffset().total_seconds() == 0
    assert first.follow_up_due == date(2026, 3, 9) and rows[1].follow_up_due is None
    assert first.follow_up_done is False and first.channel.value == "call"
