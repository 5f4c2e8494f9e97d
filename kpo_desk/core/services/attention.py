"""The dashboard's "Needs attention" list: one ordered list of things the manager should act on."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from kpo_desk.core.checklists import due_items
from kpo_desk.core.health import Health, assess_many
from kpo_desk.core.rawsql import literals
from kpo_desk.core.services import dashboard, follow_ups
from kpo_desk.core.services.dashboard import LIVE
from kpo_desk.core.store import Store

#: Order of the kinds on the dashboard: what is already late comes first.
SEVERITY = {"red": 0, "overdue": 1, "amber": 2, "due": 3}


@dataclass(frozen=True, slots=True)
class AttentionItem:
    kind: str           # "overdue milestone", "milestone due", "overdue follow-up", "health"
    severity: str       # "red", "overdue", "amber", "due"
    text: str
    engagement_id: int
    code: str
    client: str
    when: date | None
    record_type: str
    record_id: int


def needs_attention(store: Store, *, today: date | None = None, horizon_days: int = 14,
                    limit: int = 300, health: dict[int, Health] | None = None) -> list[AttentionItem]:
    """``health``, when given, is every engagement's health as a ``HealthMonitor`` keeps it up to
    date; without it, the engagements in flight are assessed now (about half a second at 20,000)."""
    today = today or date.today()
    items: list[AttentionItem] = []
    for m in dashboard.overdue_milestones(store, today=today, limit=limit):
        items.append(AttentionItem("overdue milestone", "overdue", f"'{m.title}' {m.days} days overdue",
                                   m.engagement_id, m.code, m.client, m.due_on, "milestone", m.milestone_id))
    for m in dashboard.milestones_due_soon(store, today=today, days=horizon_days, limit=limit):
        when = "today" if m.days == 0 else f"in {-m.days} day{'s' if m.days != -1 else ''}"
        items.append(AttentionItem("milestone due", "due", f"'{m.title}' due {when}", m.engagement_id, m.code,
                                   m.client, m.due_on, "milestone", m.milestone_id))
    for f in follow_ups.open_follow_ups(store, today, limit=limit):
        if f.days_overdue <= 0 and f.days_overdue < -horizon_days:
            continue
        who = f" to {f.contact_name}" if f.contact_name else ""
        text = (f"follow-up{who} overdue {f.days_overdue} days: {f.subject}" if f.days_overdue > 0
                else f"follow-up{who} due {'today' if f.days_overdue == 0 else f'in {-f.days_overdue} days'}: "
                     f"{f.subject}")
        items.append(AttentionItem("overdue follow-up" if f.days_overdue > 0 else "follow-up due",
                                   "overdue" if f.days_overdue > 0 else "due", text, f.engagement_id,
                                   f.engagement_code, f.client_name, f.due_on, "communication",
                                   f.communication_id))
    for d in due_items(store, today, horizon_days, limit=limit):
        what = {"control": "control", "review": "review", "evidence": "evidence"}.get(d.kind, d.kind)
        if d.kind == "evidence":
            text = (f"evidence '{d.file_name}' for '{d.text}' "
                    + (f"expired {d.days} days ago" if d.days > 0 else f"expires in {-d.days} days"))
        else:
            text = f"'{d.text}' " + (f"{d.days} days overdue" if d.days > 0 else
                                     "due today" if d.days == 0 else f"due in {-d.days} days")
        kind = (f"evidence {'expired' if d.overdue else 'expiring'}" if d.kind == "evidence"
                else f"{what} {'overdue' if d.overdue else 'due'}")
        items.append(AttentionItem(kind, "overdue" if d.overdue else "due",
                                   text, d.engagement_id, d.code, d.client, d.due_on, "checklistitem", d.item_id))
    live = health_of_live(store, today=today, known=health)
    # Only the first ``limit`` can be shown: health rows carry no date, so among themselves they
    # order by severity and code, and only those are worded (thousands are amber on a large store).
    flagged = heapq.nsmallest(limit, ((SEVERITY[h.status], code, eid) for eid, (code, _, h) in live.items()
                                      if h.status != "green"))
    for _, code, engagement_id in flagged:
        client, health = live[engagement_id][1:]
        reasons = "; ".join(r.text for r in health.reasons) or health.override_reason
        items.append(AttentionItem(f"health {health.status}", health.status, reasons, engagement_id, code, client,
                                   None, "engagement", engagement_id))
    items.sort(key=lambda i: (SEVERITY[i.severity], i.when or date.max, i.code))
    return items[:limit]


_LIVE_SQL = (f"SELECT e.id, e.code, c.name FROM engagement AS e JOIN client AS c ON c.id = e.client_id "
             f"WHERE e.status IN ({literals(LIVE)})")


def health_of_live(store: Store, *, today: date | None = None,
                   known: dict[int, Health] | None = None) -> dict[int, tuple[str, str, Health]]:
    """Health of every engagement in flight, with its code and client, in a few grouped queries
    (or taken from ``known``, when a monitor keeps it)."""
    with store.engine.connect() as conn:  # plain SQL: 12,000 rows at 20,000 engagements
        rows = conn.exec_driver_sql(_LIVE_SQL).all()
    health = known if known is not None else assess_many(store, [r[0] for r in rows], today=today)
    return {r[0]: (r[1], r[2], health[r[0]]) for r in rows if r[0] in health}
