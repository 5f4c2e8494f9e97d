"""Gathering the facts for many engagements at once.

The dashboard colours every engagement, so health is assessed in a handful of grouped
queries (one per rule, plus one for the engagements), never one query per engagement. The
queries are plain, portable SQL through SQLAlchemy Core; the one per-engagement lookup
(the last client contact) is a correlated ``ORDER BY ... LIMIT 1`` that an index on
(engagement, when) answers with one seek, instead of grouping a million log entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import String, false, func, not_, or_, select, true, type_coerce

from kpo_desk.core import compliance as rule
from kpo_desk.core.enums import (
    AuditAction,
    ChecklistState,
    Direction,
    EngagementStatus,
    FeeModel,
    Gate,
    MilestoneStatus,
)
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.health.reasons import EngagementFacts, Health, all_clear, evaluate
from kpo_desk.core.health.thresholds import health_thresholds
from kpo_desk.core.models import (
    Assignment,
    AuditEvent,
    ChecklistItem,
    Communication,
    Engagement,
    Milestone,
    Staff,
    alias_of,
)
from kpo_desk.core.models.communications import FOLLOW_UP_PENDING
from kpo_desk.core.rawsql import as_date, fetch_all, gc_paused, literals, placeholders
from kpo_desk.core.services.budget import elapsed_pct, hours_by_engagement
from kpo_desk.core.store import Store

S = EngagementStatus
_RUNNING_VALUES = frozenset(s.value for s in EngagementStatus.RUNNING)
M = MilestoneStatus
#: Milestones that are still owed to the client.
OWED = (M.PLANNED, M.IN_PROGRESS, M.IN_QA, M.REWORK)
#: Above this many ids, filtering in Python beats a long IN list.
IN_LIMIT = 500
#: How a move into rework looks in the audit trail (``record_event`` writes sorted JSON).
REWORK_MARK = '%"status": "rework"%'


def _values(statuses) -> list[str]:  # noqa: ANN001
    return [s.value for s in statuses]


def assess_many(store: Store, engagement_ids=None, *, today: date | None = None,  # noqa: ANN001
                scores: Mapping[int, rule.ComplianceScore] | None = None) -> dict[int, Health]:
    """Health of many engagements (all of them when ``engagement_ids`` is None), keyed by id.

    Ids that do not exist are left out. Engagements that are not in flight (proposed,
    closed, cancelled) are green with no reasons. Every health carries the engagement's
    compliance score on ``today`` (the one rule, :mod:`kpo_desk.core.compliance`);
    a caller that has just read the scores for ``today`` passes them as ``scores`` (an
    engagement missing from them has nothing that applies), saving one grouped query.
    """
    with gc_paused():  # thousands of facts and reasons, none in a cycle
        return _assess_many(store, engagement_ids, today or date.today(), scores)


def _assess_many(store: Store, engagement_ids, today: date,  # noqa: ANN001
                 scores: Mapping[int, rule.ComplianceScore] | None) -> dict[int, Health]:
    wanted = None if engagement_ids is None else {int(i) for i in engagement_ids}
    narrow = wanted is not None and len(wanted) <= IN_LIMIT
    with store.connection() as conn:  # one snapshot for every query
        thresholds = health_thresholds(store)  # joins this unit: no connection of its own
        rows, idle = _engagements(conn, wanted if narrow else None)
        if wanted is not None and not narrow:
            rows = [r for r in rows if r[0] in wanted]
            idle = {k for k in idle if k in wanted}
        ids = [r[0] for r in rows] if narrow else None
        found: dict[str, dict[int, list]] = {}
        hours: dict[int, tuple[float, float]] = {}
        if scores is None:
            scores = _compliance(conn, wanted if narrow else None, today)
        if rows:
            hours = hours_by_engagement(conn, ids)
            found = {
                "overdue_milestones": _overdue_milestones(conn, ids, today),
                "reworks": _reworks(conn, ids, thresholds["health.rework_amber"]),
                "open_gate_items": _gate_items(conn, ids, today),
                "overdue_follow_ups": _follow_ups(conn, ids, today),
                "key_roles_without_backup": _key_roles(conn, ids),
            }
    nothing = rule.ComplianceScore()
    result = {eid: all_clear(scores.get(eid, nothing)) for eid in idle}
    quiet_since = (today - timedelta(days=thresholds["health.no_contact_days"])).isoformat()
    for row in rows:
        eid = row[0]
        if _clearly_fine(row, hours.get(eid), found, thresholds, today.isoformat(), quiet_since):
            result[eid] = all_clear(scores.get(eid, nothing))
            continue
        facts = _facts(row, hours.get(eid, (0.0, 0.0)))
        facts.compliance = scores.get(eid, nothing)
        for name, by_engagement in found.items():
            if eid in by_engagement:
                setattr(facts, name, by_engagement[eid])
        result[eid] = evaluate(facts, thresholds, today)
    return result


def _clearly_fine(row: tuple, hours: tuple[float, float] | None, found: dict[str, dict[int, list]],
                  t: dict[str, int], today: str, quiet_since: str) -> bool:
    """A cheap pre-check that lets most engagements skip the rules: no findings, no override,
    a budget far from its limits and recent contact. Anything doubtful goes to the rules."""
    eid, status, fee, signed, start, end, created = row[:7]
    if row[11] is not None or any(eid in by_engagement for by_engagement in found.values()):
        return False
    if hours is not None and row[9]:
        counted = hours[0] if fee == FeeModel.FIXED.value else hours[1]
        used = counted * 100 / row[9]
        if used >= t["health.budget_amber_pct"] - 1:
            return False
        if used >= t["health.budget_ahead_points"] - 1:
            elapsed = elapsed_pct(_day(start or signed), _day(end), date.fromisoformat(today))
            if elapsed is not None and used - elapsed >= t["health.budget_ahead_points"] - 1:
                return False
    if status in _RUNNING_VALUES:
        since = [str(d)[:10] for d in (row[13], start, signed, created) if d is not None]
        since = [d for d in since if d <= today]
        if since and max(since) <= quiet_since:
            return False
    return True


def assess_engagement(store: Store, engagement_id: int, *, today: date | None = None) -> Health:
    health = assess_many(store, [engagement_id], today=today).get(engagement_id)
    if health is None:
        raise ValidationError(f"There is no engagement with id {engagement_id}.", field="engagement_id")
    return health


# -- the queries ---------------------------------------------------------------------------------
#: Aliases are made once (``alias_of``): one costs ~0.5 ms to make, and a report or a list page
#: assesses one engagement or a few, where building the statements is most of the time.


def _engagements(conn, ids) -> tuple[list[tuple], set[int]]:  # noqa: ANN001
    c = alias_of(Communication, "last contact")
    last_contact = (select(type_coerce(c.occurred_at, String))
                    .where(c.engagement_id == Engagement.id,
                           c.direction.in_(_values((Direction.INBOUND, Direction.OUTBOUND))))
                    .order_by(c.occurred_at.desc()).limit(1).scalar_subquery())
    # Enum, date and time columns come back as text and are parsed here: the typed result
    # processors cost more than the query itself on 20,000 rows.
    raw = [type_coerce(col, String) for col in (
        Engagement.status, Engagement.fee_model, Engagement.signed_on, Engagement.start_on,
        Engagement.target_end_on, Engagement.created_at, Engagement.health_override_until)]
    stmt = select(Engagement.id, *raw, Engagement.currency, Engagement.budget_hours,
                  Engagement.budget_cents, Engagement.health_override,
                  Engagement.health_override_reason, last_contact)
    idle_stmt = select(Engagement.id).where(Engagement.status.not_in(_values(EngagementStatus.LIVE)))
    stmt = stmt.where(Engagement.status.in_(_values(EngagementStatus.LIVE)))
    if ids is not None:
        stmt = stmt.where(Engagement.id.in_(ids))
        idle_stmt = idle_stmt.where(Engagement.id.in_(ids))
    return fetch_all(conn, stmt), {row[0] for row in fetch_all(conn, idle_stmt)}


def _facts(row: tuple, hours: tuple[float, float]) -> EngagementFacts:
    (eid, status, fee, signed, start, end, created, until, currency, budget_hours, cents, override,
     reason, contact) = row
    return EngagementFacts(
        id=eid, status=EngagementStatus(status), fee_model=FeeModel(fee), currency=currency,
        signed_on=_day(signed), start_on=_day(start), target_end_on=_day(end), created_on=_day(created),
        budget_hours=budget_hours, budget_cents=cents, hours_total=hours[0], hours_billable=hours[1],
        health_override=override, health_override_reason=reason or "",
        health_override_until=_day(until), last_contact_at=_instant(contact))


_day = as_date  # a date from the store, whether the driver gives a date, a timestamp or ISO text


def _instant(value: object) -> datetime | None:
    """A stored UTC instant (naive text or a datetime) as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _scoped(stmt, column, ids, statuses=EngagementStatus.LIVE):  # noqa: ANN001, ANN202
    """Limit a child query to the engagements being assessed."""
    stmt = stmt.join(Engagement, Engagement.id == column).where(Engagement.status.in_(_values(statuses)))
    return stmt.where(column.in_(ids)) if ids is not None else stmt


def _overdue_milestones(conn, ids, today: date) -> dict[int, list]:  # noqa: ANN001
    stmt = select(Milestone.engagement_id, Milestone.id, Milestone.title, Milestone.due_on,
                  Milestone.client_visible).where(Milestone.due_on < today,
                                                  Milestone.status.in_(_values(OWED)))
    found: dict[int, list] = {}
    for eid, mid, title, due, visible in fetch_all(conn, _scoped(stmt, Milestone.engagement_id, ids,
                                                                  EngagementStatus.RUNNING)):
        found.setdefault(eid, []).append((mid, title, as_date(due), bool(visible)))
    return found


def _reworks(conn, ids, at_least: int) -> dict[int, list]:  # noqa: ANN001
    """Moves into rework, counted from the audit trail of milestones not yet accepted."""
    sent_back = (select(AuditEvent.record_id.label("mid"), func.count().label("times"))
                 .where(AuditEvent.record_type == "milestone",
                        AuditEvent.action.in_(_values((AuditAction.TRANSITION, AuditAction.UPDATE,
                                                       AuditAction.OVERRIDE))),
                        AuditEvent.new_values.like(REWORK_MARK))
                 .group_by(AuditEvent.record_id).having(func.count() >= at_least).subquery())
    stmt = (select(Milestone.engagement_id, Milestone.id, Milestone.title, sent_back.c.times)
            .join(sent_back, sent_back.c.mid == Milestone.id)
            .where(Milestone.status != M.ACCEPTED.value))
    found: dict[int, list] = {}
    for eid, mid, title, times in fetch_all(conn, _scoped(stmt, Milestone.engagement_id, ids)):
        found.setdefault(eid, []).append((mid, title, int(times)))
    return found


def _compliance(conn, ids, today: date) -> dict[int, rule.ComplianceScore]:  # noqa: ANN001
    """Every engagement's compliance score, in one grouped query (engagements with no checklist
    items are left out: nothing applies). All of them come from the tally where the store keeps one."""
    if ids is None and rule.keeps_tally(conn):
        return rule.tallied_scores(conn, today)
    stmt = select(ChecklistItem.engagement_id, *rule.score_columns(today)).group_by(ChecklistItem.engagement_id)
    if ids is not None:
        stmt = stmt.where(ChecklistItem.engagement_id.in_(list(ids)))
    score = rule.ComplianceScore  # the four counts are count(*): ints, never NULL
    return {eid: score(verified, applicable, in_place, waived)
            for eid, verified, applicable, in_place, waived in fetch_all(conn, stmt)}


def _gate_items(conn, ids, today: date) -> dict[int, list]:  # noqa: ANN001
    """Required activation-gate items that apply and are neither verified nor waived, by the one
    compliance rule (the same test as the gate itself, ``services.engagements.missing_gate_items``)."""
    stmt = (select(ChecklistItem.engagement_id, ChecklistItem.id, ChecklistItem.text, ChecklistItem.state,
                   rule.evidence_expired_sql(today))
            .where(ChecklistItem.gate == Gate.ACTIVATION.value, rule.counted_sql(), not_(rule.waived_sql()),
                   not_(rule.verified_sql(today))))
    found: dict[int, list] = {}
    for eid, iid, text, state, expired in fetch_all(
            conn, _scoped(stmt, ChecklistItem.engagement_id, ids, (S.ACTIVE,))):
        found.setdefault(eid, []).append((iid, text, ChecklistState(state), bool(expired)))
    return found


#: Follow-ups owed and overdue. Plain SQL: ``CROSS JOIN`` keeps the engagements outermost and the
#: literal condition lets ``ix_communication_followup_pending`` serve each one (a page of 120
#: engagements: 0.2 ms, where walking every overdue follow-up of the store took 18 ms).
_FOLLOW_UPS_SQL = (
    "SELECT m.engagement_id, m.id, m.subject, m.follow_up_due, "
    "(SELECT k.name FROM contact AS k JOIN communicationcontact AS cc ON cc.contact_id = k.id "
    " WHERE cc.communication_id = m.id ORDER BY k.name LIMIT 1), m.client_visible "
    "FROM engagement AS e CROSS JOIN communication AS m ON m.engagement_id = e.id "
    f"WHERE e.status IN ({literals(EngagementStatus.LIVE)}) AND {FOLLOW_UP_PENDING} AND m.follow_up_due < ?{{ids}}")


def _follow_ups(conn, ids, today: date) -> dict[int, list]:  # noqa: ANN001
    where = "" if ids is None else f" AND e.id IN ({placeholders(len(ids))})"
    found: dict[int, list] = {}
    for eid, cid, subject, due, contact, visible in fetch_all(conn,
            _FOLLOW_UPS_SQL.format(ids=where), (today.isoformat(), *(ids or ()))):
        found.setdefault(eid, []).append((cid, subject or "", as_date(due), contact or "", bool(visible)))
    return found


def _key_roles(conn, ids) -> dict[int, list]:  # noqa: ANN001
    """Key roles whose backup is missing, or is someone who has left the firm."""
    person, backup = alias_of(Staff, "key role"), alias_of(Staff, "backup")
    stmt = (select(Assignment.engagement_id, Assignment.id, Assignment.role, person.name, backup.name)
            .join(person, person.id == Assignment.staff_id)
            .outerjoin(backup, backup.id == Assignment.backup_staff_id)
            .where(Assignment.is_key_role == true(),
                   or_(Assignment.backup_staff_id.is_(None), backup.active == false())))
    found: dict[int, list] = {}
    for eid, aid, role, name, gone in fetch_all(conn, _scoped(stmt, Assignment.engagement_id, ids,
                                                              EngagementStatus.RUNNING)):
        found.setdefault(eid, []).append((aid, role, name, gone or ""))
    return found
