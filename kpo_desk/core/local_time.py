"""Times across time zones: what the user types, what the store keeps, what the client lives in.

The store keeps instants in UTC. People enter a wall-clock time in their own zone or in
the client's; twice a year that wall time does not exist (clocks jump forward) or exists
twice (clocks go back). Guessing would silently shift a logged call by an hour, so both
cases are refused with a sentence that says what happened and how to choose.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kpo_desk.core import validation as v
from kpo_desk.core.errors import ValidationError

#: The client's working day, local time: from 08:00 up to (not including) 18:00, Monday to Friday.
WORKDAY_START = time(8, 0)
WORKDAY_END = time(18, 0)


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA zone called ``name``, or a ``ValidationError`` naming it."""
    return ZoneInfo(v.timezone(name, field))


def _offset_text(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_to_utc(wall: datetime, zone_name: str, *, fold: int | None = None,
                 field: str = "occurred_at") -> datetime:
    """Convert a wall-clock time in ``zone_name`` to an aware UTC datetime.

    ``wall`` is naive (a time as read off a clock there). A time that falls in a
    spring-forward gap is refused. A time that occurs twice (autumn fall-back) is refused
    unless ``fold`` says which: 0 for the first (earlier) occurrence, 1 for the second.
    """
    if wall.tzinfo is not None:
        raise ValidationError("Give the time as read off the clock, without a time zone.", field=field)
    tz = zone(zone_name)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    when = wall.strftime("%H:%M on %Y-%m-%d")
    if first.utcoffset() != second.utcoffset():
        back_from_utc = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if back_from_utc != wall:
            # Inside a gap, fold=0 reads the time with the offset before the jump.
            raise ValidationError(
                f"{when} does not exist in {zone_name}: the clocks jump forward that night, from "
                f"{_offset_text(first.utcoffset())} to {_offset_text(second.utcoffset())}; "
                "enter a time after the change.", field=field)
        if fold is None:
            raise ValidationError(
                f"{when} happens twice in {zone_name} because the clocks go back that night: "
                f"choose the first ({first.tzname()}, {_offset_text(first.utcoffset())}) or the "
                f"second ({second.tzname()}, {_offset_text(second.utcoffset())}).", field=field)
        chosen = second if fold else first
    else:
        chosen = first
    return chosen.astimezone(UTC)


def in_zone(instant: datetime, zone_name: str) -> datetime:
    """``instant`` (aware) as seen in ``zone_name``; an empty or unknown name falls back to UTC."""
    try:
        tz = ZoneInfo(zone_name) if zone_name else UTC
    except (ValueError, KeyError):
        tz = UTC
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass a timezone-aware value")
    return instant.astimezone(tz)


def client_local_now(client: object, *, now: datetime | None = None) -> datetime:
    """The time now where ``client`` (anything with a ``timezone`` attribute) lives."""
    return in_zone(now or datetime.now(UTC), getattr(client, "timezone", "") or "UTC")


def outside_working_hours(instant: datetime, zone_name: str) -> bool:
    """True when ``instant`` falls before 08:00, from 18:00, or on a weekend, in ``zone_name``.

    The entry dialog flags such a time: a call at 22:00 in Tokyo is either a mistake in
    the zone, or a favour the client did us that the log should remember.
    """
    local = in_zone(instant, zone_name)
    return local.weekday() >= 5 or not WORKDAY_START <= local.time().replace(tzinfo=None) < WORKDAY_END


def describe_in_zones(instant: datetime, user_zone: str, client_zone: str) -> str:
    """``2026-03-02 09:30 CET (17:30 JST for the client)``: the form lists show a time in."""
    mine, theirs = in_zone(instant, user_zone), in_zone(instant, client_zone)
    text = f"{mine:%Y-%m-%d %H:%M} {mine.tzname()}"
    if mine.utcoffset() != theirs.utcoffset() or mine.tzname() != theirs.tzname():
        day = "" if theirs.date() == mine.date() else f"{theirs:%Y-%m-%d} "
        text += f" ({day}{theirs:%H:%M} {theirs.tzname()} for the client)"
    return text

