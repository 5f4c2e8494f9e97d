"""The engagement and client lists are plain SQL written once for SQLite and given to
PostgreSQL by rawsql: the same rows, filters, sort and position on both engines."""

from __future__ import annotations

from datetime import date

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus, ServiceType
from kpo_desk.core.models import Engagement, Milestone
from kpo_desk.core.services import engagements, parties
from kpo_desk.core.services.directory import client_rows
from kpo_desk.core.services.engagement_list import (
    SORT_KEYS,
    count_engagement_rows,
    engagement_position,
    list_engagement_rows,
)
from kpo_desk.core.store import Store

S = EngagementStatus


def _firm(store: Store) -> dict[str, int]:
    """Three clients (one archived), a lead, four engagements (one closed) with milestones."""
    sato = parties.create_client(store, name="Sato Chemical", country="Japan", industry="Chemicals")
    helvetia = parties.create_client(store, name="Helvetia Biotech", country="Switzerland")
    gone = parties.create_client(store, name="acme archived", country="UK")
    parties.create_contact(store, client_id=helvetia.id, name="Anna Brändli", email="A.Brandli@Example.org")
    lead = parties.create_staff(store, name="Priya Nair", role="Manager")
    ids = {"sato": sato.id, "helvetia": helvetia.id, "gone": gone.id, "lead": lead.id}
    for key, client, code, title, service, status, lead_id in (
        ("landscape", sato, "SATO-2026-001", "Patent landscape", ServiceType.IP_PATENT, S.ACTIVE, lead.id),
        ("valuation", sato, "SATO-2026-002", "Valuation model", ServiceType.EQUITY_FINANCIAL, S.PROPOSED, None),
        ("trial", helvetia, "HELV-2026-001", "Trial summary", ServiceType.MEDICAL_CLINICAL, S.ACTIVE, lead.id),
        ("closed", helvetia, "HELV-2025-009", "Old survey", ServiceType.MARKET_RESEARCH, S.CLOSED, None),
    ):
        ids[key] = engagements.create_engagement(store, client_id=client.id, title=title, service_type=service,
                                                 code=code, lead_id=lead_id).id
        with store.transaction() as s:  # the status set as stored (the gates are not this test's subject)
            s.get(Engagement, ids[key]).status = status
    parties.update_client(store, gone.id, archived=True)
    with store.transaction() as s:
        s.add_all([
            Milestone(engagement_id=ids["landscape"], title="Undated draft", due_on=None),
            Milestone(engagement_id=ids["landscape"], title="Search report", due_on=date(2026, 5, 4)),
            Milestone(engagement_id=ids["landscape"], title="Kick-off", due_on=date(2026, 4, 1),
                      status=MilestoneStatus.ACCEPTED),
            Milestone(engagement_id=ids["trial"], title="Only undated", due_on=None,
                      status=MilestoneStatus.IN_QA),
            Milestone(engagement_id=ids["closed"], title="Never shown", due_on=date(2026, 1, 1)),
        ])
    return ids


def test_the_engagement_list_is_the_same_on_both_engines(store: Store) -> None:
    ids = _firm(store)
    rows = list_engagement_rows(store)
    assert [r.code for r in rows] == ["HELV-2025-009", "HELV-2026-001", "SATO-2026-001", "SATO-2026-002"]
    by_id = {r.id: r for r in rows}
    landscape = by_id[ids["landscape"]]
    assert (landscape.client, landscape.service_type, landscape.status, landscape.lead) == (
        "Sato Chemical", ServiceType.IP_PATENT, S.ACTIVE, "Priya Nair")
    assert (landscape.next_milestone, landscape.next_milestone_due) == ("Search report", date(2026, 5, 4))
    assert (by_id[ids["trial"]].next_milestone, by_id[ids["trial"]].next_milestone_due) == ("Only undated", None)
    assert (by_id[ids["closed"]].next_milestone, by_id[ids["closed"]].next_milestone_due) == ("", None)
    assert by_id[ids["valuation"]].lead == "" and by_id[ids["valuation"]].next_milestone == ""
    assert isinstance(landscape.status, S) and isinstance(landscape.service_type, ServiceType)

    def codes(**filters: object) -> list[str]:
        found = [r.code for r in list_engagement_rows(store, **filters)]
        count_filters = {k: v for k, v in filters.items() if k not in ("sort", "descending", "limit", "offset")}
        if "limit" not in filters:
            assert count_engagement_rows(store, **count_filters) == len(found)
        return found

    assert codes(text="sato") == ["SATO-2026-001", "SATO-2026-002"]  # the client's name, any case
    assert codes(text="  LANDSCAPE ") == ["SATO-2026-001"]  # the title, trimmed
    assert codes(text="helv-2026") == ["HELV-2026-001"]  # the code
    assert codes(text="nothing like it") == []
    assert codes(statuses=(S.ACTIVE, S.CLOSED)) == ["HELV-2025-009", "HELV-2026-001", "SATO-2026-001"]
    assert codes(service_type=ServiceType.EQUITY_FINANCIAL) == ["SATO-2026-002"]
    assert codes(client_id=ids["helvetia"], statuses=(S.ACTIVE,)) == ["HELV-2026-001"]
    assert codes(lead_id=ids["lead"], text="a") == ["HELV-2026-001", "SATO-2026-001"]
    assert codes(sort="client", descending=True) == ["SATO-2026-001", "SATO-2026-002", "HELV-2025-009",
                                                     "HELV-2026-001"]  # then by code, ascending
    # Only SATO-2026-001 has a dated open milestone (the closed one's does not count); the rest
    # sort as no date, by code (no date sorts first on SQLite, last on PostgreSQL).
    by_due = codes(sort="next_milestone_due")
    assert by_due.index("SATO-2026-001") in (0, 3)
    assert [c for c in by_due if c != "SATO-2026-001"] == ["HELV-2025-009", "HELV-2026-001", "SATO-2026-002"]
    assert codes(sort="title", limit=2, offset=1) == ["SATO-2026-001", "HELV-2026-001"]


def test_positions_follow_the_list_on_both_engines(store: Store) -> None:
    ids = _firm(store)
    for sort in SORT_KEYS:
        for descending in (False, True):
            for filters in ({}, {"text": "s", "statuses": (S.ACTIVE, S.PROPOSED)}):
                rows = list_engagement_rows(store, sort=sort, descending=descending, **filters)
                assert rows, (sort, filters)
                assert [engagement_position(store, r.id, sort=sort, descending=descending, **filters)
                        for r in rows] == list(range(len(rows)))
    assert engagement_position(store, ids["closed"], statuses=(S.ACTIVE,)) is None


def test_the_client_list_is_the_same_on_both_engines(store: Store) -> None:
    ids = _firm(store)
    rows = client_rows(store)
    assert [r.name for r in rows] == ["Helvetia Biotech", "Sato Chemical"]  # no archived client
    sato = next(r for r in rows if r.id == ids["sato"])
    assert (sato.country, sato.engagements, sato.active, sato.archived) == ("Japan", 2, 1, False)
    helvetia = next(r for r in rows if r.id == ids["helvetia"])
    assert (helvetia.engagements, helvetia.active) == (2, 1)
    every = client_rows(store, include_archived=True)
    assert [r.name for r in every] == ["acme archived", "Helvetia Biotech", "Sato Chemical"]  # by name, any case
    assert every[0].archived is True and (every[0].engagements, every[0].active) == (0, 0)
    assert [r.name for r in client_rows(store, text="brandli@example")] == ["Helvetia Biotech"]  # a contact
    assert [r.name for r in client_rows(store, text=" JAPAN ")] == ["Sato Chemical"]  # the country
    assert [r.name for r in client_rows(store, text="chemicals")] == ["Sato Chemical"]  # the industry
    assert client_rows(store, text="ARCHIVED") == []
    assert [r.name for r in client_rows(store, text="ARCHIVED", include_archived=True)] == ["acme archived"]
