"""kpo-desk about: the version and the licences of the bundled fonts and libraries (the same
content as the About dialog; `make package` runs it to prove the licence metadata was bundled)."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK

ORDER = 90


def register(sub: argparse._SubParsersAction) -> None:
    about = sub.add_parser("about", help="version, and the licences of the bundled fonts and libraries")
    about.set_defaults(func=cmd_about)


def cmd_about(args: argparse.Namespace) -> int:
    from kpo_desk.core.licences import about_text

    print(about_text())
    return EXIT_OK
