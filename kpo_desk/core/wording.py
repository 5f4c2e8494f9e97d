"""How the app writes counts, dates, times and time zones: one home, so that the window, the
Today digest, the dashboard and the reports use the same words.

Status words come from the enums' ``label`` (``MilestoneStatus.IN_QA.label`` is "In QA").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``count(1, "item")`` is "1 item", ``count(40, "item")`` is "40 items"; never "item(s)"."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n:,} {word}"


def display_date(value: date | None, empty: str = "—") -> str:
    """The one date format of the app and its reports: "2 Dec 2026"."""
    if value is None:
        return empty
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def display_datetime(value: datetime | None, zone: str | None = None, empty: str = "—") -> str:
    """"2 Dec 2026 14:05", in ``zone`` (IANA name) or, without one, the computer's own zone."""
    if value is None:
        return empty
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(ZoneInfo(zone)) if zone else value.astimezone()
    return f"{display_date(local.date())} {local:%H:%M}"


def plain(value: object) -> str:
    """Any stored value as a list or a history shows it: a status by its label, yes/no,
    "2 Dec 2026", "1,234.5" (never "1.23457e+06"), nothing for nothing."""
    if value is None:
        return ""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return display_datetime(value)
    if isinstance(value, date):
        return display_date(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def utc_offset(offset: timedelta | None) -> str:
    """"UTC+8", "UTC−3", "UTC+5:30", "UTC" (a true minus sign, as people print it)."""
    minutes = int((offset or timedelta()).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(name: str, at: datetime | None = None) -> str:
    """A time zone as people read it: "Shanghai (UTC+8)", not "CST" or "-03". The offset is
    the one in force at ``at`` (default: now)."""
    if not name:
        return ""
    try:
        zone = ZoneInfo(name)
    except (KeyError, ValueError):
        return name
    instant = (at or datetime.now(UTC)).astimezone(zone)
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    offset = utc_offset(instant.utcoffset())
    return city if city == offset else f"{city} ({offset})"  # "UTC", not "UTC (UTC)"


#: The languages the app's clients and reports use, by code, as an English reader names them.
LANGUAGES = {
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "fr": "French", "hi": "Hindi",
    "ja": "Japanese", "nb": "Norwegian", "pl": "Polish", "pt": "Portuguese", "zh": "Chinese",
}


def language_name(code: str) -> str:
    """"English" for "en", "Portuguese (BR)" for "pt-BR"; a code it does not know, as it is."""
    if not code:
        return ""
    base, _, region = code.replace("_", "-").partition("-")
    name = LANGUAGES.get(base.lower())
    if name is None:
        return code
    return f"{name} ({region.upper()})" if region else name
