"""Ramp-up time: how long from signing the contract to the first delivered milestone.

A slow start is one of the risks that define KPO work; measuring it per engagement and
across the portfolio shows whether onboarding gates and staffing are getting faster.
Only engagements with a signing date and at least one delivered milestone count; a
delivery dated before the signing (a data slip) is left out rather than counted as negative.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from kpo_desk.core.models import Engagement, Milestone
from kpo_desk.core.services import base
from kpo_desk.core.store import Store


@dataclass(frozen=True)
class PortfolioRampUp:
    engagements: int
    average_days: float | None
    median_days: float | None
    fastest_days: int | None
    slowest_days: int | None


def _first_deliveries(conn, engagement_ids: list[int] | None = None) -> dict[int, int]:  # noqa: ANN001
    stmt = (select(Engagement.id, Engagement.signed_on, func.min(Milestone.delivered_on))
            .join(Milestone, Milestone.engagement_id == Engagement.id)
            .where(Engagement.signed_on.is_not(None), Milestone.delivered_on.is_not(None))
            .group_by(Engagement.id, Engagement.signed_on))
    if engagement_ids is not None:
        stmt = stmt.where(Engagement.id.in_(engagement_ids))
    days = {}
    for eid, signed, first in conn.execute(stmt):
        first = first if isinstance(first, date) else date.fromisoformat(str(first))
        if first >= signed:
            days[eid] = (first - signed).days
    return days


def ramp_up_days(store: Store, engagement_id: int) -> int | None:
    """Days from signing to the first delivered milestone; ``None`` until both exist."""
    with store.read() as s:
        base.get_or_fail(s, Engagement, engagement_id, "engagement")
        return _first_deliveries(s.connection(), [engagement_id]).get(engagement_id)


def portfolio_ramp_up(store: Store, *, signed_since: date | None = None) -> PortfolioRampUp:
    """Ramp-up across the portfolio (optionally only engagements signed on or after a date)."""
    with store.read() as s:
        per_engagement = _first_deliveries(s.connection())
        if signed_since is not None:
            recent = set(s.connection().execute(
                select(Engagement.id).where(Engagement.signed_on >= signed_since)).scalars())
            per_engagement = {k: d for k, d in per_engagement.items() if k in recent}
    days = list(per_engagement.values())
    if not days:
        return PortfolioRampUp(0, None, None, None, None)
    return PortfolioRampUp(len(days), round(statistics.fmean(days), 1), float(statistics.median(days)),
                           min(days), max(days))
