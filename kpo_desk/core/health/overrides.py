"""Manual health overrides: the manager knows something the rules cannot see.

An override needs a reason (it is shown next to the status, so nobody mistakes it for a
computed one) and an expiry date, so a forgotten override cannot hide trouble for ever.
Setting and clearing are audited.
"""

from __future__ import annotations

from datetime import date

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Engagement
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

STATUSES = ("red", "amber", "green")
#: The longest an override may run before someone has to look again.
MAX_OVERRIDE_DAYS = 366
_FIELDS = ("health_override", "health_override_reason", "health_override_until")


def override_health(store: Store, engagement_id: int, *, status: str, reason: str, until: date,
                    today: date | None = None) -> Engagement:
    """Set the engagement's health by hand until ``until`` (inclusive)."""
    today = today or date.today()
    wanted = (status or "").strip().lower()
    if wanted not in STATUSES:
        raise ValidationError(f"'{status}' is not a health status; choose red, amber or green.",
                              field="status")
    text = v.required_text(reason, "reason", "A reason for the override", max_length=500)
    if until is None:
        raise ValidationError("An override needs an expiry date.", field="until")
    until = v.business_date(until, "until", "The expiry date")
    if until < today:
        raise ValidationError(f"The expiry date {until.isoformat()} has already passed.", field="until")
    if (until - today).days > MAX_OVERRIDE_DAYS:
        raise ValidationError("An override may run for a year at most; choose an earlier expiry date.",
                              field="until")
    with store.transaction() as session:
        e = base.get_or_fail(session, Engagement, engagement_id, "engagement")
        old = {k: audit.snapshot(e)[k] for k in _FIELDS}
        e.health_override, e.health_override_reason, e.health_override_until = wanted, text, until
        session.add(e)
        audit.record_event(session, actor=store.actor, action=AuditAction.OVERRIDE, obj=e, old=old,
                           new={k: audit.snapshot(e)[k] for k in _FIELDS})
    return e


def clear_health_override(store: Store, engagement_id: int) -> Engagement:
    """Return the engagement to its computed health. Clearing when there is none is refused,
    so a double click does not write a meaningless audit event."""
    with store.transaction() as session:
        e = base.get_or_fail(session, Engagement, engagement_id, "engagement")
        if e.health_override is None:
            raise ValidationError(f"{e.code} has no health override to clear.", field="health_override")
        old = {k: audit.snapshot(e)[k] for k in _FIELDS}
        e.health_override, e.health_override_reason, e.health_override_until = None, "", None
        session.add(e)
        audit.record_event(session, actor=store.actor, action=AuditAction.UPDATE, obj=e, old=old,
                           new={k: audit.snapshot(e)[k] for k in _FIELDS})
    return e
