"""The report-data service: everything one client report prints, gathered in one read.

Only client-visible records go in (milestones, communications, follow-ups and risks flagged
visible to the client; health reasons marked client-facing), so the layout cannot leak what
it was never given. Dates of communications are turned into the client's time zone here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, func, select

from kpo_desk.core.compliance import ComplianceScore
from kpo_desk.core.enums import (
    EngagementStatus,
    FeeModel,
    MilestoneStatus,
    RiskStatus,
)
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.i18n import SOURCE_LANGUAGE, choose, is_language_code
from kpo_desk.core.models import (
    Client,
    Communication,
    CommunicationContact,
    Contact,
    Engagement,
    Milestone,
    ReportRecord,
    Risk,
    Setting,
    Staff,
    TimeEntry,
)
from kpo_desk.core.reports import sources
from kpo_desk.core.reports.model import (
    SECTIONS,
    ActionRow,
    Branding,
    BudgetBurn,
    BurnPoint,
    CommunicationRow,
    EngagementFacts,
    HealthView,
    MilestoneRow,
    NextStep,
    ReportData,
    RiskRow,
)
from kpo_desk.core.services import base
from kpo_desk.core.services.budget import CLIENT_CAPPED
from kpo_desk.core.store import Store
from kpo_desk.core.validation import business_date

__all__ = ["ReportData", "build_report_data", "default_period", "load_branding", "check_sections"]

DEFAULT_FIRM_NAME = "Your firm"  # as the firm settings say until a name is set
DEFAULT_ACCENT = "#1F4E79"
PAGE_SIZES = ("A4", "Letter")
DEFAULT_PERIOD_DAYS = 30
NEXT_STEPS = 5
SUMMARY_CHARS = 280
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def load_branding(session: Session) -> Branding:
    """Firm name, logo and accent colour from settings; a bad value falls back to the default."""
    values = {row.key: row.value for row in session.exec(
        select(Setting).where(Setting.key.in_(("firm_name", "logo_path", "report_accent",
                                               "report_page_size"))))}
    accent = values.get("report_accent", "").strip()
    page_size = values.get("report_page_size", "").strip()
    return Branding(firm_name=values.get("firm_name", "").strip() or DEFAULT_FIRM_NAME,
                    logo_path=values.get("logo_path", "").strip(),
                    accent=accent.upper() if _HEX.match(accent) else DEFAULT_ACCENT,
                    page_size=page_size if page_size in PAGE_SIZES else "A4")


def check_sections(sections: Iterable[str] | None) -> tuple[str, ...]:
    """The sections to print, in print order; None means all of them."""
    if sections is None:
        return SECTIONS
    wanted = set(sections)
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise ValidationError(f"There is no report section called '{sorted(unknown)[0]}'; choose from "
                              f"{', '.join(SECTIONS)}.", field="sections")
    return tuple(s for s in SECTIONS if s in wanted)


def default_period(session: Session, engagement_id: int, today: date) -> tuple[date, date]:
    """Since the last report on this engagement, else the last 30 days (or, for an engagement
    younger than that, since it began), ending today."""
    last_end = session.exec(
        select(func.max(ReportRecord.period_end)).where(ReportRecord.engagement_id == engagement_id)
    ).one()
    if last_end is None or last_end < today - timedelta(days=366):
        start = today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        engagement = session.get(Engagement, engagement_id)
        if engagement is not None:  # signed (or started, if earlier), else entered into the desk
            known = [d for d in (engagement.signed_on, engagement.start_on) if d is not None]
            began = min(known) if known else engagement.created_at.date()
            if start < began <= today:
                start = began
        return start, today
    start = last_end + timedelta(days=1)
    if start > today:  # a second report on the same day covers the same period again
        last = session.exec(select(ReportRecord).where(ReportRecord.engagement_id == engagement_id,
                                                       ReportRecord.period_end == last_end)
                            .order_by(ReportRecord.id.desc())).first()
        start = min(last.period_start or today, today)
    return start, today


@dataclass(frozen=True)
class ReportDefaults:
    """What the Generate report dialog starts from."""

    period_start: date
    period_end: date
    recipient: str
    #: The recipient contact's language, else the client's, else English (as stored: it may be
    #: a language without a catalog, which then prints in English; see ``i18n.choose``).
    language: str = SOURCE_LANGUAGE


def report_defaults(store: Store, engagement_id: int, today: date) -> ReportDefaults:
    """The default period, recipient and language of the next report on one engagement, from
    one read."""
    from kpo_desk.core.reports.recipients import default_language, default_recipient

    with store.read() as session:
        start, end = default_period(session, engagement_id, today)
        recipient = default_recipient(session, engagement_id)
        return ReportDefaults(start, end, recipient, default_language(session, engagement_id, recipient))


def report_language(language: str | None) -> str:
    """The shipped language a report asked for in ``language`` is written in: English for
    a language without a catalog (the caller tells with ``i18n.choose(...).fell_back``)."""
    code = (language or "").strip()
    if code and not is_language_code(code):
        raise ValidationError(f"'{code}' is not a language code; use one such as de, ja or pt_BR.",
                              field="language")
    return choose(code).language


def client_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def build_report_data(store: Store, *, engagement_id: int, period_start: date | None = None,
                      period_end: date | None = None, summary: str = "", recipient: str = "",
                      sections: Iterable[str] | None = None, today: date | None = None,
                      branding: Branding | None = None, health: HealthView | None = None,
                      language: str | None = SOURCE_LANGUAGE) -> ReportData:
    """Assemble the client report for one engagement and one period.

    ``today`` fixes the report date (and what counts as overdue); ``branding`` overrides the
    settings (re-printing an old record uses the branding it was printed with); ``health`` is
    an assessment already made for ``today`` (the batch assesses every engagement at once).
    ``language`` is the report's language (a code without a catalog prints in English).
    """
    today = today or date.today()
    chosen = check_sections(sections)
    written_in = report_language(language)
    business_date(period_start, "period_start", "The period start")
    business_date(period_end, "period_end", "The period end")
    with store.read() as s:
        e = base.get_or_fail(s, Engagement, engagement_id, "engagement", field="engagement_id")
        if period_start is None or period_end is None:
            default_start, default_end = default_period(s, engagement_id, today)
            period_end = period_end or default_end
            if period_start is None:  # an end before the default start: the 30 days up to it
                period_start = (default_start if default_start <= period_end
                                else period_end - timedelta(days=DEFAULT_PERIOD_DAYS - 1))
        if period_start > period_end:
            raise ValidationError(f"The period starts on {period_start.isoformat()}, after it ends "
                                  f"({period_end.isoformat()}).", field="period_start")
        client = s.get(Client, e.client_id)
        zone = client_zone(client.timezone)
        lead = s.get(Staff, e.lead_id) if e.lead_id else None
        facts = EngagementFacts(
            code=e.code, title=e.title, service=e.service_type.label, status=e.status.label,
            client_name=client.name, client_country=client.country, client_timezone=zone.key,
            start_on=e.start_on, target_end_on=e.target_end_on,
            confidentiality=e.confidentiality.label, fee_model=e.fee_model.label,
            lead_name=lead.name if lead else "")
        milestones = _milestones(s, e.id, today)
        data = dict(
            branding=branding or load_branding(s), engagement=facts, period_start=period_start,
            period_end=period_end, report_date=today, recipient=recipient.strip(),
            summary=summary.strip(), sections=chosen,
            milestones=milestones if "milestones" in chosen else (),
            next_steps=_next_steps(milestones) if "next_steps" in chosen else (),
            milestone_count=len(milestones),
            communications=(_communications(s, e.id, period_start, period_end, zone)
                            if "communications" in chosen else ()),
            open_actions=_open_actions(s, e.id, today) if "actions" in chosen else (),
            risks=_risks(s, e.id) if "risks" in chosen else (),
            budget=_budget(s, e, period_end) if "budget" in chosen else None,
            language=written_in,
        )
        # Inside the read: health and the checklist join it (one snapshot, one connection).
        score = None
        if "ip_protection" in chosen:
            ip = data["ip_protection"] = sources.ip_protection(store, engagement_id, today)
            score = ComplianceScore(ip.verified, ip.applicable, ip.in_place, ip.waived)
        if "health" in chosen:  # the IP section's score, not a second count of the same items
            data["health"] = client_health(health or sources.assess_health(store, engagement_id, today,
                                                                           compliance=score))
    return ReportData(**data)


def client_health(health: HealthView | None) -> HealthView:
    """Health with only its client-facing reasons; the override reason is internal."""
    if health is None:
        return HealthView(status=None)
    return HealthView(status=health.status,
                      reasons=tuple(r for r in health.reasons if r.client_facing),
                      overridden=health.overridden)


def _milestones(s: Session, engagement_id: int, today: date) -> tuple[MilestoneRow, ...]:
    rows = s.exec(select(Milestone).where(Milestone.engagement_id == engagement_id,
                                          Milestone.client_visible)
                  .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.id))
    result = []
    for m in rows:
        late = (today - m.due_on).days if m.due_on and m.status not in MilestoneStatus.DONE else 0
        result.append(MilestoneRow(title=m.title, due_on=m.due_on, status=m.status.label,
                                   delivered_on=m.delivered_on, accepted_on=m.accepted_on,
                                   overdue_days=max(late, 0)))
    return tuple(result)


def _next_steps(milestones: tuple[MilestoneRow, ...]) -> tuple[NextStep, ...]:
    done = {s.label for s in MilestoneStatus.DONE}
    upcoming = [m for m in milestones if m.status not in done]
    return tuple(NextStep(title=m.title, due_on=m.due_on, status=m.status, overdue_days=m.overdue_days)
                 for m in upcoming[:NEXT_STEPS])


def _contact_names(s: Session, communication_ids: list[int]) -> dict[int, str]:
    if not communication_ids:
        return {}
    names: dict[int, list[str]] = {}
    stmt = (select(CommunicationContact.communication_id, Contact.name)
            .join(Contact, Contact.id == CommunicationContact.contact_id)
            .where(CommunicationContact.communication_id.in_(communication_ids))
            .order_by(Contact.name))
    for cid, name in s.exec(stmt):
        names.setdefault(cid, []).append(name)
    return {cid: ", ".join(v) for cid, v in names.items()}


def _excerpt(body: str) -> str:
    text = " ".join(body.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1].rstrip() + "…"


def _communications(s: Session, engagement_id: int, start: date, end: date,
                    zone: ZoneInfo) -> tuple[CommunicationRow, ...]:
    """Client-visible communications whose day, in the client's zone, falls in the period."""
    since = datetime.combine(start, time.min, tzinfo=zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    rows = list(s.exec(select(Communication).where(
        Communication.engagement_id == engagement_id, Communication.client_visible,
        Communication.occurred_at >= since, Communication.occurred_at < until)
        .order_by(Communication.occurred_at, Communication.id)))
    names = _contact_names(s, [c.id for c in rows])
    return tuple(CommunicationRow(occurred_local=c.occurred_at.astimezone(zone), channel=c.channel.label,
                                  direction=c.direction.label, subject=c.subject,
                                  summary=_excerpt(c.body), with_names=names.get(c.id, ""))
                 for c in rows)


def _open_actions(s: Session, engagement_id: int, today: date) -> tuple[ActionRow, ...]:
    rows = list(s.exec(select(Communication).where(
        Communication.engagement_id == engagement_id, Communication.client_visible,
        Communication.follow_up_due.is_not(None), Communication.follow_up_done.is_(False))
        .order_by(Communication.follow_up_due, Communication.id)))
    names = _contact_names(s, [c.id for c in rows])
    return tuple(ActionRow(due_on=c.follow_up_due, action=c.subject,  # none: the layout says "Follow-up"
                           with_names=names.get(c.id, ""),
                           overdue_days=max((today - c.follow_up_due).days, 0))
                 for c in rows)


def risk_rating(likelihood: int, impact: int) -> str:
    score = likelihood * impact
    return "High" if score >= 15 else "Medium" if score >= 6 else "Low"


def _risks(s: Session, engagement_id: int) -> tuple[RiskRow, ...]:
    rows = s.exec(select(Risk).where(Risk.engagement_id == engagement_id, Risk.client_visible,
                                     Risk.status != RiskStatus.CLOSED)
                  .order_by((Risk.likelihood * Risk.impact).desc(), Risk.id))
    return tuple(RiskRow(category=r.category.label, description=r.description,
                         rating=risk_rating(r.likelihood, r.impact), mitigation=r.mitigation,
                         status=r.status.label) for r in rows)


def fee_model_calls_for_burn(fee_model: FeeModel, budget_hours: float | None) -> bool:
    """A client sees the burn only where the hours budget is a cap they agreed to (time and
    materials, or a retainer with an hours budget). A fixed fee's burn is the firm's own
    margin, so it stays internal; the rule is ``services.budget.CLIENT_CAPPED``, shared with
    the health engine."""
    return bool(budget_hours and budget_hours > 0) and FeeModel(fee_model) in CLIENT_CAPPED


def _budget(s: Session, e: Engagement, until: date) -> BudgetBurn | None:
    if not fee_model_calls_for_burn(e.fee_model, e.budget_hours):
        return None
    if e.status in (EngagementStatus.PROPOSED,):
        return None
    daily = list(s.exec(select(TimeEntry.work_date, func.sum(TimeEntry.hours))
                        .where(TimeEntry.engagement_id == e.id, TimeEntry.billable,
                               TimeEntry.work_date <= until)
                        .group_by(TimeEntry.work_date).order_by(TimeEntry.work_date)))
    start = e.start_on or (daily[0][0] if daily else until)
    end = e.target_end_on if e.target_end_on and e.target_end_on > start else start + timedelta(days=90)
    stop = max(until, start)
    marks = [start + timedelta(days=7 * k) for k in range(1, (stop - start).days // 7 + 1)]
    if not marks or marks[-1] != stop:
        marks.append(stop)
    points, total, k = [BurnPoint(start, 0.0)], 0.0, 0
    for mark in marks:
        while k < len(daily) and daily[k][0] <= mark:
            total += float(daily[k][1])
            k += 1
        points.append(BurnPoint(mark, round(total, 2)))
    return BudgetBurn(fee_model=e.fee_model.label, budget_hours=float(e.budget_hours),
                      used_hours=round(total, 2), start_on=start, end_on=end, actual=tuple(points))
