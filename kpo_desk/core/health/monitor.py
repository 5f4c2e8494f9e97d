"""The dashboard's view of health and compliance: assess everything once, then refresh only
what changed.

A full assessment of 20,000 engagements takes a few hundred milliseconds (the grouped queries
alone visit hundreds of thousands of rows). A dashboard refreshes far more often than that
budget allows, and between two refreshes only a handful of records change. Every service
writes an audit event in the same transaction as its change, so the audit trail says exactly
which engagements to look at again: the monitor remembers the last audit event it has seen
and re-assesses only the engagements touched since.

A change of thresholds, staff or contacts (which can touch any engagement), a new day, a
burst of more than ``FULL_REFRESH_EVENTS`` events, or anything it cannot place falls back to
a full assessment. Writes that bypass the services (and so the audit trail) are seen at the
next full assessment; ``refresh(full=True)`` forces one.

The compliance scores (verified required controls out of those that apply) ride along: they
depend on the same records (checklist items, their evidence files, whose expiry dates make a
new day a full refresh anyway), so the same touched engagements are re-scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select

from kpo_desk.core.checklists.score import ComplianceScore, EngagementScore, engagement_scores
from kpo_desk.core.health.engine import assess_many
from kpo_desk.core.health.reasons import Health
from kpo_desk.core.models import (
    Assignment,
    AuditEvent,
    ChecklistItem,
    Communication,
    Milestone,
    TimeEntry,
)
from kpo_desk.core.store import Store

#: Records that belong to one engagement and feed its health.
CHILD_TABLES = {m.__tablename__: m for m in (Milestone, TimeEntry, Communication, ChecklistItem, Assignment)}
#: Records whose changes cannot move any engagement's health.
IRRELEVANT = frozenset({"client", "risk", "reportrecord", "reportpreset"})
#: More events than this since the last refresh, and a full assessment is cheaper.
FULL_REFRESH_EVENTS = 2000


class HealthMonitor:
    """Holds the health and the compliance score of every engagement for one open store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._health: dict[int, Health] = {}
        self._scores: dict[int, EngagementScore] = {}
        self._mark: int | None = None
        self._today: date | None = None
        #: How the last refresh went: 'full', 'partial' or 'unchanged' (for tests and benchmarks).
        self.last_refresh = ""

    @property
    def health(self) -> dict[int, Health]:
        return dict(self._health)

    @property
    def scores(self) -> dict[int, EngagementScore]:
        """Compliance scores as of the last refresh (engagements with checklist items only)."""
        return dict(self._scores)

    def refresh(self, *, today: date | None = None, full: bool = False) -> dict[int, Health]:
        today = today or date.today()
        mark = self._latest_event()
        if full or self._mark is None or today != self._today or mark < self._mark:
            return self._full(today, mark)
        if mark == self._mark:
            self.last_refresh = "unchanged"
            return dict(self._health)
        touched = self._touched_since(self._mark)
        if touched is None:
            return self._full(today, mark)
        scores = engagement_scores(self.store, touched, today=today) if touched else {}
        fresh = assess_many(self.store, touched, today=today, scores=_plain(scores)) if touched else {}
        for eid in touched:
            for known, new in ((self._health, fresh), (self._scores, scores)):
                if eid in new:
                    known[eid] = new[eid]
                else:
                    known.pop(eid, None)  # deleted (or, for a score, no checklist left)
        self._mark = mark
        self.last_refresh = "partial"
        return dict(self._health)

    def _full(self, today: date, mark: int) -> dict[int, Health]:
        self._scores = engagement_scores(self.store, today=today)
        self._health = assess_many(self.store, today=today, scores=_plain(self._scores))
        self._mark, self._today, self.last_refresh = mark, today, "full"
        return dict(self._health)

    def _latest_event(self) -> int:
        with self.store.connection() as conn:
            return conn.execute(select(func.max(AuditEvent.id))).scalar() or 0

    def _touched_since(self, mark: int) -> set[int] | None:
        """Engagements touched by events after ``mark``; ``None`` when only a full assessment
        can be trusted."""
        stmt = (select(AuditEvent.record_type, AuditEvent.record_id, AuditEvent.old_values,
                       AuditEvent.new_values)
                .where(AuditEvent.id > mark).order_by(AuditEvent.id).limit(FULL_REFRESH_EVENTS + 1))
        with self.store.connection() as conn:
            events = conn.execute(stmt).all()
            if len(events) > FULL_REFRESH_EVENTS:
                return None
            touched: set[int] = set()
            unplaced: dict[str, set[int]] = {}
            for record_type, record_id, old, new in events:
                if record_type in IRRELEVANT:
                    continue
                if record_type == "engagement" and record_id is not None:
                    touched.add(record_id)
                    continue
                if record_type == "attachment":  # evidence: in place or expired, by its files
                    item = _value_in(new, "checklist_item_id") or _value_in(old, "checklist_item_id")
                    if item is not None:
                        unplaced.setdefault("checklistitem", set()).add(item)
                    elif _value_in(new, "communication_id") is None and _value_in(old, "communication_id") is None:
                        return None
                    continue
                if record_type not in CHILD_TABLES or record_id is None:
                    return None
                eid = _engagement_in(new) or _engagement_in(old)
                if eid is not None:
                    touched.add(eid)
                else:
                    unplaced.setdefault(record_type, set()).add(record_id)
            for record_type, ids in unplaced.items():
                touched.update(_owners(conn, record_type, ids))
        return touched


def _plain(scores: dict[int, EngagementScore]) -> dict[int, ComplianceScore]:
    return {eid: each.score for eid, each in scores.items()}


def _value_in(values: str, key: str) -> int | None:
    try:
        value = json.loads(values or "{}").get(key)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def _engagement_in(values: str) -> int | None:
    return _value_in(values, "engagement_id")


def _owners(conn, record_type: str, ids: Iterable[int]) -> set[int]:  # noqa: ANN001
    model = CHILD_TABLES[record_type]
    stmt = select(model.engagement_id).where(model.id.in_(list(ids))).distinct()
    return set(conn.execute(stmt).scalars())
