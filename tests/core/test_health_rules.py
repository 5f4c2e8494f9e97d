"""Each health rule alone, then in combination, on real stores built through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from kpo_desk.core.enums import AuditAction, ChecklistState, Gate
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.health import (
    assess_engagement,
    assess_many,
    clear_health_override,
    health_thresholds,
    override_health,
    set_health_threshold,
)
from kpo_desk.core.models import AuditEvent, ChecklistItem, Setting
from kpo_desk.core.services import milestones as ms
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store
from tests.core.health_support import TODAY, contact, engagement, firm, log_hours


def _rules(health) -> list[str]:  # noqa: ANN001
    return [r.rule for r in health.reasons]


def test_a_quiet_healthy_engagement_is_green(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    log_hours(f, e.id, 30)  # 30% used at 60% of the time
    h = assess_engagement(store, e.id, today=TODAY)
    assert (h.status, h.reasons, h.overridden) == ("green", (), False)


def test_overdue_milestone_turns_amber_then_red(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    m = work.add_milestone(store, engagement_id=e.id, title="Prior-art report", due_on=TODAY - timedelta(days=6))
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "amber"
    (reason,) = h.reasons
    assert reason.text == "milestone 'Prior-art report' 6 days overdue"
    assert (reason.rule, reason.record_type, reason.record_id, reason.client_facing) == (
        "overdue_milestone", "milestone", m.id, True)
    assert "past its due date" in reason.for_client()
    assert assess_engagement(store, e.id, today=TODAY + timedelta(days=1)).status == "red"
    # Delivered work is no longer owed.
    ms.move_milestone(store, m.id, "in_progress", today=TODAY)
    ms.move_milestone(store, m.id, "delivered", override_reason="Client asked for the draft as is.", today=TODAY)
    assert assess_engagement(store, e.id, today=TODAY).status == "green"


def test_rework_loop_counts_failed_qa_rounds(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    m = work.add_milestone(store, engagement_id=e.id, title="Draft CSR", due_on=TODAY + timedelta(days=10),
                           author_id=f.author)
    ms.move_milestone(store, m.id, "in_progress", today=TODAY)
    for _round in range(2):
        ms.move_milestone(store, m.id, "in_qa", today=TODAY)
        ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="failed", note="Tables unreadable.")
        if _round == 0:
            assert assess_engagement(store, e.id, today=TODAY).status == "green"  # once is normal
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "amber"
    assert [r.text for r in h.reasons] == ["QA rework loop: 'Draft CSR' sent back 2 times"]
    assert h.reasons[0].client_facing is False
    ms.move_milestone(store, m.id, "in_qa", today=TODAY)
    ms.record_qa_result(store, m.id, reviewer_id=f.reviewer, result="failed")
    assert assess_engagement(store, e.id, today=TODAY).status == "red"


@pytest.mark.parametrize("fee_model, billable, client_facing", [
    ("time_and_materials", True, True), ("retainer", True, True), ("fixed", False, False)])
def test_budget_burn_against_elapsed_time(store: Store, fee_model: str, billable: bool,
                                          client_facing: bool) -> None:
    f = firm(store)
    e = engagement(f, fee_model=fee_model)  # 60% of the time has passed
    log_hours(f, e.id, 70, billable=billable)  # 10 points ahead of time: normal
    assert assess_engagement(store, e.id, today=TODAY).status == "green"
    log_hours(f, e.id, 15, billable=billable)
    h = assess_engagement(store, e.id, today=TODAY)
    assert [(r.severity, r.text) for r in h.reasons] == [("amber", "budget 85% used at 60% of the time")]
    log_hours(f, e.id, 27, billable=billable)
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "red"
    (reason,) = h.reasons
    assert reason.text == "budget 112% used at 60% of the time"
    assert (reason.record_type, reason.record_id, reason.client_facing) == ("engagement", e.id, client_facing)


def test_non_billable_hours_do_not_burn_a_time_and_materials_cap(store: Store) -> None:
    f = firm(store)
    e = engagement(f, fee_model="time_and_materials")
    log_hours(f, e.id, 150, billable=False)
    assert assess_engagement(store, e.id, today=TODAY).status == "green"


def test_budget_burn_amber_when_running_ahead_of_time(store: Store) -> None:
    f = firm(store)
    e = engagement(f, start=TODAY - timedelta(days=20), end=TODAY + timedelta(days=80))  # 20% of the time
    log_hours(f, e.id, 45)
    h = assess_engagement(store, e.id, today=TODAY)
    assert [(r.rule, r.severity, r.text) for r in h.reasons] == [
        ("budget_burn", "amber", "budget 45% used at 20% of the time")]


def _gate_item(store: Store, engagement_id: int, text: str, state: ChecklistState,
               verified_by: int | None) -> ChecklistItem:
    with store.transaction() as s:
        item = ChecklistItem(engagement_id=engagement_id, text=text, gate=Gate.ACTIVATION, required=True,
                             state=state, verified_by_id=verified_by)
        s.add(item)
        s.flush()
        return item


def test_gate_items_missing_while_active(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    unverified = _gate_item(store, e.id, "NDA signed", ChecklistState.DONE, None)
    _gate_item(store, e.id, "Secure transfer channel", ChecklistState.DONE, f.reviewer)
    _gate_item(store, e.id, "Data processing agreement", ChecklistState.WAIVED, None)
    h = assess_engagement(store, e.id, today=TODAY)
    assert [(r.text, r.severity, r.record_id) for r in h.reasons] == [
        ("'NDA signed' not verified while active", "amber", unverified.id)]
    missing = _gate_item(store, e.id, "Access to client VDI", ChecklistState.OPEN, None)
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "red"
    assert h.reasons[0].record_id == missing.id and h.reasons[0].text.endswith("not done while active")


def test_gate_item_whose_evidence_expired_is_red_and_the_figure_rides_along(store: Store) -> None:
    """Expired evidence takes a verified gate control out of place (the one compliance rule):
    health says why, in red, from the day the file expires; and every health carries the
    engagement's compliance figure for that day, the same as the checklist's."""
    from kpo_desk.core.checklists import engagement_compliance
    from kpo_desk.core.models import Attachment

    f = firm(store)
    e = engagement(f)
    item = _gate_item(store, e.id, "Access review", ChecklistState.DONE, f.reviewer)
    with store.transaction() as s:
        s.add(Attachment(checklist_item_id=item.id, sha256="a" * 64, original_name="review.pdf", size=1,
                         expires_on=TODAY + timedelta(days=2)))
    before = assess_engagement(store, e.id, today=TODAY + timedelta(days=1))
    assert "gate_item" not in _rules(before)
    on_the_day = assess_engagement(store, e.id, today=TODAY + timedelta(days=2))
    assert [(r.text, r.severity, r.record_id) for r in on_the_day.reasons if r.rule == "gate_item"] == [
        ("evidence for 'Access review' expired while active", "red", item.id)]
    for day, health in ((TODAY + timedelta(days=1), before), (TODAY + timedelta(days=2), on_the_day)):
        assert health.compliance == engagement_compliance(store, e.id, today=day)
        assert health.compliance.applicable > 0
    assert before.compliance.verified == on_the_day.compliance.verified + 1


def test_gate_items_do_not_count_while_onboarding(store: Store) -> None:
    f = firm(store)
    e = engagement(f, status="onboarding")
    _gate_item(store, e.id, "NDA signed", ChecklistState.OPEN, None)
    assert assess_engagement(store, e.id, today=TODAY).status == "green"


def test_overdue_follow_up_names_the_contact(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    c = contact(f, e.id, days_ago=12, follow_up_due=TODAY - timedelta(days=9), client_visible=True)
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "amber"
    assert [(r.text, r.record_type, r.record_id, r.client_facing) for r in h.reasons] == [
        ("follow-up to Dr. Sato overdue 9 days", "communication", c.id, True)]
    assert assess_engagement(store, e.id, today=TODAY + timedelta(days=5)).status == "red"
    from kpo_desk.core.services.communications import set_follow_up_done

    set_follow_up_done(store, c.id)
    assert assess_engagement(store, e.id, today=TODAY).status == "green"


def test_key_role_without_backup(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    a = work.assign_staff(store, engagement_id=e.id, staff_id=f.author, role="Lead analyst", is_key_role=True)
    work.assign_staff(store, engagement_id=e.id, staff_id=f.reviewer, role="QA reviewer")  # not key
    h = assess_engagement(store, e.id, today=TODAY)
    assert [(r.text, r.record_id, r.client_facing) for r in h.reasons] == [
        ("key role Lead analyst (Arjun Mehta) has no backup", a.id, False)]
    work.update_assignment(store, a.id, backup_staff_id=f.manager)
    assert assess_engagement(store, e.id, today=TODAY).status == "green"
    parties.update_staff(store, f.manager, active=False)  # the backup leaves the firm
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.reasons[0].text == "key role Lead analyst (Arjun Mehta) has no backup: Priya Nair has left"


def test_no_client_contact_ignores_internal_notes(store: Store) -> None:
    f = firm(store)
    e = engagement(f, contact_days_ago=23)
    contact(f, e.id, days_ago=1, direction="internal", subject="Internal: staffing")
    h = assess_engagement(store, e.id, today=TODAY)
    assert [(r.text, r.severity) for r in h.reasons] == [("no client contact in 23 days", "amber")]
    assert assess_engagement(store, e.id, today=TODAY + timedelta(days=20)).status == "red"
    contact(f, e.id, days_ago=0, direction="outbound")
    assert assess_engagement(store, e.id, today=TODAY).status == "green"


def test_rules_combine_worst_first(store: Store) -> None:
    f = firm(store)
    e = engagement(f, contact_days_ago=30)
    work.add_milestone(store, engagement_id=e.id, title="Claim charts", due_on=TODAY - timedelta(days=10))
    work.assign_staff(store, engagement_id=e.id, staff_id=f.author, role="Lead analyst", is_key_role=True)
    log_hours(f, e.id, 95)
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "red"
    assert [(r.rule, r.severity) for r in h.reasons] == [
        ("overdue_milestone", "red"), ("budget_burn", "amber"), ("key_role_no_backup", "amber"),
        ("no_client_contact", "amber")]
    assert [r.rule for r in h.client_reasons] == ["overdue_milestone", "budget_burn"]
    assert h.tooltip().splitlines()[0] == "milestone 'Claim charts' 10 days overdue"


def test_not_in_flight_is_green_without_reasons(store: Store) -> None:
    f = firm(store)
    results = {}
    for status in ("proposed", "closed", "cancelled", "on_hold"):
        e = engagement(f, status=status, contact_days_ago=None)
        work.add_milestone(store, engagement_id=e.id, title="Late thing", due_on=TODAY - timedelta(days=30))
        work.assign_staff(store, engagement_id=e.id, staff_id=f.author, role="Lead analyst", is_key_role=True)
        results[status] = e.id
    healths = assess_many(store, today=TODAY)
    for status in ("proposed", "closed", "cancelled"):
        assert healths[results[status]].status == "green" and healths[results[status]].reasons == ()
    # On hold pauses dates, staffing and cadence by agreement: still green here.
    assert healths[results["on_hold"]].status == "green"


def test_assess_many_matches_assess_engagement(demo_store: Store) -> None:
    from tests.conftest import DEMO_TODAY

    many = assess_many(demo_store, today=DEMO_TODAY)
    assert {h.status for h in many.values()} == {"red", "amber", "green"}
    for eid, health in many.items():
        assert assess_engagement(demo_store, eid, today=DEMO_TODAY) == health
    some = list(many)[:5]
    assert assess_many(demo_store, some, today=DEMO_TODAY) == {k: many[k] for k in some}


def test_unknown_engagement_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="no engagement with id 999"):
        assess_engagement(store, 999)


# -- thresholds ----------------------------------------------------------------------------------
def test_thresholds_are_settings_with_validation_and_audit(store: Store) -> None:
    f = firm(store)
    e = engagement(f, contact_days_ago=10)
    assert health_thresholds(store)["health.no_contact_days"] == 21
    assert assess_engagement(store, e.id, today=TODAY).status == "green"
    set_health_threshold(store, "health.no_contact_days", 7)
    h = assess_engagement(store, e.id, today=TODAY)
    assert [r.text for r in h.reasons] == ["no client contact in 10 days"]
    with store.read() as s:
        assert s.get(Setting, "health.no_contact_days").value == "7"
        events = s.exec(select(AuditEvent).where(AuditEvent.record_type == "setting")).all()
    assert len(events) == 1 and '"value": "7"' in events[0].new_values
    for key, value, field in (("health.no_contact_days", 0, "health.no_contact_days"),
                              ("health.no_contact_days", "soon", "health.no_contact_days"),
                              ("health.no_contact_days", 50, "health.no_contact_days"),  # above red
                              ("health.colour", 3, "key")):
        with pytest.raises(ValidationError) as err:
            set_health_threshold(store, key, value)
        assert err.value.field == field
    assert health_thresholds(store)["health.no_contact_days"] == 7


def test_a_hand_edited_threshold_falls_back_to_its_default(store: Store) -> None:
    with store.transaction() as s:
        s.add(Setting(key="health.milestone_red_days", value="a week"))
    assert health_thresholds(store)["health.milestone_red_days"] == 7


# -- overrides -----------------------------------------------------------------------------------
def test_override_needs_reason_and_expiry_and_expires(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    work.add_milestone(store, engagement_id=e.id, title="Prior-art report", due_on=TODAY - timedelta(days=9))
    with pytest.raises(ValidationError) as err:
        override_health(store, e.id, status="green", reason=" ", until=TODAY + timedelta(days=7), today=TODAY)
    assert err.value.field == "reason"
    with pytest.raises(ValidationError) as err:
        override_health(store, e.id, status="green", reason="Client moved the date", until=TODAY - timedelta(days=1),
                        today=TODAY)
    assert err.value.field == "until"
    with pytest.raises(ValidationError):
        override_health(store, e.id, status="purple", reason="x", until=TODAY, today=TODAY)
    override_health(store, e.id, status="green", reason="Client moved the date by e-mail",
                    until=TODAY + timedelta(days=7), today=TODAY)
    h = assess_engagement(store, e.id, today=TODAY)
    assert (h.status, h.overridden, h.override_reason) == ("green", True, "Client moved the date by e-mail")
    assert [r.rule for r in h.reasons] == ["overdue_milestone"]  # the picture stays visible
    assert assess_engagement(store, e.id, today=TODAY + timedelta(days=7)).overridden
    expired = assess_engagement(store, e.id, today=TODAY + timedelta(days=8))
    assert (expired.status, expired.overridden) == ("red", False)
    with store.read() as s:
        actions = [ev.action for ev in s.exec(select(AuditEvent).where(
            AuditEvent.record_type == "engagement", AuditEvent.record_id == e.id))]
    assert AuditAction.OVERRIDE in actions


def test_override_to_red_always_carries_a_reason(store: Store) -> None:
    f = firm(store)
    e = engagement(f)
    override_health(store, e.id, status="red", reason="Client escalated to the partner",
                    until=date(2026, 7, 1), today=TODAY)
    h = assess_engagement(store, e.id, today=TODAY)
    assert h.status == "red" and h.reasons[0].rule == "override"
    assert "Client escalated" in h.reasons[0].text
    clear_health_override(store, e.id)
    assert assess_engagement(store, e.id, today=TODAY).status == "green"
    with pytest.raises(ValidationError, match="no health override"):
        clear_health_override(store, e.id)


def test_the_default_demo_has_every_colour_for_realistic_reasons(tmp_path) -> None:  # noqa: ANN001
    from kpo_desk.core.demo import generate_demo

    with Store.open(tmp_path / "demo.sqlite3") as s:
        generate_demo(s)  # today's date, the default seed
        healths = assess_many(s)
    assert {h.status for h in healths.values()} == {"red", "amber", "green"}
    rules = {r.rule for h in healths.values() for r in h.reasons}
    assert {"overdue_milestone", "key_role_no_backup", "qa_rework"} <= rules
