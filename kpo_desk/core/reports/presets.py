"""Saved report settings, so that next week's report is one click.

A preset keeps a relative period ("since the last report", "last 7 days", ...), the sections,
the recipient and the report's language. Custom dates, the sections and the language live in
``sections_json``: either a plain list of sections (the original form) or
``{"sections": [...], "period_start": ..., "language": "de"}`` (no migration was needed).
A preset saved before reports had languages has none and re-runs in English, as it always did.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from kpo_desk.core.enums import ReportKind
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.i18n import SOURCE_LANGUAGE
from kpo_desk.core.models import Engagement, ReportPreset
from kpo_desk.core.reports.data import check_sections, default_period, report_language
from kpo_desk.core.reports.records import (
    GeneratedReport,
    generate_portfolio,
    generate_report,
    report_file_name,
)
from kpo_desk.core.services import base
from kpo_desk.core.store import Store
from kpo_desk.core.validation import business_date, not_before, optional_text, required_text

PERIOD_RULES = ("since_last_report", "last_7_days", "last_30_days", "this_month", "custom")


def _validate(session: Session, preset: ReportPreset) -> None:
    preset.name = required_text(preset.name, "name", "The preset name")
    preset.recipient = optional_text(preset.recipient, "recipient", "The recipient", max_length=300)
    preset.kind = ReportKind(preset.kind)
    if preset.period not in PERIOD_RULES:
        raise ValidationError(f"'{preset.period}' is not a report period; choose one of "
                              f"{', '.join(PERIOD_RULES)}.", field="period")
    if preset.kind == ReportKind.ENGAGEMENT:
        base.get_or_fail(session, Engagement, preset.engagement_id, "engagement", field="engagement_id")
    elif preset.engagement_id is not None:
        raise ValidationError("A portfolio preset covers every engagement, not one.", field="engagement_id")


def preset_settings(preset: ReportPreset) -> tuple[tuple[str, ...] | None, date | None, date | None]:
    """(sections or None for all, custom start, custom end) from the preset's JSON."""
    try:
        raw = json.loads(preset.sections_json or "[]")
    except ValueError:
        return None, None, None
    if isinstance(raw, list):
        return (tuple(raw) or None), None, None
    if not isinstance(raw, dict):
        return None, None, None
    sections = raw.get("sections")

    def day(key: str) -> date | None:
        try:
            return date.fromisoformat(str(raw.get(key))) if raw.get(key) else None
        except ValueError:
            return None

    return (tuple(sections) if isinstance(sections, list) and sections else None,
            day("period_start"), day("period_end"))


def preset_language(preset: ReportPreset) -> str:
    """The language a preset's reports are written in ("" when the preset does not say)."""
    try:
        raw = json.loads(preset.sections_json or "[]")
    except ValueError:
        return ""
    language = raw.get("language") if isinstance(raw, dict) else None
    return language.strip() if isinstance(language, str) else ""


def save_preset(store: Store, *, name: str, engagement_id: int | None = None,
                kind: ReportKind | str = ReportKind.ENGAGEMENT, period: str = "since_last_report",
                sections: Iterable[str] | None = None, recipient: str = "",
                period_start: date | None = None, period_end: date | None = None,
                preset_id: int | None = None, language: str = "") -> ReportPreset:
    """Create a preset, or replace the settings of ``preset_id``. ``language`` is kept as
    given ("" for the recipient's default); one without a catalog is kept too (its reports
    fall back to English)."""
    chosen = list(check_sections(sections))
    language = (language or "").strip()
    if language:
        report_language(language)  # a malformed code is refused here, not at the next run
    if period == "custom":
        if period_start is None or period_end is None:
            raise ValidationError("A custom period needs both a start and an end date.", field="period_start")
        business_date(period_start, "period_start", "The period start")
        business_date(period_end, "period_end", "The period end")
        not_before(period_end, period_start, "period_end", "The period ends before it starts.")
        payload: object = {"sections": chosen, "period_start": period_start.isoformat(),
                           "period_end": period_end.isoformat()}
    else:
        payload = chosen
    if language:
        payload = payload if isinstance(payload, dict) else {"sections": chosen}
        payload["language"] = language
    values = {"name": name, "engagement_id": engagement_id, "kind": ReportKind(kind), "period": period,
              "sections_json": json.dumps(payload), "recipient": recipient}
    if preset_id is None:
        return base.create(store, ReportPreset(**values), _validate)
    return base.update(store, ReportPreset, preset_id, values, _validate)


def list_presets(store: Store, *, engagement_id: int | None = None,
                 kind: ReportKind | str | None = None) -> list[ReportPreset]:
    stmt = select(ReportPreset)
    if engagement_id is not None:
        stmt = stmt.where(ReportPreset.engagement_id == engagement_id)
    if kind is not None:
        stmt = stmt.where(ReportPreset.kind == ReportKind(kind))
    with store.read() as s:
        return list(s.exec(stmt.order_by(ReportPreset.name, ReportPreset.id)))


def delete_preset(store: Store, preset_id: int) -> dict:
    return base.delete(store, ReportPreset, preset_id)


def resolve_period(store: Store, preset: ReportPreset, today: date) -> tuple[date, date]:
    """The dates a preset's relative period means today."""
    if preset.period == "last_7_days":
        return today - timedelta(days=6), today
    if preset.period == "last_30_days":
        return today - timedelta(days=29), today
    if preset.period == "this_month":
        return today.replace(day=1), today
    if preset.period == "custom":
        _, start, end = preset_settings(preset)
        if start and end:
            return start, end
    if preset.engagement_id is None:
        return today - timedelta(days=6), today
    with store.read() as s:
        return default_period(s, preset.engagement_id, today)


def run_preset(store: Store, preset_id: int, out_dir: str | os.PathLike[str], *, summary: str = "",
               today: date | None = None, generated_at: datetime | None = None) -> GeneratedReport:
    """Generate the preset's report into ``out_dir`` and stamp the preset's last run."""
    with store.read() as s:
        preset = base.get_or_fail(s, ReportPreset, preset_id, "report preset", field="preset_id")
    folder = Path(out_dir).expanduser()
    stamp_moment = generated_at

    def stamp(session: Session) -> None:
        row = session.get(ReportPreset, preset_id)
        row.last_run_at = stamp_moment or datetime.now().astimezone()
        session.add(row)

    if preset.kind == ReportKind.PORTFOLIO:
        day = today or (generated_at.date() if generated_at else date.today())
        return generate_portfolio(store, out_path=folder / report_file_name("portfolio", day, "review"),
                                  today=day, generated_at=generated_at, on_commit=stamp)
    day = today or (generated_at.date() if generated_at else date.today())
    start, end = resolve_period(store, preset, day)
    sections, _, _ = preset_settings(preset)
    with store.read() as s:
        code = base.get_or_fail(s, Engagement, preset.engagement_id, "engagement",
                                field="engagement_id").code
    language = preset_language(preset) or SOURCE_LANGUAGE
    return generate_report(store, engagement_id=preset.engagement_id,
                           out_path=folder / report_file_name(code, end), period_start=start,
                           period_end=end, summary=summary, recipient=preset.recipient,
                           sections=sections, today=day, generated_at=generated_at,
                           period_rule=preset.period, on_commit=stamp, language=language)
