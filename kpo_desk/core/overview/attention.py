"""The dashboard's "Needs attention" list, which is also the start-up "Today" digest: one ordered
list of things the manager should act on, worded once (both screens show these words)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from kpo_desk.core.checklists import due_items
from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.health import Health, assess_many
from kpo_desk.core.rawsql import as_date, literals, run
from kpo_desk.core.services import dashboard, follow_ups
from kpo_desk.core.store import Store
from kpo_desk.core.wording import count

#: Order of the kinds on the dashboard: what is already late comes first.
SEVERITY = {"red": 0, "overdue": 1, "amber": 2, "due": 3}
#: Severities that mean "already late" (or red) in the summary line.
LATE = ("red", "overdue")


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

    @property
    def late(self) -> bool:
        return self.severity in LATE


def attention_summary(items: list[AttentionItem]) -> str:
    """The line above the list, the same on the dashboard and in the Today digest:
    "12 items need attention; 4 already late or red." """
    if not items:
        return "Nothing needs attention today."
    n, late = len(items), sum(1 for i in items if i.late)
    return f"{count(n, 'item')} {'needs' if n == 1 else 'need'} attention; {late:,} already late or red."


def _in_days(days: int) -> str:
    """``days`` until something (0 is today): "today", "in 1 day", "in 3 days"."""
    return "today" if days == 0 else f"in {count(days, 'day')}"


def needs_attention(store: Store, *, today: date | None = None, horizon_days: int = 14,
                    limit: int = 300, health: dict[int, Health] | None = None) -> list[AttentionItem]:
    """``health``, when given, is every engagement's health as a ``HealthMonitor`` keeps it up to
    date; without it, the engagements in flight are assessed now (about half a second at 20,000)."""
    today = today or date.today()
    items: list[AttentionItem] = []
    for m in dashboard.overdue_milestones(store, today=today, limit=limit):
        items.append(AttentionItem("overdue milestone", "overdue", f"'{m.title}' {count(m.days, 'day')} overdue",
                                   m.engagement_id, m.code, m.client, m.due_on, "milestone", m.milestone_id))
    for m in dashboard.milestones_due_soon(store, today=today, days=horizon_days, limit=limit):
        items.append(AttentionItem("milestone due", "due", f"'{m.title}' due {_in_days(-m.days)}", m.engagement_id,
                                   m.code,
                                   m.client, m.due_on, "milestone", m.milestone_id))
    for f in follow_ups.open_follow_ups(store, today, limit=limit):
        if f.days_overdue <= 0 and f.days_overdue < -horizon_days:
            continue
        who = f" to {f.contact_name}" if f.contact_name else ""
        text = (f"follow-up{who} overdue {count(f.days_overdue, 'day')}: {f.subject}" if f.days_overdue > 0
                else f"follow-up{who} due {_in_days(-f.days_overdue)}: {f.subject}")
        items.append(AttentionItem("overdue follow-up" if f.days_overdue > 0 else "follow-up due",
                                   "overdue" if f.days_overdue > 0 else "due", text, f.engagement_id,
                                   f.engagement_code, f.client_name, f.due_on, "communication",
                                   f.communication_id))
    for d in due_items(store, today, horizon_days, limit=limit):
        what = {"control": "control", "review": "review", "evidence": "evidence"}.get(d.kind, d.kind)
        if d.kind == "evidence":
            text = (f"evidence '{d.file_name}' for '{d.text}' "
                    + (f"expired {count(d.days, 'day')} ago" if d.days > 0 else f"expires {_in_days(-d.days)}"))
        else:
            text = f"'{d.text}' " + (f"{count(d.days, 'day')} overdue" if d.days > 0 else f"due {_in_days(-d.days)}")
        kind = (f"evidence {'expired' if d.overdue else 'expiring'}" if d.kind == "evidence"
                else f"{what} {'overdue' if d.overdue else 'due'}")
        items.append(AttentionItem(kind, "overdue" if d.overdue else "due",
                                   text, d.engagement_id, d.code, d.client, d.due_on, "checklistitem", d.item_id))
    items += engagement_setup_gaps(store, today=today, limit=limit)
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


_NOT_STARTED_SQL = (f"SELECT e.id, e.code, c.name, e.start_on FROM engagement AS e JOIN client AS c ON c.id = "
                    f"e.client_id WHERE e.status IN ({literals([EngagementStatus.PROPOSED])}) AND e.start_on < ? "
                    f"ORDER BY e.start_on, e.code LIMIT ?")
_NO_LEAD_SQL = (f"SELECT e.id, e.code, c.name, e.start_on FROM engagement AS e JOIN client AS c ON c.id = e.client_id "
                f"WHERE e.lead_id IS NULL AND e.status IN ({literals(EngagementStatus.OPEN)}) ORDER BY e.code LIMIT ?")


def engagement_setup_gaps(store: Store, *, today: date | None = None, limit: int = 300) -> list[AttentionItem]:
    """Engagements not set up for their work: still proposed after their planned start, or open
    with no lead named (nobody is answerable for them)."""
    today = today or date.today()
    items: list[AttentionItem] = []
    with store.connection() as conn:
        late = run(conn, _NOT_STARTED_SQL, (today.isoformat(), limit)).all()
        leaderless = run(conn, _NO_LEAD_SQL, (limit,)).all()
    for eid, code, client, start_on in late:
        start = as_date(start_on)
        items.append(AttentionItem("start overdue", "overdue",
                                   f"still proposed {count((today - start).days, 'day')} after its planned start",
                                   eid, code, client, start, "engagement", eid))
    for eid, code, client, _start in leaderless:
        items.append(AttentionItem("no lead", "amber", "no engagement lead named: nobody answers for it",
                                   eid, code, client, None, "engagement", eid))
    return items


_LIVE_SQL = (f"SELECT e.id, e.code, c.name FROM engagement AS e JOIN client AS c ON c.id = e.client_id "
             f"WHERE e.status IN ({literals(EngagementStatus.LIVE)})")


def health_of_live(store: Store, *, today: date | None = None,
                   known: dict[int, Health] | None = None) -> dict[int, tuple[str, str, Health]]:
    """Health of every engagement in flight, with its code and client, in a few grouped queries
    (or taken from ``known``, when a monitor keeps it)."""
    with store.connection() as conn:  # plain SQL: 12,000 rows at 20,000 engagements
        rows = run(conn, _LIVE_SQL).all()
    health = known if known is not None else assess_many(store, [r[0] for r in rows], today=today)
    return {r[0]: (r[1], r[2], health[r[0]]) for r in rows if r[0] in health}
