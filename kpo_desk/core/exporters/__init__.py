"""Exports, by format. ``kpo-desk export FORMAT -o PATH`` offers every format registered here.

An exporter is ``callable(store, path) -> Path`` that writes the whole export to ``path``
and leaves nothing behind when it fails. A format module registers itself with
``@register("name")``; ``FORMAT_MODULES`` lists the modules to import so that every
format is known before anyone asks.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kpo_desk.core.errors import ValidationError

Exporter = Callable[..., Path]

#: format name -> exporter
EXPORTERS: dict[str, Exporter] = {}
#: the modules that register formats (imported on first use)
FORMAT_MODULES = ("json_export", "csv_export", "ics")


def register(name: str) -> Callable[[Exporter], Exporter]:
    """Class-free registry: ``@register("csv")`` above ``def export_csv(store, path)``."""

    def add(exporter: Exporter) -> Exporter:
        EXPORTERS[name] = exporter
        return exporter

    return add


def load_formats() -> dict[str, Exporter]:
    for module in FORMAT_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return EXPORTERS


def export(fmt: str, store: Any, path: str | os.PathLike[str]) -> Path:
    """Write the ``fmt`` export of ``store`` to ``path``; returns what was written."""
    exporter = load_formats().get(fmt)
    if exporter is None:
        raise ValidationError(f"'{fmt}' is not an export format; choose one of "
                              f"{', '.join(sorted(EXPORTERS))}.", field="format")
    return exporter(store, Path(path).expanduser())
