"""Everything the dashboard shows, gathered in one call that a worker thread can make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpo_desk.core.checklists.score import (
    ComplianceGap,
    PortfolioCompliance,
    engagement_scores,
    gaps_of,
    portfolio_of,
)
from kpo_desk.core.enums import EngagementStatus, ServiceType
from kpo_desk.core.health import HealthMonitor
from kpo_desk.core.i18n import An_, Message, english
from kpo_desk.core.overview.attention import AttentionItem, needs_attention
from kpo_desk.core.services import dashboard
from kpo_desk.core.services.work import risk_heatmap
from kpo_desk.core.store import Store


@dataclass(frozen=True)
class DashboardSnapshot:
    attention: list[AttentionItem]
    by_status: dict[EngagementStatus, int]
    by_service: dict[ServiceType, int]
    gaps: list[ComplianceGap]
    portfolio: PortfolioCompliance
    heatmap: list[list[int]]


def dashboard_snapshot(store: Store, *, today: date | None = None,
                       monitor: HealthMonitor | None = None) -> DashboardSnapshot:
    """All figures come from one read, so they describe one moment. ``monitor`` keeps health
    and compliance scores between calls, so that a refresh re-reads only what changed."""
    with store.read():  # the calls below join this one snapshot
        health = monitor.refresh(today=today) if monitor is not None else None
        scores = monitor.scores if monitor is not None else engagement_scores(store, statuses=EngagementStatus.LIVE)
        return DashboardSnapshot(
            attention=needs_attention(store, today=today, health=health),
            by_status=dashboard.counts_by_status(store),
            by_service=dashboard.counts_by_service(store),
            gaps=gaps_of(store, scores, limit=50),
            portfolio=portfolio_of(scores.values()),
            heatmap=risk_heatmap(store),
        )


def portfolio_summary(portfolio: PortfolioCompliance) -> str:
    """The dashboard's compliance line: "Portfolio: 40 of 52 verified (76 %); 3 of 12 engagements
    in flight have gaps.", or "no controls yet" when nothing applies (never "0 of 0 (100 %)").
    In English; the window shows ``portfolio_message`` in its language."""
    return english(portfolio_message(portfolio))


def portfolio_message(portfolio: PortfolioCompliance) -> Message:
    """``portfolio_summary`` as a message of the app catalog."""
    if not portfolio.score.applicable:
        return Message.of(An_("Portfolio: no controls yet ({n} engagement in flight).",
                              "Portfolio: no controls yet ({n} engagements in flight)."), portfolio.engagements)
    engagements = Message.of(An_("{n} engagement", "{n} engagements"), portfolio.engagements)
    return Message.of(An_("Portfolio: {summary}; {n} of {engagements} in flight has gaps.",
                          "Portfolio: {summary}; {n} of {engagements} in flight have gaps."), portfolio.with_gaps,
                      summary=portfolio.score.summary_message, engagements=engagements,
                      total=portfolio.engagements)
