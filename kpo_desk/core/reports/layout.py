"""The client report's layout: it only draws a ``ReportData``; it never queries.

Every piece of user text goes through ``theme.para`` / ``fonts.markup`` (escaped, with the
CJK fallback font). Each section prints a short, plain sentence when it has nothing to show,
so a client never meets an empty heading.

Every fixed text is a msgid (``_("...")``, extracted by tests/core/test_report_catalogs.py) and
prints in the report's language (``ReportData.language``), with its dates, numbers and
percentages written as that locale writes them (:mod:`kpo_desk.core.i18n`). User text (the
summary, titles, names, notes) prints as typed.
"""

from __future__ import annotations

import re
import unicodedata
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

from kpo_desk.core.compliance import ComplianceScore
from kpo_desk.core.i18n import Translator, translations
from kpo_desk.core.reports.chart import burn_chart
from kpo_desk.core.reports.fonts import markup
from kpo_desk.core.reports.model import SECTION_TITLES, HealthReason, IPProtection, ReportData
from kpo_desk.core.reports.pages import PageFrame, build_pdf, content_width, page_size
from kpo_desk.core.reports.theme import (
    HEADER_FILL,
    LATE,
    Theme,
    data_table,
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


def _tr(data: ReportData) -> Translator:
    return translations(data.language)


def render_report(data: ReportData, *, generated_at: datetime) -> bytes:
    """The PDF bytes of one client report. Same data and moment, same bytes."""
    t = _tr(data)
    _ = t.gettext
    theme = make_theme(data.branding.accent)
    size = page_size(data.branding.page_size)
    width = content_width(size)
    e = data.engagement
    story: list[Flowable] = _title_block(data, theme, width)
    for key in data.sections:
        section = _SECTIONS[key](data, theme, width)
        if not section:
            continue
        heading = para(_(SECTION_TITLES[key]), theme.h2)
        if key in _KEEP_WHOLE:
            story.append(KeepTogether([heading, *section]))
        else:  # a heading never ends a page alone; long tables then split, header repeated
            story.extend([CondPageBreak(ROOM_FOR_SECTION), heading, *section])
    frame = PageFrame(
        firm_name=data.branding.firm_name, accent=data.branding.accent,
        logo_path=data.branding.logo_path,
        running_title=_("Status report · {code} · {date}").format(code=e.code,
                                                                  date=t.date(data.report_date,
                                                                             style="numeric")),
        marking=_caps(_(e.confidentiality), t),
        marking_note=_("Prepared for {client} Not for onward distribution.").format(
            client=_full_stop(e.client_name)),
        page_label=_("Page {page} of {total}"))
    return build_pdf(story, frame=frame, size=size, generated_at=generated_at,
                     title=_("Status report {code} {date}").format(code=e.code,
                                                                   date=data.period_end.isoformat()),
                     author=data.branding.firm_name, subject=f"{e.title} — {e.client_name}")


def _caps(text: str, t: Translator) -> str:
    """Upper case, as labels print; Greek capitals drop their accents, as Greek typesetting does."""
    upper = text.upper()
    if t.language == "el":
        upper = unicodedata.normalize("NFC", "".join(
            c for c in unicodedata.normalize("NFD", upper) if c not in ("\u0301", "\u0342")))
    return upper


def _full_stop(text: str) -> str:
    """``text`` ending a sentence: "Banco Horizonte S.A." keeps its one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _unbroken(text: str) -> str:
    """Spaces that never break a line, so that "23 Nov 2026" is never split over two."""
    return text.replace(" ", "\u00a0")


def _title_block(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    e = data.engagement
    period = f"{_unbroken(t.date(data.period_start))} – {_unbroken(t.date(data.period_end))}"
    facts = [(_("Client"), e.client_name), (_("Engagement"), e.code), (_("Reporting period"), period),
             (_("Report date"), t.date(data.report_date)),
             (_("Service"), _(e.service)), (_("Engagement lead"), e.lead_name or "—"),
             (_("Prepared for"), data.recipient or e.client_name), (_("Status"), _(e.status))]
    cells = [[para(_caps(label, t), theme.fact_label), para(value, theme.fact_value)]
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
    return [para(_("CLIENT STATUS REPORT"), theme.kicker), para(e.title, theme.title),
            para(f"{e.client_name} · {_(e.service)}", theme.subtitle), box, Spacer(1, 4)]


def _empty(theme: Theme, sentence: str) -> list[Flowable]:
    return [para(sentence, theme.muted)]


def _summary(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    if not data.summary:
        return []
    return [para(block, theme.body) for block in data.summary.split("\n\n") if block.strip()]


def _health(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    health = data.health
    status = health.status if health else None
    if status is None:
        reasons = [para(_("The health of this engagement has not been assessed for this "
                                      "report."), theme.muted)]
    elif health.reasons:
        reasons = [para(_reason(r, t), theme.bullet) for r in health.reasons]
        for p in reasons:
            p.bulletText = "•"
    elif status == "green":
        reasons = [para(_("Everything is on plan: there are no open concerns."), theme.body)]
    else:  # the reasons are internal (staffing, our own controls): say so, without detail
        reasons = [para(_("Our team is working on items on our side; none needs action "
                                      "from you."), theme.body)]
    table = Table([[pill(theme, status, width=30 * mm, translate=_), reasons]],
                  colWidths=[34 * mm, width - 34 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


def _reason(reason: HealthReason, t: Translator) -> str:
    """A client-facing reason in the report's language: its template translated and filled in
    (dates and numbers the locale's way), else its wording as the health engine gave it."""
    if reason.message is not None:
        text = t.message(reason.message).strip()
        return text[:1].upper() + text[1:] if text else text
    return _sentence(reason.client_text or reason.text, t)


def _sentence(text: str, t: Translator) -> str:
    """Health reasons are written as fragments ("deliverable 'X' is 3 days late", with ISO
    dates); a report prints them as sentences, with its dates spelled as everywhere else."""
    text = _ISO_DATE.sub(lambda m: _spelled_date(m, t), text.strip())
    return text[:1].upper() + text[1:] if text else text


def _spelled_date(match: re.Match[str], t: Translator) -> str:
    try:
        return t.date(date.fromisoformat(match.group(0)))
    except ValueError:  # "2026-02-30" in a title is not a date: leave it as typed
        return match.group(0)


def _overdue(t: Translator, days: int) -> str:
    return t.ngettext("{n} day overdue", "{n} days overdue", days).format(n=t.number(days))


def _late(theme: Theme, t: Translator, when: str, days: int) -> Paragraph:
    if days <= 0:
        return para(when, theme.cell)
    colour = "#" + LATE.hexval()[2:]
    return Paragraph(f'{markup(when)}<br/><font color="{colour}" size="7.5">'
                     f"{markup(_overdue(t, days))}</font>", theme.cell)


def _cell_date(t: Translator, value: date | None) -> str:
    """A date in a narrow table column: the locale's numeric form ("2.12.2026", "2026/12/2",
    "02/12/2026"), so that it never wraps; English keeps "2 Dec 2026"."""
    return t.date(value, style="numeric")


def _milestones(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    if not data.milestones:
        return _empty(theme, _("No milestones are scheduled for this engagement yet."))
    rows = [[m.title, _late(theme, t, _cell_date(t, m.due_on), m.overdue_days), _(m.status),
             _cell_date(t, m.delivered_on), _cell_date(t, m.accepted_on)] for m in data.milestones]
    return [data_table(theme, [_("Milestone or deliverable"), _("Due"), _("Status"), _("Delivered"),
                               _("Accepted")],
                       rows, [width * f for f in ((0.40, 0.16, 0.14, 0.15, 0.15) if t.english
                                                  else (0.31, 0.15, 0.20, 0.17, 0.17))],
                       upper=_upper(t))]


def _upper(t: Translator):  # noqa: ANN202 - a str -> str function
    return lambda text: _caps(text, t)


def compliance_summary(ip: IPProtection, t: Translator) -> str:
    """The compliance figure in the report's language. English is ``ComplianceScore.summary``
    itself ("7 of 17 verified (41 %)"); other languages word the same score's numbers."""
    score = ComplianceScore(ip.verified, ip.applicable)
    if t.english:
        return score.summary
    if not score.applicable:
        return t.gettext("no controls yet")
    return t.gettext("{verified} of {applicable} verified ({percent})").format(
        verified=t.number(score.verified), applicable=t.number(score.applicable),
        percent=t.percent(score.percent))


def _ip_protection(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    ip = data.ip_protection
    if ip is None or ip.applicable == 0:
        return _empty(theme, _("No IP-protection controls are recorded for this engagement yet."))
    tiles = [(t.number(ip.in_place), _("in place")),
             (t.number(ip.verified), _("verified by a second reviewer")),
             (t.number(ip.waived), _("waived by agreement")),
             (t.number(ip.outstanding), _("outstanding"))]
    cells = [[para(n, theme.big_number), para(label, theme.small)]
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
    figure = _("Required controls: {summary}.").format(summary=compliance_summary(ip, t))
    out: list[Flowable] = [para(figure, theme.body), table, Spacer(1, 6)]
    if ip.outstanding_controls:
        out.append(para(_("Controls still being put in place"), theme.h3))
        out.extend(_bullets(theme, ip.outstanding_controls))
    elif ip.outstanding == 0 and ip.waived == 0:
        out.append(para(_("All applicable controls are in place."), theme.body))
    if ip.client_actions:
        out.append(para(_("Actions on your side"), theme.h3))
        out.extend(_bullets(theme, ip.client_actions))
    if ip.waived_controls:
        out.append(para(_("Controls waived by agreement"), theme.h3))
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
    t = _tr(data)
    _ = t.gettext
    zone = data.engagement.client_timezone
    note = Paragraph(markup(_("Dates and times are in your time zone ({zone}).").format(zone=zone)),
                     theme.muted)
    if not data.communications:
        return _empty(theme, _("No communications were logged in this period."))
    rows = []
    for c in data.communications:
        when = Paragraph(f"{markup(_cell_date(t, c.occurred_local.date()))}<br/>"
                         f'<font size="7.5">{markup(fmt_time(c.occurred_local))}</font>', theme.cell)
        channel = Paragraph(f"{markup(_(c.channel))}<br/><font size='7.5'>{markup(_(c.direction))}</font>",
                            theme.cell)
        text = f"<b>{markup(c.subject or _('(no subject)'), bold=True)}</b>"
        if c.summary:
            text += f'<br/><font size="7.5">{markup(c.summary, line_breaks=False)}</font>'
        rows.append([when, channel, c.with_names or "—", Paragraph(text, theme.cell)])
    # other languages' channel and direction words are longer ("Εισερχόμενη", "Ausgehend")
    widths = (0.14, 0.11, 0.24, 0.51) if t.english else (0.15, 0.15, 0.22, 0.48)
    return [note, data_table(theme, [_("Date"), _("Channel"), _("With"), _("Subject and summary")], rows,
                             [width * f for f in widths], upper=_upper(t))]


def _actions(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    if not data.open_actions:
        return _empty(theme, _("There are no open actions."))
    rows = [[_late(theme, t, _cell_date(t, a.due_on), a.overdue_days), a.action or _("Follow-up"),
             a.with_names or "—"] for a in data.open_actions]
    return [data_table(theme, [_("Due"), _("Action"), _("With")], rows,
                       [width * f for f in (0.17, 0.58, 0.25)], upper=_upper(t))]


def _risks(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    if not data.risks:
        return _empty(theme, _("There are no open risks to report."))
    rows = [[Paragraph(f"<b>{markup(_(r.category), bold=True)}</b><br/>{markup(r.description)}", theme.cell),
             _(r.rating), r.mitigation or "—", _(r.status)] for r in data.risks]
    widths = (0.42, 0.11, 0.35, 0.12) if t.english else (0.36, 0.14, 0.33, 0.17)
    return [data_table(theme, [_("Risk"), _("Rating"), _("Mitigation"), _("Status")], rows,
                       [width * f for f in widths], upper=_upper(t))]


def _budget(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    burn = data.budget
    if burn is None:
        return []
    elapsed_days = (data.period_end - burn.start_on).days
    total_days = max((burn.end_on - burn.start_on).days, 1)
    elapsed = max(0.0, min(100.0, 100.0 * elapsed_days / total_days))
    caption = _("{used} of {budget} used ({percent}), with {elapsed} of the schedule elapsed "
                "({start} to {end}). Fee model: {fee_model}.").format(
        used=t.hours(burn.used_hours), budget=t.hours(burn.budget_hours),
        percent=t.percent(burn.percent_used), elapsed=t.percent(elapsed), start=t.date(burn.start_on),
        end=t.date(burn.end_on), fee_model=_(burn.fee_model))
    return [burn_chart(burn, theme.accent, width, t=t), Spacer(1, 4), para(caption, theme.muted)]


def _next_steps(data: ReportData, theme: Theme, width: float) -> list[Flowable]:
    t = _tr(data)
    _ = t.gettext
    if not data.next_steps:
        if data.milestone_count:
            return _empty(theme, _("All scheduled milestones are complete."))
        return _empty(theme, _("Next steps will be listed here once the milestones are agreed."))
    items = []
    for n, step in enumerate(data.next_steps, start=1):
        due = _("due {date}").format(date=t.date(step.due_on)) if step.due_on else _("date to be agreed")
        status = _(step.status)
        status = status.lower() if t.english else status
        note = f'<font color="#5F6B7A">({markup(status)})</font>'
        if step.overdue_days > 0:
            late = "#" + LATE.hexval()[2:]
            note = (f'<font color="#5F6B7A">({markup(status)},</font> '
                    f'<font color="{late}">{markup(_overdue(t, step.overdue_days))}</font>'
                    f'<font color="#5F6B7A">)</font>')
        p = Paragraph(f"<b>{markup(step.title, bold=True)}</b> — {markup(due)} {note}", theme.bullet)
        p.bulletText = f"{n}."
        items.append(p)
    return items


_SECTIONS = {
    "summary": _summary, "health": _health, "milestones": _milestones,
    "ip_protection": _ip_protection, "communications": _communications, "actions": _actions,
    "risks": _risks, "budget": _budget, "next_steps": _next_steps,
}
