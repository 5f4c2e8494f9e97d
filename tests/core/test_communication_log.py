"""The log's times across zones, follow-ups across engagements, and the filtered, paged list."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.local_time import (
    client_local_now,
    describe_in_zones,
    local_to_utc,
    outside_working_hours,
)
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.services.communications import (
    CommunicationFilter,
    count_communications,
    list_communications,
)
from kpo_desk.core.services.follow_ups import follow_up_counts, open_follow_ups
from kpo_desk.core.store import Store

TODAY = date(2026, 3, 16)


def test_wall_time_in_the_clients_zone_is_stored_in_utc() -> None:
    assert local_to_utc(datetime(2026, 3, 2, 17, 30), "Asia/Tokyo") == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert local_to_utc(datetime(2026, 7, 1, 9, 0), "Europe/Zurich") == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_a_time_in_the_spring_gap_is_refused_with_a_reason() -> None:
    with pytest.raises(ValidationError) as err:
        local_to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Zurich")
    assert "does not exist in Europe/Zurich" in err.value.message and "jump forward" in err.value.message
    assert err.value.field == "occurred_at"


def test_a_time_that_happens_twice_needs_a_choice() -> None:
    with pytest.raises(ValidationError, match="happens twice in America/New_York"):
        local_to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York")
    first = local_to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York", fold=0)
    second = local_to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York", fold=1)
    assert (first.hour, second.hour) == (5, 6) and second - first == timedelta(hours=1)


def test_unknown_zone_and_aware_input_are_refused() -> None:
    with pytest.raises(ValidationError, match="not a known time zone"):
        local_to_utc(datetime(2026, 1, 1, 9), "Mars/Olympus")
    with pytest.raises(ValidationError, match="without a time zone"):
        local_to_utc(datetime(2026, 1, 1, 9, tzinfo=UTC), "UTC")


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
       st.sampled_from(["Europe/Zurich", "Asia/Tokyo", "America/Sao_Paulo", "Australia/Lord_Howe", "UTC"]))
def test_accepted_wall_times_round_trip(wall: datetime, zone: str) -> None:
    try:
        utc = local_to_utc(wall, zone, fold=0)
    except ValidationError as exc:
        assert "does not exist" in exc.message
        return
    from zoneinfo import ZoneInfo

    assert utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == wall


def test_working_hours_are_the_clients_own() -> None:
    monday_0100_utc = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, 02:00 in Zurich
    assert not outside_working_hours(monday_0100_utc, "Asia/Tokyo")
    assert outside_working_hours(monday_0100_utc, "Europe/Zurich")
    assert outside_working_hours(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "Asia/Tokyo")  # 18:00 sharp
    assert outside_working_hours(datetime(2026, 3, 7, 3, 0, tzinfo=UTC), "Asia/Tokyo")  # Saturday noon
    assert outside_working_hours(datetime(2026, 3, 6, 23, 0, tzinfo=UTC), "Asia/Tokyo")  # Saturday 08:00
    assert not outside_working_hours(datetime(2026, 3, 5, 23, 0, tzinfo=UTC), "Asia/Tokyo")  # Friday 08:00


def test_client_local_now_and_both_zones_shown() -> None:
    class Client:
        timezone = "Asia/Tokyo"

    now = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    local = client_local_now(Client(), now=now)
    assert (local.hour, local.minute, local.tzname()) == (17, 30, "JST")
    assert describe_in_zones(now, "Europe/Zurich", "Asia/Tokyo") == "2026-03-02 09:30 CET (17:30 JST for the client)"
    assert describe_in_zones(datetime(2026, 3, 2, 20, 0, tzinfo=UTC), "Europe/Zurich", "Asia/Tokyo") == \
        "2026-03-02 21:00 CET (2026-03-03 05:00 JST for the client)"


@pytest.fixture
def log(store: Store) -> dict:
    client = parties.create_client(store, name="Sato Chemical", timezone="Asia/Tokyo")
    sato = parties.create_contact(store, client_id=client.id, name="Dr. Sato", email="sato@sato.example")
    a = engagements.create_engagement(store, client_id=client.id, title="Landscape", service_type="ip_patent",
                                      code="SATO-2026-001")
    b = engagements.create_engagement(store, client_id=client.id, title="Valuation", service_type="other",
                                      code="SATO-2026-002")
    ids = {}
    for key, eng, due, channel, day, subject in [
        ("overdue_b", b, TODAY - timedelta(days=9), "call", 1, "Send the valuation model"),
        ("overdue_a", a, TODAY - timedelta(days=2), "email", 2, "Confirm the search scope"),
        ("today", a, TODAY, "video", 3, "Agree the claim chart format"),
        ("soon", b, TODAY + timedelta(days=5), "email", 4, "Chase the data room access"),
        ("later", a, TODAY + timedelta(days=30), "meeting", 5, "Plan the Zürich workshop"),
        ("none", a, None, "call", 6, "Status call"),
    ]:
        ids[key] = communications.log_communication(
            store, engagement_id=eng.id, channel=channel, direction="outbound",
            occurred_at=local_to_utc(datetime(2026, 3, day, 10, 0), "Asia/Tokyo"), subject=subject,
            follow_up_due=due, contact_ids=[sato.id] if key == "overdue_b" else []).id
    done = communications.log_communication(store, engagement_id=a.id, channel="call", direction="inbound",
                                            occurred_at=datetime(2026, 3, 1, tzinfo=UTC), subject="Done one",
                                            follow_up_due=TODAY - timedelta(days=20))
    communications.set_follow_up_done(store, done.id)
    return {"a": a.id, "b": b.id, "done": done.id, **ids}


def test_open_follow_ups_across_engagements_overdue_first(store: Store, log: dict) -> None:
    rows = open_follow_ups(store, TODAY, limit=10)
    assert [r.communication_id for r in rows] == [log[k] for k in ("overdue_b", "overdue_a", "today", "soon",
                                                                     "later")]
    first = rows[0]
    assert (first.engagement_code, first.days_overdue, first.overdue, first.contact_name, first.client_timezone) == \
        ("SATO-2026-002", 9, True, "Dr. Sato", "Asia/Tokyo")
    assert rows[2].days_overdue == 0 and not rows[2].overdue
    assert [r.communication_id for r in open_follow_ups(store, TODAY, limit=2, offset=1)] == [
        log["overdue_a"], log["today"]]
    assert {r.engagement_id for r in open_follow_ups(store, TODAY, engagement_id=log["b"])} == {log["b"]}


def test_marking_done_takes_it_off_the_list_and_the_counts(store: Store, log: dict) -> None:
    counts = follow_up_counts(store, TODAY)
    assert (counts.overdue, counts.due_today, counts.due_soon, counts.open) == (2, 1, 1, 5)
    communications.set_follow_up_done(store, log["overdue_b"])
    assert log["overdue_b"] not in [r.communication_id for r in open_follow_ups(store, TODAY)]
    assert follow_up_counts(store, TODAY).overdue == 1


def test_list_filters_sorts_and_pages_in_sql(store: Store, log: dict) -> None:
    newest_first = [c.id for c in list_communications(store, log["a"])]
    assert newest_first == [log["none"], log["later"], log["today"], log["overdue_a"], log["done"]]
    assert [c.id for c in list_communications(store, log["a"], limit=2, offset=1)] == newest_first[1:3]
    assert [c.subject for c in list_communications(store, sort="subject", descending=False, limit=2)] == [
        "Agree the claim chart format", "Chase the data room access"]
    assert [c.id for c in list_communications(store, text="zurich")] == [log["later"]]
    assert [c.id for c in list_communications(store, text="chart form")] == [log["today"]]
    assert list_communications(store, text="zurich", filters=CommunicationFilter(engagement_id=log["b"])) == []
    emails = CommunicationFilter(channel="email", follow_up_open=True)
    assert {c.id for c in list_communications(store, filters=emails)} == {log["overdue_a"], log["soon"]}
    assert count_communications(store, filters=emails) == 2
    window = CommunicationFilter(since=datetime(2026, 3, 3, tzinfo=UTC), until=datetime(2026, 3, 5, tzinfo=UTC))
    assert {c.id for c in list_communications(store, filters=window)} == {log["today"], log["soon"]}
    assert count_communications(store, text='"" ()') == 0
    with pytest.raises(ValidationError, match="Cannot sort"):
        list_communications(store, sort="body; DROP TABLE communication")
    with pytest.raises(ValidationError, match="not a channel"):
        list_communications(store, filters=CommunicationFilter(channel="pigeon"))


def test_list_rows_carry_the_same_values_as_the_records(demo_store: Store) -> None:
    """The log's list reads stored values without SQLAlchemy's processors; it must convert them
    to exactly what the ORM gives (aware UTC instants, enum members, dates, booleans)."""
    from sqlmodel import select

    from kpo_desk.core.enums import Channel, Direction
    from kpo_desk.core.models import Communication
    from kpo_desk.core.services.communication_rows import communication_rows

    rows = communication_rows(demo_store, limit=5000)
    with demo_store.read() as s:
        records = {c.id: c for c in s.exec(select(Communication))}
    assert len(rows) == len(records) > 100
    assert [r.occurred_at for r in rows] == sorted((r.occurred_at for r in rows), reverse=True)
    assert any(r.follow_up_due for r in rows) and any(r.follow_up_done for r in rows)
    for row in rows:
        c = records[row.id]
        assert row.occurred_at == c.occurred_at and row.occurred_at.utcoffset() == timedelta(0)
        assert isinstance(row.channel, Channel) and row.channel == c.channel
        assert isinstance(row.direction, Direction) and row.direction == c.direction
        assert (row.follow_up_due, row.follow_up_done, row.client_visible) == (
            c.follow_up_due, c.follow_up_done, c.client_visible)
        assert (row.subject, row.body, row.sender, row.language) == (c.subject, c.body, c.sender, c.language)
