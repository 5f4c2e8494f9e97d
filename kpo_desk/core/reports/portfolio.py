"""The internal portfolio report: every engagement with its status, health and reasons,
compliance score, next milestone and overdue follow-ups, for the manager's Monday review.

Unlike the client report it prints internal reasons too, and every page says so.
The data comes from a handful of grouped queries, so it stays quick on a large store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from sqlmodel import func, select

from kpo_desk.core.enums import EngagementStatus, MilestoneStatus
from kpo_desk.core.models import Client, Communication, Engagement, Milestone
from kpo_desk.core.reports import sources
from kpo_desk.core.reports.data import load_branding
from kpo_desk.core.reports.fonts import markup
from kpo_desk.core.reports.model import Branding, PortfolioData, PortfolioRow
from kpo_desk.core.reports.pages import PageFrame, build_pdf, content_width, page_size
from kpo_desk.core.reports.theme import (
    HEADER_FILL,
    HEALTH_COLOURS,
    HEALTH_LABELS,
    LATE,
    Theme,
    data_table,
    fmt_date,
    make_theme,
)
from kpo_desk.core.store import Store

S = EngagementStatus
STATUS_ORDER = (S.ACTIVE, S.ONBOARDING, S.ON_HOLD, S.PROPOSED, S.CLOSED, S.CANCELLED)
HEALTH_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


def build_portfolio_data(store: Store, *, today: date | None = None, branding: Branding | None = None,
                         statuses: Iterable[EngagementStatus] | None = None) -> PortfolioData:
    """Every engagement (or those in ``statuses``), live work first and the worst health first."""
    today = today or date.today()
    wanted = list(statuses) if statuses is not None else list(STATUS_ORDER)
    with store.read() as s:
        brand = branding or load_branding(s)
        engagements = list(s.exec(
            select(Engagement.id, Engagement.code, Engagement.title, Engagement.status, Client.name)
            .join(Client, Client.id == Engagement.client_id)
            .where(Engagement.status.in_(wanted))))
        ids = [row[0] for row in engagements]
        next_milestone: dict[int, tuple[str, date | None]] = {}
        for eid, title, due in s.exec(
                select(Milestone.engagement_id, Milestone.title, Milestone.due_on)
                .where(Milestone.status.not_in(MilestoneStatus.DONE))
                .order_by(Milestone.engagement_id, Milestone.due_on.is_(None), Milestone.due_on,
                          Milestone.id)):
            next_milestone.setdefault(eid, (title, due))
        overdue = {eid: (int(n), oldest) for eid, n, oldest in s.exec(
            select(Communication.engagement_id, func.count(), func.min(Communication.follow_up_due))
            .where(Communication.follow_up_due < today, Communication.follow_up_done.is_(False))
            .group_by(Communication.engagement_id))}
    health = sources.assess_health_many(store, ids, today)
    compliance = sources.compliance_many(store, ids, today)
    rows = []
    for eid, code, title, status, client in engagements:
        live = status in S.LIVE
        milestone, due = next_milestone.get(eid, ("", None)) if live else ("", None)
        count, oldest = overdue.get(eid, (0, None))
        score = compliance[eid]
        rows.append(PortfolioRow(
            code=code, title=title, client_name=client, status=status.label, live=live,
            health=health.get(eid) if live else None,
            compliance_verified=score.verified, compliance_applicable=score.applicable, next_milestone=milestone,
            next_milestone_due=due, overdue_followups=count,
            oldest_overdue_days=(today - oldest).days if oldest else 0))
    # Within each status: the worst health first; engagements no longer in flight by code.
    order = {s.label: i for i, s in enumerate(STATUS_ORDER)}
    rows.sort(key=lambda r: (order.get(r.status, 99),
                             HEALTH_ORDER.get(r.health.status if r.health else None, 3), r.code))
    return PortfolioData(branding=brand, report_date=today, rows=tuple(rows))


def render_portfolio(data: PortfolioData, *, generated_at: datetime) -> bytes:
    theme = make_theme(data.branding.accent)
    size = page_size(data.branding.page_size, wide=True)
    width = content_width(size)
    story: list[Flowable] = [
        Paragraph("INTERNAL PORTFOLIO REVIEW", theme.kicker),
        Paragraph(f"Portfolio on {fmt_date(data.report_date)}", theme.title),
        Paragraph(f"{len(data.rows)} engagement{'s' if len(data.rows) != 1 else ''}: work in flight "
                  "first, the worst health first. Health covers engagements in flight.",
                  theme.subtitle),
        _tiles(data, theme, width), Spacer(1, 10),
    ]
    if data.rows:
        story.append(_table(data, theme, width))
    else:
        story.append(Paragraph("There are no engagements yet.", theme.muted))
    frame = PageFrame(firm_name=data.branding.firm_name, accent=data.branding.accent,
                      logo_path=data.branding.logo_path,
                      running_title=f"Portfolio review · {fmt_date(data.report_date)}",
                      marking="Internal", marking_note="For the firm's managers only. Not for clients.")
    return build_pdf(story, frame=frame, size=size, generated_at=generated_at,
                     title=f"Portfolio review {data.report_date.isoformat()}",
                     author=data.branding.firm_name, subject="Internal portfolio review")


def _tiles(data: PortfolioData, theme: Theme, width: float) -> Table:
    counts = {key: 0 for key in HEALTH_ORDER}
    for row in data.rows:
        if row.live:
            counts[row.health.status if row.health else None] += 1
    tiles = [(str(sum(1 for r in data.rows if r.status == S.ACTIVE.label)), "active", None)]
    tiles += [(str(counts[key]), HEALTH_LABELS[key].lower(), key) for key in ("red", "amber", "green")]
    if counts[None]:
        tiles.append((str(counts[None]), "not assessed", None))
    tiles.append((str(sum(r.overdue_followups for r in data.rows)), "overdue follow-ups", None))
    cells = []
    for number, label, key in tiles:
        colour = HEALTH_COLOURS[key].hexval()[2:] if key else "1F2933"
        cells.append([Paragraph(f'<font color="#{colour}">{number}</font>', theme.big_number),
                      Paragraph(markup(label), theme.small)])
    table = Table([cells], colWidths=[width / len(cells)] * len(cells), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
        ("LINEAFTER", (0, 0), (-2, 0), 2, "#FFFFFF"),
        ("LINEABOVE", (0, 0), (-1, 0), 2, theme.accent),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _health_cell(row: PortfolioRow, theme: Theme) -> Paragraph:
    if not row.live:
        return Paragraph('<font color="#5F6B7A">Not in flight</font>', theme.cell)
    status = row.health.status if row.health else None
    colour = HEALTH_COLOURS.get(status, HEALTH_COLOURS[None]).hexval()[2:]
    text = f'<font color="#{colour}"><b>● {HEALTH_LABELS.get(status, HEALTH_LABELS[None])}</b></font>'
    reasons = row.health.reasons if row.health else ()
    for reason in reasons[:4]:
        text += f'<br/><font size="7.5">– {markup(reason.text, line_breaks=False)}</font>'
    if len(reasons) > 4:
        text += f'<br/><font size="7.5">– and {len(reasons) - 4} more</font>'
    return Paragraph(text, theme.cell)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _table(data: PortfolioData, theme: Theme, width: float) -> Table:
    late = "#" + LATE.hexval()[2:]
    rows = []
    for r in data.rows:
        engagement = Paragraph(f"<b>{markup(r.code)}</b><br/>{markup(r.title)}<br/>"
                               f'<font size="7.5" color="#5F6B7A">{markup(r.client_name)}</font>',
                               theme.cell)
        compliance = Paragraph(markup(r.compliance_summary), theme.cell)
        if r.next_milestone:
            due = fmt_date(r.next_milestone_due, "no date")
            if r.next_milestone_due and r.next_milestone_due < data.report_date:
                due = f'<font color="{late}">{markup(due)}, overdue</font>'
            else:
                due = markup(due)
            milestone = Paragraph(f"{markup(r.next_milestone)}<br/><font size='7.5'>{due}</font>",
                                  theme.cell)
        else:
            milestone = Paragraph("—", theme.cell)
        if r.overdue_followups:
            follow = Paragraph(f'<font color="{late}"><b>{r.overdue_followups}</b></font><br/>'
                               f'<font size="7.5">oldest {_days(r.oldest_overdue_days)}</font>', theme.cell)
        else:
            follow = Paragraph("none", theme.cell)
        rows.append([engagement, r.status, _health_cell(r, theme), compliance, milestone, follow])
    widths = [width * f for f in (0.235, 0.09, 0.225, 0.185, 0.165, 0.10)]
    return data_table(theme, ["Engagement", "Status", "Health and reasons", "Compliance",
                              "Next milestone", "Overdue follow-ups"], rows, widths)

