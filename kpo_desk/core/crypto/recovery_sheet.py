"""The recovery sheet: one printable A4 page with a store's recovery key, shown once when
encryption is turned on (a new protected store, or Encrypt store…).

The page names the store (its path) and the day, prints the key in 12 large monospace groups of
five, and says what the key is for and how to keep it. The PDF is made in memory; it is written
to disk only where the person saves it (``write_recovery_sheet``, 0600). Output is deterministic
(reportlab's invariant mode): the same key, path and day give the same bytes.

The key is set in Courier (one of the PDF standard fonts: every viewer and printer has it, and
recovery keys use only digits and capital letters); every other line in the bundled Unicode fonts,
so a path such as ``/home/jürgen/東京/store.sqlite3`` prints whole.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from kpo_desk.core.files import write_private
from kpo_desk.core.wording import display_date

TITLE = "KPO Desk recovery key"
KEY_FONT = "Courier-Bold"
#: What the sheet tells its reader, in order (also read back by the tests).
INSTRUCTIONS = (
    "This key opens the store when its passphrase is forgotten. It is the only way back: without "
    "the passphrase and without this key, nobody can open the store, not even the makers of "
    "KPO Desk.",
    "Keep this sheet away from the computer: in a locked drawer or a safe, not in a file beside "
    "the store and not in an e-mail.",
    "Anyone who has this key and a copy of the store can read every client's data. Treat the "
    "sheet like the data itself.",
    "If the passphrase is forgotten: start KPO Desk, choose \u201cUse the recovery key\u2026\u201d "
    "on the unlock screen, type the twelve groups (capital letters or small, the hyphens may be "
    "left out), then choose a new passphrase. From the command line: kpo-desk recover "
    "--recovery-key-file FILE.",
    "Changing the passphrase does not change this key: the sheet stays valid.",
)


def key_groups(recovery_key: str) -> list[str]:
    """The recovery key's groups of five, as printed ("7K2QF-…" -> ["7K2QF", …])."""
    return [group for group in recovery_key.replace(" ", "").split("-") if group]


def recovery_sheet_pdf(*, store_path: Path, recovery_key: str, made_on: date) -> bytes:
    """The one-page recovery sheet as PDF bytes."""
    from reportlab.lib.colors import Color
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from kpo_desk.core.reports.fonts import SANS, SANS_BOLD, draw_text, register_fonts, wrap_text

    register_fonts()
    groups = key_groups(recovery_key)
    out = io.BytesIO()
    width, height = A4
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(TITLE)
    canvas.setAuthor("KPO Desk")
    canvas.setCreator("KPO Desk")
    canvas.setSubject("Recovery key of an encrypted KPO Desk store")
    left, right = 22 * mm, width - 22 * mm
    text_width = right - left
    ink, muted = Color(0.1, 0.1, 0.12), Color(0.38, 0.38, 0.42)

    y = height - 30 * mm
    canvas.setFillColor(ink)
    draw_text(canvas, left, y, TITLE, SANS_BOLD, 22)
    y -= 9 * mm
    canvas.setFillColor(muted)
    draw_text(canvas, left, y, "Print this page, or save it somewhere safe that is not this computer.",
              SANS, 10.5)

    y -= 13 * mm
    canvas.setFillColor(ink)
    for label, value in (("Store", str(store_path)), ("Made on", display_date(made_on))):
        draw_text(canvas, left, y, label, SANS_BOLD, 10.5)
        lines = wrap_text(value, SANS, 10.5, text_width - 28 * mm) or [""]
        for line in lines:
            draw_text(canvas, left + 28 * mm, y, line, SANS, 10.5)
            y -= 5.5 * mm
        y -= 1.5 * mm

    # The key: a ruled box, three rows of four groups, numbered so that a reader keeps their place.
    y -= 6 * mm
    rows = [groups[i:i + 4] for i in range(0, len(groups), 4)]
    row_height = 17 * mm
    box_height = row_height * len(rows) + 12 * mm
    canvas.setStrokeColor(ink)
    canvas.setLineWidth(1.4)
    canvas.roundRect(left, y - box_height, text_width, box_height, 4 * mm, stroke=1, fill=0)
    column = text_width / 4
    size = 24
    number = 1
    row_y = y - 6 * mm - row_height + 5 * mm
    for row in rows:
        for i, group in enumerate(row):
            centre = left + column * i + column / 2
            canvas.setFillColor(muted)
            canvas.setFont(SANS, 7.5)
            canvas.drawCentredString(centre, row_y + 9.5 * mm, str(number))
            canvas.setFillColor(ink)
            canvas.setFont(KEY_FONT, size)
            canvas.drawCentredString(centre, row_y, group)
            number += 1
        row_y -= row_height
    y -= box_height + 11 * mm

    canvas.setFillColor(ink)
    draw_text(canvas, left, y, "How to use and keep this key", SANS_BOLD, 13)
    y -= 8 * mm
    for i, paragraph in enumerate(INSTRUCTIONS, start=1):
        draw_text(canvas, left, y, f"{i}.", SANS_BOLD, 10.5)
        for line in wrap_text(paragraph, SANS, 10.5, text_width - 8 * mm):
            draw_text(canvas, left + 8 * mm, y, line, SANS, 10.5)
            y -= 5.3 * mm
        y -= 2.6 * mm

    canvas.setFillColor(muted)
    draw_text(canvas, left, 16 * mm, "Confidential: this page unlocks the store it names.", SANS, 8.5)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def write_recovery_sheet(target: Path, *, store_path: Path, recovery_key: str, made_on: date) -> Path:
    """Write the recovery sheet to ``target`` (whole or not at all, owner-only)."""
    from kpo_desk.core.errors import StoreError

    target = Path(target).expanduser()
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name such as recovery-key.pdf.")
    if not target.parent.is_dir():
        raise StoreError(f"The folder {target.parent} does not exist; the recovery sheet was not saved.")
    data = recovery_sheet_pdf(store_path=store_path, recovery_key=recovery_key, made_on=made_on)
    try:
        write_private(target, data)
    except OSError as exc:
        raise StoreError(f"The recovery sheet could not be saved to {target} ({exc.strerror or exc}).") from None
    return target
