"""When recurring controls fall due again."""

from __future__ import annotations

import calendar
from datetime import date

from kpo_desk.core.enums import Recurrence

MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_occurrence(done_on: date, recurrence: Recurrence | str) -> date | None:
    """The day a control done on ``done_on`` is due again; ``None`` if it does not recur."""
    months = MONTHS.get(Recurrence(recurrence))
    return add_months(done_on, months) if months else None
