"""kpo-desk encrypt | passphrase | recover --recovery-key-file F | decrypt -o FILE: encryption
at rest from the command line (the work is in kpo_desk/core/crypto/convert.py).

Imports only the standard library and kpo_desk at the top (see kpo_desk/cli/__init__.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpo_desk.cli import EXIT_OK
from kpo_desk.cli._passphrase import (
    ENV,
    NEW_ENV,
    given_passphrase,
    prompt,
    prompt_new,
    read_secret_file,
)
from kpo_desk.core.errors import StoreError, ValidationError

ORDER = 65


def register(sub: argparse._SubParsersAction) -> None:
    encrypt = sub.add_parser("encrypt", help="encrypt a plain store with a passphrase (prints the "
                             "recovery key once)")
    encrypt.set_defaults(func=cmd_encrypt)
    change = sub.add_parser("passphrase", help=f"change the passphrase (the new one from ${NEW_ENV} "
                            "or a prompt); the database is not rewritten")
    change.set_defaults(func=cmd_passphrase)
    recover = sub.add_parser("recover", help="set a new passphrase with the recovery key")
    recover.add_argument("--recovery-key-file", required=True, metavar="FILE",
                         help="a file whose first line is the recovery key")
    recover.set_defaults(func=cmd_recover)
    decrypt = sub.add_parser("decrypt", help="write an explicit plain (unencrypted) copy of the store")
    decrypt.add_argument("-o", "--output", required=True, metavar="FILE", help="the plain copy to write")
    decrypt.set_defaults(func=cmd_decrypt)


def _new_passphrase(args: argparse.Namespace, *, label: str) -> str:
    import os

    new = os.environ.get(NEW_ENV) or prompt_new(label)
    if not new:
        raise ValidationError(f"No new passphrase: give it in ${NEW_ENV}, or type it when asked "
                              "(stdin must be a terminal). Nothing was changed.", field="passphrase")
    return new


def _encrypted_path(args: argparse.Namespace) -> Path:
    from kpo_desk.core.store import inspect_file, is_encrypted_store, resolve_store_path

    path = resolve_store_path(args.db)
    if not is_encrypted_store(path):
        if inspect_file(path) == "missing":
            raise StoreError(f"There is no store at {path}.")
        raise StoreError(f"The store at {path} is not encrypted (it has no key file beside it); "
                         "kpo-desk encrypt protects it with a passphrase. Nothing was changed.")
    return path


def cmd_encrypt(args: argparse.Namespace) -> int:
    from kpo_desk.cli._writer import take_lock
    from kpo_desk.core.crypto.convert import encrypt_store
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.store import is_encrypted_store, resolve_store_path

    path = resolve_store_path(args.db)
    if is_encrypted_store(path):
        raise StoreError(f"The store at {path} is already encrypted; kpo-desk passphrase changes "
                         "its passphrase. Nothing was changed.")
    if not path.exists():
        raise StoreError(f"There is no store at {path}.")
    passphrase = given_passphrase(args) or prompt_new("New passphrase for the store")
    if not passphrase:
        raise ValidationError(f"No passphrase: give it in ${ENV}, with --passphrase-file FILE, or "
                              "type it when asked (stdin must be a terminal). Nothing was changed.",
                              field="passphrase")
    with take_lock(path, args):
        with open_store(path, create=False):  # settles an interrupted run, upgrades with a backup
            pass
        result = encrypt_store(path, passphrase)
    print(f"Encrypted {result.store_path} ({sum(result.counts.values()):,} rows, "
          f"{result.attachments:,} attachment file{'s' if result.attachments != 1 else ''}); "
          "the plain files were overwritten and deleted.")
    print("Recovery key (shown only this once; print or write it down and keep it away from this "
          "computer: without it a forgotten passphrase means the data is gone):")
    print(f"    {result.recovery_key}")
    if result.plain_backups:
        print(f"These {len(result.plain_backups)} earlier automatic backups are NOT encrypted; "
              "delete them, or keep them somewhere as safe as the data:")
        for backup in result.plain_backups:
            print(f"    {backup}")
    print("Overwriting does not guarantee erasure on an SSD; use full-disk encryption as well.",
          file=sys.stderr)
    return EXIT_OK


def cmd_passphrase(args: argparse.Namespace) -> int:
    from kpo_desk.cli._writer import take_lock
    from kpo_desk.core.crypto.convert import change_passphrase

    path = _encrypted_path(args)
    old = given_passphrase(args) or prompt("Current passphrase: ")
    if not old:
        raise ValidationError(f"No current passphrase: give it in ${ENV}, with --passphrase-file "
                              "FILE, or type it when asked. Nothing was changed.", field="passphrase")
    new = _new_passphrase(args, label="New passphrase")
    with take_lock(path, args):
        change_passphrase(path, old, new)
    print(f"The passphrase of {path} was changed; the recovery key still works.")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from kpo_desk.cli._writer import take_lock
    from kpo_desk.core.crypto.convert import recover_passphrase

    path = _encrypted_path(args)
    recovery = read_secret_file(args.recovery_key_file, "recovery key file")
    new = _new_passphrase(args, label="New passphrase")
    with take_lock(path, args):
        recover_passphrase(path, recovery, new)
    print(f"A new passphrase was set for {path}; the recovery key still works.")
    return EXIT_OK


def cmd_decrypt(args: argparse.Namespace) -> int:
    from kpo_desk.core.crypto.convert import decrypt_copy_of_store
    from kpo_desk.core.desk import open_store

    _encrypted_path(args)
    target = Path(args.output).expanduser()
    with open_store(args.db, create=False) as store:
        counts, files = decrypt_copy_of_store(store, target)
    print(f"kpo-desk: warning: {target} is a plain, unencrypted copy of the store: anyone who gets it "
          "can read every client's data; delete it when you are done.", file=sys.stderr)
    print(f"Wrote the plain copy {target} ({sum(counts.values()):,} rows, {files:,} attachment "
          f"file{'s' if files != 1 else ''}).")
    return EXIT_OK
