"""The client report's layout: it only draws a ``ReportData``; it never queries.

Every piece of user text goes through ``theme.para`` / ``fonts.markup`` (escaped, with the
CJK fallback font). Each section prints a short, plain sentence when it has nothing to show,
so a client never meets an empty heading.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kpo_desk.core.reports.chart import burn_chart
from kpo_desk.core.reports.fonts import markup
from kpo_desk.core.reports.model import SECTION_TITLES, ReportData
from kpo_desk.core.reports.pages import PageFrame, build_pdf, content_width, page_size
from kpo_desk.core.reports.theme import (
    HEADER_FILL,
    LATE,
    Theme,
    data_table,
    fmt_date,
    fmt_hours,
    fmt_time,
    make_theme,
    para,
    pill,
)

#: Space a section needs below its heading, or it starts on the next page.
ROOM_FOR_SECTION = 40 * mm
#: Sections printed in one piece (a chart is never cut from its caption).
_KEEP_WHOLE = {"budget", "health", "next_steps"}
_ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")


def render_report(data: ReportData, *, generated_at: datetime) -> bytes:
    """The PDF bytes of one client report. Same data and moment, same bytes."""
    theme = make_theme(data.branding.accent)
    size = page_size(data.branding.page_size)
    width = content_width(size)
    e = data.engagement
    story: list[Flowable] = _title_block(data, theme, width)
    for key in data.sections:
        section = _SECTIONS[key](data, theme, width)
        if not section:
            continue
        heading = Paragraph(SECTION_TITLES[key], theme.h2)
        if key in _KEEP_WHOLE:
            story.append(KeepTogether([heading, *section]))
        else:  # a heading never ends a page alone; long tables then split, header repeated
            story.extend([CondPageBreak(ROOM_FOR_SECTION), heading, *section])
    frame = PageFrame(
        firm_name=data.branding.firm_name, accent=data.branding.accent,
        logo_path=data.branding.logo_path,
        running_title=f"Status report · {e.code} · {fmt_date(data.report_date)}",
        marking=e.confidentiality,
        marking_note=f"Prepared for {_full_stop(e.client_name)} Not for onward distribution.")
    return build_pdf(story, frame=frame, size=size, generated_at=generated_at,
                     title=f"Status report {e.code} {data.period_end.isoformat()}",
                     author=data.branding.firm_name, subject=f"{e.title} — {e.client_name}")


def _full_stop(text: str) -> str:
    """``text`` ending a sentence: "Banco Horizonte S.A." keeps its one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _unbroken(text: str) -> str:
    """Spaces that never break a line, so that "23 Nov 2026" is never split over two."""
    return text.replace(" ", "\u00a0")


def _title_block(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    e = data.engagement
    period = f"{_unbroken(fmt_date(data.period_start))} – {_unbroken(fmt_date(data.period_end))}"
    facts = [("Client", e.client_name), ("Engagement", e.code), ("Reporting period", period),
             ("Report date", fmt_date(data.report_date)),
             ("Service", e.service), ("Engagement lead", e.lead_name or "—"),
             ("Prepared for", data.recipient or e.client_name), ("Status", e.status)]
    cells = [[Paragraph(markup(label).upper(), theme.fact_label), para(value, theme.fact_value)]
             for label, value in facts]
    grid = [[*cells[i][:1], *cells[i + 1][:1], *cells[i + 2][:1], *cells[i + 3][:1]] for i in (0, 4)]
    values = [[*cells[i][1:], *cells[i + 1][1:], *cells[i + 2][1:], *cells[i + 3][1:]] for i in (0, 4)]
    rows = [grid[0], values[0], grid[1], values[1]]
    box = Table(rows, colWidths=[width * f for f in (0.28, 0.24, 0.29, 0.19)], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), 8), ("TOPPADDING", (0, 2), (-1, 2), 7),
        ("BOTTOMPADDING", (0, 3), (-1, 3), 8),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, theme.accent),
    ]))
    return [Paragraph("CLIENT STATUS REPORT", theme.kicker), para(e.title, theme.title),
            para(f"{e.client_name} · {e.service}", theme.subtitle), box, Spacer(1, 4)]


def _empty(theme: Theme, sentence: str) -> list[Flowable]:
    return [Paragraph(sentence, theme.muted)]


def _summary(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    if not data.summary:
        return []
    return [para(block, theme.body) for block in data.summary.split("\n\n") if block.strip()]


def _health(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    health = data.health
    status = health.status if health else None
    if status is None:
        reasons = [Paragraph("The health of this engagement has not been assessed for this report.",
                             theme.muted)]
    elif health.reasons:
        reasons = [para(_sentence(r.client_text or r.text), theme.bullet) for r in health.reasons]
        for p in reasons:
            p.bulletText = "•"
    elif status == "green":
        reasons = [Paragraph("Everything is on plan: there are no open concerns.", theme.body)]
    else:  # the reasons are internal (staffing, our own controls): say so, without detail
        reasons = [Paragraph("Our team is working on items on our side; none needs action from you.",
                             theme.body)]
    table = Table([[pill(theme, status, width=30 * mm), reasons]],
                  colWidths=[34 * mm, width - 34 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


def _sentence(text: str) -> str:
    """Health reasons are written as fragments ("deliverable 'X' is 3 days late", with ISO
    dates); a report prints them as sentences, with its dates spelled as everywhere else."""
    text = _ISO_DATE.sub(_spelled_date, text.strip())
    return text[:1].upper() + text[1:] if text else text


def _spelled_date(match: re.Match[str]) -> str:
    try:
        return fmt_date(date.fromisoformat(match.group(0)))
    except ValueError:  # "2026-02-30" in a title is not a date: leave it as typed
        return match.group(0)


def _late(theme: Theme, when: str, days: int) -> Paragraph:
    if days <= 0:
        return para(when, theme.cell)
    plural = "s" if days != 1 else ""
    colour = "#" + LATE.hexval()[2:]
    return Paragraph(f'{markup(when)}<br/><font color="{colour}" size="7.5">{days} day{plural} '
                     f"overdue</font>", theme.cell)


def _milestones(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    if not data.milestones:
        return _empty(theme, "No milestones are scheduled for this engagement yet.")
    rows = [[m.title, _late(theme, fmt_date(m.due_on), m.overdue_days), m.status,
             fmt_date(m.delivered_on), fmt_date(m.accepted_on)] for m in data.milestones]
    return [data_table(theme, ["Milestone or deliverable", "Due", "Status", "Delivered", "Accepted"],
                       rows, [width * f for f in (0.40, 0.16, 0.14, 0.15, 0.15)])]


def _ip_protection(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    ip = data.ip_protection
    if ip is None or ip.applicable == 0:
        return _empty(theme, "No IP-protection controls are recorded for this engagement yet.")
    tiles = [(f"{ip.in_place}", "in place"), (f"{ip.verified}", "verified by a second reviewer"),
             (f"{ip.waived}", "waived by agreement"), (f"{ip.outstanding}", "outstanding")]
    cells = [[Paragraph(markup(n), theme.big_number), Paragraph(markup(label), theme.small)]
             for n, label in tiles]
    table = Table([cells], colWidths=[width / len(tiles)] * len(tiles), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
        ("LINEAFTER", (0, 0), (-2, 0), 2, "#FFFFFF"),
        ("LINEABOVE", (0, 0), (-1, 0), 2, theme.accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
    ]))
    out: list[Flowable] = [Paragraph(markup(f"Required controls: {ip.summary}."), theme.body), table,
                           Spacer(1, 6)]
    if ip.outstanding_controls:
        out.append(Paragraph("Controls still being put in place", theme.h3))
        out.extend(_bullets(theme, ip.outstanding_controls))
    elif ip.outstanding == 0 and ip.waived == 0:
        out.append(Paragraph("All applicable controls are in place.", theme.body))
    if ip.client_actions:
        out.append(Paragraph("Actions on your side", theme.h3))
        out.extend(_bullets(theme, ip.client_actions))
    if ip.waived_controls:
        out.append(Paragraph("Controls waived by agreement", theme.h3))
        out.extend(_bullets(theme, ip.waived_controls))
    return out


def _bullets(theme: Theme, texts: tuple[str, ...]) -> list[Flowable]:
    items = []
    for text in texts:
        p = para(text, theme.bullet)
        p.bulletText = "•"
        items.append(p)
    return items


def _communications(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    zone = data.engagement.client_timezone
    note = Paragraph(f"Dates and times are in your time zone ({markup(zone)}).", theme.muted)
    if not data.communications:
        return _empty(theme, "No communications were logged in this period.")
    rows = []
    for c in data.communications:
        when = Paragraph(f"{markup(fmt_date(c.occurred_local.date()))}<br/>"
                         f'<font size="7.5">{markup(fmt_time(c.occurred_local))}</font>', theme.cell)
        channel = Paragraph(f"{markup(c.channel)}<br/><font size='7.5'>{markup(c.direction)}</font>",
                            theme.cell)
        text = f"<b>{markup(c.subject or '(no subject)')}</b>"
        if c.summary:
            text += f'<br/><font size="7.5">{markup(c.summary, line_breaks=False)}</font>'
        rows.append([when, channel, c.with_names or "—", Paragraph(text, theme.cell)])
    return [note, data_table(theme, ["Date", "Channel", "With", "Subject and summary"], rows,
                             [width * f for f in (0.14, 0.11, 0.24, 0.51)])]


def _actions(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    if not data.open_actions:
        return _empty(theme, "There are no open actions.")
    rows = [[_late(theme, fmt_date(a.due_on), a.overdue_days), a.action, a.with_names or "—"]
            for a in data.open_actions]
    return [data_table(theme, ["Due", "Action", "With"], rows,
                       [width * f for f in (0.17, 0.58, 0.25)])]


def _risks(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    if not data.risks:
        return _empty(theme, "There are no open risks to report.")
    rows = [[Paragraph(f"<b>{markup(r.category)}</b><br/>{markup(r.description)}", theme.cell),
             r.rating, r.mitigation or "—", r.status] for r in data.risks]
    return [data_table(theme, ["Risk", "Rating", "Mitigation", "Status"], rows,
                       [width * f for f in (0.42, 0.11, 0.35, 0.12)])]


def _budget(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    burn = data.budget
    if burn is None:
        return []
    elapsed_days = (data.period_end - burn.start_on).days
    total_days = max((burn.end_on - burn.start_on).days, 1)
    elapsed = max(0.0, min(100.0, 100.0 * elapsed_days / total_days))
    caption = (f"{fmt_hours(burn.used_hours)} of {fmt_hours(burn.budget_hours)} used "
               f"({burn.percent_used:.0f}%), with {elapsed:.0f}% of the schedule elapsed "
               f"({fmt_date(burn.start_on)} to {fmt_date(burn.end_on)}). Fee model: {burn.fee_model}.")
    return [burn_chart(burn, theme.accent, width), Spacer(1, 4), para(caption, theme.muted)]


def _next_steps(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    if not data.next_steps:
        if data.milestone_count:
            return _empty(theme, "All scheduled milestones are complete.")
        return _empty(theme, "Next steps will be listed here once the milestones are agreed.")
    items = []
    for n, step in enumerate(data.next_steps, start=1):
        due = f"due {fmt_date(step.due_on)}" if step.due_on else "date to be agreed"
        note = f'<font color="#5F6B7A">({markup(step.status.lower())})</font>'
        if step.overdue_days > 0:
            late = "#" + LATE.hexval()[2:]
            days = f"{step.overdue_days} day{'s' if step.overdue_days != 1 else ''}"
            note = (f'<font color="#5F6B7A">({markup(step.status.lower())},</font> '
                    f'<font color="{late}">{days} overdue</font><font color="#5F6B7A">)</font>')
        p = Paragraph(f"<b>{markup(step.title)}</b> — {markup(due)} {note}", theme.bullet)
        p.bulletText = f"{n}."
        items.append(p)
    return items


_SECTIONS = {
    "summary": _summary, "health": _health, "milestones": _milestones,
    "ip_protection": _ip_protection, "communications": _communications, "actions": _actions,
    "risks": _risks, "budget": _budget, "next_steps": _next_steps,
}
