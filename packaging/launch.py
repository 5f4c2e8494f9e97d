"""Entry point of the packaged app: the same ``kpo-desk`` command as the installed script.

With no subcommand it opens the window; with one (``demo``, ``check``, ``report`` ...) it runs
that command, so the one binary serves both the desktop and scripting.
"""

from kpo_desk.cli import main

raise SystemExit(main())
