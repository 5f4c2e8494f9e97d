"""The report-data service: what a client report holds, and what it must never hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph
from sqlmodel import func, select

from kpo_desk.core.enums import Channel, Direction, FeeModel
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Communication, Engagement, ReportRecord, Setting, TimeEntry
from kpo_desk.core.reports import SECTIONS, build_report_data
from kpo_desk.core.reports.data import client_health
from kpo_desk.core.reports.fonts import FALLBACK, clean, markup, printable
from kpo_desk.core.reports.model import HealthReason, HealthView
from kpo_desk.core.reports.theme import make_theme
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import (
    PRIVATE,
    PUBLIC,
    add_visible_and_private_records,
    first_active,
    hostile_engagement,
)


def test_internal_records_never_reach_the_report_data(demo_store) -> None:
    e = first_active(demo_store)
    when = datetime.combine(DEMO_TODAY - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    add_visible_and_private_records(demo_store, e.id, when.replace(hour=10))
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY,
                             period_start=DEMO_TODAY - timedelta(days=7), period_end=DEMO_TODAY)
    dumped = repr(data)
    for text in PRIVATE.values():
        assert text not in dumped
    assert PUBLIC["communication"] in [c.subject for c in data.communications]
    assert PUBLIC["follow_up"] in [a.action for a in data.open_actions]
    assert PUBLIC["risk"] in [r.description for r in data.risks]
    assert PUBLIC["milestone"] in [m.title for m in data.milestones]
    assert data.risks[0].rating == "High"  # 4 x 4, listed first


def test_period_defaults_to_since_the_last_report(demo_store) -> None:
    e = first_active(demo_store)
    with demo_store.read() as s:
        last_end = s.exec(select(func.max(ReportRecord.period_end))
                          .where(ReportRecord.engagement_id == e.id)).one()
    assert last_end is not None  # the demo has history for its first active engagements
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY)
    assert (data.period_start, data.period_end) == (last_end + timedelta(days=1), DEMO_TODAY)


def test_period_defaults_to_thirty_days_without_history(demo_store) -> None:
    e = first_active(demo_store)
    with demo_store.transaction() as s:
        for record in s.exec(select(ReportRecord).where(ReportRecord.engagement_id == e.id)):
            s.delete(record)
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY)
    assert data.period_end == DEMO_TODAY
    assert (data.period_end - data.period_start).days == 29
    # A first report on an engagement signed ten days ago covers those ten days, not a month of
    # which twenty days came before it; a start still to come does not move it.
    ten_days_ago = DEMO_TODAY - timedelta(days=9)
    for signed, start, expected in ((ten_days_ago, DEMO_TODAY + timedelta(days=5), ten_days_ago),
                                    (DEMO_TODAY - timedelta(days=90), ten_days_ago, DEMO_TODAY - timedelta(days=29)),
                                    (DEMO_TODAY + timedelta(days=2), DEMO_TODAY + timedelta(days=5),
                                     DEMO_TODAY - timedelta(days=29))):
        with demo_store.transaction() as s:
            engagement = s.get(Engagement, e.id)
            engagement.signed_on, engagement.start_on = signed, start
        data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY)
        assert (data.period_start, data.period_end) == (expected, DEMO_TODAY), (signed, start)


def test_communications_are_dated_in_the_clients_zone(demo_store) -> None:
    eid = hostile_engagement(demo_store, client_name="Tokyo client", title="Kick-off",
                             today=DEMO_TODAY)
    late_evening_utc = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 21 Nov, 08:30 in Tokyo
    with demo_store.transaction() as s:
        s.add(Communication(engagement_id=eid, channel=Channel.CALL, direction=Direction.INBOUND,
                            occurred_at=late_evening_utc, subject="Late call", client_visible=True))
    on_20th = build_report_data(demo_store, engagement_id=eid, today=DEMO_TODAY,
                                period_start=date(2026, 11, 14), period_end=date(2026, 11, 20))
    assert "Late call" not in [c.subject for c in on_20th.communications]
    on_21st = build_report_data(demo_store, engagement_id=eid, today=DEMO_TODAY,
                                period_start=date(2026, 11, 21), period_end=date(2026, 11, 21))
    (call,) = [c for c in on_21st.communications if c.subject == "Late call"]
    assert (call.occurred_local.date(), call.occurred_local.hour) == (date(2026, 11, 21), 8)
    assert call.occurred_local.tzname() == "JST"


def test_budget_burn_follows_the_fee_model(demo_store) -> None:
    eid = hostile_engagement(demo_store, client_name="Budget client", title="Burn", today=DEMO_TODAY)
    with demo_store.transaction() as s:
        s.add(TimeEntry(engagement_id=eid, staff_id=1, work_date=date(2026, 3, 2), hours=6))
        s.add(TimeEntry(engagement_id=eid, staff_id=1, work_date=date(2026, 3, 3), hours=5,
                        billable=False))
        s.add(TimeEntry(engagement_id=eid, staff_id=1, work_date=DEMO_TODAY + timedelta(days=3),
                        hours=7))  # after the period: not yet burned in this report
    data = build_report_data(demo_store, engagement_id=eid, today=DEMO_TODAY)
    assert data.budget is not None
    assert data.budget.used_hours == 14  # 8 from the helper + 6 billable
    assert data.budget.actual[-1].hours == 14 and data.budget.actual[-1].on == DEMO_TODAY
    assert [p.hours for p in data.budget.actual] == sorted(p.hours for p in data.budget.actual)
    for fee_model, hours, shown in ((FeeModel.RETAINER, 120, True), (FeeModel.RETAINER, None, False),
                                    (FeeModel.FIXED, 200, False)):  # a fixed fee's burn is internal
        with demo_store.transaction() as s:
            e = s.get(Engagement, eid)
            e.fee_model, e.budget_hours = fee_model, hours
        budget = build_report_data(demo_store, engagement_id=eid, today=DEMO_TODAY).budget
        assert (budget is not None) == shown, fee_model


def test_sections_left_out_are_not_gathered(demo_store) -> None:
    e = first_active(demo_store)
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY,
                             sections=["risks", "summary"])
    assert data.sections == ("summary", "risks")  # print order, whatever the order asked
    assert data.milestones == () and data.health is None and data.budget is None


@pytest.mark.parametrize("kwargs, field", [
    ({"period_start": date(2026, 11, 20), "period_end": date(2026, 11, 1)}, "period_start"),
    ({"period_start": date(1700, 1, 1)}, "period_start"),
    ({"sections": ["summary", "gossip"]}, "sections"),
    ({"engagement_id": 99_999}, "engagement_id"),
])
def test_impossible_requests_are_refused(demo_store, kwargs: dict, field: str) -> None:
    args = {"engagement_id": first_active(demo_store).id, "today": DEMO_TODAY, **kwargs}
    with pytest.raises(ValidationError) as info:
        build_report_data(demo_store, **args)
    assert info.value.field == field


def test_branding_comes_from_settings_with_safe_defaults(demo_store) -> None:
    with demo_store.transaction() as s:
        s.merge(Setting(key="report_accent", value="not a colour"))
        s.merge(Setting(key="firm_name", value="Lumen & <Partners>"))
    data = build_report_data(demo_store, engagement_id=first_active(demo_store).id, today=DEMO_TODAY)
    assert data.branding.firm_name == "Lumen & <Partners>"
    assert data.branding.accent == "#1F4E79"
    assert data.sections == SECTIONS


def test_client_health_keeps_only_client_facing_reasons() -> None:
    health = HealthView(status="red", overridden=True, override_reason="CFO asked us to hold",
                        reasons=(HealthReason("milestone 'X' 6 days overdue", client_facing=True),
                                 HealthReason("key role has no backup", client_facing=False)))
    shown = client_health(health)
    assert shown.status == "red"
    assert [r.text for r in shown.reasons] == ["milestone 'X' 6 days overdue"]
    assert shown.override_reason == ""
    assert client_health(None).status is None


@settings(deadline=None)  # the first example registers the fonts
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_prints_literally(text: str) -> None:
    """Whatever a user types, the Paragraph shows exactly that text: nothing is markup. (A
    symbol no bundled font draws prints as its name, see fonts.substitute.)"""
    style = make_theme("#1F4E79").body
    paragraph = Paragraph(markup(text, line_breaks=False), style)
    # Paragraphs fold white space; every other character must come through unchanged.
    assert "".join(paragraph.getPlainText().split()) == "".join(printable(clean(text)).split())


def test_cjk_runs_use_the_fallback_font_and_latin_keeps_its_own() -> None:
    assert markup("東京 office") == f'<font name="{FALLBACK}">東京</font> office'
    assert markup("Ελλάδα & Zürich") == "Ελλάδα &amp; Zürich"


def test_ip_protection_counts_close_out_controls_and_lists_waived_ones(demo_store) -> None:
    """One rule (PRODUCT.md, "Compliance, one definition"): an item applies unless it is not
    applicable, so close-out controls count, and show as owed, while the work runs (they used
    to wait for the close). A waived control still counts, is not verified, and is listed as
    waived. Every count is over the required controls, and they add up."""
    from kpo_desk.core.checklists import engagement_compliance, waive_item
    from kpo_desk.core.enums import ChecklistState, Gate
    from kpo_desk.core.models import ChecklistItem

    e = first_active(demo_store)
    with demo_store.read() as s:
        closing = s.exec(select(ChecklistItem).where(
            ChecklistItem.engagement_id == e.id, ChecklistItem.gate == Gate.CLOSURE,
            ChecklistItem.required == True, ChecklistItem.state == ChecklistState.OPEN)).all()  # noqa: E712
        optional = s.exec(select(ChecklistItem).where(ChecklistItem.engagement_id == e.id,
                                                      ChecklistItem.template_key == "client-destruction-ack")).one()
    assert closing, "an active demo engagement has close-out controls still to do"
    ip = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY).ip_protection
    owed = ip.outstanding_controls + ip.client_actions
    assert {i.text for i in closing} <= set(owed)
    assert optional.text not in owed  # optional: not something the client must do
    score = engagement_compliance(demo_store, e.id, today=DEMO_TODAY)
    assert (ip.applicable, ip.verified, ip.in_place, ip.waived, ip.outstanding) == (
        score.applicable, score.verified, score.in_place, score.waived, score.outstanding)
    assert ip.applicable == ip.in_place + ip.waived + ip.outstanding and len(owed) == ip.outstanding
    assert ip.summary == score.summary
    waive_item(demo_store, item_id=closing[0].id, reason="The client keeps its own copy by contract.")
    after = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY).ip_protection
    assert after.waived_controls == (closing[0].text,) and closing[0].text not in after.outstanding_controls
    assert (after.applicable, after.verified, after.waived, after.outstanding) == (
        ip.applicable, ip.verified, ip.waived + 1, ip.outstanding - 1)

