"""Keep passphrases and recovery keys out of the log and the error dialog.

The core never puts a secret in a message (kpo_desk/core/crypto/errors.py), and a traceback
shows code, not the values of variables. What is left is a library that echoes its input in an
exception's text ("invalid value 'hunter2'"). ``secrets_kept_out`` wraps the calls that get a
secret: an exception whose text (or the text of one it was raised from) contains one of the
secrets is replaced by a plain ``StoreError`` that names only the exception's type, without its
cause or context, so neither the log (which records tracebacks with their chains) nor the error
dialog's details ever see the secret.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from kpo_desk.core.errors import StoreError
from kpo_desk.ui.common.words import translate

T = TypeVar("T")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__]


def mentions(exc: BaseException, secrets: tuple[str, ...]) -> bool:
    """Whether ``exc`` or any exception in its chain shows one of ``secrets`` (its text, its
    ``repr``, or its arguments)."""
    wanted = [s for s in secrets if s]
    if not wanted:
        return False
    for link in _chain(exc):
        try:
            shown = f"{link}\n{link!r}\n{link.args!r}"
        except Exception:  # noqa: BLE001 - an exception whose str() fails hides nothing we can see
            shown = type(link).__name__
        if any(secret in shown for secret in wanted):
            return True
    return False


def secrets_kept_out(call: Callable[[], T], *secrets: str) -> T:
    """``call()``; an exception that would show one of ``secrets`` is replaced (see the module)."""
    try:
        return call()
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit) or not mentions(exc, secrets):
            raise
        name = type(exc).__name__
    raise StoreError(translate("Protection", "An unexpected {error} stopped this; its details were left out because they held the passphrase or the recovery key.").format(error=name)) from None
