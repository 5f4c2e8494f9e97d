"""kpo-desk import-time: import time entries from a CSV file (all or nothing, unless told to skip)."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK

ORDER = 40


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("import-time", help="import time entries from a CSV file",
                         description="Import time entries from CSV with the columns engagement (code), "
                         "staff (name or e-mail), date (YYYY-MM-DD), hours, and optionally billable "
                         "(yes/no) and note. If any row is bad, nothing is imported.")
    cmd.add_argument("file", metavar="FILE.csv")
    cmd.add_argument("--skip-bad-rows", action="store_true",
                     help="import the good rows and list the bad ones")
    cmd.set_defaults(func=cmd_import_time)


def cmd_import_time(args: argparse.Namespace) -> int:
    from kpo_desk.cli._writer import writable_store
    from kpo_desk.core.services.time_sheets import TimeImportRejected, import_time_csv
    from kpo_desk.core.wording import count

    with writable_store(args) as store:
        try:
            result = import_time_csv(store, args.file, skip_bad_rows=args.skip_bad_rows)
        except TimeImportRejected as exc:
            # Every bad row on stdout, for the person fixing the file; the one-line verdict
            # goes to stderr through the CLI's error handling.
            for error in exc.errors:
                print(error)
            raise
    noun = "entry" if result.imported == 1 else "entries"
    print(f"Imported {result.imported:,} time {noun} from {args.file}.")
    if result.already_imported:
        were = "was" if result.already_imported == 1 else "were"
        print(f"Skipped {count(result.already_imported, 'row')} that {were} already imported "
              "(same staff, date, engagement, hours and note).")
    if result.skipped:
        print(f"Skipped {result.skipped} bad row{'s' if result.skipped != 1 else ''}:")
        for error in result.errors:
            print(f"  {error}")
    return EXIT_OK
