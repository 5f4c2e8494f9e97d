"""Checklist templates: TOML files under resources/checklists/, one common set plus one per
service type, so that a firm can adapt its controls without touching code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kpo_desk.core.enums import Gate, Recurrence, ServiceType
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.resources import resource

COMMON = "common"


@dataclass(frozen=True, slots=True)
class TemplateItem:
    key: str
    category: str
    text: str
    required: bool = True
    gate: Gate = Gate.NONE
    evidence: bool = False
    owner_role: str = ""
    recurrence: Recurrence = Recurrence.NONE


def templates_dir() -> Path:
    return resource("checklists")


def load_template(path: Path) -> list[TemplateItem]:
    """Parse one template file; any fault names the file (and the line, when TOML knows it)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"Checklist template {path.name} is missing.", field="template") from None
    except UnicodeDecodeError:
        raise ValidationError(f"Checklist template {path.name} is not UTF-8 text.", field="template") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"Checklist template {path.name}: {exc}.", field="template") from None
    items = []
    seen: set[str] = set()
    for n, raw in enumerate(data.get("item", []), start=1):
        where = f"Checklist template {path.name}, item {n}"
        if not isinstance(raw, dict):
            raise ValidationError(f"{where} is not a table.", field="template")
        key, text = str(raw.get("key", "")).strip(), str(raw.get("text", "")).strip()
        if not key or not text:
            raise ValidationError(f"{where} needs both a key and a text.", field="template")
        if key in seen:
            raise ValidationError(f"{where} repeats the key '{key}'.", field="template")
        seen.add(key)
        try:
            gate = Gate(raw.get("gate", "none"))
            recurrence = Recurrence(raw.get("recurrence", "none"))
        except ValueError as exc:
            raise ValidationError(f"{where}: {exc}.", field="template") from None
        items.append(TemplateItem(key=key, category=str(raw.get("category", "")), text=text,
                                  required=bool(raw.get("required", True)), gate=gate,
                                  evidence=bool(raw.get("evidence", False)),
                                  owner_role=str(raw.get("owner_role", "")), recurrence=recurrence))
    return items


def items_for_service(service_type: ServiceType) -> list[TemplateItem]:
    """The common controls followed by the service type's own."""
    folder = templates_dir()
    return load_template(folder / f"{COMMON}.toml") + load_template(folder / f"{service_type.value}.toml")
