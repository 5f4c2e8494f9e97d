"""The create / update / delete skeleton every record type shares.

A validator receives the session and the candidate object, normalises its fields in
place and raises ``ValidationError`` for anything the domain refuses.

Optimistic concurrency: every edited record carries a ``version`` (models.types.version_column).
A form remembers the version it opened and passes it as ``expected_version`` (in the changes of
any ``update_*`` service, or to ``update``/``delete``); when the record has moved on since, the
save is refused with a ``ConflictError`` that names who changed it and when, unless the caller
says ``overwrite=True``, and then the audit event notes the change it overwrote. A change made
between this save's read and its write is caught by the store itself (``UPDATE ... WHERE
version = ?``) and becomes the same ``ConflictError``. No update is lost silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Table, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ConflictError, ValidationError
from kpo_desk.core.models.types import VERSION
from kpo_desk.core.store import Store
from kpo_desk.core.wording import display_date

M = TypeVar("M", bound=SQLModel)
Validator = Callable[[Session, Any], None]
#: Fields no caller may set through an update.
PROTECTED = frozenset({"id", "created_at", VERSION})
#: Keys an update's changes may carry besides fields, so that every ``update_*`` service passes
#: them on through its ``**changes``: the version the form opened, and whether to save anyway.
EXPECTED_VERSION, OVERWRITE = "expected_version", "overwrite"


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
           validate: Validator, *, protected: frozenset[str] = PROTECTED,
           expected_version: int | None = None, overwrite: bool = False) -> M:
    """Change fields of one record. With ``expected_version`` (the version the caller opened), a
    record changed since raises ``ConflictError`` unless ``overwrite``; either way a change made
    between this read and this write raises it too. The returned record carries its new version."""
    changes = dict(changes)
    expected_version, overwrite = _expected(model, record_id, changes.pop(EXPECTED_VERSION, expected_version),
                                            bool(changes.pop(OVERWRITE, overwrite)))
    unknown = set(changes) - set(model.model_fields)
    if unknown:
        raise ValidationError(f"{model.__name__} has no field {', '.join(sorted(unknown))}.",
                              field=sorted(unknown)[0])
    refused = set(changes) & protected
    if refused:
        field = sorted(refused)[0]
        raise ValidationError(f"The {field.replace('_', ' ')} cannot be changed here.", field=field)
    with store.transaction() as session:
        obj = _get_expected(session, model, record_id, expected_version)
        overwritten = check_version(session, obj, expected_version, overwrite=overwrite)
        old = audit.snapshot(obj)
        with session.no_autoflush:  # validators query; never flush a half-checked object
            for name, value in changes.items():
                setattr(obj, name, value)
            validate(session, obj)
        flush(session)
        new = audit.snapshot(obj) | ({"overwrote": overwritten} if overwritten else {})
        audit.record_event(session, actor=store.actor, action=AuditAction.UPDATE, obj=obj, old=old, new=new)
    return obj


#: Set by ``expecting``: (table, record id, version opened, overwrite) for the next update or delete.
_EXPECTED: ContextVar[tuple[str, int, int, bool] | None] = ContextVar("expected_version", default=None)


@contextmanager
def expecting(model: type[SQLModel], record_id: int, version: int | None, *,
              overwrite: bool = False) -> Iterator[None]:
    """Inside it, an ``update`` or ``delete`` of that one record checks ``version`` as if given
    ``expected_version`` (and ``overwrite``): for services whose signature has no room for it,
    such as ``delete_milestone(store, milestone_id)``."""
    token = _EXPECTED.set(None if version is None else (audit.record_type(model), record_id, version, overwrite))
    try:
        yield
    finally:
        _EXPECTED.reset(token)


def _expected(model: type[SQLModel], record_id: int, version: int | None, overwrite: bool) -> tuple[int | None, bool]:
    """The version to check and whether to overwrite: as given, else as ``expecting`` says."""
    if version is not None:
        return version, overwrite
    found = _EXPECTED.get()
    if found is not None and found[:2] == (audit.record_type(model), record_id):
        return found[2], found[3] or overwrite
    return None, overwrite


def version_of(store: Store, model: type[SQLModel], record_id: int) -> int:
    """The version of one record as stored now (what a form remembers when it opens it)."""
    with store.read() as session:
        obj = get_or_fail(session, model, record_id)
        session.refresh(obj, [VERSION])
        return int(getattr(obj, VERSION))


def _get_expected(session: Session, model: type[M], record_id: int | None, expected_version: int | None) -> M:
    """The record, read afresh; one deleted since a form opened it is a conflict, not a typo."""
    obj = session.get(model, record_id) if record_id is not None else None
    if obj is None and expected_version is not None:
        raise conflict(session, model, record_id, deleted=True)
    return obj if obj is not None else get_or_fail(session, model, record_id)


def check_version(session: Session, obj: SQLModel, expected_version: int | None, *,
                  overwrite: bool = False) -> str | None:
    """Refuse with ``ConflictError`` when ``obj`` (read in this unit of work) has moved on from
    ``expected_version``; with ``overwrite``, return the words for the audit event instead
    ("version 3 by Asha Rao at 2026-12-02T14:32:05+00:00"). None when there was nothing to check
    or nothing in between."""
    current = getattr(obj, VERSION, None)
    if expected_version is None or current is None or int(expected_version) == current:
        return None
    if not overwrite:
        raise conflict(session, type(obj), obj.id)  # type: ignore[attr-defined]
    last = audit.last_event(session, type(obj), obj.id)  # type: ignore[attr-defined]
    who = f" by {last.actor} at {last.at.isoformat(timespec='seconds')}" if last is not None else ""
    return f"version {current}{who}"


def conflict(session: Session | None, model: type[SQLModel], record_id: int | None, *,
             deleted: bool = False) -> ConflictError:
    """The ``ConflictError`` for a record someone changed (or deleted) since it was opened, naming
    who and when from the audit trail as ``session`` sees it (a session of its own when None)."""
    from kpo_desk.core.audit_words import RECORD_MODELS

    word = RECORD_MODELS.get(audit.record_type(model), (model, audit.record_type(model)))[1].lower()
    last, current = None, None
    if session is not None and record_id is not None:
        last = audit.last_event(session, model, record_id)
        row = session.get(model, record_id)
        current = getattr(row, VERSION, None) if row is not None else None
        deleted = deleted or row is None
    actor = last.actor if last is not None else None
    at = last.at if last is not None else None
    return ConflictError(conflict_sentence(actor, at, word, deleted=deleted), record_type=audit.record_type(model),
                         record_id=record_id, record_word=word, actor=actor, at=at,
                         current_version=current, deleted=deleted)


def conflict_sentence(actor: str | None, at: datetime | None, word: str, *, deleted: bool = False,
                      now: datetime | None = None) -> str:
    """"Asha Rao changed this engagement at 14:32 after you opened it." The time is the
    computer's; a change on another day gives the date too."""
    verb = "deleted" if deleted else "changed"
    who = actor or "Someone else"
    if at is None:
        return f"{who} {verb} this {word} after you opened it."
    local = at.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    when = f"at {local:%H:%M}" if local.date() == today else f"on {display_date(local.date())} at {local:%H:%M}"
    return f"{who} {verb} this {word} {when} after you opened it."


#: True inside ``problems``: any commit is refused, so a dry run of a service saves nothing.
_DRY_RUN: ContextVar[bool] = ContextVar("dry_run", default=False)


class _DryRunEnds(Exception):  # noqa: N818 - a signal, not an error anyone sees
    """Raised at the commit of a dry run; the store's transaction rolls back."""


@event.listens_for(Session, "before_commit")
def _no_commit_in_a_dry_run(_session: Session) -> None:
    if _DRY_RUN.get():
        raise _DryRunEnds


@event.listens_for(Session, "before_commit")
def _stale_at_commit(session: Session) -> None:
    """The flush a commit makes of changes nobody flushed (a service that only sets attributes)
    is made here first, so that its version check failing is the ``ConflictError`` too, never a
    raw ``StaleDataError``; anything else it raises is what the commit would have raised."""
    if not (session.dirty or session.deleted):
        return
    writing = [(type(obj), sa_inspect(obj).identity) for obj in (*session.dirty, *session.deleted)]
    try:
        session.flush()
    except StaleDataError as exc:
        raise _stale_conflict(session, writing, exc) from None


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
           check: Callable[[Session, Any], None] | None = None, *,
           expected_version: int | None = None, overwrite: bool = False) -> dict[str, Any]:
    """Delete one record; returns its last values (what an undo needs).

    The rows the store deletes with it (``ON DELETE CASCADE``: a message's attachments, a
    contact's links to the log) are read first and kept under ``DEPENDANTS``, so that an undo
    puts them back too. With ``expected_version``, a record changed since it was opened is a
    ``ConflictError`` unless ``overwrite``, as for ``update``.
    """
    expected_version, overwrite = _expected(model, record_id, expected_version, overwrite)
    with store.transaction() as session:
        obj = _get_expected(session, model, record_id, expected_version)
        overwritten = check_version(session, obj, expected_version, overwrite=overwrite)
        if check:
            check(session, obj)
        old = audit.snapshot(obj)
        dependants = _dependants(session, model.__table__, [record_id])
        session.delete(obj)
        flush(session)
        event = audit.record_event(session, actor=store.actor, action=AuditAction.DELETE, obj=obj, old=old)
        if overwritten:
            event.new_values = json.dumps({"overwrote": overwritten}, ensure_ascii=False)
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
    """Write the session's changes; a refused value becomes a ``ValidationError``, and a record
    that someone changed or deleted since it was read (the store's ``WHERE version = ?`` matched
    no row) a ``ConflictError`` naming them."""
    # What a failed flush leaves behind cannot be asked which rows it was writing; note them first.
    writing = [(type(obj), sa_inspect(obj).identity) for obj in (*session.dirty, *session.deleted)]
    try:
        session.flush()
    except IntegrityError as exc:
        raise ValidationError(_integrity_message(exc)) from None
    except StaleDataError as exc:
        raise _stale_conflict(session, writing, exc) from None


def _stale_conflict(session: Session, writing: list[tuple[type, tuple[Any, ...] | None]],
                    exc: StaleDataError) -> ConflictError:
    """The ``ConflictError`` for a flush whose versioned UPDATE or DELETE matched no row
    ("UPDATE statement on table 'engagement' expected to update 1 row(s); 0 were matched").
    The flushing session is unusable until rolled back, so the audit trail is read through a
    session of its own (a plain read, never a second writer), which sees what the other writer
    committed."""
    table = str(exc).split("table '", 1)[-1].split("'", 1)[0]
    pending = [(model, key[0]) for model, key in writing
               if getattr(model, "__tablename__", None) == table and key is not None]
    model = pending[0][0] if pending else next(
        (m.class_ for m in SQLModel._sa_registry.mappers if m.local_table.name == table), None)
    if model is None:
        return ConflictError("Someone else changed this record after you opened it.", record_type=table,
                             record_id=None, record_word="record", actor=None, at=None, current_version=None)
    record_id = pending[0][1] if pending else None
    with Session(session.get_bind().execution_options(immediate=False)) as other:
        return conflict(other, model, record_id)


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
