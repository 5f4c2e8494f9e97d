"""The reports' look in one place: type scale, colours, tables, status pills and date formats.

Dates are spelled out with our own month names ("3 Nov 2026"): unambiguous across the
client's countries, and independent of the process locale (Qt sets it), so the same data
gives the same bytes from the GUI and from the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from kpo_desk.core.i18n import N_
from kpo_desk.core.reports.fonts import SANS, SANS_BOLD, is_bold, markup, register_fonts
from kpo_desk.core.wording import MONTHS, display_date

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#D5DAE1")
HEADER_FILL = colors.HexColor("#F3F5F8")
HEALTH_COLOURS = {"green": colors.HexColor("#2E7D32"), "amber": colors.HexColor("#B86E00"),
                  "red": colors.HexColor("#C62828"), None: colors.HexColor("#6B7280")}
HEALTH_LABELS = {"green": N_("On track"), "amber": N_("Needs attention"), "red": N_("At risk"),
                 None: N_("Health not assessed")}
LATE = colors.HexColor("#B42318")


def fmt_date(value: date | None, empty: str = "—") -> str:
    return display_date(value, empty)


def fmt_month(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def fmt_time(value: datetime) -> str:
    """Clock time with the zone's abbreviation (or UTC offset), as the client reads it."""
    zone = value.tzname() or ""
    return f"{value:%H:%M} {zone}".strip()


def fmt_hours(value: float) -> str:
    return f"{value:,.0f} h" if value >= 10 or value == int(value) else f"{value:,.1f} h"


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """``colour`` mixed with white; ``amount`` is how much of the colour is kept."""
    return colors.Color(1 - (1 - colour.red) * amount, 1 - (1 - colour.green) * amount,
                        1 - (1 - colour.blue) * amount)


@dataclass(frozen=True)
class Theme:
    accent: colors.Color
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    bullet: ParagraphStyle
    fact_label: ParagraphStyle
    fact_value: ParagraphStyle
    big_number: ParagraphStyle


def make_theme(accent_hex: str) -> Theme:
    register_fonts()
    accent = colors.HexColor(accent_hex)
    base = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13.5, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, spaceAfter=0)
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0)
    return Theme(
        accent=accent,
        body=base,
        small=small,
        muted=ParagraphStyle("muted", parent=base, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_head=ParagraphStyle("cell_head", parent=small, fontName=SANS_BOLD, textColor=MUTED,
                                 fontSize=7.5, leading=9.5),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        kicker=ParagraphStyle("kicker", parent=small, fontName=SANS_BOLD, textColor=accent,
                              fontSize=8, leading=10, spaceAfter=4),
        title=ParagraphStyle("title", parent=base, fontName=SANS_BOLD, fontSize=20, leading=25,
                             spaceAfter=3),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, textColor=MUTED,
                                spaceAfter=12),
        h2=ParagraphStyle("h2", parent=base, fontName=SANS_BOLD, fontSize=12.5, leading=16,
                          textColor=accent, spaceBefore=16, spaceAfter=7, keepWithNext=1),
        h3=ParagraphStyle("h3", parent=base, fontName=SANS_BOLD, fontSize=9.5, leading=13,
                          spaceBefore=6, spaceAfter=3, keepWithNext=1),
        bullet=ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=2),
        fact_label=ParagraphStyle("fact_label", parent=small, fontSize=7, leading=9, textColor=MUTED),
        fact_value=ParagraphStyle("fact_value", parent=cell, fontSize=9, leading=12),
        big_number=ParagraphStyle("big_number", parent=base, fontName=SANS_BOLD, fontSize=17,
                                  leading=21, spaceAfter=0),
    )


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of *user* text: always escaped (see fonts.markup); CJK in a bold style
    prints bold too."""
    return Paragraph(markup(text, bold=is_bold(style.fontName)), style)


def data_table(theme: Theme, header: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[float], *, extra: Sequence[tuple] = (),
               upper: Callable[[str], str] = str.upper) -> Table:
    """A report table: muted header repeated on every page, hairline rows, wrapped cells.

    Cells that are strings are escaped user text; Paragraphs and other flowables pass through.
    A table that splits never leaves one row alone: the header keeps its first two rows, and
    the last two rows travel together (no header over a single row on the next page).
    ``upper`` puts the header in capitals (Greek drops its accents there).
    """
    body = [[c if not isinstance(c, str) else para(c, theme.cell) for c in row] for row in rows]
    head = [para(upper(h), theme.cell_head) for h in header]
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, theme.accent),
        ("LINEBELOW", (0, 1), (-1, -1), 0.35, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        *_kept_together(len(body)),
        *extra,
    ]))
    return table


def _kept_together(rows: int) -> list[tuple]:
    if rows < 2:
        return []
    return [("NOSPLIT", (0, 0), (-1, 2)), ("NOSPLIT", (0, rows - 1), (-1, rows))]


def pill(theme: Theme, status: str | None, *, width: float = 92, size: float = 9,
         translate=None) -> Table:  # noqa: ANN001 - a gettext function
    """A rounded coloured label for a red/amber/green status (``translate``: its gettext)."""
    style = ParagraphStyle("pill", parent=theme.cell_bold, textColor=colors.white, fontSize=size,
                           leading=size + 3, alignment=1)
    label = HEALTH_LABELS.get(status, HEALTH_LABELS[None])
    table = Table([[para(translate(label) if translate else label, style)]],
                  colWidths=[width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HEALTH_COLOURS.get(status, HEALTH_COLOURS[None])),
        ("ROUNDEDCORNERS", [4, 4, 4, 4]),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table
