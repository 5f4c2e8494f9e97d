"""Where the command line gets passphrases: ``--passphrase-file FILE``, else
``$KPO_DESK_PASSPHRASE``, else a prompt when stdin is a terminal (getpass: nothing echoed).

A new store is encrypted only when a passphrase was given on purpose (the file or the
environment); nobody is prompted for a store that does not exist yet. The passphrase is never
printed, logged or put into a message.

Imports only the standard library at the top (see kpo_desk/cli/__init__.py on start-up cost).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

ENV = "KPO_DESK_PASSPHRASE"
NEW_ENV = "KPO_DESK_NEW_PASSPHRASE"
_MAX_FILE_BYTES = 64 * 1024
HOW = (f"give its passphrase in ${ENV}, with --passphrase-file FILE, or type it when asked (stdin must be a "
       "terminal)")


def _bad(message: str) -> Exception:
    from kpo_desk.core.errors import ValidationError

    return ValidationError(message, field="passphrase")


def read_secret_file(path: str, what: str = "passphrase file") -> str:
    """The first line of ``path`` (a trailing newline is not part of the secret)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _bad(f"The {what} {path} cannot be read ({exc.strerror or exc}); nothing was "
                   "changed.") from None
    if len(raw) > _MAX_FILE_BYTES:
        raise _bad(f"The {what} {path} is far too large to hold a passphrase; nothing was changed.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad(f"The {what} {path} is not UTF-8 text; nothing was changed.") from None
    line = text.split("\n", 1)[0].removesuffix("\r")
    if not line:
        raise _bad(f"The {what} {path} is empty (its first line holds the passphrase); nothing "
                   "was changed.")
    return line


def given_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase given on purpose (file, then environment), or None."""
    file = getattr(args, "passphrase_file", None)
    if file:
        return read_secret_file(file)
    return os.environ.get(ENV) or None


def prompt(label: str) -> str | None:
    """Ask at the terminal (nothing echoed); None when stdin is not a terminal."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(label) or None
    except EOFError:
        return None


def prompt_new(label: str) -> str | None:
    """A new passphrase typed twice at the terminal; None when stdin is not a terminal."""
    first = prompt(f"{label}: ")
    if first is None:
        return None
    if prompt(f"{label} again: ") != first:
        raise _bad("The two passphrases typed differ; nothing was changed.")
    return first


def install(args: argparse.Namespace) -> None:
    """Tell core where this command's passphrases come from."""
    from kpo_desk.core.crypto import set_new_store_hook, set_passphrase_source

    def source(path: Path, creating: bool) -> str | None:
        given = given_passphrase(args)
        if given or creating:
            return given
        typed = prompt(f"Passphrase for {path.name}: ")
        if typed is None:
            raise _bad(f"The store at {path} is encrypted: {HOW}. Nothing was changed.")
        return typed

    set_passphrase_source(source)
    set_new_store_hook(lambda path, key: print(
        f"kpo-desk: the new store {path} is encrypted. Its recovery key, shown only this once (write "
        f"it down and keep it away from this computer): {key}", file=sys.stderr))
