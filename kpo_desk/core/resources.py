"""Where the data files under resources/ (templates, demo texts, fonts, icons, licences) live.

One function answers for every way the app is installed:
- a wheel (``pip install kpo-desk``): the files ship inside the package, as kpo_desk/resources/
  (pyproject.toml maps the top-level resources/ folder there);
- a PyInstaller folder: under ``sys._MEIPASS/resources``;
- the source tree (``make run``, an editable install): the top-level resources/ folder.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # kpo_desk/


@cache
def _located() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "resources"
    installed = _PACKAGE / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def resources_dir() -> Path:
    override = os.environ.get("KPO_DESK_RESOURCES")
    return Path(override) if override else _located()


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
