"""kpo-desk import-mail FILE... --engagement CODE: log .eml, .mbox and .msg files."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from kpo_desk.cli import EXIT_OK
from kpo_desk.core.errors import KpoDeskError

ORDER = 45


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("import-mail", help="log .eml, .mbox and .msg files on an engagement")
    cmd.add_argument("files", nargs="+", metavar="FILE")
    cmd.add_argument("--engagement", required=True, metavar="CODE")
    cmd.set_defaults(func=cmd_import_mail)


def cmd_import_mail(args: argparse.Namespace) -> int:
    """Prints a line per message. Exit 0 when every file was read; otherwise the rest of the
    batch is still imported, and the failures are summed up in one line on stderr (exit 2).

    Each message commits on its own. Ctrl-C stops after the message in hand (a second Ctrl-C
    at once) and says how many were saved, counted in the store; a re-run skips them."""
    from kpo_desk.cli._writer import writable_store
    from kpo_desk.core.mail import ImportResult, import_mail
    from kpo_desk.core.mail.parse import count_messages
    from kpo_desk.core.services.engagements import get_engagement

    result = ImportResult()
    with writable_store(args, create=False) as store:
        engagement = get_engagement(store, code=args.engagement)
        total = sum(count_messages(Path(f)) for f in args.files)
        before = _communications(store)
        show = _Progress(total)
        try:
            with _StopOnCtrlC() as stop:
                import_mail(store, args.files, engagement_id=engagement.id, cancel=stop, result=result,
                            on_message=show)
            interrupted = stop.is_set()
        except KeyboardInterrupt:  # the second Ctrl-C: the message in hand was rolled back
            interrupted = True
        show.done()
        saved = _communications(store) - before
    _list(result)
    if interrupted:
        print(f"kpo-desk: {_interrupted_sentence(result, saved, total)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(result.summary())
    if result.failed:
        first = result.failed[0]
        raise KpoDeskError(f"{len(result.failed)} could not be imported; first: {first.reason}")
    return EXIT_OK


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
#: Without a terminal, a progress line every this many messages (stdout stays the listing).
PROGRESS_EVERY = 1000


def _communications(store) -> int:  # noqa: ANN001 - a Store
    from kpo_desk.core.services.communications import count_communications

    return count_communications(store)


def _list(result) -> None:  # noqa: ANN001 - an ImportResult
    for item in result.imported:
        print(f"imported\t{item.where}\t{item.subject}")
    for dup in result.duplicates:
        print(f"already imported\t{dup.where}\t{dup.message_id}")
    for failure in result.failed:
        print(f"failed\t{failure.where}\t{failure.reason}")


def _interrupted_sentence(result, saved: int, total: int) -> str:  # noqa: ANN001
    from kpo_desk.core.wording import count

    seen = len(result.imported) + len(result.duplicates) + len(result.failed)
    text = f"Interrupted after {seen:,} of {count(total, 'message')}; "
    if saved == seen:
        text += f"{'that one is' if saved == 1 else f'those {saved:,} are'} saved, and a re-run skips them"
    else:
        text += f"{saved:,} {'was' if saved == 1 else 'were'} saved now, and a re-run skips them"
        if result.duplicates:
            text += f" (as it skips the {len(result.duplicates):,} already imported before)"
        if result.failed:
            text += f"; {len(result.failed):,} could not be imported"
    return text + "."


class _StopOnCtrlC:
    """The first Ctrl-C asks the import to stop after the message in hand; a second one
    interrupts at once. The shell's own handler is put back afterwards."""

    def __init__(self) -> None:
        self._set = False
        self._previous = None

    def is_set(self) -> bool:
        return self._set

    def _on_sigint(self, _signum: int, _frame: object) -> None:
        if self._set:
            raise KeyboardInterrupt
        self._set = True

    def __enter__(self) -> _StopOnCtrlC:
        self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)


class _Progress:
    """Progress on stderr for long imports: a line rewritten in place on a terminal, else a
    line every ``PROGRESS_EVERY`` messages; nothing for short ones."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.shown = False
        self._last = 0.0

    def __call__(self, result) -> None:  # noqa: ANN001 - an ImportResult
        if self.total < PROGRESS_EVERY:
            return
        seen = len(result.imported) + len(result.duplicates) + len(result.failed)
        if self.tty:
            now = time.monotonic()
            if now - self._last >= 0.2 or seen == self.total:
                self._last = now
                print(f"\r  {seen:,} of {self.total:,} messages", end="", file=sys.stderr, flush=True)
                self.shown = True
        elif seen % PROGRESS_EVERY == 0:
            print(f"  {seen:,} of {self.total:,} messages", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.shown:
            print(file=sys.stderr, flush=True)
