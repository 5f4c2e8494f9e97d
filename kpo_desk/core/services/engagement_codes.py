"""The code a new engagement would get: what the New engagement form proposes before saving."""

from __future__ import annotations

from datetime import date

from kpo_desk.core.models import Client
from kpo_desk.core.services import base
from kpo_desk.core.services.engagements import next_code
from kpo_desk.core.store import Store


def suggested_code(store: Store, client_id: int, on: date | None = None) -> str:
    """The code ``create_engagement`` makes up for ``client_id`` when none is given, for an
    engagement dated ``on`` (today by default): "BANCO-2026-003"."""
    with store.read() as session:
        client = base.get_or_fail(session, Client, client_id, "client")
        return next_code(session, client, (on or date.today()).year)
