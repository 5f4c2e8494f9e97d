"""kpo-desk check: integrity and schema check, evidence files against their hashes, and the
checklist templates."""

from __future__ import annotations

import argparse
import sys

from kpo_desk.cli import EXIT_OK
from kpo_desk.core.errors import KpoDeskError

ORDER = 20


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="integrity and schema check: prints 'ok'")
    check.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from kpo_desk.core.checklists import attachment_problems, template_problems
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.store import ForeignSchemaError

    try:
        store = open_store(args.db, create=False)
    except ForeignSchemaError as exc:  # name every difference, not only the first
        for problem in exc.problems:
            print(f"schema: {problem}")
        raise KpoDeskError(str(exc)) from None
    with store:
        problems = store.integrity_problems()
        revision = store.schema_revision()
        if not problems:  # evidence files are checked against a store known to be sound
            problems += attachment_problems(store)
        problems += template_problems()
    if problems:
        for problem in problems:
            print(problem)
        raise KpoDeskError(f"{store.path} failed its integrity check ({len(problems)} problem"
                           f"{'s' if len(problems) != 1 else ''}, first: {problems[0]}).")
    if args.debug:
        print(f"schema {revision}", file=sys.stderr)
    print("ok")
    return EXIT_OK
