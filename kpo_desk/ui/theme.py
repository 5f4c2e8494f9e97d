"""Light and dark, following the system. Fusion takes the platform palette where the platform
gives one; where it only reports "dark" (or KPO_DESK_THEME=dark asks for it), a dark palette is set.

Icons are SVGs drawn in one ink colour; ``themed_icon`` redraws them in a colour that stands out
on the current palette (and in the highlighted-text colour when their row is selected), so that
they stay legible in the dark theme."""

from __future__ import annotations

import os
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QWidget,
)

from kpo_desk.core.resources import resource

R = QPalette.ColorRole
#: The colour the icon files under resources/icons are drawn in.
ICON_INK = "#4a6f8f"
#: The least contrast (WCAG ratio, as for text) an icon keeps against what it is drawn on.
MIN_ICON_CONTRAST = 4.5


def dark_palette() -> QPalette:
    p = QPalette()
    colours = {
        R.Window: "#2b2d30", R.WindowText: "#e6e6e6", R.Base: "#1f2023", R.AlternateBase: "#282a2e",
        R.ToolTipBase: "#3a3d41", R.ToolTipText: "#f0f0f0", R.Text: "#e6e6e6", R.Button: "#36383c",
        R.ButtonText: "#e6e6e6", R.BrightText: "#ff6b6b", R.Highlight: "#2f6eb5", R.HighlightedText: "#ffffff",
        R.Link: "#6fb1ff", R.PlaceholderText: "#8a8f98", R.Mid: "#55585e", R.Dark: "#1a1b1e", R.Light: "#45484d",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (R.Text, R.WindowText, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7e85"))
    return p


def wanted_scheme(app: QApplication) -> Qt.ColorScheme:
    choice = os.environ.get("KPO_DESK_THEME", "").lower()
    if choice == "dark":
        return Qt.ColorScheme.Dark
    if choice == "light":
        return Qt.ColorScheme.Light
    return app.styleHints().colorScheme()


@lru_cache(maxsize=1)
def _dialog_button_icons() -> frozenset[QStyle.StandardPixmap]:
    """The icons a dialog button box puts on its standard buttons (Qt asks the style for them
    only on platforms whose theme wants icons there, as X11's does). Listed when first asked:
    PySide builds QStyle's enums on their first use, about 9 ms, not to be spent on import."""
    return frozenset(pixmap for name, pixmap in QStyle.StandardPixmap.__members__.items()
                     if (name.startswith("SP_Dialog") and name.endswith("Button"))
                     or name == "SP_RestoreDefaultsButton")


class DeskStyle(QProxyStyle):
    """The app's style (Fusion underneath) with no icons on dialog buttons. The platform's
    standard icons (Close, Save, Cancel) are drawn in black, which vanishes on the dark theme's
    grey buttons; the buttons' words say it all, in either theme.

    It gives those buttons an empty icon, rather than answering "no icons" to the style hint:
    Qt asks for style hints hundreds of times a paint, and an answer from Python costs a few
    microseconds each (a tenth of the time a list takes to paint), where a button's icon is
    asked for once, when the button is made."""

    def standardIcon(self, pixmap: QStyle.StandardPixmap, option: QStyleOption | None = None,  # noqa: N802
                     widget: QWidget | None = None) -> QIcon:
        if pixmap in _dialog_button_icons():
            return QIcon()
        return super().standardIcon(pixmap, option, widget)


def install_style(app: QApplication) -> None:
    """Put ``DeskStyle`` over the application's style (once; Fusion when none was chosen)."""
    if isinstance(app.style(), DeskStyle):
        return
    name = app.style().name() if app.style() is not None else "fusion"
    style = DeskStyle(name or "fusion")
    _kept.append(style)  # the application uses it; Python must not collect it
    app.setStyle(style)


_kept: list[QStyle] = []


def apply_theme(app: QApplication, scheme: Qt.ColorScheme | None = None) -> None:
    install_style(app)
    scheme = wanted_scheme(app) if scheme is None else scheme
    if scheme == Qt.ColorScheme.Dark:
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(R.Window).lightness() < 128


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(background: QColor, fallback: QColor) -> QColor:
    """The icons' own ink where it stands out on ``background``, else ``fallback`` (a text colour)."""
    ink = QColor(ICON_INK)
    return ink if contrast(ink, background) >= MIN_ICON_CONTRAST else fallback


def themed_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon ``resources/icons/<name>.svg``, drawn to be legible on ``palette`` (the
    application's by default): normal on the list's base, selected on the highlight."""
    palette = palette or QGuiApplication.palette()
    normal = ink_on(palette.color(R.Base), palette.color(R.Text)).name()
    selected = ink_on(palette.color(R.Highlight), palette.color(R.HighlightedText)).name()
    return _icon(name, normal, selected)


@lru_cache(maxsize=64)
def _icon(name: str, normal: str, selected: str) -> QIcon:
    from PySide6.QtSvg import QSvgRenderer

    source = resource("icons", f"{name}.svg").read_text(encoding="utf-8")
    icon = QIcon()
    ratio = max((s.devicePixelRatio() for s in QGuiApplication.screens()), default=1.0)
    # Each colour's SVG is parsed once and drawn at every size; the hovered (Active) icon is the
    # normal one. Six icons are drawn before the window's first paint: that made them ~3x cheaper.
    for modes, colour in (((QIcon.Mode.Normal, QIcon.Mode.Active), normal), ((QIcon.Mode.Selected,), selected)):
        renderer = QSvgRenderer(QByteArray(source.replace(ICON_INK, colour).encode("utf-8")))
        for size in (16, 20, 24, 32):
            pixmap = _render(renderer, size, ratio)
            for mode in modes:
                icon.addPixmap(pixmap, mode)
    return icon


def _render(renderer, size: int, ratio: float) -> QPixmap:  # noqa: ANN001 - a QSvgRenderer
    pixels = round(size * ratio)
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


#: The least contrast (WCAG ratio) a coloured text keeps against the palette's base and window.
MIN_TEXT_CONTRAST = 4.5
#: What a coloured text means, and the shade it starts from on a light and on a dark palette;
#: ``semantic_colour`` darkens (light) or lightens (dark) it until it reaches MIN_TEXT_CONTRAST.
SEMANTIC_SHADES = {"good": ("#1e8449", "#6fd08c"), "warning": ("#a5690c", "#f0b252"),
                   "bad": ("#c0392b", "#ff8a7a")}
SEMANTIC_KINDS = ("good", "warning", "bad", "muted")
#: Severity words (health, attention lists) and the semantic colour each is shown in.
SEVERITY_KIND = {"red": "bad", "overdue": "bad", "amber": "warning", "green": "good"}


def semantic_colour(kind: str, palette: QPalette | None = None) -> QColor:
    """The one colour for ``kind`` (good, warning, bad or muted) on ``palette`` (the
    application's by default): legible (at least MIN_TEXT_CONTRAST) on both its base, where
    lists and fields are drawn, and its window, where labels are."""
    if kind not in SEMANTIC_KINDS:
        raise ValueError(f"no semantic colour {kind!r}; one of {', '.join(SEMANTIC_KINDS)}")
    palette = palette or QGuiApplication.palette()
    base, window, text = (palette.color(r).name() for r in (R.Base, R.Window, R.Text))
    return QColor(_semantic(kind, base, window, text))


@lru_cache(maxsize=64)
def _semantic(kind: str, base: str, window: str, text: str) -> str:
    grounds = (QColor(base), QColor(window))
    dark = sum(g.lightness() for g in grounds) / 2 < 128
    if kind == "muted":  # between the text and its ground, nearer the text
        t, b = QColor(text), QColor(window)
        colour = QColor.fromRgbF(*(0.55 * x + 0.45 * y for x, y in zip(t.getRgbF()[:3], b.getRgbF()[:3],
                                                                       strict=True)))
    else:
        colour = QColor(SEMANTIC_SHADES[kind][1 if dark else 0])
    for _ in range(60):
        if min(contrast(colour, g) for g in grounds) >= MIN_TEXT_CONTRAST:
            break
        h, s, lightness, a = colour.getHslF()
        lightness = min(1.0, lightness + 0.02) if dark else max(0.0, lightness - 0.02)
        colour = QColor.fromHslF(max(h, 0.0), s, lightness, a)
    return colour.name()


def semantic_style(kind: str, palette: QPalette | None = None) -> str:
    """A style sheet line that sets a label's text in ``semantic_colour(kind)``."""
    return f"color: {semantic_colour(kind, palette).name()};"


def severity_colour(severity: str, palette: QPalette | None = None) -> QColor | None:
    """The colour of a red, overdue, amber or green text, legible on the current theme."""
    kind = SEVERITY_KIND.get(severity)
    return semantic_colour(kind, palette) if kind else None
