"""Compliance scores from the store: per engagement, for many engagements, pooled for the
portfolio, and the dashboard's gaps worst first.

The rule itself (what counts, what is in place, verified, waived, outstanding) lives in
:mod:`kpo_desk.core.compliance`; every query here sums its SQL expressions.
Every query is one grouped SQL statement, so the dashboard stays quick on 20,000 engagements.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from kpo_desk.core.compliance import (
    ComplianceScore,
    keeps_tally,
    score_columns,
    score_from_row,
    tallied_scores,
)
from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.models import ChecklistItem, Client, Engagement
from kpo_desk.core.store import Store

__all__ = ["ComplianceGap", "ComplianceScore", "EngagementScore", "PortfolioCompliance",
           "compliance_gaps", "compliance_scores", "engagement_compliance", "engagement_scores", "gaps_of",
           "portfolio_compliance", "portfolio_of"]



def engagement_compliance(store: Store, engagement_id: int, *, today: date | None = None) -> ComplianceScore:
    """One engagement's score on ``today`` (the calendar day when None)."""
    today = today or date.today()
    with store.read() as s:
        row = s.exec(select(*score_columns(today)).where(ChecklistItem.engagement_id == engagement_id)).one()
    return score_from_row(*row)


def compliance_scores(store: Store, engagement_ids: Iterable[int] | None = None, *,
                      today: date | None = None) -> dict[int, ComplianceScore]:
    """Scores of many engagements in one query (all of them when ``engagement_ids`` is None).
    An engagement with no checklist items is left out (its score is ``ComplianceScore()``)."""
    return {eid: each.score for eid, each in engagement_scores(store, engagement_ids, today=today).items()}


@dataclass(frozen=True, slots=True)
class EngagementScore:
    """An engagement's score, with what the dashboard filters and ranks it by."""

    code: str
    status: EngagementStatus
    score: ComplianceScore


def engagement_scores(store: Store, engagement_ids: Iterable[int] | None = None, *,
                      statuses: Iterable[EngagementStatus] | None = None,
                      today: date | None = None) -> dict[int, EngagementScore]:
    """Scores of the engagements that have checklist items, in one grouped query: those in
    ``engagement_ids`` and ``statuses`` (either may be None for all). A ``HealthMonitor`` keeps
    these for every engagement and re-reads only those touched since its last refresh.
    Every engagement's scores come from the tally where the store keeps one."""
    today = today or date.today()
    if engagement_ids is None:
        with store.connection() as conn:
            if keeps_tally(conn):
                return _tallied(conn, statuses, today)
    stmt = (select(ChecklistItem.engagement_id, Engagement.code, Engagement.status,
                   *score_columns(today))
            .join(Engagement, Engagement.id == ChecklistItem.engagement_id)
            .group_by(ChecklistItem.engagement_id, Engagement.code, Engagement.status))
    if statuses is not None:
        stmt = stmt.where(col(Engagement.status).in_(list(statuses)))
    if engagement_ids is not None:
        stmt = stmt.where(col(ChecklistItem.engagement_id).in_(list(engagement_ids)))
    with store.read() as s:
        return {eid: EngagementScore(code, EngagementStatus(status), score_from_row(*sums))
                for eid, code, status, *sums in s.exec(stmt)}


def _tallied(conn, statuses: Iterable[EngagementStatus] | None, today: date) -> dict[int, EngagementScore]:  # noqa: ANN001
    scores = tallied_scores(conn, today)
    stmt = select(Engagement.id, Engagement.code, Engagement.status)
    if statuses is not None:
        stmt = stmt.where(col(Engagement.status).in_(list(statuses)))
    return {eid: EngagementScore(code, EngagementStatus(status), scores[eid])
            for eid, code, status in conn.execute(stmt) if eid in scores}


@dataclass(frozen=True, slots=True)
class PortfolioCompliance:
    score: ComplianceScore
    engagements: int
    with_gaps: int


def portfolio_of(scores: Iterable[EngagementScore],
                 statuses: Iterable[EngagementStatus] = EngagementStatus.LIVE) -> PortfolioCompliance:
    """All required controls of the engagements in ``statuses``, pooled (not a mean of ratios,
    so a large engagement weighs as much as its controls)."""
    wanted = set(statuses)
    verified = applicable = in_place = waived = engagements = with_gaps = 0
    for each in scores:  # plain ints: this runs over every engagement at each dashboard refresh
        if each.status in wanted:
            score = each.score
            verified += score.verified
            applicable += score.applicable
            in_place += score.in_place
            waived += score.waived
            engagements += 1
            with_gaps += score.verified < score.applicable
    return PortfolioCompliance(ComplianceScore(verified, applicable, in_place, waived), engagements, with_gaps)


def portfolio_compliance(store: Store, statuses: Iterable[EngagementStatus] = EngagementStatus.LIVE, *,
                         today: date | None = None) -> PortfolioCompliance:
    statuses = list(statuses)
    return portfolio_of(engagement_scores(store, statuses=statuses, today=today).values(), statuses)


@dataclass(frozen=True, slots=True)
class ComplianceGap:
    """An engagement with required controls not yet verified: a dashboard row."""

    engagement_id: int
    code: str
    title: str
    client: str
    status: EngagementStatus
    score: ComplianceScore


def gaps_of(store: Store, scores: Mapping[int, EngagementScore], *,
            statuses: Iterable[EngagementStatus] = EngagementStatus.LIVE, limit: int | None = None) -> list[ComplianceGap]:
    """Engagements with gaps, worst first: lowest share verified, then most missing, then code.
    Ranked from ``scores``; only the rows kept are read for their title and client."""
    wanted = set(statuses)
    keyed = ((each.score.verified / each.score.applicable, each.score.verified - each.score.applicable, each.code,
              eid) for eid, each in scores.items()
             if each.status in wanted and each.score.verified < each.score.applicable)
    ranked = [k[-1] for k in (sorted(keyed) if limit is None else heapq.nsmallest(limit, keyed))]
    names: dict[int, tuple[str, str]] = {}
    with store.read() as s:
        for start in range(0, len(ranked), 500):
            stmt = (select(Engagement.id, Engagement.title, Client.name)
                    .join(Client, Client.id == Engagement.client_id)
                    .where(col(Engagement.id).in_(ranked[start:start + 500])))
            names.update((eid, (title, client)) for eid, title, client in s.exec(stmt))
    return [ComplianceGap(eid, scores[eid].code, *names[eid], scores[eid].status, scores[eid].score)
            for eid in ranked if eid in names]


def compliance_gaps(store: Store, *, statuses: Iterable[EngagementStatus] = EngagementStatus.LIVE,
                    limit: int | None = None, today: date | None = None) -> list[ComplianceGap]:
    statuses = list(statuses)
    return gaps_of(store, engagement_scores(store, statuses=statuses, today=today), statuses=statuses,
                   limit=limit)
