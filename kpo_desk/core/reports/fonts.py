"""The bundled report fonts, and the per-character fallback that lets one line mix scripts.

Reportlab's built-in fonts cover Latin-1 only, so the reports embed DejaVu Sans (Latin, Greek,
Cyrillic), Droid Sans Fallback (CJK) and Symbola (emoji and symbols, in black and white) from
resources/fonts/. Text is set in DejaVu; each character DejaVu lacks is set in the first
fallback that has it, so "東京 office ✅" keeps its Latin letters in the nicer face.

Droid Sans Fallback has no bold weight, and a bold CJK font (Noto Sans CJK) is CFF-based,
which reportlab cannot embed. So bold CJK runs use ``KpoFallback-Bold``: the same glyphs,
drawn by :class:`BoldTextObject` as fill and stroke (PDF text render mode 2) with a thin line
of the text's own colour, a synthetic bold that reads as bold beside DejaVu Sans Bold. A bold
paragraph style or ``<b>`` picks it through the font family; :func:`draw_text` picks it for a
bold font.

A symbol that no bundled font has (an emoji newer than Unicode 9, say) is never left to print
as an empty box: it is replaced by its Unicode name in brackets, "[saluting face]". Emoji
modifiers that only matter in colour (skin tones) and invisible format characters that no font
draws are left out. All user text passes through :func:`markup`, which also escapes it: a
client name such as ``<b>`` or ``&amp;`` prints literally and can never break a Paragraph.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject

from kpo_desk.core.resources import resource

SANS = "KpoSans"
SANS_BOLD = "KpoSans-Bold"
SANS_ITALIC = "KpoSans-Oblique"
SANS_BOLD_ITALIC = "KpoSans-BoldOblique"
FALLBACK = "KpoFallback"
FALLBACK_BOLD = "KpoFallback-Bold"
SYMBOLS = "KpoSymbols"
#: The stroke width of the synthetic bold, as a share of the font size.
SYNTHETIC_BOLD_STROKE = 0.035
_BOLD_FONTS = frozenset({SANS_BOLD, SANS_BOLD_ITALIC})

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
    SYMBOLS: "Symbola_hint.ttf",
}
#: The fonts tried, in order, for a character the text's own font (DejaVu) lacks.
_FALLBACKS = (FALLBACK, SYMBOLS)
_lock = threading.Lock()
_registered = False
_primary_chars: frozenset[int] = frozenset()
_fallback_chars: dict[str, frozenset[int]] = {}
#: Characters a PDF text run must never carry (C0 controls other than tab and newline).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Skin-tone modifiers: colour only; in black and white they would print as a grey swatch.
_SKIN_TONES = range(0x1F3FB, 0x1F400)
#: What prints for a character no bundled font has and that has no Unicode name here.
UNKNOWN = "\u25a1"


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
        bold = TTFont.__new__(TTFont)  # the same face, parsed once, under its own name
        bold.__dict__.update(fonts[FALLBACK].__dict__)
        bold.fontName, bold.state = FALLBACK_BOLD, WeakKeyDictionary()
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD, italic=FALLBACK,
                                      boldItalic=FALLBACK_BOLD)
        pdfmetrics.registerFontFamily(FALLBACK_BOLD, normal=FALLBACK, bold=FALLBACK_BOLD,
                                      italic=FALLBACK, boldItalic=FALLBACK_BOLD)
        pdfmetrics.registerFontFamily(SYMBOLS, normal=SYMBOLS, bold=SYMBOLS, italic=SYMBOLS,
                                      boldItalic=SYMBOLS)
        _primary_chars = frozenset(fonts[SANS].face.charToGlyph)
        _fallback_chars = {name: frozenset(fonts[name].face.charToGlyph) for name in _FALLBACKS}
        if ttfonts.makeToUnicodeCMap is not _to_unicode_cmap:
            ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        _registered = True


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap
_WIDE_ENTRY = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.MULTILINE)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """Reportlab's ToUnicode CMap, with characters beyond U+FFFF (most emoji, CJK extension B)
    written as UTF-16 surrogate pairs as the PDF format wants. Reportlab writes them as five hex
    digits, which readers reject, so "🚀" could not be copied or searched out of a report."""

    def pair(match: re.Match[str]) -> str:
        utf16 = chr(int(match.group(2), 16)).encode("utf-16-be").hex().upper()
        return f"<{match.group(1)}> <{utf16}>"

    return _WIDE_ENTRY.sub(pair, _reportlab_to_unicode_cmap(fontname, subset))


def clean(text: object) -> str:
    """User text as one printable string: ``None`` is empty, control characters go."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def font_for(char: str) -> str | None:
    """The fallback font that draws ``char``; None for the text's own font (DejaVu has it, or
    nothing has it)."""
    register_fonts()
    code = ord(char)
    if code in _primary_chars or char.isspace():
        return None
    for name in _FALLBACKS:
        if code in _fallback_chars[name]:
            return name
    return None


def substitute(char: str) -> str:
    """What prints for a character: itself, or for one that no bundled font draws, a visible
    stand-in ("[saluting face]") or, for an invisible format character, nothing."""
    code = ord(char)
    if code in _SKIN_TONES:
        return ""
    register_fonts()
    if code in _primary_chars or char.isspace() or any(code in _fallback_chars[n] for n in _FALLBACKS):
        return char
    category = unicodedata.category(char)
    if category == "Cf" or _is_selector(code):
        return ""  # joiners, variation selectors, tags: they shape other characters, draw nothing
    if category.startswith("S"):
        name = unicodedata.name(char, "")
        return f"[{name.lower()}]" if name else UNKNOWN
    if category in ("Cn", "Co", "Cs"):  # newer than this Python's Unicode, or private use
        return UNKNOWN
    return char  # a letter of a script we carry no font for: kept, so it still copies out


def printable(text: str) -> str:
    """``text`` as it prints: each character through :func:`substitute`."""
    return "".join(map(substitute, text))


def _is_selector(code: int) -> bool:
    return 0xFE00 <= code <= 0xFE0F or 0xE0000 <= code <= 0xE01EF


def runs(text: str) -> Iterator[tuple[str | None, str]]:
    """Split ``text`` into (fallback font or None, chunk) runs, by which font draws each
    character, with :func:`substitute` applied."""
    register_fonts()
    current: list[str] = []
    current_font: str | None = None
    for original in text:
        for char in substitute(original):
            font = font_for(char)
            if current and font != current_font:
                yield current_font, "".join(current)
                current = []
            current_font = font
            current.append(char)
    if current:
        yield current_font, "".join(current)


def is_bold(font: str) -> bool:
    return font in _BOLD_FONTS


def markup(text: object, *, line_breaks: bool = True, bold: bool = False) -> str:
    """Paragraph markup for user text: escaped, with fallback-font runs and kept line breaks.
    ``bold``: the text is set bold (a bold style or inside ``<b>``), so CJK runs take the
    synthetic bold; a ``<font name>`` tag would otherwise reset reportlab's bold flag."""
    plain = clean(text)
    parts = []
    for font, chunk in runs(plain):
        if bold and font == FALLBACK:
            font = FALLBACK_BOLD
        safe = escape(chunk)
        parts.append(f'<font name="{font}">{safe}</font>' if font else safe)
    joined = "".join(parts)
    if line_breaks:
        joined = joined.replace("\r\n", "\n").replace("\n", "<br/>")
    else:
        joined = joined.replace("\r", " ").replace("\n", " ")
    return joined


def text_width(text: object, font: str, size: float) -> float:
    """The width of one line of user text as :func:`draw_text` draws it."""
    plain = clean(text).replace("\n", " ")
    return sum(pdfmetrics.stringWidth(chunk, fb or font, size) for fb, chunk in runs(plain))


def draw_text(canvas, x: float, y: float, text: object, font: str, size: float, *,
              align: str = "left") -> float:
    """Draw one line of user text straight on a canvas, with the fallback fonts where needed.

    Returns the width drawn. Used by page headers and footers, which are not Paragraphs.
    """
    plain = clean(text).replace("\n", " ")
    pieces = [(fb or font, chunk) for fb, chunk in runs(plain)]
    width = sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for name, chunk in pieces:
        if name == FALLBACK and font in _BOLD_FONTS:
            name = FALLBACK_BOLD
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, name, size)
    return width


def font_for_line(text: str, font: str) -> str:
    """One font for a whole line (a chart label has only one): ``font``, or the CJK fallback
    (which has Latin letters too) when the line has characters only the fallback draws."""
    return FALLBACK if any(font_for(c) == FALLBACK for c in text) else font


class BoldTextObject(PDFTextObject):
    """A text object that draws ``KpoFallback-Bold`` runs as fill and stroke (synthetic bold).

    The stroke takes the fill colour; render mode, line width and stroke colour are set back
    after each run, so nothing drawn later is affected."""

    def _formatText(self, text):  # noqa: ANN001, ANN202, N802 - reportlab's name
        code = super()._formatText(text)
        if self._fontname != FALLBACK_BOLD or not code:
            return code
        canvas = self._canvas
        fill = _rgb(getattr(self, "_fillColorObj", None) or getattr(canvas, "_fillColorObj", None))
        before = (f"{fp_str(*(fill or (0, 0, 0)))} RG "
                  f"{fp_str(self._fontsize * SYNTHETIC_BOLD_STROKE)} w 2 Tr ")
        after = f" 0 Tr {fp_str(canvas._lineWidth)} w"
        stroke = _rgb(getattr(canvas, "_strokeColorObj", None))
        if stroke:
            after += f" {fp_str(*stroke)} RG"
        return before + code + after


def _rgb(colour: object) -> tuple[float, float, float] | None:
    """(r, g, b) of a reportlab colour or a grey/RGB tuple; None when unknown."""
    rgb = getattr(colour, "rgb", None)
    if rgb is not None:
        return tuple(rgb())
    if isinstance(colour, tuple) and len(colour) == 3:
        return colour
    return None


def begin_text(canvas, x: float = 0, y: float = 0, direction=None) -> BoldTextObject:  # noqa: ANN001
    """What a report canvas's ``beginText`` returns: a text object that can embolden CJK."""
    return BoldTextObject(canvas, x, y, direction=direction)


def fit_text(text: object, font: str, size: float, max_width: float) -> str:
    """Shorten one line with an ellipsis so that it fits ``max_width`` (headers never overflow).

    Only for text that may be shortened; a marking that must print whole uses :func:`fit_lines`.
    """
    plain = clean(text).replace("\n", " ")
    if text_width(plain, font, size) <= max_width:
        return plain
    while plain and text_width(plain + "…", font, size) > max_width:
        plain = plain[:-1]
    return plain.rstrip() + "…"


def wrap_text(text: object, font: str, size: float, max_width: float) -> list[str]:
    """``text`` broken into lines no wider than ``max_width``, never shortened: lines break at
    spaces and between CJK characters, and a word longer than a line is split where it must."""
    plain = " ".join(clean(text).split())
    lines: list[str] = []
    line = ""
    for token in _tokens(plain):
        if text_width(line + token.rstrip(), font, size) <= max_width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token
        while len(line.rstrip()) > 1 and text_width(line.rstrip(), font, size) > max_width:
            cut = len(line.rstrip()) - 1
            while cut > 1 and text_width(line[:cut], font, size) > max_width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit_lines(text: object, font: str, size: float, max_width: float, *, max_lines: int = 2,
              min_size: float = 5.5) -> tuple[float, list[str]]:
    """(size, lines) for text that must print whole: wrapped at ``size`` in at most
    ``max_lines`` lines, or at a smaller size (not below ``min_size``) when it needs more. At
    ``min_size`` every line is returned however many there are: nothing is ever cut."""
    while True:
        lines = wrap_text(text, font, size, max_width)
        if len(lines) <= max_lines or size <= min_size:
            return size, lines
        size = max(min_size, size - 0.5)


def _wide(char: str) -> bool:
    """A CJK ideograph or kana: a line may break before and after it."""
    return font_for(char) == FALLBACK and unicodedata.category(char) == "Lo"


def _tokens(text: str) -> Iterator[str]:
    """The pieces a line may end after: a word with the spaces after it, or one CJK character.
    Closing punctuation stays with what it follows."""
    current = ""
    for char in text:
        breaks = current and not char.isspace() and (
            current[-1].isspace()
            or ((_wide(char) or _wide(current[-1]))
                and unicodedata.category(char) not in ("Pe", "Pf", "Po")))
        if breaks:
            yield current
            current = ""
        current += char
    if current:
        yield current
