"""The health thresholds: a typed registry of settings with their defaults and bounds.

They live in the ``setting`` table (keys ``health.*``), so they travel with the store and a
firm can tune how early the dashboard turns amber. A key that was never set reads as its
default; a stored value that no longer parses also reads as its default, so a hand-edited
store cannot crash the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from kpo_desk.core import audit
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Setting
from kpo_desk.core.store import Store


@dataclass(frozen=True)
class Threshold:
    key: str
    default: int
    minimum: int
    maximum: int
    label: str


#: Every threshold the rules read. Days are calendar days; percentages are of the budget.
THRESHOLDS: dict[str, Threshold] = {t.key: t for t in (
    Threshold("health.milestone_red_days", 7, 1, 365,
              "Days a milestone may be overdue before it turns the engagement red"),
    Threshold("health.rework_amber", 2, 1, 50,
              "Times a deliverable may be sent back to rework before health turns amber"),
    Threshold("health.rework_red", 3, 1, 50,
              "Times a deliverable may be sent back to rework before health turns red"),
    Threshold("health.budget_amber_pct", 90, 1, 1000,
              "Share of the budget used that turns health amber (%)"),
    Threshold("health.budget_red_pct", 100, 1, 1000,
              "Share of the budget used that turns health red (%)"),
    Threshold("health.budget_ahead_points", 20, 1, 100,
              "How far budget burn may run ahead of elapsed time before amber (percentage points)"),
    Threshold("health.follow_up_red_days", 14, 1, 365,
              "Days a follow-up may be overdue before it turns the engagement red"),
    Threshold("health.no_contact_days", 21, 1, 365,
              "Days without inbound or outbound client contact before health turns amber"),
    Threshold("health.no_contact_red_days", 42, 1, 730,
              "Days without inbound or outbound client contact before health turns red"),
)}
#: Pairs (amber key, red key) where amber must come strictly before red.
_ORDERED = (("health.rework_amber", "health.rework_red"),
            ("health.budget_amber_pct", "health.budget_red_pct"),
            ("health.no_contact_days", "health.no_contact_red_days"))


def defaults() -> dict[str, int]:
    return {k: t.default for k, t in THRESHOLDS.items()}


def _parse(raw: str, threshold: Threshold) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if threshold.minimum <= value <= threshold.maximum else None


def health_thresholds(store: Store) -> dict[str, int]:
    """Every threshold, stored value or default, in one read."""
    values = defaults()
    with store.read() as s:
        rows = s.exec(select(Setting).where(Setting.key.startswith("health."))).all()  # type: ignore[attr-defined]
    for row in rows:
        threshold = THRESHOLDS.get(row.key)
        parsed = _parse(row.value, threshold) if threshold else None
        if parsed is not None:
            values[row.key] = parsed
    return _consistent(values)


def _consistent(values: dict[str, int]) -> dict[str, int]:
    """Fall back to defaults for a stored pair that contradicts itself (amber after red)."""
    for amber, red in _ORDERED:
        if values[amber] >= values[red]:
            values[amber], values[red] = THRESHOLDS[amber].default, THRESHOLDS[red].default
    return values


def set_health_threshold(store: Store, key: str, value: int | str) -> int:
    """Store one threshold (validated and audited); returns the stored value."""
    threshold = THRESHOLDS.get(key)
    if threshold is None:
        known = ", ".join(sorted(THRESHOLDS))
        raise ValidationError(f"'{key}' is not a health threshold; choose one of {known}.", field="key")
    if isinstance(value, bool) or (isinstance(value, float) and value != int(value)):
        raise ValidationError(f"{threshold.label} must be a whole number.", field=key)
    parsed = _parse(str(int(value)) if isinstance(value, float) else str(value), threshold)
    if parsed is None:
        raise ValidationError(
            f"{threshold.label} must be a whole number from {threshold.minimum} to {threshold.maximum}.",
            field=key)
    current = health_thresholds(store)
    current[key] = parsed
    for amber, red in _ORDERED:
        if key in (amber, red) and current[amber] >= current[red]:
            raise ValidationError(
                f"{THRESHOLDS[amber].label} ({current[amber]}) must be below "
                f"{THRESHOLDS[red].label.lower()} ({current[red]}).", field=key)
    with store.transaction() as session:
        row = session.get(Setting, key)
        old = {"value": row.value} if row else {}
        if row is None:
            row = Setting(key=key, value=str(parsed))
            action = AuditAction.CREATE
        else:
            row.value = str(parsed)
            action = AuditAction.UPDATE
        session.add(row)
        audit.record_event(session, actor=store.actor, action=action, obj=row,
                           old=old or None, new={"key": key, "value": str(parsed)})
    return parsed
