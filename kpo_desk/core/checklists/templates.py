"""Checklist templates: TOML files under resources/checklists/, one common set plus one per
service type, so that a firm can adapt its controls without touching code.

A firm adapts them in its own folder, never in the app's install folder (which an update
replaces and which may not be writable): a file of the same name in ``user_templates_dir()``
(the per-user data folder's ``checklists``) takes the place of the bundled one, file by file.

A broken file must never stop the app: ``list_templates`` reports every file with its fault,
and the faults name the file and the line, so the person who edited it can fix it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kpo_desk.core.enums import Gate, Recurrence, ServiceType
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.resources import resource

COMMON = "common"
#: The owner role of controls the client carries out (shown as client-side actions).
CLIENT_ROLE = "Client"
KEY_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
ITEM_FIELDS = frozenset({"key", "category", "text", "required", "gate", "evidence", "owner_role",
                         "recurrence"})
FILE_FIELDS = frozenset({"name", "description", "item"})
#: What TOML reports for a syntax error: "Invalid value (at line 2, column 5)".
_TOML_WHERE = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_ITEM_HEADER = re.compile(r"^\s*\[\[\s*item\s*\]\]")


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
    #: The file it comes from (``common.toml``), stored on each checklist item.
    file: str = ""

    @property
    def client_side(self) -> bool:
        return is_client_side(self.category, self.owner_role)


@dataclass(frozen=True, slots=True)
class TemplateFileStatus:
    """One template file as the Templates view shows it."""

    file: str
    path: Path
    name: str
    service_type: ServiceType | None  # None for the common set
    valid: bool
    error: str
    items: int
    #: The firm's own copy (in ``user_templates_dir``) rather than the bundled file.
    customised: bool = False


def is_client_side(category: str, owner_role: str) -> bool:
    """Controls the client carries out: category "Client" or an owner role naming the client."""
    return category.strip().lower() == "client" or owner_role.strip().lower().startswith("client")


def bundled_templates_dir() -> Path:
    """The templates that ship with the app (read-only: an update replaces them)."""
    return resource("checklists")


def user_templates_dir() -> Path:
    """The firm's own templates: the per-user data folder's ``checklists``. A file here
    overrides the bundled file of the same name."""
    from kpo_desk.core.store import default_data_dir

    return default_data_dir() / "checklists"


def templates_dir() -> Path:
    """Where templates are adapted: the user's folder (see ``user_templates_dir``)."""
    return user_templates_dir()


def template_path(name: str, folder: Path | None = None) -> Path:
    """The file that holds template ``name`` (``common.toml``): in ``folder`` when one is given;
    else the user's own copy when there is one, else the bundled file."""
    if folder is not None:
        return folder / name
    own = user_templates_dir() / name
    return own if own.is_file() else bundled_templates_dir() / name


def copy_bundled_templates(target: Path | None = None) -> list[str]:
    """Copy the bundled template files the user's folder lacks into it (never overwriting a
    file there); returns the names copied."""
    target = target or user_templates_dir()
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for source in sorted(bundled_templates_dir().glob("*.toml")):
        destination = target / source.name
        if destination.exists():
            continue
        destination.write_bytes(source.read_bytes())
        copied.append(source.name)
    return copied


def file_for(service_type: ServiceType | str | None) -> str:
    """The file name holding a service type's own controls (``None`` gives the common set)."""
    if service_type is None:
        return f"{COMMON}.toml"
    return f"{ServiceType(service_type).value}.toml"


def _fail(path: Path, message: str, line: int | None = None) -> ValidationError:
    where = f"{path.name}, line {line}" if line else path.name
    return ValidationError(f"Checklist template {where}: {message}", field="template")


def _item_lines(text: str) -> list[int]:
    """The line number of each ``[[item]]`` header, so faults inside an item can name its line."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if _ITEM_HEADER.match(line)]


def _parse(path: Path) -> tuple[str, dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(path, "the file is missing.") from None
    except UnicodeDecodeError:
        raise _fail(path, "the file is not UTF-8 text.") from None
    except OSError as exc:
        raise _fail(path, f"the file cannot be read ({exc.strerror or exc}).") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_WHERE.match(str(exc))
        if found:
            raise _fail(path, f"{found['msg'].lower()} at column {found['col']}.",
                        int(found["line"])) from None
        raise _fail(path, f"{exc}.") from None


def _flag(raw: dict, name: str, default: bool, fail) -> bool:  # noqa: ANN001
    value = raw.get(name, default)
    if not isinstance(value, bool):
        raise fail(f"'{name}' must be true or false, not {value!r}.")
    return value


def _text(raw: dict, name: str, fail, *, required: bool, limit: int) -> str:  # noqa: ANN001
    value = raw.get(name, "")
    if not isinstance(value, str):
        raise fail(f"'{name}' must be text in quotes, not {value!r}.")
    value = value.strip()
    if required and not value:
        raise fail(f"the item needs a '{name}'.")
    if len(value) > limit:
        raise fail(f"'{name}' is longer than {limit} characters.")
    return value


def _choice(raw: dict, name: str, enum: type, fail):  # noqa: ANN001, ANN202
    value = raw.get(name, "none")
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise fail(f"'{name}' is {value!r}; use one of {allowed}.") from None


def load_template(path: Path) -> list[TemplateItem]:
    """Parse and validate one template file; any fault names the file and the line."""
    text, data = _parse(path)
    unknown = sorted(set(data) - FILE_FIELDS)
    if unknown:
        raise _fail(path, f"unknown setting '{unknown[0]}' (expected name, description and [[item]] "
                          "tables).")
    raw_items = data.get("item", [])
    if not isinstance(raw_items, list):
        raise _fail(path, "'item' must be written as [[item]] tables.")
    lines = _item_lines(text)
    items: list[TemplateItem] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_items, start=1):
        line = lines[n - 1] if n - 1 < len(lines) else None

        def fail(message: str, line: int | None = line, n: int = n) -> ValidationError:
            return _fail(path, f"item {n}: {message}", line)

        if not isinstance(raw, dict):
            raise fail("it is not a table.")
        stray = sorted(set(raw) - ITEM_FIELDS)
        if stray:
            raise fail(f"unknown field '{stray[0]}' (the fields are {', '.join(sorted(ITEM_FIELDS))}).")
        key = _text(raw, "key", fail, required=True, limit=120)
        if not KEY_RE.match(key):
            raise fail(f"key '{key}' must be lower-case letters, digits and dashes, such as 'nda-signed'.")
        if key in seen:
            raise fail(f"key '{key}' is already used by item {seen[key]}.")
        seen[key] = n
        category = _text(raw, "category", fail, required=True, limit=80)
        owner_role = _text(raw, "owner_role", fail, required=False, limit=120)
        if is_client_side("", owner_role) and category.lower() != CLIENT_ROLE.lower():
            raise fail(f"a control the client carries out (owner_role '{owner_role}') needs "
                       f"category = \"{CLIENT_ROLE}\", so that it shows as a client-side action.")
        items.append(TemplateItem(
            key=key,
            category=category,
            text=_text(raw, "text", fail, required=True, limit=500),
            required=_flag(raw, "required", True, fail),
            gate=_choice(raw, "gate", Gate, fail),
            evidence=_flag(raw, "evidence", False, fail),
            owner_role=owner_role,
            recurrence=_choice(raw, "recurrence", Recurrence, fail),
            file=path.name,
        ))
    return items


def template_name(path: Path) -> str:
    """The human title a file gives itself (``name = ...``), else its file name."""
    try:
        _content, data = _parse(path)
    except ValidationError:
        return path.stem
    name = data.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else path.stem


def items_for_service(service_type: ServiceType | str, folder: Path | None = None) -> list[TemplateItem]:
    """The common controls followed by the service type's own; a key may appear only once."""
    common = load_template(template_path(file_for(None), folder))
    own_path = template_path(file_for(service_type), folder)
    own = load_template(own_path)
    common_keys = {i.key for i in common}
    for n, item in enumerate(own, start=1):
        if item.key in common_keys:
            lines = _item_lines(own_path.read_text(encoding="utf-8"))
            raise _fail(own_path, f"item {n}: key '{item.key}' is already used in {file_for(None)}.",
                        lines[n - 1] if n - 1 < len(lines) else None)
    return common + own


def list_templates(folder: Path | None = None) -> list[TemplateFileStatus]:
    """Every template file with whether it is valid and why not: the Templates view.

    Lists the common set first, then each service type's file (a missing one is reported),
    then any other ``.toml`` file in the folder. A service file is also checked against the
    common set, since one key may appear only once per engagement.
    """
    expected: list[tuple[str, ServiceType | None]] = [(file_for(None), None)]
    expected += [(file_for(s), s) for s in ServiceType]
    known = {name for name, _s in expected}
    folders = [folder] if folder is not None else [bundled_templates_dir(), user_templates_dir()]
    extra = sorted({p.name for f in folders if f.is_dir() for p in f.glob("*.toml") if p.name not in known})
    try:
        common_keys = {i.key for i in load_template(template_path(file_for(None), folder))}
    except ValidationError:
        common_keys = set()  # the common file is reported on its own row
    rows: list[TemplateFileStatus] = []
    for name, service in [*expected, *((n, None) for n in extra)]:
        path = template_path(name, folder)
        own = folder is None and path.parent == user_templates_dir()
        title = template_name(path) if path.exists() else name
        try:
            items = load_template(path)
            if service is not None and common_keys:
                items_for_service(service, folder)
        except ValidationError as exc:
            rows.append(TemplateFileStatus(name, path, title, service, False, exc.message, 0, own))
            continue
        rows.append(TemplateFileStatus(name, path, title, service, True, "", len(items), own))
    return rows


def template_problems(folder: Path | None = None) -> list[str]:
    """One sentence per broken template file; empty when all are valid."""
    return [row.error for row in list_templates(folder) if not row.valid]
