"""Field rules shared by every service. Each raises ``ValidationError`` naming its field."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import wraps
from typing import Any
from zoneinfo import available_timezones

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.wording import MONTHS

EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: The furthest back and forward a business date may sensibly lie.
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


def required_text(value: object, field: str, label: str, *, max_length: int = 200) -> str:
    text = (value or "").strip() if isinstance(value, str | type(None)) else str(value).strip()
    if not text:
        raise ValidationError(f"{label} is required.", field=field)
    return optional_text(text, field, label, max_length=max_length)


def optional_text(value: object, field: str, label: str, *, max_length: int = 200) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise ValidationError(f"{label} is too long ({len(text)} characters; the limit is {max_length}).",
                              field=field)
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ValidationError(f"{label} contains control characters.", field=field)
    return text


def email(value: str | None, field: str = "email", label: str = "E-mail") -> str:
    text = optional_text(value, field, label, max_length=254)
    if text and not EMAIL_RE.match(text):
        raise ValidationError(f"{label} '{text}' is not an e-mail address.", field=field)
    return text


def timezone(value: str | None, field: str = "timezone", *, allow_empty: bool = False) -> str:
    text = (value or "").strip()
    if not text and allow_empty:
        return ""
    if not text:
        raise ValidationError("Time zone is required (for example Europe/Zurich).", field=field)
    if text not in known_timezones():
        raise ValidationError(
            f"'{text}' is not a known time zone; use an IANA name such as Asia/Tokyo.", field=field
        )
    return text


_ZONES: set[str] = set()


def known_timezones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
        _ZONES.add("UTC")
    return _ZONES


def language(value: str | None, field: str = "language", *, allow_empty: bool = True) -> str:
    text = (value or "").strip()
    if not text and allow_empty:
        return ""
    if not LANGUAGE_RE.match(text):
        raise ValidationError(f"'{text}' is not a language code such as en, de or ja.", field=field)
    return text


def currency(value: str | None, field: str = "currency") -> str:
    text = (value or "").strip().upper()
    if not CURRENCY_RE.match(text):
        raise ValidationError(f"'{value}' is not a three-letter currency code such as EUR.", field=field)
    return text


def business_date(value: date | None, field: str, label: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(f"{label} must be a date.", field=field)
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(f"{label} {value.isoformat()} is outside {EARLIEST.year}–{LATEST.year}.",
                              field=field)
    return value


#: "29 May 2026" (or "29 may 2026", "29 September 2026"): dates as the app shows them.
_APP_DATE = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})")
_MONTH_NUMBER = {name.lower(): n for n, name in enumerate(MONTHS, start=1)}


def parse_date(text: str | None, field: str, label: str) -> date | None:
    """Parse a date typed by a person, ISO (``2026-03-31``) or as the app shows dates
    (``31 Mar 2026``); empty gives ``None``."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        written = _APP_DATE.fullmatch(raw)  # the app's own format, as display_date writes it
        month = _MONTH_NUMBER.get(written["month"][:3].lower()) if written else None
        if written and month:
            try:
                return business_date(date(int(written["year"]), month, int(written["day"])), field, label)
            except ValueError:
                raise ValidationError(f"{label} '{raw}' is not a real date.", field=field) from None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValidationError(f"{label} '{raw}' is not a real date.", field=field) from None
        raise ValidationError(f"{label} '{raw}' is not a date; write it as YYYY-MM-DD.", field=field) from None
    return business_date(value, field, label)


def not_before(later: date | None, earlier: date | None, field: str, message: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise ValidationError(message, field=field)


def number(value: object, field: str, label: str, *, minimum: float = 0, maximum: float = 1e12,
           allow_none: bool = True) -> float | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise ValidationError(f"{label} is required.", field=field)
    try:
        num = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(f"{label} '{value}' is not a number.", field=field) from None
    if num != num or num in (float("inf"), float("-inf")):
        raise ValidationError(f"{label} is not a number.", field=field)
    if not minimum <= num <= maximum:
        raise ValidationError(f"{label} must be between {minimum:g} and {maximum:g}.", field=field)
    return num


def choice(value: Any, enum_cls: type, field: str, label: str) -> Any:
    """Coerce ``value`` into ``enum_cls``, naming the choices when it is not one of them."""
    try:
        return enum_cls(value)
    except ValueError:
        choices = ", ".join(m.label.lower() for m in enum_cls)
        raise ValidationError(f"'{value}' is not a {label}; choose one of {choices}.", field=field) from None


#: Set inside ``every_problem``: the refusals noted so far (a form shows them all at once).
_NOTED: ContextVar[list[ValidationError] | None] = ContextVar("validation_noted", default=None)


@contextmanager
def every_problem() -> Iterator[list[ValidationError]]:
    """Inside this block the field rules above note a refusal and let the value through, so one
    pass of a validator finds the problem of every field. Only for a dry run: never save inside."""
    noted: list[ValidationError] = []
    token = _NOTED.set(noted)
    try:
        yield noted
    finally:
        _NOTED.reset(token)


def _noted(rule: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(rule)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return rule(value, *args, **kwargs)
        except ValidationError as exc:
            noted = _NOTED.get()
            if noted is None:
                raise
            noted.append(exc)
            return value

    return checked


required_text = _noted(required_text)
optional_text = _noted(optional_text)
email = _noted(email)
timezone = _noted(timezone)
language = _noted(language)
currency = _noted(currency)
business_date = _noted(business_date)
parse_date = _noted(parse_date)
not_before = _noted(not_before)
number = _noted(number)
choice = _noted(choice)


#: What editing refuses in text (``optional_text``): C0 control characters other than tab, line
#: feed and carriage return. Imports hold every text column to it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Set inside ``as_recorded``.
_AS_RECORDED: ContextVar[bool] = ContextVar("validation_as_recorded", default=False)


@contextmanager
def as_recorded() -> Iterator[None]:
    """Inside this block ``not_before`` (the rules ordering two dates of one record, such as
    "accepted after delivered") is not applied; every field rule still is. For an import, which
    carries a store's history as it was recorded: the order of two dates can make no value
    unreadable, and refusing a whole export for it would lock a firm out of its own data."""
    token = _AS_RECORDED.set(True)
    try:
        yield
    finally:
        _AS_RECORDED.reset(token)


def _unless_as_recorded(rule: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(rule)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if _AS_RECORDED.get():
            return None
        return rule(*args, **kwargs)

    return checked


not_before = _unless_as_recorded(not_before)
