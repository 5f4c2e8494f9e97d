"""Controls recur and evidence expires; the laptop app itself is the reminder.

``refresh_recurring_and_expired`` runs when the app opens (there is no cron): recurring
controls whose next review date has come reopen, and controls whose evidence has expired
reopen. It is idempotent, so running it twice a day changes nothing the second time.
``due_items`` feeds the start-up digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import col, select

from kpo_desk.core import audit
from kpo_desk.core.checklists.recurrence import next_occurrence
from kpo_desk.core.checklists.workflow import reopen
from kpo_desk.core.enums import AuditAction, ChecklistState, EngagementStatus, Recurrence
from kpo_desk.core.models import Attachment, ChecklistItem, Engagement
from kpo_desk.core.models.checklists import EXPIRING, PENDING_DUE
from kpo_desk.core.rawsql import as_date, literals, run
from kpo_desk.core.store import Store

CS = ChecklistState


@dataclass
class RefreshResult:
    """Item ids reopened by this run."""

    recurring: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.recurring) + len(self.expired)


def refresh_recurring_and_expired(store: Store, today: date) -> RefreshResult:
    """Reopen due recurring controls and controls whose evidence expired, in one transaction.

    A recurring item done on D is due again on D plus its period (or its ``due_on`` when
    that was set later). An item reopens for expired evidence when one of its files expired
    after the item was done: re-doing it with fresh evidence settles it, even though the
    old file stays attached (evidence is never deleted).
    """
    result = RefreshResult()
    with store.transaction() as session:
        recurring = session.exec(
            select(ChecklistItem).join(Engagement, Engagement.id == ChecklistItem.engagement_id)
            .where(ChecklistItem.state == CS.DONE, ChecklistItem.recurrence != Recurrence.NONE,
                   col(Engagement.status).in_(EngagementStatus.LIVE))
            .order_by(ChecklistItem.id)).all()
        for item in recurring:
            done_on = item.done_at.date() if item.done_at else None
            due = next_occurrence(done_on, item.recurrence) if done_on else item.due_on
            if item.due_on and (due is None or item.due_on > due):
                due = item.due_on
            if due is None or due > today:
                continue
            old = audit.snapshot(item)
            reopen(item)
            item.due_on = due
            session.add(item)
            audit.record_event(session, actor=store.actor, action=AuditAction.UPDATE, obj=item, old=old,
                               new=audit.snapshot(item) | {
                                   "reopened_because": f"{item.recurrence.label.lower()} review due "
                                                       f"{due.isoformat()}"})
            result.recurring.append(item.id)
        expired = session.exec(
            select(ChecklistItem, Attachment.original_name, Attachment.expires_on)
            .join(Attachment, Attachment.checklist_item_id == ChecklistItem.id)
            .join(Engagement, Engagement.id == ChecklistItem.engagement_id)
            .where(ChecklistItem.state == CS.DONE, col(Attachment.expires_on).is_not(None),
                   Attachment.expires_on <= today, col(Engagement.status).in_(EngagementStatus.LIVE))
            .order_by(ChecklistItem.id, Attachment.expires_on)).all()
        for item, name, expires_on in expired:
            if item.state != CS.DONE or (item.done_at and item.done_at.date() >= expires_on):
                continue
            old = audit.snapshot(item)
            reopen(item)
            item.due_on = min(item.due_on, expires_on) if item.due_on else expires_on
            session.add(item)
            audit.record_event(session, actor=store.actor, action=AuditAction.UPDATE, obj=item, old=old,
                               new=audit.snapshot(item) | {
                                   "reopened_because": f"evidence '{name}' expired {expires_on.isoformat()}"})
            result.expired.append(item.id)
    return result


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the start-up digest."""

    kind: str  # "control" (an open item with a due date), "review" (a recurring item due again)
    #          # or "evidence" (a file expiring or expired)
    item_id: int
    engagement_id: int
    code: str
    client: str
    text: str
    due_on: date
    days: int  # positive: days overdue; negative: days until due (as the dashboard counts)
    attachment_id: int | None = None
    file_name: str = ""

    @property
    def overdue(self) -> bool:
        return self.days > 0


#: Open controls and recurring reviews falling due by a date, on live engagements. Plain SQL
#: on purpose: the ``PENDING_DUE`` terms must reach SQLite as literals for the partial index to
#: serve it, and ``CROSS JOIN`` keeps the items (walked in due-date order) as the outer loop, so
#: the query stops after ``limit`` rows instead of sorting every item of every live engagement.
#: (The index conditions name their columns bare; no other table here has columns so named.)
_DUE_ITEMS_SQL = f"""
SELECT ci.id, e.id, e.code, c.name, ci.text, ci.due_on, ci.state
FROM checklistitem AS ci CROSS JOIN engagement AS e ON e.id = ci.engagement_id
JOIN client AS c ON c.id = e.client_id
WHERE {PENDING_DUE}
  AND ci.due_on <= ? AND e.status IN ({literals(EngagementStatus.LIVE)})
ORDER BY ci.due_on, e.code, ci.id LIMIT ?"""
_EXPIRING_SQL = f"""
SELECT ci.id, e.id, e.code, c.name, ci.text, a.expires_on, a.id, a.original_name
FROM attachment AS a CROSS JOIN checklistitem AS ci ON ci.id = a.checklist_item_id
JOIN engagement AS e ON e.id = ci.engagement_id JOIN client AS c ON c.id = e.client_id
WHERE {EXPIRING} AND a.expires_on <= ? AND ci.state = '{CS.DONE.value}'
  AND e.status IN ({literals(EngagementStatus.LIVE)})
ORDER BY a.expires_on, e.code, a.id LIMIT ?"""


def due_items(store: Store, today: date, horizon_days: int = 14, *, limit: int = 500) -> list[DueItem]:
    """Open controls due by ``today + horizon_days`` (overdue included), recurring reviews coming
    up, and evidence expiring in that window, on live engagements; earliest first."""
    until = (today + timedelta(days=horizon_days)).isoformat()
    with store.connection() as conn:
        items = run(conn, _DUE_ITEMS_SQL, (until, limit)).all()
        files = run(conn, _EXPIRING_SQL, (until, limit)).all()
    out = []
    for iid, eid, code, client, text, due_on, state in items:
        due = as_date(due_on)
        out.append(DueItem("control" if state == CS.OPEN.value else "review", iid, eid, code, client, text, due,
                           (today - due).days))
    for iid, eid, code, client, text, expires_on, aid, name in files:
        expires = as_date(expires_on)
        out.append(DueItem("evidence", iid, eid, code, client, text, expires, (today - expires).days, aid, name))
    out.sort(key=lambda d: (d.due_on, d.code, d.kind, d.item_id))
    return out[:limit]
