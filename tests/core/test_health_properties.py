"""Properties of health over random dates and numbers, and the dashboard's incremental monitor."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from kpo_desk.core.enums import ChecklistState, EngagementStatus, FeeModel
from kpo_desk.core.health import HealthMonitor, assess_engagement, assess_many, set_health_threshold
from kpo_desk.core.health.reasons import EngagementFacts, evaluate
from kpo_desk.core.health.thresholds import THRESHOLDS, defaults
from kpo_desk.core.models import Engagement
from kpo_desk.core.services import milestones as ms
from kpo_desk.core.services import work
from kpo_desk.core.store import Store
from tests.conftest import DEMO_TODAY
from tests.core.health_support import TODAY, engagement, firm, log_hours

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
maybe_days = st.none() | days
titles = st.text(min_size=1, max_size=40)


@st.composite
def thresholds(draw) -> dict[str, int]:  # noqa: ANN001
    values = defaults()
    for key, t in THRESHOLDS.items():
        if draw(st.booleans()):
            values[key] = draw(st.integers(t.minimum, t.maximum))
    return values


@st.composite
def facts(draw) -> EngagementFacts:  # noqa: ANN001
    ids = st.integers(1, 10_000)
    return EngagementFacts(
        id=draw(ids), status=draw(st.sampled_from(list(EngagementStatus))),
        fee_model=draw(st.sampled_from(list(FeeModel))), currency="EUR",
        signed_on=draw(maybe_days), start_on=draw(maybe_days), target_end_on=draw(maybe_days),
        created_on=draw(maybe_days),
        budget_hours=draw(st.none() | st.floats(0, 1e6, allow_nan=False)),
        budget_cents=draw(st.none() | st.integers(0, 10**13)),
        hours_total=draw(st.floats(0, 1e6, allow_nan=False)),
        hours_billable=draw(st.floats(0, 1e6, allow_nan=False)),
        last_contact_at=draw(st.none() | st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                                                      timezones=st.just(UTC))),
        health_override=draw(st.sampled_from([None, "red", "amber", "green", "purple", ""])),
        health_override_reason=draw(st.sampled_from(["", "Client escalated", "  "])),
        health_override_until=draw(maybe_days),
        overdue_milestones=draw(st.lists(st.tuples(ids, titles, days, st.booleans()), max_size=8)),
        reworks=draw(st.lists(st.tuples(ids, titles, st.integers(0, 60)), max_size=4)),
        open_gate_items=draw(st.lists(st.tuples(ids, titles, st.sampled_from(list(ChecklistState)), st.booleans()),
                                      max_size=8)),
        overdue_follow_ups=draw(st.lists(st.tuples(ids, st.text(max_size=30), days, st.text(max_size=20),
                                                   st.booleans()), max_size=8)),
        key_roles_without_backup=draw(st.lists(st.tuples(ids, titles, titles, st.text(max_size=20)), max_size=3)),
    )


@settings(max_examples=400, deadline=None)
@given(f=facts(), t=thresholds(), today=days)
def test_health_never_crashes_and_explains_every_colour(f: EngagementFacts, t: dict[str, int], today: date) -> None:
    h = evaluate(f, t, today)
    assert h.status in ("red", "amber", "green")
    if h.status != "green":
        assert h.reasons, "a status that is not green must say why"
    for r in h.reasons:
        assert r.severity in ("red", "amber") and r.text and r.rule
    if not h.overridden:
        worst = "red" if any(r.severity == "red" for r in h.reasons) else "amber" if h.reasons else "green"
        assert h.status == worst
    else:
        assert h.override_reason.strip() and f.health_override_until >= today
    if f.status not in (EngagementStatus.ONBOARDING, EngagementStatus.ACTIVE, EngagementStatus.ON_HOLD):
        assert (h.status, h.reasons) == ("green", ())
    assert max((sum(1 for r in h.reasons if r.rule == rule) for rule in {r.rule for r in h.reasons}),
               default=0) <= 5


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hours=st.floats(0.5, 400), due_offset=st.integers(-60, 60), today_offset=st.integers(-90, 120),
       contact_days=st.integers(0, 90), red_days=st.integers(1, 30))
def test_health_on_a_real_store_over_dates_and_numbers(hours: float, due_offset: int, today_offset: int,
                                                       contact_days: int, red_days: int) -> None:
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.sqlite3") as store:
        f = firm(store)
        e = engagement(f, contact_days_ago=contact_days)
        work.add_milestone(store, engagement_id=e.id, title="Claim charts", due_on=TODAY + timedelta(days=due_offset))
        log_hours(f, e.id, round(hours, 2))
        set_health_threshold(store, "health.milestone_red_days", red_days)
        today = TODAY + timedelta(days=today_offset)
        h = assess_engagement(store, e.id, today=today)
        assert h.status == "green" or h.reasons
        overdue = (today - (TODAY + timedelta(days=due_offset))).days
        milestone = [r for r in h.reasons if r.rule == "overdue_milestone"]
        assert bool(milestone) == (overdue >= 1)
        if milestone:
            assert milestone[0].severity == ("red" if overdue >= red_days else "amber")
            assert f"{overdue} day" in milestone[0].text
        assert assess_many(store, today=today)[e.id] == h


def test_monitor_refreshes_only_what_changed(demo_store: Store) -> None:
    monitor = HealthMonitor(demo_store)
    first = monitor.refresh(today=DEMO_TODAY)
    assert monitor.last_refresh == "full" and first == assess_many(demo_store, today=DEMO_TODAY)
    assert monitor.refresh(today=DEMO_TODAY) == first and monitor.last_refresh == "unchanged"
    with demo_store.read() as session:
        active = set(session.exec(select(Engagement.id).where(Engagement.status == EngagementStatus.ACTIVE)))
    green = next(eid for eid, h in sorted(first.items()) if h.status == "green" and eid in active)
    m = work.add_milestone(demo_store, engagement_id=green, title="Forgotten memo",
                           due_on=DEMO_TODAY - timedelta(days=3))
    second = monitor.refresh(today=DEMO_TODAY)
    assert monitor.last_refresh == "partial"
    assert second[green].status == "amber" and second[green].reasons[0].record_id == m.id
    assert second == assess_many(demo_store, today=DEMO_TODAY)
    ms.move_milestone(demo_store, m.id, "in_progress", today=DEMO_TODAY)  # an update: no engagement id in it
    assert monitor.refresh(today=DEMO_TODAY) == assess_many(demo_store, today=DEMO_TODAY)
    assert monitor.last_refresh == "partial"
    set_health_threshold(demo_store, "health.milestone_red_days", 2)  # touches every engagement
    third = monitor.refresh(today=DEMO_TODAY)
    assert monitor.last_refresh == "full" and third[green].status == "red"
    monitor.refresh(today=DEMO_TODAY + timedelta(days=1))
    assert monitor.last_refresh == "full"


def test_monitor_keeps_compliance_scores_in_step(demo_store: Store, tmp_path: Path) -> None:
    """The dashboard's gaps and portfolio come from the monitor's scores; after each change
    (re-scoring only the touched engagement) they equal a fresh reading of the whole store."""
    from kpo_desk.core.checklists import (
        add_item,
        compliance_gaps,
        mark_not_applicable,
        portfolio_compliance,
    )
    from kpo_desk.core.checklists.score import engagement_scores, gaps_of, portfolio_of
    from kpo_desk.core.models import ChecklistItem

    monitor = HealthMonitor(demo_store)
    monitor.refresh(today=DEMO_TODAY)

    def agrees(day: date = DEMO_TODAY) -> None:
        assert monitor.scores == engagement_scores(demo_store, today=day)
        assert gaps_of(demo_store, monitor.scores, limit=50) == compliance_gaps(demo_store, limit=50, today=day)
        assert portfolio_of(monitor.scores.values()) == portfolio_compliance(demo_store, today=day)

    agrees()
    gaps = compliance_gaps(demo_store, today=DEMO_TODAY)
    worst, best = gaps[0], gaps[-1]
    with demo_store.read() as session:
        open_items = session.exec(select(ChecklistItem.id).where(
            ChecklistItem.engagement_id == worst.engagement_id, ChecklistItem.required == True,  # noqa: E712
            ChecklistItem.state == ChecklistState.OPEN)).all()
    for item_id in open_items:
        mark_not_applicable(demo_store, item_id=item_id, reason="No such material on this engagement")
    monitor.refresh(today=DEMO_TODAY)
    assert monitor.last_refresh == "partial"
    assert monitor.scores[worst.engagement_id].score.applicable < worst.score.applicable
    agrees()
    add_item(demo_store, engagement_id=best.engagement_id, text="Shred the drafts", category="Other")
    monitor.refresh(today=DEMO_TODAY)
    assert monitor.scores[best.engagement_id].score.missing == best.score.missing + 1
    agrees()
    from kpo_desk.core.services import engagements as eng

    eng.change_status(demo_store, best.engagement_id, EngagementStatus.ON_HOLD)
    monitor.refresh(today=DEMO_TODAY)
    assert monitor.last_refresh == "partial" and monitor.scores[best.engagement_id].status == EngagementStatus.ON_HOLD
    agrees()
    # Evidence is an input too: a file that expires before the day takes its control out of place.
    from kpo_desk.core.checklists import add_evidence, remove_evidence
    from kpo_desk.core.compliance import verified_sql

    with demo_store.read() as session:
        eid, item_id = session.exec(select(ChecklistItem.engagement_id, ChecklistItem.id).where(
            ChecklistItem.required == True, verified_sql(DEMO_TODAY))).first()  # noqa: E712
    was = monitor.scores[eid].score
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF certificate")
    attachment = add_evidence(demo_store, item_id=item_id, path=proof, expires_on=DEMO_TODAY + timedelta(days=1),
                              today=DEMO_TODAY)
    monitor.refresh(today=DEMO_TODAY)
    assert monitor.last_refresh == "partial"
    agrees()
    monitor.refresh(today=DEMO_TODAY + timedelta(days=1))
    assert monitor.scores[eid].score.verified == was.verified - 1
    agrees(DEMO_TODAY + timedelta(days=1))
    assert monitor.health[eid].compliance == monitor.scores[eid].score
    remove_evidence(demo_store, attachment_id=attachment.id)
    monitor.refresh(today=DEMO_TODAY + timedelta(days=1))
    assert monitor.last_refresh == "partial" and monitor.scores[eid].score.verified == was.verified
