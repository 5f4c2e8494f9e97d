"""Everything the dashboard shows, gathered in one call that a worker thread can make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpo_desk.core.checklists import (
    ComplianceGap,
    PortfolioCompliance,
    compliance_gaps,
    portfolio_compliance,
)
from kpo_desk.core.enums import EngagementStatus, ServiceType
from kpo_desk.core.health import HealthMonitor
from kpo_desk.core.services import dashboard
from kpo_desk.core.services.attention import AttentionItem, needs_attention
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
    """``monitor`` keeps health between calls, so that a refresh re-assesses only what changed."""
    health = monitor.refresh(today=today) if monitor is not None else None
    return DashboardSnapshot(
        attention=needs_attention(store, today=today, health=health),
        by_status=dashboard.counts_by_status(store),
        by_service=dashboard.counts_by_service(store),
        gaps=compliance_gaps(store, limit=50),
        portfolio=portfolio_compliance(store),
        heatmap=risk_heatmap(store),
    )
