"""needs_attention reads its lists (milestones, follow-ups, checklist items, setup gaps, health)
from one snapshot through one connection, called on its own as the main window does."""

from __future__ import annotations

from sqlalchemy import event

from kpo_desk.core.overview.attention import needs_attention
from kpo_desk.core.store import Store


def test_needs_attention_uses_one_connection(demo_store: Store) -> None:
    checkouts: list[object] = []

    @event.listens_for(demo_store.engine, "checkout")
    def counted(_dbapi_conn, record, _proxy) -> None:  # noqa: ANN001
        checkouts.append(record)

    items = needs_attention(demo_store)
    event.remove(demo_store.engine, "checkout", counted)
    assert len({i.kind for i in items}) >= 3, "several of its lists gave items"
    assert len(checkouts) == 1, f"{len(checkouts)} connections for one needs_attention"
