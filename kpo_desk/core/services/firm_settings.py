"""The firm's settings, kept in the store: they travel with the data and are audited.

Each setting is a row of its own (key, value, version), so the settings form is one record made
of several rows, and its "version" is a mapping: each setting's row version when the form opened
it, 0 for one not stored yet (``firm_settings_with_versions``). A save passes it back as
``expected_version``: if any setting it saves moved on since, by someone else's save, the whole
save is a ``ConflictError`` naming who and when (as for any record whose version moved on),
unless ``overwrite``; then the audit event of each setting it changed notes the change it
overwrote. The form sends every field, so a setting changed by someone else is never silently put
back to what the form showed. Between this save's read and its write, the store's ``UPDATE ...
WHERE version = ?`` (and, for a new setting, its primary key) catches a concurrent save, which
becomes the same ``ConflictError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ConflictError, ValidationError
from kpo_desk.core.models import AuditEvent, Setting
from kpo_desk.core.services.base import conflict_sentence
from kpo_desk.core.store import Store

COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


@dataclass(frozen=True)
class FirmSettings:
    firm_name: str = "Your firm"
    user_name: str = ""
    logo_path: str = ""
    report_accent: str = "#1f4e79"
    default_currency: str = "USD"
    own_domains: str = ""


#: What a conflict calls the record ("Asha Rao changed this firm setting at 14:32 ...").
RECORD_WORD = "firm setting"


def firm_settings(store: Store) -> FirmSettings:
    return firm_settings_with_versions(store)[0]


def firm_settings_with_versions(store: Store) -> tuple[FirmSettings, dict[str, int]]:
    """The settings and, read in the same snapshot, the version of each (0: not stored yet):
    what the settings form remembers when it opens, to pass back as ``expected_version``."""
    defaults = FirmSettings()
    with store.read() as s:
        rows = {row.key: row for row in s.exec(select(Setting).where(
            Setting.key.in_(FirmSettings.__dataclass_fields__)))}  # type: ignore[attr-defined]
        versions = {k: rows[k].version if k in rows else 0 for k in FirmSettings.__dataclass_fields__}
        values = {k: (rows[k].value if k in rows else "") or getattr(defaults, k)
                  for k in FirmSettings.__dataclass_fields__}
    return FirmSettings(**values), versions


def _validate(values: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, value in values.items():
        value = (value or "").strip()
        if key == "firm_name":
            value = v.required_text(value, key, "Firm name")
        elif key == "user_name":
            value = v.optional_text(value, key, "Your name")
        elif key == "report_accent":
            if not COLOUR_RE.match(value):
                raise ValidationError("The accent colour is a hex colour such as #1f4e79.", field=key)
        elif key == "default_currency":
            value = v.currency(value, key)
        elif key == "logo_path":
            if value:
                path = Path(value).expanduser()
                if not path.is_file():
                    raise ValidationError(f"There is no image file at {value}.", field=key)
                if path.suffix.lower() not in LOGO_SUFFIXES:
                    raise ValidationError("The logo must be a PNG, JPEG, GIF or BMP image.", field=key)
                value = str(path.resolve())
        elif key == "own_domains":
            domains = [d.strip().lower().lstrip("@") for d in value.replace(";", ",").split(",") if d.strip()]
            for d in domains:
                if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", d):
                    raise ValidationError(f"'{d}' is not a mail domain such as example.com.", field=key)
            value = ", ".join(domains)
        else:
            raise ValidationError(f"There is no setting called {key}.", field=key)
        out[key] = value
    return out


def update_firm_settings(store: Store, *, expected_version: Mapping[str, int] | None = None,
                         overwrite: bool = False, **values: str) -> FirmSettings:
    """Validate and save the given settings in one transaction, auditing each change. With
    ``expected_version`` (``firm_settings_with_versions``'s versions), a setting someone else
    changed since raises ``ConflictError`` unless ``overwrite``; nothing is saved then."""
    clean = _validate(values)
    try:
        with store.transaction() as s:
            rows = {key: s.get(Setting, key) for key in clean}
            overwrote = {key: _check_version(s, key, rows[key], expected_version, overwrite=overwrite)
                         for key in clean}  # every field first: a refusal saves none of them
            for key, value in clean.items():
                row = rows[key]
                old = row.value if row else None
                if old == value:
                    continue
                if row is None:
                    row = Setting(key=key, value=value)
                else:
                    row.value = value
                s.add(row)
                try:
                    s.flush()  # the store's WHERE version = ? (or the key, for a new setting)
                except (StaleDataError, IntegrityError):
                    raise _SavedMeanwhile(key) from None
                audit.record_event(s, actor=store.actor, action=AuditAction.UPDATE, obj=row,
                                   old={"value": old},
                                   new={"key": key, "value": value} | ({"overwrote": overwrote[key]} if overwrote[key] else {}))
    except _SavedMeanwhile as raced:
        with store.read() as s:  # a read of its own: it sees what the other writer committed
            raise setting_conflict(s, raced.key) from None
    store.forget_actor()
    return firm_settings(store)


class _SavedMeanwhile(Exception):  # noqa: N818 - a signal inside this module, never shown
    """Another writer saved ``key`` between this save's read and its write (the transaction
    rolls back before the conflict is read)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _check_version(session: Session, key: str, row: Setting | None, expected: Mapping[str, int] | None, *,
                   overwrite: bool) -> str | None:
    """Refuse (``ConflictError``) a change of a setting whose row moved on from the version the
    form opened; with ``overwrite``, the words for the audit event ("version 3 by Asha Rao at
    2026-12-02T14:32:05+00:00"). None when there was nothing to check or nothing in between."""
    if expected is None:
        return None
    current = row.version if row is not None else 0
    if int(expected.get(key, 0)) == current:
        return None
    if not overwrite:
        raise setting_conflict(session, key)
    last = last_setting_event(session, key)
    who = f" by {last.actor} at {last.at.isoformat(timespec='seconds')}" if last is not None else ""
    return f"version {current}{who}"


def last_setting_event(session: Session, key: str) -> AuditEvent | None:
    """The latest audit event that changed the setting ``key`` (who changed it last, and when).
    A setting's row has no id: its events name the key in their new values."""
    named = json.dumps({"key": key}, ensure_ascii=False)[1:-1]  # "key": "firm_name", as record_event writes it
    stmt = (select(AuditEvent)
            .where(AuditEvent.record_type == audit.record_type(Setting),
                   AuditEvent.new_values.contains(named, autoescape=True))  # type: ignore[attr-defined]
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))  # type: ignore[attr-defined]
    for event in session.exec(stmt):
        if json.loads(event.new_values).get("key") == key:
            return event
    return None


def setting_conflict(session: Session, key: str) -> ConflictError:
    """The ``ConflictError`` for the setting ``key``, changed by someone else since the form
    opened it: who and when from the audit trail, as ``session`` sees it."""
    last = last_setting_event(session, key)
    row = session.get(Setting, key)
    actor, at = (last.actor, last.at) if last is not None else (None, None)
    return ConflictError(conflict_sentence(actor, at, RECORD_WORD), record_type=audit.record_type(Setting),
                         record_id=None, record_word=RECORD_WORD, actor=actor, at=at,
                         current_version=row.version if row is not None else None)
