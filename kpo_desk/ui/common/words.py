"""How the GUI says things in its language: one translate() that pyside6-lupdate recognises, the
status words of the core enums translated at display time, and dates and numbers written the
GUI locale's way (``QLocale()``, set by kpo_desk/ui/language.py).

The pattern, everywhere under kpo_desk/ui:
- inside a QObject subclass, ``self.tr("…")``;
- elsewhere, ``translate("Context", "…")`` at the moment the text is shown;
- a module-level constant evaluated at import (before the translator is installed) is marked
  with ``QT_TRANSLATE_NOOP("Context", "…")`` and passed through ``translate`` when shown.
Placeholders are named (``"Saved {name}."``) and filled with ``.format`` after translating.

In English the GUI writes exactly what core's wording writes ("2 Dec 2026", "1,234"), so the
CLI, the reports and the window agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

from kpo_desk.core import wording

__all__ = ["QT_TRANSLATE_NOOP", "gui_count", "gui_date", "gui_datetime", "gui_message", "gui_number", "gui_plain",
           "gui_word", "plural", "status_label", "translate"]


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``: lupdate reads every ``translate("Context", "text")`` call."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def _english() -> bool:
    return QLocale().language() in (QLocale.Language.English, QLocale.Language.C)


def status_label(value: object) -> str:
    """A core enum's label (``EngagementStatus.IN_QA.label``) in the GUI's language; the labels are
    listed for lupdate in kpo_desk/ui/common/status_words.py."""
    label = getattr(value, "label", value)
    return translate("Status", str(label)) if label is not None else ""


def gui_date(value: date | None, empty: str = "—") -> str:
    """"2 Dec 2026" in English (core's ``display_date``); in another language the translated
    format ("d. MMM yyyy" in German: "2. Dez. 2026") in the GUI locale's month names."""
    if value is None:
        return empty
    if _english():
        return wording.display_date(value, empty)
    return QLocale().toString(QDate(value.year, value.month, value.day), translate("Dates", "d MMM yyyy"))


def gui_datetime(value: datetime | None, zone: str | None = None, empty: str = "—") -> str:
    """``gui_date`` and the time of day (24-hour), in ``zone`` or the computer's zone."""
    if value is None:
        return empty
    if _english():
        return wording.display_datetime(value, zone, empty)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(ZoneInfo(zone)) if zone else value.astimezone()
    return f"{gui_date(local.date())} {local:%H:%M}"


def gui_number(value: int | float, decimals: int = 0) -> str:
    """"1,234" in English, "1.234" in German."""
    if _english():
        return f"{value:,.{decimals}f}"
    return QLocale().toString(float(value), "f", decimals) if decimals else QLocale().toString(int(value))


def gui_count(n: int, singular: str, plural: str | None = None) -> str:
    """``wording.count`` with words already translated: "3 engagements", "3 Mandate"."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{gui_number(n)} {word}"


def gui_plain(value: object) -> str:
    """``wording.plain`` for the GUI: status words translated, dates and numbers the locale's way."""
    if value is None:
        return ""
    if isinstance(getattr(value, "label", None), str):
        return status_label(value)
    if isinstance(value, bool):
        return translate("Words", "yes") if value else translate("Words", "no")
    if isinstance(value, datetime):
        return gui_datetime(value)
    if isinstance(value, date):
        return gui_date(value)
    if isinstance(value, float):
        if _english():
            return wording.plain(value)
        return QLocale().toString(value, "f", 2).rstrip("0").rstrip(QLocale().decimalPoint())
    return str(value)


def shown(key: str):  # noqa: ANN201
    """A Column's ``text`` that shows the row's ``key`` through ``gui_plain`` (table.py shows
    values through core's English ``plain`` otherwise)."""
    return lambda row: gui_plain(getattr(row, key, ""))


def columns_in(columns):  # noqa: ANN001, ANN201
    """A view's Columns as shown: headers (marked ``QT_TRANSLATE_NOOP("Columns", …)``) in the GUI's
    language, and cells without their own ``text`` through ``gui_plain`` (status words
    translated, dates the locale's way). Called when the view is built, after the translator."""
    from dataclasses import replace

    return [replace(c, header=translate("Columns", c.header), text=c.text or shown(c.key)) for c in columns]


def plural(translated: str, n: int, one: str, other: str) -> str:
    """A count sentence in the GUI's language. ``translated`` is the catalog's numerus message,
    already through ``tr``/``translate`` with ``n`` (``self.tr("%Ln file(s)", None, n)``, its
    forms in the .ts); English has no catalog, so there the exact ``one``/``other`` text is used,
    with ``{n}`` filled as ``gui_number`` writes it ("1 file", "1,234 files")."""
    if _english():
        return (one if n == 1 else other).replace("{n}", gui_number(n))
    return translated


def _app_translator():  # noqa: ANN202 - kpo_desk.core.i18n.Translator
    from kpo_desk.core.i18n import APP_CATALOG, translations

    return translations("en" if _english() else QLocale().name().split("_")[0], APP_CATALOG)


def gui_message(message) -> str:  # noqa: ANN001 - a core Message, or several
    """A sentence core composed (``kpo_desk.core.i18n.Message``: an attention item, a health
    reason, a compliance line) in the GUI's language, from the app catalog
    (resources/locale/<lang>/LC_MESSAGES/app.po); several are joined by "; ". English is exactly
    core's English (what the CLI prints); a language without an app catalog falls back to it."""
    translator = _app_translator()
    parts = message if isinstance(message, tuple | list) else (message,)
    return "; ".join(translator.message(part) for part in parts)


def gui_word(word: str) -> str:
    """A word core marks for the app catalog (an attention item's kind) in the GUI's language."""
    return _app_translator().gettext(word)


def gui_is_english() -> bool:
    """Whether the GUI speaks English (the source language: no catalog, core's words as they are)."""
    return _english()


class _Clock:
    """A datetime that formats ``%a`` (the weekday) in the GUI's language: ``"{t:%a %H:%M}"``
    gives "Wed 14:53" in English, "Mi. 14:53" in German."""

    def __init__(self, value: datetime) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        if "%a" in spec and not _english():
            day = QLocale().dayName(self.value.isoweekday(), QLocale.FormatType.ShortFormat)
            spec = spec.replace("%a", day.replace("%", "%%"))
        return format(self.value, spec)


def gui_clock(value: datetime) -> _Clock:
    """``value`` for a translated ``{name:%a %H:%M}`` field: the weekday in the GUI's language."""
    return _Clock(value)
