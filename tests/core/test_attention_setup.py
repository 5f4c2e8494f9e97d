"""Today and the dashboard: an engagement not set up for its work needs attention, and the
summary line speaks real plurals."""

from __future__ import annotations

from datetime import date, timedelta

from kpo_desk.core.enums import ServiceType
from kpo_desk.core.overview.attention import AttentionItem, attention_summary, needs_attention
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.services.dashboard import counts_by_service
from kpo_desk.core.store import Store

TODAY = date(2026, 11, 23)


def _item(severity: str) -> AttentionItem:
    return AttentionItem("milestone due", severity, 1, "C-1", "Client", None, "milestone", 1)


def test_proposed_past_its_start_and_leaderless_engagements_need_attention(store: Store) -> None:
    client = parties.create_client(store, name="Nordlys Energi AS", timezone="Europe/Oslo")
    lead = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    late = eng.create_engagement(store, client_id=client.id, title="Scouting", service_type="rnd_engineering",
                                 start_on=TODAY - timedelta(days=1), lead_id=lead.id)
    leaderless = eng.create_engagement(store, client_id=client.id, title="Landscape", service_type="ip_patent",
                                       start_on=TODAY + timedelta(days=30))
    fine = eng.create_engagement(store, client_id=client.id, title="Valuation", service_type="equity_financial",
                                 start_on=TODAY, lead_id=lead.id)  # starts today: not late yet

    items = needs_attention(store, today=TODAY)
    by_engagement = {(i.engagement_id, i.kind): i for i in items}
    started = by_engagement[(late.id, "start overdue")]
    assert started.text == "still proposed 1 day after its planned start" and started.late
    assert started.when == TODAY - timedelta(days=1)
    assert (leaderless.id, "no lead") in by_engagement and not by_engagement[(leaderless.id, "no lead")].late
    assert (late.id, "no lead") not in by_engagement
    assert not [i for i in items if i.engagement_id == fine.id]
    # Late things come first.
    assert items[0].engagement_id == late.id


def test_open_engagements_by_service_count_proposals(store: Store) -> None:
    client = parties.create_client(store, name="Acme", timezone="Europe/Berlin")
    eng.create_engagement(store, client_id=client.id, title="Proposal", service_type="market_research")
    assert counts_by_service(store)[ServiceType.MARKET_RESEARCH] == 1


def test_summary_speaks_real_plurals() -> None:
    assert attention_summary([]) == "Nothing needs attention today."
    assert attention_summary([_item("overdue")]) == "1 item needs attention; 1 already late or red."
    many = [_item("due")] * 39 + [_item("red")]
    assert attention_summary(many) == "40 items need attention; 1 already late or red."
    assert "(s)" not in attention_summary(many)
