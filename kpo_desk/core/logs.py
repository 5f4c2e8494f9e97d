"""The app's log: a rotating file in the per-user log folder, readable by its owner only.

Unexpected errors (with their traceback) go here, so that a dialog can stay one plain sentence
and the details are still there for a support request. Nothing secret is logged: no passphrase,
no record content beyond what an error message names.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "kpo_desk"
MAX_BYTES = 1_000_000
BACKUPS = 4

log = logging.getLogger(LOGGER_NAME)


def log_dir() -> Path:
    """``$KPO_DESK_LOG_DIR``, else the platform's per-user log folder
    (``~/.local/state/kpo-desk/log`` on Linux)."""
    override = os.environ.get("KPO_DESK_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("kpo-desk", appauthor=False))


def log_file() -> Path:
    return log_dir() / "kpo-desk.log"


def start_file_log() -> Path | None:
    """Send the ``kpo_desk`` logger to the rotating file (once per process); returns the file,
    or ``None`` when the folder cannot be written (the app still runs, without a log)."""
    path = log_file()
    for handler in [h for h in log.handlers if isinstance(h, RotatingFileHandler)]:
        if Path(handler.baseFilename) == path.absolute():
            return path
        log.removeHandler(handler)  # the log folder changed (a test, or $KPO_DESK_LOG_DIR)
        handler.close()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path
