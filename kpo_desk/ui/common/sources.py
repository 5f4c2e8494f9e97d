"""The source text of imported modules, which the GUI lets go of."""

from __future__ import annotations

import linecache


def forget_module_sources() -> None:
    """Let go of the source text of every module imported so far.

    PySide reads the source of each module imported after it (it looks for
    ``from __feature__ import``), and ``linecache`` keeps that text: about 25 MB once the window
    and a view are built, which nothing in the app reads again (a traceback reads its lines
    afresh). Called where modules are imported in a batch: when the window builds or shows a
    view, and when a background job (a report, an import) has finished."""
    linecache.clearcache()
