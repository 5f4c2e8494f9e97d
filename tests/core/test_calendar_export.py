"""Open follow-ups and milestones as an .ics calendar, read back with icalendar."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.exporters import EXPORTERS, export, load_formats
from kpo_desk.core.exporters.ics import export_ics
from kpo_desk.core.services import communications, engagements, parties, work
from kpo_desk.core.store import Store

NOW = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)


@pytest.fixture
def plan(store: Store) -> dict:
    client = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    eng = engagements.create_engagement(store, client_id=client.id, title="Study", service_type="medical_clinical",
                                        code="HELV-2026-001")
    cancelled = engagements.create_engagement(store, client_id=client.id, title="Dropped", service_type="other",
                                              code="HELV-2026-002")
    engagements.change_status(store, cancelled.id, "cancelled", override_reason="client withdrew")
    m_open = work.add_milestone(store, engagement_id=eng.id, title="Prior-art report; draft, v2",
                                due_on=date(2026, 4, 1))
    work.add_milestone(store, engagement_id=cancelled.id, title="Never happens", due_on=date(2026, 4, 2))
    accepted = work.add_milestone(store, engagement_id=eng.id, title="Kick-off deck", due_on=date(2026, 3, 1))
    work.update_milestone(store, accepted.id, status="accepted", delivered_on=date(2026, 3, 1),
                          accepted_on=date(2026, 3, 2))
    open_fu = communications.log_communication(store, engagement_id=eng.id, channel="call", direction="inbound",
                                               occurred_at=NOW, subject="Send Dr. Brändli the CVs",
                                               follow_up_due=date(2026, 3, 18))
    done_fu = communications.log_communication(store, engagement_id=eng.id, channel="call", direction="inbound",
                                               occurred_at=NOW, subject="Already handled",
                                               follow_up_due=date(2026, 3, 10))
    communications.set_follow_up_done(store, done_fu.id)
    return {"milestone": m_open.id, "follow_up": open_fu.id}


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_calendar_holds_open_follow_ups_and_milestones_as_all_day_events(store: Store, plan: dict,
                                                                         tmp_path: Path) -> None:
    out = export_ics(store, tmp_path / "kpo.ics", now=NOW)
    events = {str(e["uid"]): e for e in read(out).walk("VEVENT")}
    assert set(events) == {f"follow-up-{plan['follow_up']}@kpo-desk", f"milestone-{plan['milestone']}@kpo-desk"}
    fu = events[f"follow-up-{plan['follow_up']}@kpo-desk"]
    assert str(fu["summary"]) == "Follow-up: Send Dr. Brändli the CVs (HELV-2026-001)"
    assert fu.decoded("dtstart") == date(2026, 3, 18) and fu.decoded("dtend") == date(2026, 3, 19)
    assert not isinstance(fu.decoded("dtstart"), datetime)  # all-day, not midnight UTC
    ms = events[f"milestone-{plan['milestone']}@kpo-desk"]
    assert str(ms["summary"]) == "Milestone due: Prior-art report; draft, v2 (HELV-2026-001)"
    assert "Status: Planned" in str(ms["description"])
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_uids_are_stable_between_exports(store: Store, plan: dict, tmp_path: Path) -> None:
    first = [str(e["uid"]) for e in read(export_ics(store, tmp_path / "a.ics", now=NOW)).walk("VEVENT")]
    second = [str(e["uid"]) for e in read(export_ics(store, tmp_path / "b.ics")).walk("VEVENT")]
    assert first == second and len(first) == 2


def test_registered_as_an_export_format(store: Store, plan: dict, tmp_path: Path) -> None:
    assert "ics" in load_formats() and "ics" in EXPORTERS
    out = export("ics", store, tmp_path / "via-registry.ics")
    assert len(list(read(out).walk("VEVENT"))) == 2


def test_a_failed_export_writes_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        export_ics(store, tmp_path / "missing" / "a.ics")
    with pytest.raises(ValidationError, match="is a folder"):
        export_ics(store, tmp_path)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("store")] == []
