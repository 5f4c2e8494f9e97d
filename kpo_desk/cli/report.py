"""kpo-desk report: client status reports, the weekly batch, and the portfolio review."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kpo_desk.cli import EXIT_BAD_INPUT, EXIT_OK
from kpo_desk.core.errors import ValidationError

ORDER = 40


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "report", help="PDF status report for one engagement, every active one, or the portfolio",
        description="Write a client status report (CODE), one per active engagement "
                    "(--all-active -o DIR) or the internal portfolio review (--portfolio).")
    report.add_argument("code", nargs="?", metavar="CODE", help="engagement code, e.g. ACME-2026-003")
    report.add_argument("--from", dest="period_from", metavar="DATE",
                        help="period start, YYYY-MM-DD (default: since the last report, else the last 30 days "
                             "or since the engagement was signed, if later)")
    report.add_argument("--to", dest="period_to", metavar="DATE", help="period end, YYYY-MM-DD (default: today)")
    report.add_argument("--summary", default="", metavar="TEXT", help="executive summary for this report")
    report.add_argument("--recipient", default="", metavar="TEXT", help="who the report is for")
    report.add_argument("--language", metavar="CODE",
                        help="the report's language, e.g. de, ja, pt, zh_Hans (default: the recipient "
                             "contact's language, else the client's, else English)")
    report.add_argument("--all-active", action="store_true", help="one PDF per active engagement into -o DIR")
    report.add_argument("--portfolio", action="store_true", help="the internal portfolio review")
    report.add_argument("-o", "--output", metavar="PATH", help="the PDF file (a folder with --all-active)")
    report.add_argument("--password-file", metavar="FILE",
                        help="protect one engagement's PDF with AES-256 under the password on the first "
                             "line of FILE (never on the command line); send the password another way "
                             "than the PDF")
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from kpo_desk.core.validation import parse_date

    modes = sum(bool(x) for x in (args.code, args.all_active, args.portfolio))
    if modes != 1:
        raise ValidationError("Give one of: an engagement CODE, --all-active or --portfolio.")
    start = parse_date(args.period_from, "period_start", "--from")
    end = parse_date(args.period_to, "period_end", "--to")
    if start and end and start > end:
        raise ValidationError(f"--from {start.isoformat()} is after --to {end.isoformat()}.")
    if (start or end or args.summary or args.recipient or args.password_file or args.language) \
            and not args.code:
        raise ValidationError("--from, --to, --summary, --recipient, --language and --password-file "
                              "apply to one engagement's report.")
    if args.language is not None:
        _check_language(args.language)
    if args.all_active:
        return _all_active(args)
    if args.portfolio:
        return _portfolio(args)
    return _one(args, start, end)


def _check_language(code: str) -> None:
    from kpo_desk.core.i18n import available_codes_sentence, normalize

    if normalize(code) is None:
        raise ValidationError(f"There is no report language '{code.strip()}'; choose one of "
                              f"{available_codes_sentence()}.", field="language")


def _open_store(args: argparse.Namespace):  # noqa: ANN202
    """Every report is recorded in the store (its history), so a report is a writer."""
    from kpo_desk.cli._writer import writable_store

    return writable_store(args, create=False)


def _one(args: argparse.Namespace, start: date | None, end: date | None) -> int:
    from kpo_desk.cli._passphrase import read_secret_file
    from kpo_desk.core.models import Engagement
    from kpo_desk.core.reports import (
        find_engagement_id,
        generate_report,
        report_defaults,
        report_file_name,
    )
    from kpo_desk.core.reports.protect import check_report_password
    from kpo_desk.core.services import base

    password = None
    if args.password_file:  # read and checked before the store is touched
        password = check_report_password(read_secret_file(args.password_file, "password file"))
    with _open_store(args) as store:
        engagement_id = find_engagement_id(store, args.code)
        code = base.get(store, Engagement, engagement_id).code
        language = args.language
        if language is None:  # the recipient's, else the client's language
            from kpo_desk.core.reports.recipients import default_language

            with store.read() as session:
                language = default_language(session, engagement_id, args.recipient) if args.recipient \
                    else report_defaults(store, engagement_id, date.today()).language
        output = (Path(args.output) if args.output
                  else Path.cwd() / report_file_name(code, end or date.today()))
        made = generate_report(store, engagement_id=engagement_id, out_path=output, period_start=start,
                               period_end=end, summary=args.summary, recipient=args.recipient,
                               period_rule="custom" if start or end else "since_last_report",
                               password=password, language=language)
    print(f"{made.path}  sha256 {made.sha256}")
    if made.fell_back:
        print(f"kpo-desk: there is no '{made.requested_language}' catalog; the report is in English.",
              file=sys.stderr)
    if password is not None:
        print("kpo-desk: the PDF is protected with AES-256 by the password in "
              f"{args.password_file}; send the password another way than the PDF.", file=sys.stderr)
    return EXIT_OK


def _all_active(args: argparse.Namespace) -> int:
    from kpo_desk.core.reports import generate_batch

    if not args.output:
        raise ValidationError("--all-active needs -o DIR, the folder for the reports.")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{folder} is a file; --all-active writes into a folder.")

    def progress(done: int, total: int, code: str) -> None:
        if code:
            print(f"[{done + 1}/{total}] {code}", file=sys.stderr, flush=True)

    with _open_store(args) as store:
        try:
            # Owner-only: the file names carry client codes (the PDFs are 0600 from core).
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise ValidationError(f"Cannot create the folder {folder}: {exc.strerror or exc}.") from None
        result = generate_batch(store, folder, progress=progress)
    for path in result.written:
        print(path)
    for code, reason in result.failed:
        print(f"kpo-desk: {code} failed: {reason}", file=sys.stderr)
    print(f"{len(result.written)} of {result.total} reports written to {folder}"
          + (f"; {len(result.failed)} failed" if result.failed else "") + ".", file=sys.stderr)
    return EXIT_BAD_INPUT if result.failed else EXIT_OK


def _portfolio(args: argparse.Namespace) -> int:
    from kpo_desk.core.reports import generate_portfolio, report_file_name

    with _open_store(args) as store:
        output = (Path(args.output) if args.output
                  else Path.cwd() / report_file_name("portfolio", date.today(), "review"))
        made = generate_portfolio(store, out_path=output)
    print(f"{made.path}  sha256 {made.sha256}")
    return EXIT_OK
