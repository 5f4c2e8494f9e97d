"""The compliance score: required items verified, out of required items that apply.

"Not applicable" leaves the denominator; "waived" stays in it, because a waived control is
a known gap the manager accepted, not a control in place. Done but not yet verified does not
count: the score is about what a second person has checked. Close-out controls apply only
once the engagement is closed or cancelled; until then they are not a gap, only a plan.

Every query is one grouped SQL statement, so the dashboard stays quick on 20,000 engagements.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Integer, and_, case, func, or_
from sqlmodel import col, select

from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate
from kpo_desk.core.models import ChecklistItem, Client, Engagement
from kpo_desk.core.store import Store

CS = ChecklistState
#: Engagements the dashboard holds to account: work is under way or about to be.
LIVE = (EngagementStatus.ONBOARDING, EngagementStatus.ACTIVE, EngagementStatus.ON_HOLD)
#: Statuses in which close-out controls apply.
ENDED = (EngagementStatus.CLOSED, EngagementStatus.CANCELLED)


@dataclass(frozen=True, slots=True)
class ComplianceScore:
    verified: int = 0
    applicable: int = 0

    @property
    def missing(self) -> int:
        return self.applicable - self.verified

    @property
    def ratio(self) -> float:
        """1.0 when nothing is required: an engagement with no required controls has no gap."""
        return self.verified / self.applicable if self.applicable else 1.0

    @property
    def percent(self) -> int:
        """Rounded down, so that 99.6 % never shows as a reassuring 100 %."""
        return (self.verified * 100) // self.applicable if self.applicable else 100

    @property
    def summary(self) -> str:
        """The figure as every screen words it: "15 of 17 verified (88 %)", or "no controls yet"
        when nothing applies (never a reassuring 100 %)."""
        if not self.applicable:
            return "no controls yet"
        return f"{self.verified} of {self.applicable} verified ({self.percent} %)"

    def __add__(self, other: ComplianceScore) -> ComplianceScore:
        return ComplianceScore(self.verified + other.verified, self.applicable + other.applicable)

    def __str__(self) -> str:
        return f"{self.verified} of {self.applicable} required controls verified ({self.percent} %)"


def score_of(items: Iterable[tuple[bool, Gate | str, ChecklistState | str, bool]], *,
             ended: bool = False) -> ComplianceScore:
    """The score of (required, gate, state, verified) tuples: the rule in plain Python.

    ``ended`` says whether the engagement is closed or cancelled (close-out controls apply).
    """
    verified = applicable = 0
    for required, gate, state, is_verified in items:
        if not required or CS(state) == CS.NOT_APPLICABLE or (Gate(gate) == Gate.CLOSURE and not ended):
            continue
        applicable += 1
        verified += int(CS(state) == CS.DONE and is_verified)
    return ComplianceScore(verified, applicable)


def _columns():  # noqa: ANN202 - the same two sums in every query
    applies = and_(ChecklistItem.required == True, ChecklistItem.state != CS.NOT_APPLICABLE,  # noqa: E712
                   or_(ChecklistItem.gate != Gate.CLOSURE, col(Engagement.status).in_(ENDED)))
    verified = and_(applies, ChecklistItem.state == CS.DONE, col(ChecklistItem.verified_by_id).is_not(None))
    return (func.coalesce(func.sum(case((verified, 1), else_=0)), 0).cast(Integer).label("verified"),
            func.coalesce(func.sum(case((applies, 1), else_=0)), 0).cast(Integer).label("applicable"))


def engagement_compliance(store: Store, engagement_id: int) -> ComplianceScore:
    with store.read() as s:
        verified, applicable = s.exec(select(*_columns())
                                      .join(Engagement, Engagement.id == ChecklistItem.engagement_id)
                                      .where(ChecklistItem.engagement_id == engagement_id)).one()
    return ComplianceScore(int(verified), int(applicable))


def compliance_scores(store: Store, engagement_ids: Iterable[int] | None = None) -> dict[int, ComplianceScore]:
    """Scores of many engagements in one query (all of them when ``engagement_ids`` is None)."""
    return {eid: each.score for eid, each in engagement_scores(store, engagement_ids).items()}


@dataclass(frozen=True, slots=True)
class EngagementScore:
    """An engagement's score, with what the dashboard filters and ranks it by."""

    code: str
    status: EngagementStatus
    score: ComplianceScore


def engagement_scores(store: Store, engagement_ids: Iterable[int] | None = None, *,
                      statuses: Iterable[EngagementStatus] | None = None) -> dict[int, EngagementScore]:
    """Scores of the engagements that have checklist items, in one grouped query: those in
    ``engagement_ids`` and ``statuses`` (either may be None for all). A ``HealthMonitor`` keeps
    these for every engagement and re-reads only those touched since its last refresh."""
    stmt = (select(ChecklistItem.engagement_id, Engagement.code, Engagement.status, *_columns())
            .join(Engagement, Engagement.id == ChecklistItem.engagement_id)
            .group_by(ChecklistItem.engagement_id))
    if statuses is not None:
        stmt = stmt.where(col(Engagement.status).in_(list(statuses)))
    if engagement_ids is not None:
        stmt = stmt.where(col(ChecklistItem.engagement_id).in_(list(engagement_ids)))
    with store.read() as s:
        return {eid: EngagementScore(code, EngagementStatus(status), ComplianceScore(int(v), int(a)))
                for eid, code, status, v, a in s.exec(stmt)}


@dataclass(frozen=True, slots=True)
class PortfolioCompliance:
    score: ComplianceScore
    engagements: int
    with_gaps: int


def portfolio_of(scores: Iterable[EngagementScore],
                 statuses: Iterable[EngagementStatus] = LIVE) -> PortfolioCompliance:
    """All required controls of the engagements in ``statuses``, pooled (not a mean of ratios,
    so a large engagement weighs as much as its controls)."""
    wanted = set(statuses)
    verified = applicable = engagements = with_gaps = 0
    for each in scores:  # plain ints: this runs over every engagement at each dashboard refresh
        if each.status in wanted:
            v, a = each.score.verified, each.score.applicable
            verified += v
            applicable += a
            engagements += 1
            with_gaps += v < a
    return PortfolioCompliance(ComplianceScore(verified, applicable), engagements, with_gaps)


def portfolio_compliance(store: Store, statuses: Iterable[EngagementStatus] = LIVE) -> PortfolioCompliance:
    statuses = list(statuses)
    return portfolio_of(engagement_scores(store, statuses=statuses).values(), statuses)


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
            statuses: Iterable[EngagementStatus] = LIVE, limit: int | None = None) -> list[ComplianceGap]:
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


def compliance_gaps(store: Store, *, statuses: Iterable[EngagementStatus] = LIVE,
                    limit: int | None = None) -> list[ComplianceGap]:
    statuses = list(statuses)
    return gaps_of(store, engagement_scores(store, statuses=statuses), statuses=statuses, limit=limit)
