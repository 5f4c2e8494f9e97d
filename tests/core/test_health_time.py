"""Time sheets, CSV import, budget burn and ramp-up time."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import AuditEvent, TimeEntry
from kpo_desk.core.services import milestones as ms
from kpo_desk.core.services import work
from kpo_desk.core.services.budget import budget_status, burn_series
from kpo_desk.core.services.ramp_up import portfolio_ramp_up, ramp_up_days
from kpo_desk.core.services.time_sheets import TimeImportRejected, import_time_csv, week_grid
from kpo_desk.core.store import Store
from tests.core.health_support import TODAY, engagement, firm

MONDAY = date(2026, 6, 8)


def _entries(store: Store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(TimeEntry)).one()


# -- weekly grid ---------------------------------------------------------------------------------
def test_week_grid_rows_per_engagement_by_day(store: Store) -> None:
    f = firm(store)
    a = engagement(f, code="SATO-2026-001")
    b = engagement(f, code="SATO-2026-002")
    idle = engagement(f, code="SATO-2026-003")
    work.assign_staff(store, engagement_id=idle.id, staff_id=f.author, role="Analyst")
    work.log_time(store, engagement_id=a.id, staff_id=f.author, work_date=MONDAY, hours=3)
    work.log_time(store, engagement_id=a.id, staff_id=f.author, work_date=MONDAY, hours=1.5)
    work.log_time(store, engagement_id=b.id, staff_id=f.author, work_date=MONDAY + timedelta(days=6), hours=2)
    work.log_time(store, engagement_id=b.id, staff_id=f.author, work_date=MONDAY + timedelta(days=7), hours=8)
    work.log_time(store, engagement_id=b.id, staff_id=f.reviewer, work_date=MONDAY, hours=5)
    grid = week_grid(store, f.author, MONDAY)
    assert grid.days[0] == MONDAY and grid.days[-1] == MONDAY + timedelta(days=6)
    assert [(r.code, r.hours) for r in grid.rows] == [
        ("SATO-2026-001", (4.5, 0, 0, 0, 0, 0, 0)),
        ("SATO-2026-002", (0, 0, 0, 0, 0, 0, 2.0)),
        ("SATO-2026-003", (0, 0, 0, 0, 0, 0, 0)),  # assigned, nothing logged yet
    ]
    assert grid.day_totals == (4.5, 0, 0, 0, 0, 0, 2.0) and grid.total == 6.5
    with pytest.raises(ValidationError):
        week_grid(store, 999, MONDAY)


# -- CSV import ----------------------------------------------------------------------------------
def _csv(tmp_path: Path, text: str, name: str = "hours.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """engagement,staff,date,hours,billable,note
SATO-2026-001,Arjun Mehta,2026-06-08,7.5,yes,Prior-art search
sato-2026-001,hannah becker,2026-06-09,2,no,QA of claim charts
SATO-2026-001,arjun mehta,2026-06-10,3,,
"""


def test_import_a_good_file(store: Store, tmp_path: Path) -> None:
    f = firm(store)
    e = engagement(f, code="SATO-2026-001")
    result = import_time_csv(store, _csv(tmp_path, GOOD))
    assert (result.imported, result.skipped, result.errors) == (3, 0, ())
    with store.read() as s:
        rows = s.exec(select(TimeEntry).order_by(TimeEntry.work_date)).all()
        audited = s.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.record_type == "timeentry")).one()
    assert [(r.engagement_id, r.staff_id, r.hours, r.billable) for r in rows] == [
        (e.id, f.author, 7.5, True), (e.id, f.reviewer, 2.0, False), (e.id, f.author, 3.0, True)]
    assert audited == 3


def test_semicolon_files_from_european_spreadsheets(store: Store, tmp_path: Path) -> None:
    f = firm(store)
    engagement(f, code="SATO-2026-001")
    text = "\ufeffEngagement;Staff;Date;Hours\nSATO-2026-001;Arjun Mehta;2026-06-08;7,5\n"
    assert import_time_csv(store, _csv(tmp_path, text)).imported == 1


BAD = """engagement,staff,date,hours,billable
SATO-2026-001,Arjun Mehta,2026-06-08,7.5,yes
NOPE-2026-001,Arjun Mehta,2026-06-08,1,yes
SATO-2026-001,Nobody Here,2026-06-08,1,yes
SATO-2026-001,Arjun Mehta,2026-02-30,1,yes
SATO-2026-001,Arjun Mehta,2026-06-08,25,yes
SATO-2026-001,Arjun Mehta,2026-06-08,2,perhaps
SATO-2026-001,Arjun Mehta,2026-06-09,4,no
"""


def test_bad_rows_import_nothing_and_name_row_and_field(store: Store, tmp_path: Path) -> None:
    f = firm(store)
    engagement(f, code="SATO-2026-001")
    with pytest.raises(TimeImportRejected) as err:
        import_time_csv(store, _csv(tmp_path, BAD))
    assert [(e.row, e.field) for e in err.value.errors] == [
        (3, "engagement"), (4, "staff"), (5, "date"), (6, "hours"), (7, "billable")]
    assert "no engagement with code NOPE-2026-001" in err.value.errors[0].message
    assert "not a real date" in err.value.errors[2].message
    assert "nothing was imported" in err.value.message and "row 3, engagement" in err.value.message
    assert _entries(store) == 0


def test_skip_mode_imports_the_good_rows_in_one_go(store: Store, tmp_path: Path) -> None:
    f = firm(store)
    engagement(f, code="SATO-2026-001")
    result = import_time_csv(store, _csv(tmp_path, BAD), skip_bad_rows=True)
    assert (result.imported, result.skipped) == (2, 5)
    assert str(result.errors[1]) .startswith("row 4, staff: ")
    assert _entries(store) == 2


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("engagement,staff,date,hours\n".encode("utf-16"), "binary"),
    (b"engagement,staff,date,hours\nSATO,\xe9t\xe9,2026-06-08,1\n", "not UTF-8"),
    (b"", "empty"),
    (b"code,person,day,time\nSATO-2026-001,Arjun Mehta,2026-06-08,1\n", "no column engagement"),
])
def test_unusable_files_are_refused_clearly(store: Store, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        import_time_csv(store, path)
    assert _entries(store) == 0


def test_huge_files_are_refused_before_reading(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    with pytest.raises(ValidationError, match="6.0 MB"):
        import_time_csv(store, path)
    with pytest.raises(ValidationError, match="cannot be read"):
        import_time_csv(store, tmp_path / "missing.csv")


# -- budget --------------------------------------------------------------------------------------
def test_budget_status_by_fee_model(store: Store) -> None:
    f = firm(store)
    tm = engagement(f, fee_model="time_and_materials", budget_hours=200, budget_cents=2_000_000)
    fixed = engagement(f, fee_model="fixed", budget_hours=200, budget_cents=2_000_000)
    for e in (tm, fixed):
        work.log_time(store, engagement_id=e.id, staff_id=f.author, work_date=TODAY, hours=8)
        work.log_time(store, engagement_id=e.id, staff_id=f.author, work_date=TODAY, hours=2, billable=False)
    b = budget_status(store, tm.id, today=TODAY)
    assert (b.hours_total, b.hours_billable, b.hours_counted, b.used_pct, b.elapsed_pct) == (10, 8, 8, 4.0, 60.0)
    assert (b.rate_cents, b.money_used_cents, b.money_pct, b.currency, b.client_facing) == (
        10_000, 80_000, 4.0, "JPY", True)
    assert b.remaining_hours == 192 and b.projected_hours == pytest.approx(13.3)
    b = budget_status(store, fixed.id, today=TODAY)
    assert (b.hours_counted, b.used_pct, b.money_used_cents, b.client_facing) == (10, 5.0, 100_000, False)


def test_budget_without_hours_budget_has_no_percentages(store: Store) -> None:
    f = firm(store)
    e = engagement(f, budget_hours=None, budget_cents=500_000)
    work.log_time(store, engagement_id=e.id, staff_id=f.author, work_date=TODAY, hours=8)
    b = budget_status(store, e.id, today=TODAY)
    assert (b.used_pct, b.rate_cents, b.money_used_cents) == (None, None, None)


def test_burn_series_is_cumulative_by_week_without_gaps(store: Store) -> None:
    f = firm(store)
    e = engagement(f, start=MONDAY - timedelta(days=14), end=MONDAY + timedelta(days=56), budget_hours=100)
    work.log_time(store, engagement_id=e.id, staff_id=f.author, work_date=MONDAY - timedelta(days=13), hours=4)
    work.log_time(store, engagement_id=e.id, staff_id=f.author, work_date=MONDAY + timedelta(days=2), hours=6)
    work.log_time(store, engagement_id=e.id, staff_id=f.author, work_date=MONDAY + timedelta(days=3), hours=1)
    points = burn_series(store, e.id)
    assert [(p.week_start, p.hours, p.cumulative_hours) for p in points] == [
        (MONDAY - timedelta(days=14), 4.0, 4.0), (MONDAY - timedelta(days=7), 0.0, 4.0), (MONDAY, 7.0, 11.0)]
    assert [p.planned_hours for p in points] == [10.0, 20.0, 30.0]
    assert burn_series(store, engagement(f).id) == []


# -- ramp-up -------------------------------------------------------------------------------------
def _deliver(store: Store, f, engagement_id: int, day: date) -> None:  # noqa: ANN001
    m = work.add_milestone(store, engagement_id=engagement_id, title="Search strategy agreed", author_id=f.author)
    ms.move_milestone(store, m.id, "in_progress", today=day)
    ms.move_milestone(store, m.id, "delivered", override_reason="Agreed with the client.", today=day)


def test_ramp_up_days_and_portfolio_average(store: Store) -> None:
    f = firm(store)
    start = TODAY - timedelta(days=60)  # signed five days before the start
    quick, slow, waiting = engagement(f), engagement(f), engagement(f)
    assert ramp_up_days(store, quick.id) is None
    _deliver(store, f, quick.id, start + timedelta(days=10))
    _deliver(store, f, slow.id, start + timedelta(days=35))
    _deliver(store, f, slow.id, start + timedelta(days=50))  # later deliveries do not count
    assert ramp_up_days(store, quick.id) == 15
    assert ramp_up_days(store, slow.id) == 40
    assert ramp_up_days(store, waiting.id) is None
    p = portfolio_ramp_up(store)
    assert (p.engagements, p.average_days, p.median_days, p.fastest_days, p.slowest_days) == (2, 27.5, 27.5, 15, 40)
    assert portfolio_ramp_up(store, signed_since=TODAY).engagements == 0
