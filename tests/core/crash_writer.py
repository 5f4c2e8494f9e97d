"""The writer half of the crash test (tests/core/test_crash_safety.py).

Run as its own process; it writes through the real services in a loop and prints one
line per write, ``<kind> <id>``, only after the service returned, that is after the
commit. The test kills it with SIGKILL at random moments and then checks that every
printed write is in the store.

    python tests/core/crash_writer.py DB ENGAGEMENT_ID CONTACT_ID STAFF_ID SEED
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.store import Store


def main(db: str, engagement_id: int, contact_id: int, staff_id: int, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(db, create=False)
    client_id = engagements.get_engagement(store, engagement_id=engagement_id).client_id
    n = 0
    while True:
        n += 1
        roll = rng.random()
        if roll < 0.7:
            comm = communications.log_communication(
                store, engagement_id=engagement_id, channel="email", direction="inbound",
                occurred_at=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=n),
                subject=f"Crash test message {seed}-{n}", body="x" * rng.randint(0, 3000),
                contact_ids=[contact_id], staff_ids=[staff_id])
            print(f"communication {comm.id}", flush=True)
        elif roll < 0.9:
            client = parties.create_client(store, name=f"Crash client {seed}-{n}", timezone="Asia/Tokyo")
            print(f"client {client.id}", flush=True)
        else:
            eng = engagements.create_engagement(store, client_id=client_id, title=f"Crash {seed}-{n}",
                                                service_type="ip_patent")
            print(f"engagement {eng.id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:6]))
