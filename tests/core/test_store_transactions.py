"""Every service call is one transaction: a failure half-way leaves no trace at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.store import Store


def test_failure_after_the_first_insert_rolls_back_everything(store: Store) -> None:
    acme = parties.create_client(store, name="Acme", timezone="UTC")
    other = parties.create_client(store, name="Other", timezone="UTC")
    stranger = parties.create_contact(store, client_id=other.id, name="Not Acme's")
    eng = engagements.create_engagement(store, client_id=acme.id, title="T", service_type="ip_patent")
    before = store.table_counts()
    with pytest.raises(ValidationError, match="not a contact of this client"):
        # The communication row is flushed before the contact is checked.
        communications.log_communication(store, engagement_id=eng.id, channel="call", direction="inbound",
                                         occurred_at=datetime(2026, 11, 2, tzinfo=UTC), subject="Hi",
                                         contact_ids=[stranger.id])
    assert store.table_counts() == before


@pytest.mark.file_only  # a full disk is made with SQLite's max_page_count
def test_engagement_and_its_checklist_commit_together_or_not_at_all(store: Store) -> None:
    acme = parties.create_client(store, name="Acme", timezone="UTC")
    before = store.table_counts()
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def tiny_disk(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    store.engine.dispose()  # the pool keeps connections: the next session's is a new one, on the small disk

    with pytest.raises(StoreError, match="The disk is full"):
        engagements.create_engagement(store, client_id=acme.id, title="Big", service_type="ip_patent",
                                      description="d" * 50_000)
    event.remove(store.engine, "connect", tiny_disk)
    store.engine.dispose()  # and the disk is large again
    assert store.table_counts() == before  # no engagement, no checklist item, no audit event
    eng = engagements.create_engagement(store, client_id=acme.id, title="Big", service_type="ip_patent")
    after = store.table_counts()
    assert after["engagement"] == 1 and after["checklistitem"] > 0 and after["auditevent"] > before["auditevent"]
    assert eng.id is not None


@pytest.mark.file_only  # SQLite's file lock
def test_busy_store_says_so(store: Store, tmp_path) -> None:  # noqa: ANN001
    import sqlite3

    parties.create_client(store, name="Acme", timezone="UTC")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        @event.listens_for(store.engine, "connect")
        def short_wait(dbapi_conn, _record) -> None:  # noqa: ANN001
            dbapi_conn.execute("PRAGMA busy_timeout=50")

        store.engine.dispose()  # the next session's connection is a new one, with the short wait

        with pytest.raises(StoreError, match="The store is busy"):
            parties.create_client(store, name="Blocked", timezone="UTC")
        event.remove(store.engine, "connect", short_wait)
        store.engine.dispose()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [c.name for c in parties.list_clients(store)] == ["Acme"]
