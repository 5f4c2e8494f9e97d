"""What health is made of: reasons, and the pure rules that turn an engagement's facts into them.

The rules take plain facts (gathered in grouped queries by :mod:`.engine`), so they can be
tested and property-tested without a store, and they hold every threshold decision in one
place. Each reason names its record and its number, because a status nobody can explain is
a status nobody trusts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache

from kpo_desk.core.compliance import ComplianceScore
from kpo_desk.core.enums import ChecklistState, EngagementStatus, FeeModel
from kpo_desk.core.i18n import A_, N_, An_, Digits, Message, Nn_, Percent, english
from kpo_desk.core.services.budget import compute_budget

S = EngagementStatus
RED, AMBER, GREEN = "red", "amber", "green"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}
#: The most reasons one rule gives for one engagement; the rest are summed up in one reason.
MAX_PER_RULE = 5


@dataclass(unsafe_hash=True)
class HealthReason:
    """One reason for an engagement's colour. A value, never changed once made; not a frozen
    dataclass only because those are slow to make, and a full assessment makes thousands."""

    rule: str
    #: The reason as a message of the app catalog (the window shows it in its language);
    #: ``text`` is it in English.
    message: Message
    severity: str  # 'red' | 'amber'
    record_type: str
    record_id: int | None
    client_facing: bool
    #: Wording for a client report, where it differs from ``text`` (empty: use ``text``).
    client_text: str = field(default="", compare=False)
    #: The client wording as a translatable template and its values (a client report in
    #: another language prints this instead of ``client_text``; in English they read the same).
    client_message: Message | None = field(default=None, compare=False)

    @cached_property
    def text(self) -> str:
        """The reason in English. Worded when first read, not when assessed: a full assessment
        makes thousands of reasons, and most are only counted (their colour), never read."""
        return english(self.message)

    def for_client(self) -> str:
        return self.client_text or self.text

    @property
    def worded(self) -> Message:
        return self.message


def _reason(rule: str, message: Message, severity: str, record_type: str, record_id: int | None,
            client_facing: bool, client_text: str = "", client_message: Message | None = None) -> HealthReason:
    return HealthReason(rule, message, severity, record_type, record_id, client_facing, client_text, client_message)


@dataclass(frozen=True)
class Health:
    status: str  # 'red' | 'amber' | 'green'
    reasons: tuple[HealthReason, ...]
    overridden: bool = False
    override_reason: str = ""
    #: The engagement's compliance score on the day assessed, as every view shows it. It does not
    #: colour the health by itself; the activation-gate rule speaks for the controls that matter.
    compliance: ComplianceScore = ComplianceScore()

    @property
    def client_reasons(self) -> tuple[HealthReason, ...]:
        return tuple(r for r in self.reasons if r.client_facing)

    def tooltip(self) -> str:
        """One reason a line, worst first: what a list shows when hovering the dot (in English;
        ``tooltip_lines`` are its messages)."""
        return "\n".join(english(m) for m in self.tooltip_lines())

    def tooltip_lines(self) -> list[Message]:
        lines = [Message.of(A_("Set by hand: {reason}"), reason=self.override_reason)] if self.overridden else []
        return lines + [r.worded for r in self.reasons] or [Message.of(A_("No problems found."))]


@lru_cache(maxsize=4096)
def all_clear(compliance: ComplianceScore = ComplianceScore()) -> Health:  # noqa: B008 - a tuple
    """Green with nothing to report, carrying ``compliance``. A health is frozen, so every
    engagement with the same score shares one: a full assessment finds about 12,000 of 20,000
    engagements clear, over a few hundred different scores."""
    return Health(GREEN, (), compliance=compliance)


def worst(statuses) -> str:  # noqa: ANN001
    return max(statuses, key=_RANK.__getitem__, default=GREEN)


def _days(n: int) -> str:
    """The client wording's day count (``client_text``; the window's reasons are messages)."""
    return f"{n} day{'s' if n != 1 else ''}"


@dataclass(slots=True)
class EngagementFacts:
    """Everything the rules look at for one engagement."""

    id: int
    status: EngagementStatus
    fee_model: FeeModel = FeeModel.FIXED
    currency: str = "USD"
    signed_on: date | None = None
    start_on: date | None = None
    target_end_on: date | None = None
    created_on: date | None = None
    budget_hours: float | None = None
    budget_cents: int | None = None
    hours_total: float = 0.0
    hours_billable: float = 0.0
    last_contact_at: datetime | None = None
    health_override: str | None = None
    health_override_reason: str = ""
    health_override_until: date | None = None
    #: (milestone id, title, due date, client visible)
    overdue_milestones: list[tuple[int, str, date, bool]] = field(default_factory=list)
    #: (milestone id, title, times sent back)
    reworks: list[tuple[int, str, int]] = field(default_factory=list)
    #: Activation-gate items that apply and are neither verified nor waived (the one compliance
    #: rule): (checklist item id, text, state, its evidence has expired)
    open_gate_items: list[tuple[int, str, str, bool]] = field(default_factory=list)
    #: (communication id, subject, due date, first contact's name or '', client visible)
    overdue_follow_ups: list[tuple[int, str, date, str, bool]] = field(default_factory=list)
    #: (assignment id, role, staff name, name of a backup who has left or '')
    key_roles_without_backup: list[tuple[int, str, str, str]] = field(default_factory=list)
    #: Required controls verified out of those that apply, on the day assessed.
    compliance: ComplianceScore = field(default_factory=ComplianceScore)


# -- the rules -----------------------------------------------------------------------------------
def overdue_milestones(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    if not f.overdue_milestones:
        return []
    if f.status not in S.RUNNING:
        return []
    reasons = []
    for mid, title, due, visible in sorted(f.overdue_milestones, key=lambda m: (m[2], m[0])):
        late = (today - due).days
        if late < 1:
            continue
        # The client's wording only for a milestone the client sees (a report prints no other).
        reasons.append(_reason(
            "overdue_milestone", Message.of(_MILESTONE_LATE, Digits(late), title=title),
            RED if late >= t["health.milestone_red_days"] else AMBER, "milestone", mid, visible,
            f"deliverable '{title}' is {_days(late)} past its due date ({due.isoformat()})" if visible else "",
            Message.of(_DELIVERABLE_LATE, late, title=title, due=due) if visible else None))
    return reasons


def rework_loops(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    if not f.reworks:
        return []
    reasons = []
    for mid, title, times in sorted(f.reworks, key=lambda r: (-r[2], r[0])):
        if times < t["health.rework_amber"]:
            continue
        reasons.append(_reason(
            "qa_rework", Message.of(A_("QA rework loop: '{title}' sent back {times} times"), title=title,
                                    times=Digits(times)),
            RED if times >= t["health.rework_red"] else AMBER, "milestone", mid, False))
    return reasons


def budget_burn(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    if not f.budget_hours:
        return []
    counted = f.hours_total if f.fee_model == FeeModel.FIXED else f.hours_billable
    rough = counted * 100 / f.budget_hours  # cheap pre-check: most budgets are fine
    if rough < t["health.budget_amber_pct"] - 1 and rough < t["health.budget_ahead_points"] - 1:
        return []
    b = compute_budget(fee_model=f.fee_model, currency=f.currency, budget_hours=f.budget_hours,
                       budget_cents=f.budget_cents, hours_total=f.hours_total,
                       hours_billable=f.hours_billable, start=f.start_on or f.signed_on,
                       end=f.target_end_on, today=today)
    if b.used_pct is None:
        return []
    ahead = b.elapsed_pct is not None and b.used_pct - b.elapsed_pct >= t["health.budget_ahead_points"]
    if b.used_pct >= t["health.budget_red_pct"]:
        severity = RED
    elif b.used_pct >= t["health.budget_amber_pct"] or ahead:
        severity = AMBER
    else:
        return []
    used = f"{b.used_pct:.0f}%"
    when = f" at {b.elapsed_pct:.0f}% of the time" if b.elapsed_pct is not None else ""
    message = (Message.of(N_("{used} of the agreed hours used at {elapsed} of the planned time"),
                          used=Percent(b.used_pct), elapsed=Percent(b.elapsed_pct)) if when
               else Message.of(N_("{used} of the agreed hours used"), used=Percent(b.used_pct)))
    text = (Message.of(A_("budget {used} used at {elapsed} of the time"), used=Percent(b.used_pct),
                       elapsed=Percent(b.elapsed_pct)) if when
            else Message.of(A_("budget {used} used"), used=Percent(b.used_pct)))
    return [_reason("budget_burn", text, severity, "engagement", f.id,
                         b.client_facing,
                         f"{used} of the agreed hours used"
                         + (f" at {b.elapsed_pct:.0f}% of the planned time" if when else ""), message)]


def missing_gate_items(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    """Activation-gate items not verified (nor waived) while the engagement is already active:
    the client's material is in our hands without the control that should protect it. A done
    item whose evidence has expired is no longer in place, so it weighs as one not done."""
    if not f.open_gate_items:
        return []
    if f.status != S.ACTIVE:
        return []
    reasons = []
    for iid, text, state, expired in sorted(f.open_gate_items, key=lambda i: i[0]):
        if state == ChecklistState.DONE and expired:
            reasons.append(_reason("gate_item", Message.of(A_("evidence for '{item}' expired while active"),
                                                           item=text), RED, "checklistitem", iid, False))
        elif state == ChecklistState.DONE:
            reasons.append(_reason("gate_item", Message.of(A_("'{item}' not verified while active"), item=text),
                                   AMBER, "checklistitem", iid, False))
        else:
            reasons.append(_reason("gate_item", Message.of(A_("'{item}' not done while active"), item=text),
                                   RED, "checklistitem", iid, False))
    return reasons


def overdue_follow_ups(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    if not f.overdue_follow_ups:
        return []
    reasons = []
    for cid, subject, due, contact, visible in sorted(f.overdue_follow_ups, key=lambda c: (c[2], c[0])):
        late = (today - due).days
        if late < 1:
            continue
        text = (Message.of(_FOLLOW_UP_TO, Digits(late), name=contact) if contact
                else Message.of(_FOLLOW_UP_ON, Digits(late), subject=subject))
        severity = RED if late >= t["health.follow_up_red_days"] else AMBER
        if not visible:  # the client's wording only for what the client sees
            reasons.append(_reason("overdue_follow_up", text, severity, "communication", cid, False))
            continue
        if subject:
            message = Message.of(_OPEN_ACTION, subject=subject, due=due)
        elif contact:
            message = Message.of(_FOLLOW_UP_TO, late, name=contact)
        else:
            message = Message.of(_FOLLOW_UP_ON, late, subject=subject)
        reasons.append(_reason(
            "overdue_follow_up", text, severity, "communication", cid, visible,
            f"open action on '{subject}' since {due.isoformat()}" if subject else "", message))
    return reasons


_MILESTONE_LATE = An_("milestone '{title}' {n} day overdue", "milestone '{title}' {n} days overdue")
_DELIVERABLE_LATE = Nn_("deliverable '{title}' is {n} day past its due date ({due})",
                        "deliverable '{title}' is {n} days past its due date ({due})")
_FOLLOW_UP_TO = Nn_("follow-up to {name} overdue {n} day", "follow-up to {name} overdue {n} days")
_FOLLOW_UP_ON = Nn_("follow-up on '{subject}' overdue {n} day", "follow-up on '{subject}' overdue {n} days")
_OPEN_ACTION = N_("open action on '{subject}' since {due}")


def key_roles_without_backup(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    if not f.key_roles_without_backup:
        return []
    if f.status not in S.RUNNING:
        return []
    reasons = []
    for aid, role, name, gone in sorted(f.key_roles_without_backup, key=lambda a: a[0]):
        text = (Message.of(A_("key role {role} ({name}) has no backup: {gone} has left"), role=role, name=name,
                           gone=gone) if gone
                else Message.of(A_("key role {role} ({name}) has no backup"), role=role, name=name))
        reasons.append(_reason("key_role_no_backup", text, AMBER, "assignment", aid, False))
    return reasons


def no_client_contact(f: EngagementFacts, t: dict[str, int], today: date) -> list[HealthReason]:
    """Silence is measured from the last inbound or outbound contact, or from the start of the
    engagement when there has been none, so a new engagement is not flagged on day one."""
    if f.status not in S.RUNNING:
        return []
    since = [d for d in (f.last_contact_at.date() if f.last_contact_at else None, f.start_on,
                         f.signed_on, f.created_on) if d is not None and d <= today]
    if not since:
        return []
    quiet = (today - max(since)).days
    if quiet < t["health.no_contact_days"]:
        return []
    severity = RED if quiet >= t["health.no_contact_red_days"] else AMBER
    return [_reason("no_client_contact", Message.of(A_("no client contact in {days} days"), days=Digits(quiet)),
                    severity, "engagement", f.id, False)]


RULES = (overdue_milestones, missing_gate_items, budget_burn, rework_loops, overdue_follow_ups,
         key_roles_without_backup, no_client_contact)
#: The summing-up reason, as a client report translates it (only client-facing rules need one).
MORE_MESSAGES = {
    "overdue_milestone": Nn_("and {n} more overdue milestone", "and {n} more overdue milestones"),
    "overdue_follow_up": Nn_("and {n} more overdue follow-up", "and {n} more overdue follow-ups"),
}
#: The summing-up reason of every rule that can give more than ``MAX_PER_RULE``, as the window
#: words it (there are always two or more left, so only the plural is read in English).
MORE_TEXTS = {
    **MORE_MESSAGES,
    "gate_item": An_("and {n} more gate item", "and {n} more gate items"),
    "qa_rework": An_("and {n} more rework loop", "and {n} more rework loops"),
    "key_role_no_backup": An_("and {n} more key role without backup", "and {n} more key roles without backup"),
}


def _capped(reasons: list[HealthReason]) -> list[HealthReason]:
    if len(reasons) <= MAX_PER_RULE:
        return reasons
    shown, rest = reasons[:MAX_PER_RULE - 1], reasons[MAX_PER_RULE - 1:]
    first = rest[0]
    more = MORE_MESSAGES.get(first.rule)
    text = (Message.of(MORE_TEXTS[first.rule], Digits(len(rest))) if first.rule in MORE_TEXTS
            else Message.verbatim(f"and {len(rest)} more {first.rule}"))  # a rule without its words yet
    summary = _reason(first.rule, text, worst(r.severity for r in rest), first.record_type, None,
                      any(r.client_facing for r in rest), client_message=Message.of(more, len(rest)) if more else None)
    return [*shown, summary]


def evaluate(f: EngagementFacts, thresholds: dict[str, int], today: date) -> Health:
    """Apply every rule; the status is the worst severity among the reasons, unless a manual
    override with a reason is still in force (it expires after its last day)."""
    if f.status not in S.LIVE:
        return all_clear(f.compliance)
    reasons: list[HealthReason] = []
    for rule in RULES:
        found = rule(f, thresholds, today)
        if found:
            reasons.extend(_capped(found))
    reasons.sort(key=lambda r: -_RANK[r.severity])  # stable: rule order within a severity
    status = worst(r.severity for r in reasons)
    override = (f.health_override or "").strip().lower()
    reason = (f.health_override_reason or "").strip()
    until = f.health_override_until
    if override in _RANK and reason and until is not None and until >= today:
        if override != GREEN:
            word = Message.of(A_("red")) if override == RED else Message.of(A_("amber"))
            reasons.insert(0, _reason("override", Message.of(A_("set to {status} by hand until {until}: {reason}"),
                                                             status=word, until=until.isoformat(), reason=reason),
                                      override, "engagement", f.id, False))
        return Health(override, tuple(reasons), True, reason, f.compliance)
    return Health(status, tuple(reasons), compliance=f.compliance)
