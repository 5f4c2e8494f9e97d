"""Remembering the passphrase on this computer, in the operating system's password store (the
``keyring`` package: Keychain, Windows Credential Locker, the Secret Service). Off by default, and
per store (the account is the store's full path).

When keyring has no usable backend (a Linux session without a Secret Service, as on a server or
in CI) the option is offered disabled, with ``backend_problem()`` as its one-line reason; there is
no fallback to a file: the passphrase is never written to one. Errors from the backend are
reduced to a sentence that never holds the passphrase.
"""

from __future__ import annotations

from pathlib import Path

from kpo_desk.core.errors import StoreError
from kpo_desk.ui.common.words import translate

SERVICE = "KPO Desk"


def _not_a_file(backend: object) -> bool:
    """False for the file-backed keyrings of ``keyrings.alt`` (a plain or weakly encrypted file)."""
    return not type(backend).__module__.startswith("keyrings.alt")


def _system_keyring():  # noqa: ANN202 - a keyring backend
    """keyring's backend. When nothing chose one yet in this process, keyring's own detection is
    run without the ``keyrings.alt`` file backends, so that having that package installed (the
    tests use it) never makes the app write a secret to a file by itself; a backend chosen on
    purpose (``PYTHON_KEYRING_BACKEND``, keyringrc.cfg, ``keyring.set_keyring``) is used as it is."""
    import keyring
    import keyring.core

    if getattr(keyring.core, "_keyring_backend", object()) is None:
        keyring.core.init_backend(limit=_not_a_file)
    return keyring.get_keyring()


def backend_problem() -> str | None:
    """Why the passphrase cannot be remembered here, or None when it can."""
    try:
        from keyring.backends import fail

        backend = _system_keyring()
        usable = not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0
        if usable and hasattr(backend, "backends"):  # the chainer: usable only with a member
            usable = bool(backend.backends)
    except Exception:  # noqa: BLE001 - a broken keyring installation is "not usable", nothing worse
        usable = False
    if usable:
        return None
    return translate("Protection", "This computer has no password store (keyring) that KPO Desk can use, so the passphrase cannot be remembered here.")


def _account(store_path: Path) -> str:
    return str(Path(store_path).resolve())


def remembered(store_path: Path) -> str | None:
    """The passphrase remembered for this store, or None (also when the keyring fails)."""
    if backend_problem():
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, _account(store_path)) or None
    except Exception:  # noqa: BLE001 - a locked or broken keyring: ask for the passphrase instead
        return None


def remember(store_path: Path, passphrase: str) -> None:
    """Keep ``passphrase`` for this store in the keyring; one sentence when it cannot."""
    problem = backend_problem()
    if problem:
        raise StoreError(problem)
    try:
        import keyring

        keyring.set_password(SERVICE, _account(store_path), passphrase)
    except Exception as exc:  # noqa: BLE001 - the backend's text may echo its input: name the type only
        name = type(exc).__name__
    else:
        return
    raise StoreError(translate("Protection", "The system's password store refused to keep the passphrase ({error}); it is not remembered.").format(error=name))


def forget(store_path: Path) -> None:
    """Remove this store's passphrase from the keyring (nothing happens when none is kept)."""
    if backend_problem():
        return
    try:
        import keyring

        keyring.delete_password(SERVICE, _account(store_path))
    except Exception:  # noqa: BLE001, S110 - not there, or the keyring is locked: nothing to undo
        pass
