"""kpo-desk check: integrity and schema check, evidence files against their hashes, and the
checklist templates. On a team server (``--db postgresql://...``): that the server answers, that
the database is at this version's schema, and every attachment blob against its hash."""

from __future__ import annotations

import argparse
import os
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
    from kpo_desk.core.store import ForeignSchemaError, head_revision
    from kpo_desk.core.store_server import is_server_url

    # A team server is checked read-only: the check never migrates it (opening refuses a database
    # not at this version's schema, with its sentence), and its answer is the check that it is up.
    server = is_server_url(args.db if args.db is not None else os.environ.get("KPO_DESK_DB"))
    try:
        store = open_store(args.db, create=False, read_only=server)
    except ForeignSchemaError as exc:  # name every difference, not only the first
        for problem in exc.problems:
            print(f"schema: {problem}")
        raise KpoDeskError(str(exc)) from None
    with store:
        problems = store.integrity_problems()
        revision = store.schema_revision()
        if store.is_server and revision != head_revision():
            problems.append(f"schema: the database is at revision {revision}, this version of "
                            f"KPO Desk expects {head_revision()}")
        if not problems:  # evidence files (a server's blobs) are checked against a sound store
            problems += attachment_problems(store)
        problems += template_problems()
    if problems:
        for problem in problems:
            print(problem)
        raise KpoDeskError(f"{store.location} failed its integrity check ({len(problems)} problem"
                           f"{'s' if len(problems) != 1 else ''}, first: {problems[0]}).")
    if args.debug:
        print(f"schema {revision}", file=sys.stderr)
    print("ok")
    return EXIT_OK
