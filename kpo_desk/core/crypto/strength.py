"""How strong a new passphrase looks: one rough estimate, shown as a hint while it is typed.

The estimate is deliberately simple (no dictionary of millions of words): the length times the
bits of the kinds of characters used, less what repeats, runs ("abcd", "1234") and well-known
passwords give away. It only advises; any non-empty passphrase is accepted (KeePassXC does the
same), because the person who will have to remember it decides.

The GUI's first start, Encrypt store, Change passphrase and recovery all show this hint, so the
words and thresholds live here once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Fragments that guessers try first; a passphrase containing one is scored without it.
_COMMON = ("password", "passwort", "passphrase", "123456", "qwerty", "azerty", "letmein", "welcome",
           "admin", "iloveyou", "monkey", "dragon", "secret", "kpodesk", "kpo desk", "111111", "abc123")
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass(frozen=True)
class Strength:
    #: 0 (very weak) to 4 (strong).
    level: int
    #: About how many bits a guesser has to get through.
    bits: int
    #: One short word: "Very weak" ... "Strong".
    label: str
    #: What to do about it, one sentence (empty when nothing needs doing).
    advice: str

    @property
    def hint(self) -> str:
        """What the GUI shows under the field: "Weak: add another word or two…"."""
        return f"{self.label}: {self.advice}" if self.advice else f"{self.label}."


_LABELS = ("Very weak", "Weak", "Fair", "Good", "Strong")
#: The lowest estimated bits of each level (a guesser trying a billion a second against the
#: key file needs years from level 3 on, given the key derivation's cost).
_THRESHOLDS = (0, 28, 40, 56, 72)


def _pool(text: str) -> int:
    pool = 0
    if any(c.islower() and c.isascii() for c in text):
        pool += 26
    if any(c.isupper() and c.isascii() for c in text):
        pool += 26
    if any(c.isdigit() and c.isascii() for c in text):
        pool += 10
    if any(c.isascii() and not c.isalnum() for c in text):
        pool += 33
    if any(not c.isascii() for c in text):
        pool += 100
    return max(pool, 1)


def _effective_length(text: str) -> float:
    """The length, with repeated characters and runs ("aaaa", "1234", "qwer") counted lightly."""
    lowered = text.lower()
    for word in _COMMON:
        lowered = lowered.replace(word, "\0")  # a known password is worth about one character
    length = 0.0
    previous = ""
    for ch in lowered:
        if ch == previous:
            length += 0.25
        elif previous and any(previous + ch in run or ch + previous in run for run in _RUNS):
            length += 0.35
        else:
            length += 1.0
        previous = ch
    return length


def passphrase_strength(text: str) -> Strength:
    """A rough strength estimate of ``text`` with a one-line hint. Never raises."""
    if not text:
        return Strength(0, 0, _LABELS[0], "type a passphrase.")
    bits = int(_effective_length(text) * math.log2(_pool(text)))
    level = max(i for i, floor in enumerate(_THRESHOLDS) if bits >= floor)
    words = len(text.split())
    if level >= 4:
        advice = ""
    elif level == 3:
        advice = "another unrelated word would make it strong."
    elif len(text) < 12:
        advice = ("too short to resist guessing for long; four or five unrelated words make a strong "
                  "passphrase that is easy to remember.")
    elif words < 4:
        advice = "add another word or two that have nothing to do with each other."
    else:
        advice = "make the words less common, or add another."
    return Strength(level, bits, _LABELS[level], advice)
