"""Engagements: creation, editing, and the status life cycle with its gates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import not_
from sqlmodel import Session, col, func, select

from kpo_desk.core import audit
from kpo_desk.core import compliance as rule
from kpo_desk.core import validation as v
from kpo_desk.core.enums import (
    AuditAction,
    Confidentiality,
    EngagementStatus,
    FeeModel,
    Gate,
    ServiceType,
)
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import ChecklistItem, Client, Engagement, Staff
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

S = EngagementStatus
#: The life cycle. Closing goes through its close-out gate; cancelling is only possible
#: before work has started in earnest, so client data is never left behind unaccounted.
TRANSITIONS: dict[EngagementStatus, frozenset[EngagementStatus]] = {
    S.PROPOSED: frozenset({S.ONBOARDING, S.CANCELLED}),
    S.ONBOARDING: frozenset({S.ACTIVE, S.ON_HOLD, S.CANCELLED}),
    S.ACTIVE: frozenset({S.ON_HOLD, S.CLOSED}),
    S.ON_HOLD: frozenset({S.ACTIVE, S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
#: Which checklist gate guards a move into a status.
GATE_FOR_STATUS = {S.ACTIVE: Gate.ACTIVATION, S.CLOSED: Gate.CLOSURE}
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,38}[A-Z0-9]$")


def allowed_transitions(current: EngagementStatus) -> list[EngagementStatus]:
    return sorted(TRANSITIONS[current], key=list(EngagementStatus).index)


# -- validation ----------------------------------------------------------------------------------
def validate_engagement(session: Session, e: Engagement) -> None:
    base.get_or_fail(session, Client, e.client_id, "client", field="client_id")
    e.code = (e.code or "").strip().upper()
    if not CODE_RE.match(e.code):
        raise ValidationError(
            f"Code '{e.code}' must be 3–40 capital letters, digits and dashes, such as ACME-2026-003.",
            field="code")
    clash = session.exec(select(Engagement.id).where(Engagement.code == e.code, Engagement.id != e.id)).first()
    if clash is not None:
        raise ValidationError(f"Code {e.code} is already used by another engagement.", field="code")
    e.title = v.required_text(e.title, "title", "Title")
    e.service_type = v.choice(e.service_type, ServiceType, "service_type", "service type")
    e.status = v.choice(e.status, EngagementStatus, "status", "status")
    e.fee_model = v.choice(e.fee_model, FeeModel, "fee_model", "fee model")
    e.confidentiality = v.choice(e.confidentiality, Confidentiality, "confidentiality", "confidentiality level")
    for field, label in (("signed_on", "Signed date"), ("start_on", "Start date"),
                         ("target_end_on", "Target end date"), ("closed_on", "Closed date")):
        setattr(e, field, v.business_date(getattr(e, field), field, label))
    v.not_before(e.target_end_on, e.start_on, "target_end_on", "The target end date is before the start date.")
    v.not_before(e.closed_on, e.start_on, "closed_on", "The closed date is before the start date.")
    v.not_before(e.start_on, e.signed_on, "start_on", "The start date is before the contract was signed.")
    hours = v.number(e.budget_hours, "budget_hours", "Budget hours", maximum=1_000_000)
    e.budget_hours = hours
    money = v.number(e.budget_cents, "budget_cents", "Budget", maximum=1e13)
    e.budget_cents = None if money is None else int(round(money))
    e.currency = v.currency(e.currency)
    if e.lead_id is not None:
        base.get_or_fail(session, Staff, e.lead_id, "staff member", field="lead_id")
    e.description = v.optional_text(e.description, "description", "Description", max_length=50000)
    if e.health_override is not None:
        if e.health_override not in ("red", "amber", "green"):
            raise ValidationError("A health override is red, amber or green.", field="health_override")
        e.health_override_reason = v.required_text(e.health_override_reason, "health_override_reason",
                                                   "A reason for the health override", max_length=500)


# -- codes ---------------------------------------------------------------------------------------
def code_prefix(client_name: str) -> str:
    """ASCII capitals from the client's first word: 'Zürich Re' → 'ZURICH'."""
    folded = unicodedata.normalize("NFKD", client_name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", folded)
    return (words[0][:8].upper() if words else "") or "ENG"


def next_code(session: Session, client: Client, year: int) -> str:
    prefix = f"{code_prefix(client.name)}-{year}-"
    taken = session.exec(select(Engagement.code).where(col(Engagement.code).startswith(prefix))).all()
    numbers = [int(c[len(prefix):]) for c in taken if c[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


# -- create and edit -----------------------------------------------------------------------------
def create_engagement(store: Store, *, client_id: int, title: str, service_type: ServiceType | str,
                      code: str | None = None, signed_on: date | None = None,
                      start_on: date | None = None, target_end_on: date | None = None,
                      fee_model: FeeModel | str = FeeModel.FIXED, budget_hours: float | None = None,
                      budget_cents: int | None = None, currency: str = "USD", lead_id: int | None = None,
                      confidentiality: Confidentiality | str = Confidentiality.CONFIDENTIAL,
                      description: str = "") -> Engagement:
    """Create a proposed engagement; without ``code`` one is made up (``ACME-2026-003``)."""
    with store.transaction() as session:
        client = base.get_or_fail(session, Client, client_id, "client")
        year = (signed_on or start_on or date.today()).year
        e = Engagement(client_id=client_id, code=code or next_code(session, client, year), title=title,
                       service_type=service_type, status=S.PROPOSED, signed_on=signed_on,
                       start_on=start_on, target_end_on=target_end_on, fee_model=fee_model,
                       budget_hours=budget_hours, budget_cents=budget_cents, currency=currency,
                       lead_id=lead_id, confidentiality=confidentiality, description=description)
        validate_engagement(session, e)
        session.add(e)
        base.flush(session)
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=e,
                           new=audit.snapshot(e))
        # Its IP-protection checklist, in the same transaction: no engagement exists without it.
        from kpo_desk.core.checklists.apply import apply_template

        apply_template(store, engagement_id=e.id)
    return e


def update_engagement(store: Store, engagement_id: int, **changes: Any) -> Engagement:
    """Edit fields; the status moves only through ``change_status``."""
    return base.update(store, Engagement, engagement_id, changes, validate_engagement,
                       protected=base.PROTECTED | {"status", "closed_on"})


def get_engagement(store: Store, *, code: str | None = None, engagement_id: int | None = None) -> Engagement:
    with store.read() as s:
        if code is not None:
            e = s.exec(select(Engagement).where(Engagement.code == code.strip().upper())).first()
            if e is None:
                raise ValidationError(f"There is no engagement with code {code}.", field="code")
            return e
        return base.get_or_fail(s, Engagement, engagement_id, "engagement")


# -- the life cycle ------------------------------------------------------------------------------
def missing_gate_items(session: Session, engagement: Engagement, target: EngagementStatus, *,
                       today: date) -> list[ChecklistItem]:
    """Required items of the gate guarding ``target`` that apply and are neither verified
    (done, evidence current, signed off by a second person) nor waived, by the one compliance
    rule (:mod:`kpo_desk.core.compliance`). A waived item lets the gate pass: the
    firm accepted that gap, with a reason."""
    gate = GATE_FOR_STATUS.get(target)
    if gate is None:
        return []
    stmt = (select(ChecklistItem)
            .where(ChecklistItem.engagement_id == engagement.id, ChecklistItem.gate == gate,
                   rule.counted_sql(), not_(rule.waived_sql()), not_(rule.verified_sql(today)))
            .order_by(ChecklistItem.id))
    return list(session.exec(stmt))


def gate_blockers(store: Store, engagement_id: int, target: EngagementStatus | str, *,
                  today: date | None = None) -> list[str]:
    """The texts of the gate items that would block a move to ``target`` (empty if none)."""
    target = v.choice(target, EngagementStatus, "status", "status")
    with store.read() as session:
        e = base.get_or_fail(session, Engagement, engagement_id, "engagement")
        return [item.text for item in missing_gate_items(session, e, target, today=today or date.today())]


def change_status(store: Store, engagement_id: int, target: EngagementStatus | str, *,
                  override_reason: str = "", today: date | None = None) -> Engagement:
    """Move an engagement along its life cycle.

    A move the life cycle does not allow is refused. A move guarded by a gate is refused
    while gate items are open, naming them, unless the manager gives an override reason,
    which is audited.
    """
    target = v.choice(target, EngagementStatus, "status", "status")
    today = today or date.today()
    with store.transaction() as session:
        e = base.get_or_fail(session, Engagement, engagement_id, "engagement")
        if target == e.status:
            raise ValidationError(f"{e.code} is already {e.status.label.lower()}.", field="status")
        if target not in TRANSITIONS[e.status]:
            options = allowed_transitions(e.status)
            hint = (f"; it can move to {_or_list([o.label.lower() for o in options])}" if options
                    else f"; {e.status.label.lower()} is final")
            raise ValidationError(
                f"{e.code} cannot move from {e.status.label.lower()} to {target.label.lower()}{hint}.",
                field="status")
        missing = missing_gate_items(session, e, target, today=today)
        reason = (override_reason or "").strip()
        if missing and not reason:
            names = ", ".join(f"'{i.text}'" for i in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise ValidationError(
                f"{e.code} cannot move to {target.label.lower()}: {len(missing)} gate "
                f"item{'s are' if len(missing) != 1 else ' is'} not done and verified: {names}{more}.",
                field="status")
        old = audit.snapshot(e)
        e.status = target
        if target == S.ACTIVE and e.start_on is None:
            e.start_on = today
        if target == S.CLOSED:
            e.closed_on = today
        session.add(e)
        new = audit.snapshot(e)
        if missing:
            new["override_reason"] = reason
            new["overridden_items"] = [i.text for i in missing]
        audit.record_event(session, actor=store.actor,
                           action=AuditAction.OVERRIDE if missing else AuditAction.TRANSITION,
                           obj=e, old=old, new=new)
    return e


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


# -- lists ---------------------------------------------------------------------------------------
class EngagementRow(NamedTuple):
    """What the engagement list shows: one light row, no ORM object (a named tuple: a whole
    list builds 20,000 of them)."""

    id: int
    code: str
    title: str
    client: str
    service_type: ServiceType
    status: EngagementStatus
    lead: str
    next_milestone: str
    next_milestone_due: date | None


def count_engagements(store: Store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Engagement)).one()
