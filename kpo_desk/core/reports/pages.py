"""What every page carries, and the one function that turns a story into PDF bytes.

The branded header, the confidentiality marking and "Page X of Y" are drawn by a canvas
subclass that holds each page back until the total is known (reportlab's usual recipe).
Output is deterministic: invariant mode, and the PDF's creation date is the report record's
``generated_at`` rather than the clock, so re-printing a record gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from kpo_desk.core.reports.fonts import (
    SANS,
    SANS_BOLD,
    begin_text,
    draw_text,
    fit_lines,
    fit_text,
    register_fonts,
    text_width,
)
from kpo_desk.core.reports.theme import MUTED, RULE

MARGIN_X = 20 * mm
MARGIN_TOP = 31 * mm
MARGIN_BOTTOM = 24 * mm
HEADER_RULE_Y = 21 * mm  # from the top edge
FOOTER_Y = 11 * mm
LOGO_HEIGHT = 10 * mm
LOGO_MAX_WIDTH = 38 * mm
FRAME_PAD_Y = 6  # points above and below the text area


@dataclass(frozen=True)
class PageFrame:
    """The running header and footer of a report."""

    firm_name: str
    accent: str
    running_title: str
    marking: str
    marking_note: str = ""
    logo_path: str = ""
    #: "Page X of Y" in the report's language: a template with {page} and {total}.
    page_label: str = "Page {page} of {total}"


def page_size(name: str, *, wide: bool = False) -> tuple[float, float]:
    size = LETTER if name == "Letter" else A4
    return landscape(size) if wide else size


def _record_stamp(generated_at: datetime) -> TimeStamp:
    """A reportlab TimeStamp fixed at the record's moment (UTC), used for CreationDate."""
    stamp = TimeStamp(invariant=1)
    moment = generated_at.astimezone(UTC)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(moment.timetuple())[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


def _logo(path: str) -> ImageReader | None:
    """The firm's logo, or None when it is unset, missing or not an image we can read."""
    if not path:
        return None
    file = Path(path).expanduser()
    if not file.is_file():
        return None
    try:
        reader = ImageReader(str(file))
        reader.getSize()
    except Exception:  # noqa: BLE001 - a bad logo must never stop a report
        return None
    return reader


class _FramedCanvas(Canvas):
    """Holds each page until the total is known, then draws header, marking and page number."""

    def __init__(self, *args, page_frame: PageFrame, generated_at: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = _record_stamp(generated_at)
        self._page_frame = page_frame
        self._logo = _logo(page_frame.logo_path)
        self._held_pages: list[dict] = []

    def beginText(self, x: float = 0, y: float = 0, direction=None):  # noqa: ANN001, ANN201, N802
        return begin_text(self, x, y, direction)

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        frame = self._page_frame
        width, height = self._pagesize
        accent = colors.HexColor(frame.accent)
        self.saveState()
        # -- header: logo and firm name on the left, the running title on the right
        baseline = height - HEADER_RULE_Y + 3.2 * mm
        x = MARGIN_X
        if self._logo is not None:
            iw, ih = self._logo.getSize()
            w = min(LOGO_HEIGHT * iw / ih, LOGO_MAX_WIDTH)
            h = w * ih / iw
            self.drawImage(self._logo, x, baseline - 1 * mm, w, h, mask="auto")
            x += w + 3 * mm
        right_room = (width - 2 * MARGIN_X) * 0.45
        # a short firm name leaves the running title the rest ("Rapport d'avancement · …")
        firm_width = text_width(frame.firm_name, SANS_BOLD, 10.5)
        right_room = max(right_room, width - MARGIN_X - x - firm_width - 12 * mm)
        self.setFillColor(colors.HexColor("#1F2933"))
        firm = fit_text(frame.firm_name, SANS_BOLD, 10.5, width - MARGIN_X - x - right_room - 6 * mm)
        draw_text(self, x, baseline, firm, SANS_BOLD, 10.5)
        self.setFillColor(MUTED)
        running = fit_text(frame.running_title, SANS, 8, right_room)
        draw_text(self, width - MARGIN_X, baseline, running, SANS, 8, align="right")
        self.setStrokeColor(accent)
        self.setLineWidth(1.2)
        self.line(MARGIN_X, height - HEADER_RULE_Y, width - MARGIN_X, height - HEADER_RULE_Y)
        # -- footer: the confidentiality marking on every page, and "Page X of Y"
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, FOOTER_Y + 4.5 * mm, width - MARGIN_X, FOOTER_Y + 4.5 * mm)
        page_label = frame.page_label.format(page=self._pageNumber, total=total)
        self.setFillColor(accent)
        used = draw_text(self, MARGIN_X, FOOTER_Y, frame.marking.upper(), SANS_BOLD, 7.5)
        if frame.marking_note:  # never cut: wrapped under itself (the widest page label's room)
            self.setFillColor(MUTED)
            x = MARGIN_X + used + 2.5 * mm
            widest = frame.page_label.format(page=total, total=total)
            room = width - MARGIN_X - x - text_width(widest, SANS, 7.5) - 6 * mm
            size, lines = fit_lines(frame.marking_note, SANS, 7.5, room)
            for n, line in enumerate(lines):
                draw_text(self, x, FOOTER_Y - n * (size + 1.5), line, SANS, size)
        self.setFillColor(MUTED)
        draw_text(self, width - MARGIN_X, FOOTER_Y, page_label, SANS, 7.5, align="right")
        self.restoreState()


def build_pdf(story: Sequence[Flowable], *, frame: PageFrame, size: tuple[float, float],
              generated_at: datetime, title: str, author: str, subject: str) -> bytes:
    """Lay out ``story`` on framed pages and return the PDF bytes (no file is touched)."""
    register_fonts()
    # Binary (Flate-only) streams: ASCII85 would make the file a quarter bigger and slower to
    # write, for the sake of 7-bit mail transports nobody uses for PDFs any more.
    rl_config.useA85 = 0
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                          author=author, subject=subject, creator="KPO Desk", invariant=1,
                          initialFontName=SANS)
    # No side padding: tables and text line up with the header rule and the footer, and a
    # table ``content_width`` wide ends exactly at the right margin instead of past it.
    body = Frame(MARGIN_X, MARGIN_BOTTOM, content_width(size), size[1] - MARGIN_TOP - MARGIN_BOTTOM,
                 leftPadding=0, rightPadding=0, topPadding=FRAME_PAD_Y, bottomPadding=FRAME_PAD_Y,
                 id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[body])])

    def canvas_maker(*args, **kwargs) -> _FramedCanvas:
        return _FramedCanvas(*args, page_frame=frame, generated_at=generated_at, **kwargs)

    doc.build(list(story), canvasmaker=canvas_maker)
    return buffer.getvalue()


def content_width(size: tuple[float, float]) -> float:
    return size[0] - 2 * MARGIN_X
