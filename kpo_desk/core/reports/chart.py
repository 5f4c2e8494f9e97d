"""The budget burn-up chart: hours used against a straight-line plan and the budget line."""

from __future__ import annotations

import math
from datetime import date, timedelta

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from kpo_desk.core.i18n import Translator, translations
from kpo_desk.core.reports.fonts import SANS, font_for_line, runs
from kpo_desk.core.reports.model import BudgetBurn
from kpo_desk.core.reports.theme import INK, MUTED, RULE

PLAN = colors.HexColor("#9AA5B1")
BUDGET = colors.HexColor("#C62828")


def _month_starts(first: date, last: date) -> list[date]:
    """First days of months between the dates, thinned to at most seven labels."""
    months, cursor = [], date(first.year, first.month, 1)
    while cursor <= last:
        if cursor >= first:
            months.append(cursor)
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    step = max(1, -(-len(months) // 7))
    return months[::step] or [first]


def _axis_scale(value: float) -> tuple[float, float]:
    """A round (maximum, step) for an hours axis just above ``value``, with about five steps."""
    raw = max(value, 1.0) * 1.05 / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)
    return step * math.ceil(max(value, 1.0) * 1.05 / step), step


def burn_chart(burn: BudgetBurn, accent: colors.Color, width: float, height: float = 150, *,
               t: Translator | None = None) -> Drawing:
    """The chart, labelled in ``t``'s language (English when None). A label with characters
    DejaVu lacks (Japanese, Chinese) is set wholly in the fallback font: a chart string has one
    font."""
    t = t or translations("en")
    _ = t.gettext
    first = burn.start_on
    last = max(burn.end_on, burn.actual[-1].on if burn.actual else burn.end_on)
    span = max((last - first).days, 1)
    top, step = _axis_scale(max(burn.budget_hours, burn.used_hours))

    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y = 38, 22
    plot.width, plot.height = width - 38 - 8, height - 22 - 28
    actual = [((p.on - first).days, p.hours) for p in burn.actual] or [(0, 0.0)]
    plan = [(0, 0.0), ((burn.end_on - first).days, burn.budget_hours)]
    budget_line = [(0, burn.budget_hours), (span, burn.budget_hours)]
    plot.data = [budget_line, plan, actual]
    for i, (colour, width_pt, dash) in enumerate([(BUDGET, 0.8, (3, 2)), (PLAN, 1.0, (4, 3)),
                                                  (accent, 2.0, None)]):
        plot.lines[i].strokeColor = colour
        plot.lines[i].strokeWidth = width_pt
        if dash:
            plot.lines[i].strokeDashArray = dash
    plot.joinedLines = 1

    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = 0, span
    ticks = _month_starts(first, last)
    x_axis.valueSteps = [(d - first).days for d in ticks]
    # an axis label has one font, and the CJK fallback has no digits: those axes say
    # "2026/12" and "400 h" rather than "2026年12月" and "400 時間"
    plain_axes = font_for_line(t.month(first) + t.hours(1), SANS) != SANS
    month = (lambda d: f"{d.year}/{d.month:02d}") if plain_axes else t.month
    hours = (lambda v: f"{t.number(v, decimals=0)} h") if plain_axes else (lambda v: t.hours(v, decimals=0))
    x_axis.labelTextFormat = lambda v: month(first + timedelta(days=int(round(v))))
    y_axis.valueMin, y_axis.valueMax = 0, top
    y_axis.valueStep = step
    y_axis.labelTextFormat = hours
    for axis in (x_axis, y_axis):
        axis.labels.fontName = SANS
        axis.labels.fontSize = 6.5
        axis.labels.fillColor = MUTED
        axis.strokeColor = RULE
    x_axis.tickDown = 2
    y_axis.tickLeft = 0
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = colors.HexColor("#ECEFF3")
    y_axis.gridStrokeWidth = 0.5
    x_axis.labels.dy = -3
    y_axis.labels.dx = -3
    drawing.add(plot)

    x = plot.x
    for colour, dash, label in [
            (accent, None, _("Hours used ({hours})").format(hours=t.hours(burn.used_hours))),
            (PLAN, (4, 3), _("Planned burn")),
            (BUDGET, (3, 2), _("Budget ({hours})").format(hours=t.hours(burn.budget_hours)))]:
        y = height - 9
        drawing.add(Line(x, y + 2.5, x + 16, y + 2.5, strokeColor=colour,
                         strokeWidth=2 if dash is None else 1.2, strokeDashArray=dash))
        x += 20
        for fallback, chunk in runs(label):  # Latin in DejaVu, CJK in the fallback font
            font = fallback or SANS
            drawing.add(String(x, y, chunk, fontName=font, fontSize=7, fillColor=INK))
            x += stringWidth(chunk, font, 7)
        x += 16
    return drawing
