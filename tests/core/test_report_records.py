"""Report records, re-printing, presets, the batch and the portfolio review."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from kpo_desk.core.enums import Channel, Direction, EngagementStatus, ReportKind
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import AuditEvent, Communication, Engagement, ReportPreset, ReportRecord
from kpo_desk.core.reports import (
    active_engagements,
    generate_batch,
    generate_portfolio,
    generate_report,
    list_presets,
    list_reports,
    preview_report,
    report_file_name,
    reprint,
    reprint_matches,
    run_preset,
    save_pdf,
    save_preset,
)
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import all_text, first_active, flat

MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def out(tmp_path):
    """An empty output folder (the demo store itself lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _records(store) -> list[ReportRecord]:
    with store.read() as s:
        return list(s.exec(select(ReportRecord).order_by(ReportRecord.id)))


def test_generating_records_the_report_with_its_hash_and_an_audit_event(demo_store, out) -> None:
    e = first_active(demo_store)
    target = out / "status.pdf"
    made = generate_report(demo_store, engagement_id=e.id, out_path=target, summary="On plan.",
                           recipient="Dr. Sato", today=DEMO_TODAY, generated_at=MOMENT)
    assert target.read_bytes() == made.pdf
    with demo_store.read() as s:
        record = s.get(ReportRecord, made.record_id)
        events = s.exec(select(AuditEvent).where(AuditEvent.record_type == "reportrecord",
                                                 AuditEvent.record_id == made.record_id)).all()
    assert record.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert (record.summary, record.recipient, record.generated_at) == ("On plan.", "Dr. Sato", MOMENT)
    assert record.file_name == str(target.resolve())
    assert json.loads(record.settings_json)["today"] == DEMO_TODAY.isoformat()
    assert len(events) == 1
    assert list(out.iterdir()) == [target]  # no temporary file left behind


def test_reprinting_a_record_gives_identical_bytes(demo_store, out) -> None:
    e = first_active(demo_store)
    made = generate_report(demo_store, engagement_id=e.id, out_path=out / "a.pdf",
                           summary="Steady.", today=DEMO_TODAY, generated_at=MOMENT)
    assert reprint(demo_store, made.record_id) == made.pdf
    assert reprint_matches(demo_store, made.record_id)
    with demo_store.transaction() as s:  # the data changes: the reprint tells
        s.add(Communication(engagement_id=e.id, channel=Channel.CALL, direction=Direction.INBOUND,
                            occurred_at=MOMENT - timedelta(hours=30), subject="Late addition",
                            client_visible=True))
    assert not reprint_matches(demo_store, made.record_id)
    assert "Late addition" in all_text(reprint(demo_store, made.record_id))


def test_a_failed_generation_writes_nothing(demo_store, out) -> None:
    e = first_active(demo_store)
    before = _records(demo_store)
    with pytest.raises(ValidationError):
        generate_report(demo_store, engagement_id=e.id, out_path=out / "missing" / "a.pdf",
                        today=DEMO_TODAY)
    with pytest.raises(ValidationError):
        generate_report(demo_store, engagement_id=e.id, out_path=out / "b.pdf",
                        period_start=date(2026, 12, 1), period_end=date(2026, 11, 1))
    with pytest.raises(ValidationError):
        generate_report(demo_store, engagement_id=e.id, out_path=out / "c.pdf",
                        summary="bell\x07", today=DEMO_TODAY)
    assert _records(demo_store) == before
    assert list(out.iterdir()) == []


def test_the_next_report_starts_where_the_last_one_ended(demo_store) -> None:
    e = first_active(demo_store)
    first = generate_report(demo_store, engagement_id=e.id, today=DEMO_TODAY, generated_at=MOMENT)
    assert first.path is None and first.file_name == report_file_name(e.code, DEMO_TODAY)
    week_later = DEMO_TODAY + timedelta(days=7)
    second = generate_report(demo_store, engagement_id=e.id, today=week_later,
                             generated_at=MOMENT + timedelta(days=7))
    with demo_store.read() as s:
        record = s.get(ReportRecord, second.record_id)
    assert (record.period_start, record.period_end) == (DEMO_TODAY + timedelta(days=1), week_later)
    assert list_reports(demo_store, engagement_id=e.id)[0].id == second.record_id


def test_a_preset_runs_next_weeks_report_in_one_call(demo_store, out) -> None:
    e = first_active(demo_store)
    preset = save_preset(demo_store, name="Weekly to IP counsel", engagement_id=e.id,
                         period="last_7_days", sections=["summary", "milestones", "risks"],
                         recipient="IP counsel")
    assert preset.id in [p.id for p in list_presets(demo_store, engagement_id=e.id)]
    made = run_preset(demo_store, preset.id, out, today=DEMO_TODAY, generated_at=MOMENT)
    assert made.path == out / report_file_name(e.code, DEMO_TODAY)
    with demo_store.read() as s:
        record = s.get(ReportRecord, made.record_id)
        assert s.get(ReportPreset, preset.id).last_run_at == MOMENT
    assert (record.period_start, record.recipient) == (DEMO_TODAY - timedelta(days=6), "IP counsel")
    text = flat(all_text(made.pdf))
    assert "Milestones and deliverables" in text and "Communications in the period" not in text
    assert reprint(demo_store, made.record_id) == made.pdf


def test_custom_preset_periods_need_both_dates_and_unknown_periods_are_refused(demo_store) -> None:
    e = first_active(demo_store)
    with pytest.raises(ValidationError):
        save_preset(demo_store, name="Custom", engagement_id=e.id, period="custom",
                    period_start=date(2026, 10, 1))
    with pytest.raises(ValidationError) as info:
        save_preset(demo_store, name="Fortnight", engagement_id=e.id, period="fortnightly")
    assert info.value.field == "period"
    custom = save_preset(demo_store, name="October", engagement_id=e.id, period="custom",
                         period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))
    assert save_preset(demo_store, name="October", engagement_id=e.id, period="custom",
                       period_start=date(2026, 10, 1), period_end=date(2026, 10, 31),
                       preset_id=custom.id).id == custom.id


def test_the_batch_goes_on_past_a_failure_and_reports_it(demo_store, out) -> None:
    active = active_engagements(demo_store)
    assert len(active) >= 3
    blocked_code = active[1][1]
    (out / report_file_name(blocked_code, DEMO_TODAY)).mkdir()  # a folder where the PDF goes
    seen: list[tuple[int, int, str]] = []
    result = generate_batch(demo_store, out, today=DEMO_TODAY, generated_at=MOMENT,
                            progress=lambda done, total, code: seen.append((done, total, code)))
    assert [code for code, _ in result.failed] == [blocked_code]
    assert len(result.written) == len(active) - 1 and all(p.is_file() for p in result.written)
    assert seen[0] == (0, len(active), active[0][1]) and seen[-1][0] == len(active)
    with demo_store.read() as s:
        recorded = {s.get(Engagement, r.engagement_id).code for r in s.exec(
            select(ReportRecord).where(ReportRecord.id.in_(result.record_ids)))}
    assert blocked_code not in recorded and len(recorded) == len(active) - 1


def test_a_cancelled_batch_stops_between_reports(demo_store, out) -> None:
    stop = threading.Event()
    result = generate_batch(demo_store, out, today=DEMO_TODAY,
                            progress=lambda done, total, code: stop.set() if done == 2 else None,
                            cancel=stop.is_set)
    assert result.cancelled and len(result.written) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in result.written)


def test_the_portfolio_lists_every_engagement_with_internal_reasons(demo_store, out) -> None:
    made = generate_portfolio(demo_store, out_path=out / "portfolio.pdf", today=DEMO_TODAY,
                              generated_at=MOMENT)
    text = flat(all_text(made.pdf))
    with demo_store.read() as s:
        codes = s.exec(select(Engagement.code)).all()
        live = s.exec(select(Engagement.id).where(Engagement.status == EngagementStatus.ACTIVE)).all()
    for code in codes:
        assert code in text
    assert "INTERNAL" in text and "Not for clients" in text
    assert "has no backup" in text  # internal reasons belong in the manager's review
    assert "Compliance".upper() in text and live
    with demo_store.read() as s:
        assert s.get(ReportRecord, made.record_id).kind == ReportKind.PORTFOLIO
    assert reprint(demo_store, made.record_id) == made.pdf


def test_preview_records_nothing_and_save_as_writes_whole_files(demo_store, out) -> None:
    e = first_active(demo_store)
    before = _records(demo_store)
    pdf = preview_report(demo_store, engagement_id=e.id, summary="Draft summary", today=DEMO_TODAY)
    assert "Draft summary" in all_text(pdf) and _records(demo_store) == before
    saved = save_pdf(pdf, out / "copy.pdf")
    assert saved.read_bytes() == pdf and sorted(out.iterdir()) == [saved]
    with pytest.raises(ValidationError):
        save_pdf(pdf, out / "no-such-folder" / "copy.pdf")


def test_an_end_date_alone_gives_the_thirty_days_before_it(demo_store) -> None:
    from kpo_desk.core.reports import build_report_data

    data = build_report_data(demo_store, engagement_id=first_active(demo_store).id, today=DEMO_TODAY,
                             period_end=date(2026, 6, 30))
    assert (data.period_start, data.period_end) == (date(2026, 6, 1), date(2026, 6, 30))
