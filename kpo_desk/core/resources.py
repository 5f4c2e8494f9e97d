"""Where the data files under resources/ (templates, demo texts, fonts, icons) live."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("KPO_DESK_RESOURCES")
    if override:
        return Path(override)
    bundled = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle
    if bundled:
        return Path(bundled) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
