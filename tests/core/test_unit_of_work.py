"""The Store is the one façade that owns the transaction: core functions called inside a unit of
work that the caller holds join it, so several calls commit or roll back together, and a view
that reads several figures gets them from one snapshot."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.overview.attention import needs_attention
from kpo_desk.core.overview.dashboard_snapshot import dashboard_snapshot
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.store import Store


def _client_names(store: Store) -> list[str]:
    return [c.name for c in parties.list_clients(store)]


def test_calls_inside_one_transaction_commit_together(store: Store) -> None:
    with store.transaction():
        acme = parties.create_client(store, name="Acme", timezone="UTC")
        engagements.create_engagement(store, client_id=acme.id, title="Patent search", service_type="ip_patent")
        # Inside the unit, a read sees the unit's own writes ...
        assert _client_names(store) == ["Acme"]
        # ... and another thread (another unit) does not: nothing is committed yet.
        seen_elsewhere: list[list[str]] = []
        worker = threading.Thread(target=lambda: seen_elsewhere.append(_client_names(store)))
        worker.start()
        worker.join(timeout=60)
        assert seen_elsewhere == [[]]
    assert _client_names(store) == ["Acme"]
    assert engagements.get_engagement(store, code=None, engagement_id=1).title == "Patent search"


def test_every_read_inside_one_read_comes_from_one_moment(store: Store) -> None:
    """A client another unit commits while a view is reading shows in the view's next read, not
    halfway through this one (on the server, a read is one REPEATABLE READ transaction)."""
    parties.create_client(store, name="Before", timezone="UTC")
    with store.read():
        first = _client_names(store)
        worker = threading.Thread(target=lambda: parties.create_client(store, name="During", timezone="UTC"))
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive()
        assert _client_names(store) == first == ["Before"]
    assert _client_names(store) == ["Before", "During"]


def test_a_failure_later_in_the_unit_undoes_every_call_in_it(store: Store) -> None:
    before = store.table_counts()
    with pytest.raises(ValidationError, match="already exists"), store.transaction():
        parties.create_client(store, name="Acme", timezone="UTC")
        parties.create_staff(store, name="Asha Rao", role="Analyst")
        parties.create_client(store, name="acme", timezone="UTC")  # the same name: refused
    assert store.table_counts() == before


def test_an_inner_failure_caught_by_the_caller_undoes_only_the_inner_call(store: Store) -> None:
    acme = parties.create_client(store, name="Acme", timezone="UTC")
    other = parties.create_client(store, name="Other", timezone="UTC")
    stranger = parties.create_contact(store, client_id=other.id, name="Not Acme's")
    eng = engagements.create_engagement(store, client_id=acme.id, title="T", service_type="ip_patent")
    with store.transaction():
        parties.create_staff(store, name="Kept", role="Analyst")
        with pytest.raises(ValidationError, match="not a contact of this client"):
            # The communication row is flushed before the contact is checked: the savepoint
            # takes it back, and the outer unit goes on.
            communications.log_communication(store, engagement_id=eng.id, channel="call", direction="inbound",
                                             occurred_at=datetime(2026, 11, 2, tzinfo=UTC), subject="Gone",
                                             contact_ids=[stranger.id])
    assert [s.name for s in parties.list_staff(store)] == ["Kept"]
    assert communications.count_communications(store) == 0


def _checkouts(store: Store, read):  # noqa: ANN001, ANN202
    """What ``read()`` returns, and how many connections it checked out of the store's pool."""
    checkouts: list[object] = []

    def counted(_dbapi_conn, record, _proxy) -> None:  # noqa: ANN001
        checkouts.append(record)

    event.listen(store.engine, "checkout", counted)
    try:
        return read(), len(checkouts)
    finally:
        event.remove(store.engine, "checkout", counted)


def test_the_dashboard_reads_every_figure_from_one_snapshot(demo_store: Store) -> None:
    snapshot, connections = _checkouts(demo_store, lambda: dashboard_snapshot(demo_store))
    assert sum(snapshot.by_status.values()) > 0 and snapshot.attention
    assert connections == 1, f"{connections} connections for one dashboard"


def test_needs_attention_on_its_own_reads_through_one_connection(demo_store: Store) -> None:
    """Its lists (milestones, follow-ups, checklist items, setup gaps, health) come from one
    snapshot, called on its own as the main window does."""
    items, connections = _checkouts(demo_store, lambda: needs_attention(demo_store))
    assert len({i.kind for i in items}) >= 3, "several of its lists gave items"
    assert connections == 1, f"{connections} connections for one needs_attention"
