"""Every change writes its audit event in the same transaction; a failed change leaves none."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import AuditEvent, Client, Setting
from kpo_desk.core.services import communications, parties
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.store import Store


def events(store: Store) -> list[AuditEvent]:
    with store.read() as s:
        return list(s.exec(select(AuditEvent).order_by(AuditEvent.id)))


@pytest.mark.file_only  # the actor on a server is the login (tests/team), not the user_name setting
def test_create_and_update_are_audited_with_old_and_new(store: Store) -> None:
    with store.transaction() as s:
        s.add(Setting(key="user_name", value="Priya Nair"))
    store.forget_actor()
    c = parties.create_client(store, name="Nordlys Energi AS", timezone="Europe/Oslo")
    parties.update_client(store, c.id, country="Norway", language="nb")
    created, updated = events(store)
    assert (created.action.value, created.record_type, created.record_id) == ("create", "client", c.id)
    assert json.loads(created.new_values)["name"] == "Nordlys Energi AS"
    assert updated.actor == "Priya Nair"
    assert json.loads(updated.old_values) == {"country": "", "language": "en"}
    assert json.loads(updated.new_values) == {"country": "Norway", "language": "nb"}
    assert updated.at.tzinfo is not None


def test_failed_validation_writes_neither_change_nor_event(store: Store) -> None:
    c = parties.create_client(store, name="Lumière Design Studio", timezone="Europe/Paris")
    before = events(store)
    with pytest.raises(ValidationError):
        parties.update_client(store, c.id, name="Renamed", timezone="Paris")
    assert events(store) == before
    with store.read() as s:
        assert s.get(Client, c.id).name == "Lumière Design Studio"


def test_failure_after_the_row_was_written_rolls_back_everything(store: Store) -> None:
    """The communication row is flushed before its participants are checked; a bad contact must
    roll back the row and its audit event together."""
    c = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    other = parties.create_client(store, name="Someone Else", timezone="UTC")
    stranger = parties.create_contact(store, client_id=other.id, name="Stranger")
    e = eng.create_engagement(store, client_id=c.id, title="CSR", service_type="medical_clinical")
    before_events, before_counts = events(store), store.table_counts()
    with pytest.raises(ValidationError, match="not a contact of this client"):
        communications.log_communication(store, engagement_id=e.id, channel="email", direction="inbound",
                                         occurred_at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC), subject="Draft",
                                         contact_ids=[stranger.id])
    assert events(store) == before_events
    assert store.table_counts() == before_counts


def test_delete_is_audited_and_guarded(store: Store) -> None:
    c = parties.create_client(store, name="Greenfield Law LLP", timezone="Europe/London")
    eng.create_engagement(store, client_id=c.id, title="Review", service_type="legal_process")
    with pytest.raises(ValidationError, match="archive the client"):
        parties.delete_client(store, c.id)
    lone = parties.create_client(store, name="Short-lived", timezone="UTC")
    old = parties.delete_client(store, lone.id)
    assert old["name"] == "Short-lived"
    last = events(store)[-1]
    assert last.action.value == "delete" and json.loads(last.old_values)["name"] == "Short-lived"
