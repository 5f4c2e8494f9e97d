"""Encryption at rest: the key file (keys), the SQLCipher connection (sqlcipher), the encrypted
attachment folder (files) and converting stores (convert). No Qt here; nothing in this package
logs a passphrase or a key.

This module itself imports nothing heavy: it holds where passphrases come from, set once by
the command line or the GUI (``set_passphrase_source``) and used by kpo_desk/core/desk.py, and
the names of the files an encrypted store keeps beside it. Opening a plain store asks only these,
so that it loads neither SQLCipher nor OpenSSL (about 11 MB).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: ``source(path, creating)`` -> the passphrase for the store at ``path``, or None when there is
#: none. ``creating`` is True when asked for a new store (a prompt may then decline to ask, so
#: that a store is only made encrypted when a passphrase was given on purpose).
PassphraseSource = Callable[[Path, bool], "str | None"]
_source: PassphraseSource | None = None


def set_passphrase_source(source: PassphraseSource | None) -> None:
    """Where ``kpo_desk.core.desk.open_store`` gets passphrases (None: nowhere, so an encrypted
    store is refused and a new store is plain)."""
    global _source
    _source = source


def passphrase_source() -> PassphraseSource | None:
    return _source


#: ``shown(path, recovery_key)``: called once when ``open_store`` has just created an encrypted
#: store, to show its recovery key (the only time it exists outside the key file's wrap).
NewStoreHook = Callable[[Path, str], object]
_new_store_hook: NewStoreHook | None = None


def set_new_store_hook(hook: NewStoreHook | None) -> None:
    global _new_store_hook
    _new_store_hook = hook


def new_store_hook() -> NewStoreHook | None:
    return _new_store_hook


#: Beside an encrypted store: its key file, ``<store file name>.keys``.
KEY_FILE_SUFFIX = ".keys"
#: Beside a store being encrypted or decrypted: the folder the conversion works in.
WORK_SUFFIX = ".encrypting"


def key_file_path(store_path: Path) -> Path:
    """Where the key file of the store at ``store_path`` lives: ``<store file name>.keys``."""
    return store_path.with_name(store_path.name + KEY_FILE_SUFFIX)


def work_dir(store_path: Path) -> Path:
    """The folder an encryption of ``store_path`` works in: ``<store file name>.encrypting``."""
    return store_path.with_name(store_path.name + WORK_SUFFIX)


def conversion_left(store_path: Path) -> bool:
    """Whether an encryption or decryption of ``store_path`` left its work folder behind (a
    crash, or one under way in another process): ``convert.finish_interrupted_conversion``
    settles it. Asked at every open, so it costs two ``stat`` calls and imports nothing."""
    work = work_dir(store_path)
    return work.exists() or work.is_symlink()
