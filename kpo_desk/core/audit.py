"""The audit trail. Every service writes its event inside the same transaction as the change,
so a change that rolls back leaves no event behind, and no change goes unrecorded."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session, SQLModel, select

from kpo_desk.core.enums import AuditAction
from kpo_desk.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


#: Bookkeeping that is not a value of the record: the row version (models.types.version_column)
#: changes with every save and would make every event list it.
NOT_SNAPSHOT = frozenset({"version"})


def snapshot(obj: SQLModel) -> dict[str, Any]:
    """The column values of ``obj`` as JSON-ready plain values (without the row version)."""
    return {name: _plain(getattr(obj, name)) for name in type(obj).model_fields if name not in NOT_SNAPSHOT}


def revive(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """Turn a ``snapshot`` back into Python values (dates, instants, enums) for ``model``."""
    import typing

    hints = typing.get_type_hints(model)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in model.model_fields:
            continue
        out[name] = _revive_value(hints.get(name), value)
    return out


def _revive_value(hint: Any, value: Any) -> Any:
    import types
    import typing

    if value is None or hint is None:
        return value
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union \
        else (hint,)
    for option in options:
        if option is datetime and isinstance(value, str):
            return datetime.fromisoformat(value)
        if option is date and isinstance(value, str):
            return date.fromisoformat(value)
        if isinstance(option, type) and issubclass(option, Enum):
            return option(value)
    return value


def record_type(obj: SQLModel | type[SQLModel]) -> str:
    cls = obj if isinstance(obj, type) else type(obj)
    return cls.__tablename__  # type: ignore[return-value]


def record_event(
    session: Session,
    *,
    actor: str,
    action: AuditAction,
    obj: SQLModel,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for ``obj`` to the session (it commits with the change)."""
    if old is not None and new is not None:
        changed = {k for k in new if old.get(k) != new.get(k)}
        old = {k: old.get(k) for k in changed}
        new = {k: new[k] for k in changed}
    event = AuditEvent(
        actor=actor,
        record_type=record_type(obj),
        record_id=getattr(obj, "id", None),
        action=action,
        old_values=json.dumps(old or {}, ensure_ascii=False, sort_keys=True),
        new_values=json.dumps(new or {}, ensure_ascii=False, sort_keys=True),
    )
    session.add(event)
    return event


def history(session: Session, obj_type: type[SQLModel], record_id: int) -> list[AuditEvent]:
    """The audit trail of one record, oldest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.record_type == record_type(obj_type), AuditEvent.record_id == record_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(session.exec(stmt))


def last_event(session: Session, obj_type: type[SQLModel], record_id: int) -> AuditEvent | None:
    """The latest audit event of one record (who changed it last, and when), or None."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.record_type == record_type(obj_type), AuditEvent.record_id == record_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    return session.exec(stmt).first()
