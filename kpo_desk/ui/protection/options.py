"""This computer's protection settings, kept in QSettings (they belong to the computer, not to
the store): how many idle minutes before the window locks itself. Whether the passphrase is
remembered is the keyring's own answer (remembered.py)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

AUTO_LOCK_KEY = "protection/auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 15
#: The longest choice the Settings dialog offers (8 hours).
MAX_AUTO_LOCK_MINUTES = 480


def auto_lock_minutes() -> float:
    """Idle minutes before the window locks; 0 means never. Fractions are kept (tests use a
    second or less); anything unreadable falls back to the default."""
    value = QSettings().value(AUTO_LOCK_KEY, DEFAULT_AUTO_LOCK_MINUTES)
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        return DEFAULT_AUTO_LOCK_MINUTES
    if minutes != minutes or minutes < 0:  # NaN, negative
        return DEFAULT_AUTO_LOCK_MINUTES
    return min(minutes, MAX_AUTO_LOCK_MINUTES)


def set_auto_lock_minutes(minutes: float) -> None:
    QSettings().setValue(AUTO_LOCK_KEY, minutes)
