"""The dashboard's "Needs attention" list, which is also the start-up "Today" digest: one ordered
list of things the manager should act on, worded once (both screens show these words)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from kpo_desk.core.checklists import due_items
from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.health import Health, assess_many
from kpo_desk.core.i18n import A_, An_, Message, english
from kpo_desk.core.rawsql import as_date, literals, run
from kpo_desk.core.services import dashboard, follow_ups
from kpo_desk.core.store import Store

#: Order of the kinds on the dashboard: what is already late comes first.
SEVERITY = {"red": 0, "overdue": 1, "amber": 2, "due": 3}
#: Severities that mean "already late" (or red) in the summary line.
LATE = ("red", "overdue")


@dataclass(frozen=True)
class AttentionItem:
    kind: str           # one of KINDS: "overdue milestone", "milestone due", "health red", ...
    severity: str       # "red", "overdue", "amber", "due"
    engagement_id: int
    code: str
    client: str
    when: date | None
    record_type: str
    record_id: int
    #: The detail as messages of the app catalog, joined by "; " (the window shows them in its
    #: language; ``text`` is their English).
    message: tuple[Message, ...] = field(default=())

    @cached_property
    def text(self) -> str:
        """``message`` in English (what the CLI prints). Worded when first read: a refresh makes
        every item, the window shows them in its own language, and the list shows only some."""
        return "; ".join(english(p) for p in self.message)

    @property
    def late(self) -> bool:
        return self.severity in LATE


#: Every kind of item, as the "What" column names it (the window translates these words).
KINDS = (A_("overdue milestone"), A_("milestone due"), A_("overdue follow-up"), A_("follow-up due"),
         A_("control overdue"), A_("control due"), A_("review overdue"), A_("review due"),
         A_("evidence expired"), A_("evidence expiring"), A_("start overdue"), A_("no lead"),
         A_("health red"), A_("health amber"))
#: The kind of a checklist item due or overdue, by its ``DueItem.kind`` and whether it is late.
_DUE_KINDS = {("control", False): "control due", ("control", True): "control overdue",
              ("review", False): "review due", ("review", True): "review overdue",
              ("evidence", False): "evidence expiring", ("evidence", True): "evidence expired"}


def _item(kind: str, severity: str, message: Message | tuple[Message, ...], engagement_id: int, code: str,
          client: str, when: date | None, record_type: str, record_id: int) -> AttentionItem:
    parts = message if isinstance(message, tuple) else (message,)
    return AttentionItem(kind, severity, engagement_id, code, client, when, record_type, record_id, parts)


def attention_summary(items: list[AttentionItem]) -> str:
    """The line above the list, the same on the dashboard and in the Today digest:
    "12 items need attention; 4 already late or red." In English; the window shows
    ``attention_summary_message`` in its language."""
    return english(attention_summary_message(items))


def attention_summary_message(items: list[AttentionItem]) -> Message:
    """``attention_summary`` as a message of the app catalog."""
    if not items:
        return Message.of(A_("Nothing needs attention today."))
    late = sum(1 for i in items if i.late)
    return Message.of(An_("{n} item needs attention; {late} already late or red.",
                          "{n} items need attention; {late} already late or red."), len(items), late=late)


def _in_days(days: int) -> Message:
    """``days`` until something (0 is today): "today", "in 1 day", "in 3 days"."""
    return Message.of(A_("today")) if days == 0 else Message.of(An_("in {n} day", "in {n} days"), days)


#: "'{title}' 3 days overdue", "'{title}' due in 3 days": a milestone or a checklist item.
_OVERDUE = An_("'{title}' {n} day overdue", "'{title}' {n} days overdue")
_DUE = A_("'{title}' due {when}")


def needs_attention(store: Store, *, today: date | None = None, horizon_days: int = 14,
                    limit: int = 300, health: dict[int, Health] | None = None) -> list[AttentionItem]:
    """``health``, when given, is every engagement's health as a ``HealthMonitor`` keeps it up to
    date; without it, the engagements in flight are assessed now (about half a second at 20,000).
    Every list is read from one snapshot, through one connection (on a server, one check-out
    and one transaction instead of one per list)."""
    with store.read():
        return _needs_attention(store, today=today or date.today(), horizon_days=horizon_days, limit=limit,
                                health=health)


def _needs_attention(store: Store, *, today: date, horizon_days: int, limit: int,
                     health: dict[int, Health] | None) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for m in dashboard.overdue_milestones(store, today=today, limit=limit):
        items.append(_item("overdue milestone", "overdue", Message.of(_OVERDUE, m.days, title=m.title),
                           m.engagement_id, m.code, m.client, m.due_on, "milestone", m.milestone_id))
    for m in dashboard.milestones_due_soon(store, today=today, days=horizon_days, limit=limit):
        items.append(_item("milestone due", "due", Message.of(_DUE, title=m.title, when=_in_days(-m.days)),
                           m.engagement_id, m.code, m.client, m.due_on, "milestone", m.milestone_id))
    for f in follow_ups.open_follow_ups(store, today, limit=limit):
        if f.days_overdue <= 0 and f.days_overdue < -horizon_days:
            continue
        if f.days_overdue > 0:
            text = (An_("follow-up to {name} overdue {n} day: {subject}",
                        "follow-up to {name} overdue {n} days: {subject}") if f.contact_name
                    else An_("follow-up overdue {n} day: {subject}", "follow-up overdue {n} days: {subject}"))
            message = Message.of(text, f.days_overdue, name=f.contact_name, subject=f.subject)
        else:
            text = (A_("follow-up to {name} due {when}: {subject}") if f.contact_name
                    else A_("follow-up due {when}: {subject}"))
            message = Message.of(text, name=f.contact_name, subject=f.subject, when=_in_days(-f.days_overdue))
        items.append(_item("overdue follow-up" if f.days_overdue > 0 else "follow-up due",
                           "overdue" if f.days_overdue > 0 else "due", message, f.engagement_id,
                           f.engagement_code, f.client_name, f.due_on, "communication", f.communication_id))
    for d in due_items(store, today, horizon_days, limit=limit):
        if d.kind == "evidence":
            message = (Message.of(An_("evidence '{file}' for '{title}' expired {n} day ago",
                                      "evidence '{file}' for '{title}' expired {n} days ago"),
                                  d.days, file=d.file_name, title=d.text) if d.days > 0
                       else Message.of(A_("evidence '{file}' for '{title}' expires {when}"), file=d.file_name,
                                       title=d.text, when=_in_days(-d.days)))
        else:
            message = (Message.of(_OVERDUE, d.days, title=d.text) if d.days > 0
                       else Message.of(_DUE, title=d.text, when=_in_days(-d.days)))
        items.append(_item(_DUE_KINDS[d.kind, bool(d.overdue)], "overdue" if d.overdue else "due",
                           message, d.engagement_id, d.code, d.client, d.due_on, "checklistitem", d.item_id))
    items += engagement_setup_gaps(store, today=today, limit=limit)
    live = health_of_live(store, today=today, known=health)
    # Only the first ``limit`` can be shown: health rows carry no date, so among themselves they
    # order by severity and code, and only those are worded (thousands are amber on a large store).
    flagged = heapq.nsmallest(limit, ((SEVERITY[h.status], code, eid) for eid, (code, _, h) in live.items()
                                      if h.status != "green"))
    for _, code, engagement_id in flagged:
        client, health = live[engagement_id][1:]
        parts = tuple(r.message for r in health.reasons) or (Message.verbatim(health.override_reason),)
        items.append(_item(f"health {health.status}", health.status, parts, engagement_id, code, client,
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
        late_by = Message.of(An_("still proposed {n} day after its planned start",
                                 "still proposed {n} days after its planned start"), (today - start).days)
        items.append(_item("start overdue", "overdue", late_by, eid, code, client, start, "engagement", eid))
    for eid, code, client, _start in leaderless:
        items.append(_item("no lead", "amber", Message.of(A_("no engagement lead named: nobody answers for it")),
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
