"""The create / update / delete skeleton every record type shares.

A validator receives the session and the candidate object, normalises its fields in
place and raises ``ValidationError`` for anything the domain refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Table, event, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.store import Store

M = TypeVar("M", bound=SQLModel)
Validator = Callable[[Session, Any], None]
#: Fields no caller may set through an update.
PROTECTED = frozenset({"id", "created_at"})


def get_or_fail(session: Session, model: type[M], record_id: int | None, label: str | None = None,
                *, field: str = "id") -> M:
    obj = session.get(model, record_id) if record_id is not None else None
    if obj is None:
        name = label or model.__name__.lower()
        raise ValidationError(f"There is no {name} with id {record_id}.", field=field)
    return obj


def get(store: Store, model: type[M], record_id: int | None, label: str | None = None) -> M:
    """One record by id, read in the caller's unit of work or a read of its own; a
    ``ValidationError`` naming the record when there is none."""
    with store.read() as session:
        return get_or_fail(session, model, record_id, label)


def create(store: Store, obj: M, validate: Validator) -> M:
    with store.transaction() as session:
        validate(session, obj)
        session.add(obj)
        flush(session)
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=obj,
                           new=audit.snapshot(obj))
    return obj


def update(store: Store, model: type[M], record_id: int, changes: Mapping[str, Any],
           validate: Validator, *, protected: frozenset[str] = PROTECTED) -> M:
    unknown = set(changes) - set(model.model_fields)
    if unknown:
        raise ValidationError(f"{model.__name__} has no field {', '.join(sorted(unknown))}.",
                              field=sorted(unknown)[0])
    refused = set(changes) & protected
    if refused:
        field = sorted(refused)[0]
        raise ValidationError(f"The {field.replace('_', ' ')} cannot be changed here.", field=field)
    with store.transaction() as session:
        obj = get_or_fail(session, model, record_id)
        old = audit.snapshot(obj)
        with session.no_autoflush:  # validators query; never flush a half-checked object
            for name, value in changes.items():
                setattr(obj, name, value)
            validate(session, obj)
        flush(session)
        audit.record_event(session, actor=store.actor, action=AuditAction.UPDATE, obj=obj,
                           old=old, new=audit.snapshot(obj))
    return obj


#: True inside ``problems``: any commit is refused, so a dry run of a service saves nothing.
_DRY_RUN: ContextVar[bool] = ContextVar("dry_run", default=False)


class _DryRunEnds(Exception):  # noqa: N818 - a signal, not an error anyone sees
    """Raised at the commit of a dry run; the store's transaction rolls back."""


@event.listens_for(Session, "before_commit")
def _no_commit_in_a_dry_run(_session: Session) -> None:
    if _DRY_RUN.get():
        raise _DryRunEnds


def problems(action: Callable[[], Any]) -> list[ValidationError]:
    """Every field problem core finds when it runs ``action`` (a create or update service call),
    at most one per field, in one dry run that commits nothing: what a form shows at once.

    The field rules of ``validation`` note their refusals and let the values through; the first
    rule that raises outright ends the run, as does the commit."""
    token = _DRY_RUN.set(True)
    try:
        with v.every_problem() as noted:
            try:
                action()
            except ValidationError as exc:
                noted.append(exc)
            except Exception:  # noqa: BLE001, S110 - the commit refused, or a rule tripped on a refused value
                pass
            found = list(noted)
    finally:
        _DRY_RUN.reset(token)
    first: dict[str, ValidationError] = {}
    for exc in found:
        if exc.field:
            first.setdefault(exc.field, exc)
    return list(first.values())


#: Key of ``delete``'s result that carries the rows the store deleted along with the record.
DEPENDANTS = "_dependants"


def delete(store: Store, model: type[M], record_id: int,
           check: Callable[[Session, Any], None] | None = None) -> dict[str, Any]:
    """Delete one record; returns its last values (what an undo needs).

    The rows the store deletes with it (``ON DELETE CASCADE``: a message's attachments, a
    contact's links to the log) are read first and kept under ``DEPENDANTS``, so that an undo
    puts them back too.
    """
    with store.transaction() as session:
        obj = get_or_fail(session, model, record_id)
        if check:
            check(session, obj)
        old = audit.snapshot(obj)
        dependants = _dependants(session, model.__table__, [record_id])
        session.delete(obj)
        flush(session)
        audit.record_event(session, actor=store.actor, action=AuditAction.DELETE, obj=obj, old=old)
    return old | {DEPENDANTS: dependants} if dependants else old


def restore(store: Store, model: type[M], values: Mapping[str, Any], validate: Validator) -> M:
    """Put back a deleted record from the values ``delete`` returned (undo of a delete), with the
    rows deleted along with it. A dependant that can no longer be linked (its other record has
    gone since) is left out; the audit event counts what came back."""
    obj = model(**audit.revive(model, dict(values)))
    with store.transaction() as session:
        if obj.id is not None and session.get(model, obj.id) is not None:
            raise ValidationError("That record exists already; there is nothing to restore.")
        validate(session, obj)
        session.add(obj)
        flush(session)
        back = 0
        for table, rows in values.get(DEPENDANTS, ()):
            for row in rows:
                try:
                    with session.begin_nested():
                        session.execute(table.insert().values(**row))
                    back += 1
                except IntegrityError:
                    continue
        new = audit.snapshot(obj) | {"restored": True} | ({"restored_with": back} if back else {})
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=obj, new=new)
    return obj


def _dependants(session: Session, table: Table, ids: list[int]) -> list[tuple[Table, list[dict[str, Any]]]]:
    """Rows that ``ON DELETE CASCADE`` removes with rows ``ids`` of ``table``, parents first."""
    found: list[tuple[Table, list[dict[str, Any]]]] = []
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table or (fk.ondelete or "").upper() != "CASCADE":
                continue
            rows = [dict(r._mapping) for r in session.execute(select(child).where(fk.parent.in_(ids)))]
            if rows:
                found.append((child, rows))
                if "id" in child.c:
                    found += _dependants(session, child, [r["id"] for r in rows])
    return found


def flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise ValidationError(_integrity_message(exc)) from None


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc.orig)
    if "UNIQUE" in text:
        return "That value is already used by another record."
    if "FOREIGN KEY" in text:
        return "That record is still referred to by other records, or refers to one that does not exist."
    if "NOT NULL" in text:
        column = text.rsplit(".", 1)[-1]
        return f"{column.replace('_', ' ').capitalize()} is required."
    return "The store refused the change."
