"""The keys of an encrypted store, and the small key file that keeps them wrapped.

The store's **data key** is 32 random bytes; it never changes and never leaves memory unwrapped.
The key file (``<store>.keys``, JSON, 0600, written atomically) holds it twice:

- wrapped with AES-256-GCM under a key derived from the **passphrase** with scrypt (parameters and
  salt kept beside it, so a later version can make them stronger by re-wrapping);
- wrapped with AES-256-GCM under a key derived (HKDF) from the **recovery key**, 32 random bytes
  shown once to the user as 60 characters in groups of five, with a checksum that catches typos.

The associated data of each wrap names the format, its version, the store's id and the slot (and
the KDF parameters), so a wrapped key cannot be moved to another store's file or slot unnoticed.
Changing the passphrase re-wraps the same data key: the database is not touched.

Keys are returned as ``SecretBytes`` (``bytes`` whose ``repr``/``str`` hide the value), and no
error message ever contains a passphrase or a key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kpo_desk.core.crypto import key_file_path  # noqa: F401 - callers ask keys for it too
from kpo_desk.core.crypto.errors import (
    KeyFileDamagedError,
    KeyFileError,
    KeyFileForeignError,
    KeyFileMissingError,
    KeyFileTooNewError,
    KeyMismatchError,
    RecoveryKeyTypoError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.files import write_private

FORMAT = "kpo-desk-keys"
#: The key file format this version writes, and the newest it reads.
VERSION = 1
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
_MAX_KEY_FILE_BYTES = 64 * 1024


class SecretBytes(bytes):
    """Key material: plain ``bytes`` to every API, but ``repr``/``str`` never show the value, so
    a traceback, a log line or a debugger's variable list does not print it."""

    def __repr__(self) -> str:
        return f"<secret {len(self)} bytes>"

    __str__ = __repr__


# -- scrypt ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt's cost: ``n`` (a power of two) x ``r`` x 128 bytes of memory, ``p`` lanes."""

    n: int
    r: int = 8
    p: int = 1

    def problem(self) -> str | None:
        """Why these parameters cannot be used (a damaged file, or one made to exhaust memory)."""
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (self.n, self.r, self.p)):
            return "its key derivation parameters are not numbers"
        if self.n < 2 or self.n & (self.n - 1) or not 1 <= self.r <= 64 or not 1 <= self.p <= 16:
            return "its key derivation parameters are out of range"
        if 128 * self.n * self.r > 2 * 1024**3 or self.n > 2**24:
            return "its key derivation parameters would need more than 2 GB of memory"
        return None


#: Measured on the development machine (2 cores shared with other work, load 2-4): n = 2**16
#: took 0.30-0.68 s (about 0.5 s typical) with 64 MB of memory; 2**15 took 0.27-0.30 s and 2**17
#: 0.55-1.7 s, which would break "opening takes at most 1 s". ``calibrate_scrypt`` measures again.
DEFAULT_SCRYPT = ScryptParams(n=2**16, r=8, p=1)


def calibrate_scrypt(target_seconds: float = 0.5, *, r: int = 8, p: int = 1,
                     floor: int = 2**15, ceiling: int = 2**20) -> tuple[ScryptParams, float]:
    """The power-of-two ``n`` whose derivation takes closest to ``target_seconds`` here (kept
    within ``floor``..``ceiling``), and the measured seconds for it."""
    salt = secrets.token_bytes(SALT_BYTES)

    def timed(n: int) -> float:
        start = time.perf_counter()
        Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(b"calibration")
        return time.perf_counter() - start

    n, seconds = floor, timed(floor)
    while seconds < target_seconds and n < ceiling:
        doubled = timed(n * 2)
        if abs(doubled - target_seconds) > abs(seconds - target_seconds):
            break
        n, seconds = n * 2, doubled
    return ScryptParams(n=n, r=r, p=p), seconds


def _passphrase_bytes(passphrase: str) -> bytes:
    """The passphrase as the KDF sees it: NFC (so an accented letter typed on another system is
    the same passphrase), UTF-8. An empty passphrase is refused."""
    if not isinstance(passphrase, str) or not passphrase:
        raise ValidationError("Type a passphrase.", field="passphrase")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, params: ScryptParams, salt: bytes) -> SecretBytes:
    return SecretBytes(Scrypt(salt=salt, length=KEY_BYTES, n=params.n, r=params.r,
                              p=params.p).derive(_passphrase_bytes(passphrase)))


def _recovery_wrapping_key(recovery_key: bytes) -> SecretBytes:
    return SecretBytes(HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                            info=b"kpo-desk recovery wrapping key").derive(recovery_key))


# -- recovery key text -------------------------------------------------------------------------
#
# 256 key bits + 14 bits of its SHA-256 = 270 bits = 54 Crockford base32 characters, then a
# 6-character BCH checksum (the bech32 polynomial, bech32m constant, prefix "kpo"), which detects
# every error touching at most 4 characters; a wrong length is caught before. 60 characters,
# shown as 12 groups of 5: "7K2QF-…". Reading is case-insensitive, ignores spaces and hyphens,
# and takes O for 0 and I or L for 1.

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHECK_CONSTANT = 0x2BC830A3
_PREFIX = [ord(c) >> 5 for c in "kpo"] + [0] + [ord(c) & 31 for c in "kpo"]
_DATA_CHARS, _CHECK_CHARS, _GROUP = 54, 6, 5
RECOVERY_KEY_CHARS = _DATA_CHARS + _CHECK_CHARS
_HASH_BITS = _DATA_CHARS * 5 - KEY_BYTES * 8


def _polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate(_GENERATOR):
            if (top >> i) & 1:
                chk ^= g
    return chk


def _key_hash_bits(key: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"kpo-desk recovery key" + key).digest()[:2], "big") >> (16 - _HASH_BITS)


def format_recovery_key(key: bytes) -> str:
    """The 32-byte recovery key as the user sees it: 12 groups of 5 characters."""
    if len(key) != KEY_BYTES:
        raise ValueError("a recovery key is 32 bytes")
    number = int.from_bytes(key, "big") << _HASH_BITS | _key_hash_bits(key)
    data = [(number >> (5 * (_DATA_CHARS - 1 - i))) & 31 for i in range(_DATA_CHARS)]
    mod = _polymod(_PREFIX + data + [0] * _CHECK_CHARS) ^ _CHECK_CONSTANT
    check = [(mod >> (5 * (_CHECK_CHARS - 1 - i))) & 31 for i in range(_CHECK_CHARS)]
    text = "".join(_ALPHABET[v] for v in data + check)
    return "-".join(text[i:i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> SecretBytes:
    """The 32-byte key of a typed recovery key; a typing mistake is refused with one sentence
    (which never repeats the key)."""
    cleaned = "".join(ch for ch in str(text).upper() if ch not in " -\t\r\n")
    if len(cleaned) != RECOVERY_KEY_CHARS:
        raise RecoveryKeyTypoError(
            f"A recovery key has {RECOVERY_KEY_CHARS} letters and digits in 12 groups of 5; this "
            f"one has {len(cleaned)}. Check it against the recovery sheet.")
    values = []
    for i, ch in enumerate(cleaned):
        if ch not in _VALUE:
            raise RecoveryKeyTypoError(
                f"Group {i // _GROUP + 1} of the recovery key has a character that recovery keys "
                "never use (they have no U and no punctuation). Check it against the recovery sheet.")
        values.append(_VALUE[ch])
    if _polymod(_PREFIX + values) != _CHECK_CONSTANT:
        raise RecoveryKeyTypoError("The recovery key has a typing mistake (its checksum does not "
                                   "match). Compare each group with the recovery sheet.")
    number = 0
    for v in values[:_DATA_CHARS]:
        number = number << 5 | v
    key = (number >> _HASH_BITS).to_bytes(KEY_BYTES, "big")
    if number & ((1 << _HASH_BITS) - 1) != _key_hash_bits(key):
        raise RecoveryKeyTypoError("The recovery key has a typing mistake (its checksum does not "
                                   "match). Compare each group with the recovery sheet.")
    return SecretBytes(key)


# -- the key file ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class KeyFile:
    """What ``<store>.keys`` holds. Only ciphertext and public values; still, ``repr`` shows no
    bytes at all."""

    store_id: str
    kdf: ScryptParams
    salt: bytes = field(repr=False)
    passphrase_nonce: bytes = field(repr=False)
    passphrase_wrapped: bytes = field(repr=False)
    recovery_nonce: bytes = field(repr=False)
    recovery_wrapped: bytes = field(repr=False)
    key_check: bytes = field(repr=False)
    version: int = VERSION

    def passphrase_aad(self) -> bytes:
        k = self.kdf
        return (f"{FORMAT}|{self.version}|{self.store_id}|passphrase|scrypt|{k.n}|{k.r}|{k.p}|"
                .encode() + self.salt)

    def recovery_aad(self) -> bytes:
        return f"{FORMAT}|{self.version}|{self.store_id}|recovery".encode()

    def to_json(self) -> str:
        b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
        return json.dumps({
            "format": FORMAT,
            "version": self.version,
            "store_id": self.store_id,
            "passphrase": {"kdf": "scrypt", "n": self.kdf.n, "r": self.kdf.r, "p": self.kdf.p,
                           "salt": b64(self.salt), "nonce": b64(self.passphrase_nonce),
                           "wrapped_key": b64(self.passphrase_wrapped)},
            "recovery": {"nonce": b64(self.recovery_nonce), "wrapped_key": b64(self.recovery_wrapped)},
            "key_check": b64(self.key_check),
        }, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes, *, where: str = "The key file") -> KeyFile:
        damaged = KeyFileDamagedError(f"{where} is damaged and cannot be read; restore it from a "
                                      "backup of the store.")
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            if isinstance(text, bytes) and b"kpo-desk-keys" not in text[:200]:
                raise KeyFileForeignError(f"{where} is not a {_APP} key file.") from None
            raise damaged from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise KeyFileForeignError(f"{where} is not a {_APP} key file.")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise damaged
        if version > VERSION:
            raise KeyFileTooNewError(f"{where} was written by a newer version of {_APP}; update "
                                     "the app to open this store.")
        try:
            slot, rec = data["passphrase"], data["recovery"]
            if slot["kdf"] != "scrypt" or not isinstance(data["store_id"], str):
                raise damaged
            kf = cls(store_id=data["store_id"], kdf=ScryptParams(slot["n"], slot["r"], slot["p"]),
                     salt=_b64(slot["salt"]), passphrase_nonce=_b64(slot["nonce"]),
                     passphrase_wrapped=_b64(slot["wrapped_key"]), recovery_nonce=_b64(rec["nonce"]),
                     recovery_wrapped=_b64(rec["wrapped_key"]), key_check=_b64(data["key_check"]),
                     version=version)
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise damaged from None
        if (kf.kdf.problem() or len(kf.salt) < SALT_BYTES or len(kf.passphrase_nonce) != NONCE_BYTES
                or len(kf.recovery_nonce) != NONCE_BYTES or len(kf.passphrase_wrapped) != KEY_BYTES + 16
                or len(kf.recovery_wrapped) != KEY_BYTES + 16 or len(kf.key_check) != 16
                or not 1 <= len(kf.store_id) <= 64):
            raise damaged
        return kf


_APP = "KPO Desk"


def _b64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    return base64.b64decode(value.encode("ascii"), validate=True)


def _key_check(data_key: bytes, store_id: str) -> bytes:
    return hmac.new(data_key, b"kpo-desk key check|" + store_id.encode(), hashlib.sha256).digest()[:16]


def new_key_file(passphrase: str, *, kdf: ScryptParams = DEFAULT_SCRYPT,
                 store_id: str | None = None) -> tuple[KeyFile, str, SecretBytes]:
    """A new store's keys: (key file, the recovery key text to show once, the data key)."""
    data_key = SecretBytes(secrets.token_bytes(KEY_BYTES))
    recovery = SecretBytes(secrets.token_bytes(KEY_BYTES))
    store_id = store_id or uuid.uuid4().hex
    kf = KeyFile(store_id=store_id, kdf=kdf, salt=b"", passphrase_nonce=b"", passphrase_wrapped=b"",
                 recovery_nonce=b"", recovery_wrapped=b"", key_check=_key_check(data_key, store_id))
    kf = _wrap_recovery(_wrap_passphrase(kf, data_key, passphrase, kdf), data_key, recovery)
    return kf, format_recovery_key(recovery), data_key


def _wrap_passphrase(kf: KeyFile, data_key: bytes, passphrase: str, kdf: ScryptParams) -> KeyFile:
    if kdf.problem():
        raise ValueError(kdf.problem())
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    kf = replace(kf, kdf=kdf, salt=salt, passphrase_nonce=nonce)
    wrapped = AESGCM(_derive(passphrase, kdf, salt)).encrypt(nonce, data_key, kf.passphrase_aad())
    return replace(kf, passphrase_wrapped=wrapped)


def _wrap_recovery(kf: KeyFile, data_key: bytes, recovery: bytes) -> KeyFile:
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapped = AESGCM(_recovery_wrapping_key(recovery)).encrypt(nonce, data_key, kf.recovery_aad())
    return replace(kf, recovery_nonce=nonce, recovery_wrapped=wrapped)


def _checked(kf: KeyFile, data_key: bytes) -> SecretBytes:
    if len(data_key) != KEY_BYTES or not hmac.compare_digest(_key_check(data_key, kf.store_id),
                                                             kf.key_check):
        raise KeyMismatchError("This key does not belong to this store's key file; nothing was changed.")
    return SecretBytes(data_key)


def unlock(kf: KeyFile, passphrase: str) -> SecretBytes:
    """The data key, or ``WrongPassphraseError``. Takes about as long as the KDF is set to."""
    try:
        key = AESGCM(_derive(passphrase, kf.kdf, kf.salt)).decrypt(
            kf.passphrase_nonce, kf.passphrase_wrapped, kf.passphrase_aad())
    except InvalidTag:
        raise WrongPassphraseError("That passphrase does not open this store.") from None
    return _checked(kf, key)


def unlock_with_recovery(kf: KeyFile, text: str) -> SecretBytes:
    """The data key from a typed recovery key; a typo or another store's recovery key is refused."""
    recovery = parse_recovery_key(text)
    try:
        key = AESGCM(_recovery_wrapping_key(recovery)).decrypt(
            kf.recovery_nonce, kf.recovery_wrapped, kf.recovery_aad())
    except InvalidTag:
        raise WrongRecoveryKeyError("That recovery key is well formed but does not open this "
                                    "store; it may belong to another store.") from None
    return _checked(kf, key)


def rewrap(kf: KeyFile, data_key: bytes, new_passphrase: str, *,
           kdf: ScryptParams = DEFAULT_SCRYPT) -> KeyFile:
    """The key file with the passphrase slot re-wrapped for ``new_passphrase`` (new salt, and
    ``kdf`` as today's strength); the recovery slot and the database are unchanged."""
    return _wrap_passphrase(kf, _checked(kf, data_key), new_passphrase, kdf)


def new_recovery_key(kf: KeyFile, data_key: bytes) -> tuple[KeyFile, str]:
    """Replace the recovery key (the old one stops working once the new file is written)."""
    recovery = SecretBytes(secrets.token_bytes(KEY_BYTES))
    return _wrap_recovery(kf, _checked(kf, data_key), recovery), format_recovery_key(recovery)


def read_key_file(path: Path) -> KeyFile:
    """The key file at ``path``; missing, unreadable, damaged, foreign and too-new files are
    refused, each with one sentence naming the file."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(_MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileMissingError(f"The key file {path} is missing; this encrypted store cannot be "
                                  "opened without it. Put it back from a backup of the store.") from None
    except IsADirectoryError:
        raise KeyFileForeignError(f"{path} is a folder, not a {_APP} key file.") from None
    except OSError as exc:
        raise KeyFileError(f"The key file {path} cannot be read ({exc.strerror or exc}).") from None
    if len(raw) > _MAX_KEY_FILE_BYTES:
        raise KeyFileForeignError(f"{path} is not a {_APP} key file (it is far too large).")
    if not raw.strip():
        raise KeyFileDamagedError(f"The key file {path} is empty; put it back from a backup of "
                                  "the store.")
    return KeyFile.from_json(raw, where=f"The key file {path}")


def write_key_file(path: Path, kf: KeyFile) -> None:
    """Write the key file whole or not at all, owner-only (0600)."""
    try:
        write_private(path, kf.to_json().encode("utf-8"))
    except OSError as exc:
        raise KeyFileError(f"The key file {path} could not be written ({exc.strerror or exc}); "
                           "nothing was changed.") from None
