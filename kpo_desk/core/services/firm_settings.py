"""The firm's settings, kept in the store: they travel with the data and are audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Setting
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


def firm_settings(store: Store) -> FirmSettings:
    defaults = FirmSettings()
    with store.read() as s:
        stored = {row.key: row.value for row in s.exec(select(Setting))}
    return FirmSettings(**{k: stored.get(k, getattr(defaults, k)) or getattr(defaults, k)
                           for k in FirmSettings.__dataclass_fields__})


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


def update_firm_settings(store: Store, **values: str) -> FirmSettings:
    """Validate and save the given settings in one transaction, auditing each change."""
    clean = _validate(values)
    with store.transaction() as s:
        for key, value in clean.items():
            row = s.get(Setting, key)
            old = row.value if row else None
            if old == value:
                continue
            if row is None:
                row = Setting(key=key, value=value)
            else:
                row.value = value
            s.add(row)
            audit.record_event(s, actor=store.actor, action=AuditAction.UPDATE, obj=row,
                               old={"key": key, "value": old}, new={"key": key, "value": value})
    store.forget_actor()
    return firm_settings(store)
