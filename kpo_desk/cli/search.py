"""kpo-desk search QUERY: one hit a line (kind, code or name, snippet with [matches])."""

from __future__ import annotations

import argparse
import sys

from kpo_desk.cli import EXIT_OK, positive_int

ORDER = 40


def register(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser("search", help="find clients, engagements, contacts and communications")
    search.add_argument("query", nargs="+", metavar="QUERY", help="words; the last may be a prefix")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N")
    search.add_argument("--kind", action="append", metavar="KIND",
                        choices=("client", "engagement", "contact", "communication"),
                        help="only this kind of record (repeatable)")
    search.set_defaults(func=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.search import iter_marked, search

    with open_store(args.db, create=False) as store:
        hits = search(store, " ".join(args.query), limit=args.limit or 1, kinds=args.kind)
    for line in iter_marked(hits):
        print(line)
    if not hits:
        print("No matches.", file=sys.stderr)
    return EXIT_OK
