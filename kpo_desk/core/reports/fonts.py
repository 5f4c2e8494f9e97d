"""The bundled report fonts, and the per-character fallback that lets one line mix scripts.

Reportlab's built-in fonts cover Latin-1 only, so the reports embed DejaVu Sans (Latin, Greek,
Cyrillic) and Droid Sans Fallback (CJK) from resources/fonts/. Text is set in DejaVu; runs of
characters DejaVu lacks are wrapped in the fallback font, so "東京 office" keeps its Latin
letters in the nicer face. All user text passes through :func:`markup`, which also escapes it:
a client name such as ``<b>`` or ``&amp;`` prints literally and can never break a Paragraph.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kpo_desk.core.resources import resource

SANS = "KpoSans"
SANS_BOLD = "KpoSans-Bold"
SANS_ITALIC = "KpoSans-Oblique"
SANS_BOLD_ITALIC = "KpoSans-BoldOblique"
FALLBACK = "KpoFallback"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}
_lock = threading.Lock()
_registered = False
_primary_chars: frozenset[int] = frozenset()
_fallback_chars: frozenset[int] = frozenset()
#: Characters a PDF text run must never carry (C0 controls other than tab and newline).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def register_fonts() -> None:
    """Register the bundled fonts with reportlab, once per process (thread-safe)."""
    global _registered, _primary_chars, _fallback_chars
    if _registered:
        return
    with _lock:
        if _registered:
            return
        fonts = {}
        for name, file_name in _FILES.items():
            fonts[name] = TTFont(name, str(resource("fonts", file_name)))
            pdfmetrics.registerFont(fonts[name])
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC,
                                      boldItalic=SANS_BOLD_ITALIC)
        pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK,
                                      boldItalic=FALLBACK)
        _primary_chars = frozenset(fonts[SANS].face.charToGlyph)
        _fallback_chars = frozenset(fonts[FALLBACK].face.charToGlyph)
        _registered = True


def clean(text: object) -> str:
    """User text as one printable string: ``None`` is empty, control characters go."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """Split ``text`` into (needs_fallback, chunk) runs, by which font has each character."""
    register_fonts()
    current: list[str] = []
    current_fallback = False
    for char in text:
        code = ord(char)
        fallback = code not in _primary_chars and code in _fallback_chars and not char.isspace()
        if current and fallback != current_fallback:
            yield current_fallback, "".join(current)
            current = []
        current_fallback = fallback
        current.append(char)
    if current:
        yield current_fallback, "".join(current)


def markup(text: object, *, line_breaks: bool = True) -> str:
    """Paragraph markup for user text: escaped, with fallback-font runs and kept line breaks."""
    plain = clean(text)
    parts = []
    for fallback, chunk in runs(plain):
        safe = escape(chunk)
        parts.append(f'<font name="{FALLBACK}">{safe}</font>' if fallback else safe)
    joined = "".join(parts)
    if line_breaks:
        joined = joined.replace("\r\n", "\n").replace("\n", "<br/>")
    else:
        joined = joined.replace("\r", " ").replace("\n", " ")
    return joined


def draw_text(canvas, x: float, y: float, text: object, font: str, size: float, *,
              align: str = "left") -> float:
    """Draw one line of user text straight on a canvas, with the fallback font where needed.

    Returns the width drawn. Used by page headers and footers, which are not Paragraphs.
    """
    plain = clean(text).replace("\n", " ")
    pieces = [(FALLBACK if fb else font, chunk) for fb, chunk in runs(plain)]
    width = sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for name, chunk in pieces:
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, name, size)
    return width


def fit_text(text: object, font: str, size: float, max_width: float) -> str:
    """Shorten one line with an ellipsis so that it fits ``max_width`` (headers never overflow)."""
    plain = clean(text).replace("\n", " ")

    def width(s: str) -> float:
        return sum(pdfmetrics.stringWidth(c, FALLBACK if fb else font, size) for fb, c in runs(s))

    if width(plain) <= max_width:
        return plain
    while plain and width(plain + "…") > max_width:
        plain = plain[:-1]
    return plain.rstrip() + "…"
