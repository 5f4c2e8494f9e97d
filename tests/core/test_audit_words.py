"""The audit trail in words: records by their human names, fields by their labels, enum values
by their labels, dates in the app's one format, staff by name (core/audit_words.py)."""

from __future__ import annotations

from datetime import date

from kpo_desk.core.audit_words import field_label
from kpo_desk.core.enums import EngagementStatus, MilestoneStatus, QAResult
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.services.engagement_rows import history_rows
from kpo_desk.core.services.milestones import move_milestone, record_qa_result
from kpo_desk.core.store import Store


def test_field_labels() -> None:
    assert field_label("qa_note") == "QA note"
    assert field_label("lead_id") == "Lead"
    assert field_label("target_end_on") == "Target end"
    assert field_label("status") == "Status"
    assert field_label("health_override_reason") == "Health override reason"


def test_history_names_records_and_says_changes_as_a_person_would(store: Store) -> None:
    client = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    priya = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    hannah = parties.create_staff(store, name="Hannah Becker", role="QA lead")
    e = eng.create_engagement(store, client_id=client.id, title="Clinical study report",
                              service_type="medical_clinical")
    eng.update_engagement(store, e.id, lead_id=priya.id, target_end_on=date(2026, 12, 31))
    m = work.add_milestone(store, engagement_id=e.id, title="Prior-art report", author_id=priya.id)
    for target in (MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_QA):
        move_milestone(store, m.id, target)
    record_qa_result(store, m.id, reviewer_id=hannah.id, result=QAResult.FAILED,
                     note="Sources not cited\nconsistently")
    eng.change_status(store, e.id, EngagementStatus.ONBOARDING)

    rows = history_rows(store, e.id)
    records = [r.record for r in rows]
    changes = [r.change for r in rows]
    assert f"Engagement: {e.code}" in records
    assert "Milestone: Prior-art report" in records
    assert not any(r.split()[-1].isdigit() for r in records), records
    lead = next(c for c in changes if "Lead:" in c)
    assert "Lead: — → Priya Nair" in lead and "Target end: — → 31 Dec 2026" in lead
    qa = next(c for c in changes if "QA result" in c)
    assert "QA result: — → Failed" in qa and "Status: In QA → Rework" in qa
    assert "QA note: — → Sources not cited consistently" in qa, "one line: the note's break is a space"
    assert any("Status: Proposed → Onboarding" in c for c in changes)
    for change in changes:
        assert "_" not in change and "in_qa" not in change.lower(), change
