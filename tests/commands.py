"""Running ``kpo-desk`` as a real subprocess, the way a person at a terminal does: with none of the
caller's KPO_DESK_* settings (unless given), no terminal on stdin, from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KPO = [sys.executable, "-m", "kpo_desk"]


def kpo(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("KPO_DESK_")}
    full.update(env or {})
    return subprocess.run([*KPO, *args], capture_output=True, text=True, env=full, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd=ROOT)
