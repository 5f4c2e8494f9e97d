"""Each field's rule gives a human sentence naming the field, and nothing is written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpo_desk.core import validation as v
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.services import communications, parties, work
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.store import Store


@pytest.fixture
def client(store: Store):
    return parties.create_client(store, name="Banco Horizonte S.A.", timezone="America/Sao_Paulo", language="pt")


@pytest.fixture
def engagement(store: Store, client):
    return eng.create_engagement(store, client_id=client.id, title="Equity models", service_type="equity_financial",
                                 start_on=date(2026, 1, 5))


def counts(store: Store) -> dict[str, int]:
    return store.table_counts()


@pytest.mark.parametrize("kwargs, field, phrase", [
    ({"name": "   "}, "name", "Client name is required"),
    ({"name": "X", "timezone": "Mars/Olympus"}, "timezone", "not a known time zone"),
    ({"name": "X", "timezone": ""}, "timezone", "Time zone is required"),
    ({"name": "X", "language": "Deutsch!"}, "language", "not a language code"),
    ({"name": "X" * 201}, "name", "too long"),
    ({"name": "Bell\x07Corp"}, "name", "control characters"),
])
def test_client_fields(store: Store, kwargs: dict, field: str, phrase: str) -> None:
    before = counts(store)
    with pytest.raises(ValidationError) as err:
        parties.create_client(store, **kwargs)
    assert err.value.field == field
    assert phrase in err.value.message
    assert counts(store) == before


def test_duplicate_client_name(store: Store, client) -> None:
    with pytest.raises(ValidationError, match="already exists") as err:
        parties.create_client(store, name="banco horizonte s.a.")
    assert err.value.field == "name"


def test_contact_email_and_client(store: Store, client) -> None:
    with pytest.raises(ValidationError) as err:
        parties.create_contact(store, client_id=client.id, name="João", email="joao at banco")
    assert err.value.field == "email"
    with pytest.raises(ValidationError) as err:
        parties.create_contact(store, client_id=client.id + 99, name="João")
    assert "no client" in err.value.message
    contact = parties.create_contact(store, client_id=client.id, name="João Conceição",
                                     email="joao@banco.example")
    assert parties.contact_timezone(contact, client) == "America/Sao_Paulo"


@pytest.mark.parametrize("changes, field", [
    ({"code": "lower case!"}, "code"),
    ({"title": ""}, "title"),
    ({"target_end_on": date(2025, 12, 31)}, "target_end_on"),
    ({"currency": "EURO"}, "currency"),
    ({"budget_hours": -5}, "budget_hours"),
    ({"budget_cents": "lots"}, "budget_cents"),
    ({"service_type": "astrology"}, "service_type"),
    ({"lead_id": 4242}, "lead_id"),
    ({"health_override": "amber"}, "health_override_reason"),
    ({"signed_on": date(2026, 2, 1)}, "start_on"),
    ({"start_on": date(1850, 1, 1)}, "start_on"),
])
def test_engagement_fields(store: Store, engagement, changes: dict, field: str) -> None:
    before = counts(store)
    with pytest.raises(ValidationError) as err:
        eng.update_engagement(store, engagement.id, **changes)
    assert err.value.field == field
    assert counts(store) == before
    assert eng.get_engagement(store, engagement_id=engagement.id).title == "Equity models"


def test_engagement_code_is_unique_and_generated(store: Store, client, engagement) -> None:
    assert engagement.code == "BANCO-2026-001"
    second = eng.create_engagement(store, client_id=client.id, title="Second", service_type="other",
                                   start_on=date(2026, 3, 1))
    assert second.code == "BANCO-2026-002"
    with pytest.raises(ValidationError, match="already used") as err:
        eng.update_engagement(store, second.id, code="banco-2026-001")
    assert err.value.field == "code"


def test_milestone_four_eyes_and_dates(store: Store, engagement) -> None:
    author = parties.create_staff(store, name="Sofia Lindqvist")
    with pytest.raises(ValidationError) as err:
        work.add_milestone(store, engagement_id=engagement.id, title="Model build", author_id=author.id,
                           qa_reviewer_id=author.id)
    assert err.value.field == "qa_reviewer_id"
    m = work.add_milestone(store, engagement_id=engagement.id, title="Model build", due_on=date(2026, 2, 1))
    with pytest.raises(ValidationError) as err:
        work.update_milestone(store, m.id, delivered_on=date(2026, 2, 3), accepted_on=date(2026, 2, 1))
    assert err.value.field == "accepted_on"


@pytest.mark.parametrize("hours", [0, -1, 24.5, "eight", float("nan")])
def test_time_entry_hours(store: Store, engagement, hours) -> None:
    who = parties.create_staff(store, name="Daniel Okafor")
    with pytest.raises(ValidationError) as err:
        work.log_time(store, engagement_id=engagement.id, staff_id=who.id, work_date=date(2026, 2, 2), hours=hours)
    assert err.value.field == "hours"


def test_risk_scale(store: Store, engagement) -> None:
    with pytest.raises(ValidationError) as err:
        work.add_risk(store, engagement_id=engagement.id, category="key_people", description="Single expert",
                      likelihood=6)
    assert err.value.field == "likelihood"
    with pytest.raises(ValidationError) as err:
        work.add_risk(store, engagement_id=engagement.id, category="weather", description="Rain")
    assert err.value.field == "category"


def test_communication_needs_zone_and_content(store: Store, engagement) -> None:
    with pytest.raises(ValidationError) as err:
        communications.log_communication(store, engagement_id=engagement.id, channel="call", direction="inbound",
                                         occurred_at=datetime(2026, 2, 2, 9, 0), subject="Call")
    assert err.value.field == "occurred_at"
    with pytest.raises(ValidationError) as err:
        communications.log_communication(store, engagement_id=engagement.id, channel="call", direction="inbound",
                                         occurred_at=datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    assert err.value.field == "subject"


@pytest.mark.parametrize("text, phrase", [("2026-02-30", "not a real date"), ("31/12/2026", "YYYY-MM-DD"),
                                          ("tomorrow", "YYYY-MM-DD"), ("2300-01-01", "outside")])
def test_parse_date_messages(text: str, phrase: str) -> None:
    with pytest.raises(ValidationError, match=phrase):
        v.parse_date(text, "due_on", "Due date")


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_round_trips(day: date) -> None:
    assert v.parse_date(day.isoformat(), "d", "Date") == day


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=250), tz=st.sampled_from(["UTC", "Asia/Tokyo", "Nowhere/City", ""]))
def test_client_creation_either_succeeds_or_explains(store: Store, name: str, tz: str) -> None:
    """Whatever a person types, the answer is a client or a ValidationError; never a crash."""
    try:
        client = parties.create_client(store, name=name, timezone=tz)
    except ValidationError as err:
        assert err.field in {"name", "timezone"}
        assert err.message.endswith(".")
    else:
        assert client.name == name.strip() and client.id is not None
        parties.delete_client(store, client.id)
