"""Writing a file so that it is either all there or not there at all, readable by its owner only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` (0600) through a temporary file in the same folder, flushed
    to disk, then renamed over ``target``: a crash leaves the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
