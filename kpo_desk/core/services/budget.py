"""Budget burn: hours and money used against the budget, by fee model, and the burn-up over time.

Which hours count depends on the fee model, because each model puts the risk on a different side:

* **fixed fee**: every hour logged, billable or not, eats into the effort estimate. The overrun
  is the firm's margin, so it is an internal concern.
* **time and materials** and **retainer**: billable hours count against the cap the client
  agreed to, so the burn is something the client sees.

Money is derived, never guessed: when the engagement has both a money budget and an hours
budget, their ratio is the agreed blended rate, and money used is counted hours times that
rate (in the engagement's own currency, so currencies never mix).

The pure function :func:`compute_budget` is the one rule; the health engine calls it with
grouped figures for thousands of engagements, and :func:`budget_status` with one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from kpo_desk.core.enums import FeeModel
from kpo_desk.core.models import Engagement, TimeEntry
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

#: Fee models whose budget is a cap the client agreed to (client-facing burn).
CLIENT_CAPPED = frozenset({FeeModel.TIME_AND_MATERIALS, FeeModel.RETAINER})


@dataclass(frozen=True)
class BudgetStatus:
    fee_model: FeeModel
    currency: str
    budget_hours: float | None
    hours_total: float
    hours_billable: float
    #: The hours that count against the budget under this fee model.
    hours_counted: float
    #: Percentage of the hours budget used; ``None`` without an hours budget.
    used_pct: float | None
    #: Percentage of the planned time (start to target end) that has passed; ``None`` without dates.
    elapsed_pct: float | None
    budget_cents: int | None
    #: The agreed blended rate (money budget / hours budget), in minor units per hour.
    rate_cents: float | None
    money_used_cents: int | None
    money_pct: float | None
    #: Whether the client sees this burn (capped fee models) or it is the firm's own margin.
    client_facing: bool

    @property
    def remaining_hours(self) -> float | None:
        return None if self.budget_hours is None else round(self.budget_hours - self.hours_counted, 2)

    @property
    def projected_hours(self) -> float | None:
        """Hours at the target end if the burn continues at its pace so far."""
        if self.elapsed_pct is None or self.elapsed_pct <= 0:
            return None
        return round(self.hours_counted * 100 / self.elapsed_pct, 1)


def elapsed_pct(start: date | None, end: date | None, today: date) -> float | None:
    """How much of the planned time has passed, 0–100; ``None`` without a usable plan."""
    if start is None or end is None or end <= start:
        return None
    share = (today - start).days / (end - start).days
    return round(min(max(share, 0.0), 1.0) * 100, 1)


def _finite(value: float) -> float | None:
    """Rounded to 0.1, or ``None`` when a degenerate budget (a thousandth of an hour) overflows."""
    return round(value, 1) if math.isfinite(value) else None


def compute_budget(*, fee_model: FeeModel | str, currency: str, budget_hours: float | None,
                   budget_cents: int | None, hours_total: float, hours_billable: float,
                   start: date | None, end: date | None, today: date) -> BudgetStatus:
    fee = FeeModel(fee_model)
    counted = hours_total if fee == FeeModel.FIXED else hours_billable
    used = _finite(counted * 100 / budget_hours) if budget_hours else None
    rate = _finite(budget_cents / budget_hours) if budget_cents and budget_hours else None
    money = _finite(counted * rate) if rate is not None else None
    money_used = int(round(money)) if money is not None else None
    money_pct = _finite(money * 100 / budget_cents) if money is not None and budget_cents else None
    return BudgetStatus(
        fee_model=fee, currency=currency, budget_hours=budget_hours,
        hours_total=round(hours_total, 2), hours_billable=round(hours_billable, 2),
        hours_counted=round(counted, 2), used_pct=used, elapsed_pct=elapsed_pct(start, end, today),
        budget_cents=budget_cents, rate_cents=rate, money_used_cents=money_used, money_pct=money_pct,
        client_facing=fee in CLIENT_CAPPED)


def hours_by_engagement(conn, engagement_ids: list[int] | None = None) -> dict[int, tuple[float, float]]:  # noqa: ANN001
    """(all hours, billable hours) per engagement, in one grouped query."""
    billable = func.sum(case((TimeEntry.billable == True, TimeEntry.hours), else_=0.0))  # noqa: E712
    stmt = (select(TimeEntry.engagement_id, func.sum(TimeEntry.hours), billable)
            .group_by(TimeEntry.engagement_id))
    if engagement_ids is not None:
        stmt = stmt.where(TimeEntry.engagement_id.in_(engagement_ids))
    return {eid: (float(total or 0), float(bill or 0)) for eid, total, bill in conn.execute(stmt).all()}


def budget_status(store: Store, engagement_id: int, *, today: date | None = None) -> BudgetStatus:
    today = today or date.today()
    with store.read() as s:
        e = base.get_or_fail(s, Engagement, engagement_id, "engagement")
        total, billable = hours_by_engagement(s.connection(), [engagement_id]).get(engagement_id, (0.0, 0.0))
    return compute_budget(fee_model=e.fee_model, currency=e.currency, budget_hours=e.budget_hours,
                          budget_cents=e.budget_cents, hours_total=total, hours_billable=billable,
                          start=e.start_on or e.signed_on, end=e.target_end_on, today=today)


@dataclass(frozen=True)
class BurnPoint:
    """One week of the burn-up chart."""

    week_start: date
    hours: float
    cumulative_hours: float
    #: Where the cumulative burn would be if hours were spent evenly over the planned time.
    planned_hours: float | None


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def burn_series(store: Store, engagement_id: int) -> list[BurnPoint]:
    """Cumulative counted hours by week (Monday), from the first week of work or of the plan to
    the last week with hours, with no gaps; empty when nothing was logged."""
    with store.read() as s:
        e = base.get_or_fail(s, Engagement, engagement_id, "engagement")
        stmt = select(TimeEntry.work_date, TimeEntry.hours, TimeEntry.billable).where(
            TimeEntry.engagement_id == engagement_id)
        entries = s.connection().execute(stmt).all()
    counts_all = FeeModel(e.fee_model) == FeeModel.FIXED
    weekly: dict[date, float] = {}
    for work_date, hours, billable in entries:
        if counts_all or billable:
            monday = week_monday(work_date)
            weekly[monday] = weekly.get(monday, 0.0) + float(hours)
    if not weekly:
        return []
    start = e.start_on or e.signed_on
    first = min([*weekly, week_monday(start)] if start else weekly)
    last = max(weekly)
    points, cumulative, week = [], 0.0, first
    while week <= last:
        cumulative += weekly.get(week, 0.0)
        planned = None
        if e.budget_hours and start and e.target_end_on and e.target_end_on > start:
            share = elapsed_pct(start, e.target_end_on, week + timedelta(days=7))  # at the week's end
            planned = round(e.budget_hours * (share or 0) / 100, 1)
        points.append(BurnPoint(week, round(weekly.get(week, 0.0), 2), round(cumulative, 2), planned))
        week += timedelta(days=7)
    return points
