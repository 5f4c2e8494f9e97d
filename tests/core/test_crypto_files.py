"""The encrypted attachment folder: same answers as the plain one, but ciphertext under keyed names."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kpo_desk.core.attachments import FolderAttachmentStore
from kpo_desk.core.crypto import files
from kpo_desk.core.crypto.errors import AttachmentDecryptError
from kpo_desk.core.crypto.files import (
    CHUNK,
    HEADER_BYTES,
    TAG_BYTES,
    AttachmentKeys,
    EncryptedFolderAttachmentStore,
)
from kpo_desk.core.errors import StoreError, ValidationError

SECRET = b"Invention disclosure: Kansai Biotech catalyst KB-7 yields 93% at 40C. "


@pytest.fixture
def keys() -> AttachmentKeys:
    return AttachmentKeys.generate()


@pytest.fixture
def enc(tmp_path: Path, keys: AttachmentKeys) -> EncryptedFolderAttachmentStore:
    return EncryptedFolderAttachmentStore(tmp_path / "att", keys, temp_root=tmp_path / "private")


def no_plaintext_in(folder: Path, *needles: bytes) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            found += [f"{path.name} holds {n[:20]!r}" for n in needles if n in raw]
    return found


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 7])
def test_round_trip_matches_the_plain_store(enc, tmp_path: Path, size: int) -> None:
    data = (SECRET * (size // len(SECRET) + 1))[:size]
    plain = FolderAttachmentStore(tmp_path / "plain")
    expected = plain.put_bytes(data, name="NDA.pdf")
    stored = enc.put_bytes(data, name="NDA.pdf")
    assert stored == expected  # same sha256, size, cleaned name, created
    with enc.open(stored.sha256) as fh:
        assert fh.read() == data
    assert enc.exists(stored.sha256) and enc.problem(stored.sha256, size) is None
    assert enc.put_bytes(data, name="again.pdf").created is False  # kept once
    on_disk = enc.path_of(stored.sha256)
    assert on_disk.stat().st_size == HEADER_BYTES + max(1, -(-size // CHUNK)) * TAG_BYTES + size
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o600
    assert stat.S_IMODE(enc.folder.stat().st_mode) == 0o700
    if size >= 16:  # a shorter needle turns up in random ciphertext by chance (1 byte: ~1 in 6)
        assert no_plaintext_in(enc.folder, data[:64]) == []


def test_put_file_streams_and_refuses_more_than_the_limit(enc, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    data = os.urandom(3 * CHUNK + 5)
    source.write_bytes(data)
    stored = enc.put_file(source, name="big.bin", limit=10 * CHUNK)
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert stored.created and not enc.put_file(source, name="big.bin", limit=10 * CHUNK).created
    with enc.open(stored.sha256) as fh:
        assert fh.read(10) == data[:10] and fh.read() == data[10:]
    with pytest.raises(ValidationError, match="grew beyond"):
        enc.put_file(source, name="big.bin", limit=CHUNK)
    assert [p.name for p in enc.folder.iterdir()] == [enc.stored_name(stored.sha256)]  # no temp left


def test_names_are_keyed_hashes_not_the_plain_sha256(enc, keys, tmp_path: Path) -> None:
    stored = enc.put_bytes(SECRET, name="x.txt")
    names = [p.name for p in enc.folder.iterdir()]
    assert stored.sha256 not in names
    assert names == [hmac.new(keys.names, bytes.fromhex(stored.sha256), hashlib.sha256).hexdigest()]
    other = EncryptedFolderAttachmentStore(tmp_path / "other", AttachmentKeys.generate())
    assert other.stored_name(stored.sha256) != names[0]
    with pytest.raises(ValidationError):
        enc.path_of("../../etc/passwd")
    assert [name for name, _ in enc.files()] == names


def test_the_same_file_twice_is_two_different_ciphertexts(enc, tmp_path: Path, keys) -> None:
    stored = enc.put_bytes(SECRET, name="a")
    second = EncryptedFolderAttachmentStore(tmp_path / "att2", keys)
    second.put_bytes(SECRET, name="a")
    assert enc.path_of(stored.sha256).read_bytes() != second.path_of(stored.sha256).read_bytes()


def _two_chunk_file(enc) -> tuple[str, Path, bytes]:  # noqa: ANN001
    data = SECRET * (CHUNK // len(SECRET) + 10)
    stored = enc.put_bytes(data, name="two.bin")
    return stored.sha256, enc.path_of(stored.sha256), data


def _read_all(enc, sha: str) -> bytes:  # noqa: ANN001
    with enc.open(sha) as fh:
        return fh.read()


@pytest.mark.parametrize("damage", ["flip header", "flip first chunk", "flip last tag", "drop last chunk",
                                    "append a chunk", "swap chunks", "header only", "empty"])
def test_tampered_ciphertext_is_refused(enc, damage: str) -> None:
    sha, path, data = _two_chunk_file(enc)
    raw = bytearray(path.read_bytes())
    first_end = HEADER_BYTES + CHUNK + TAG_BYTES
    if damage == "flip header":
        raw[20] ^= 1
    elif damage == "flip first chunk":
        raw[HEADER_BYTES + 100] ^= 1
    elif damage == "flip last tag":
        raw[-1] ^= 1
    elif damage == "drop last chunk":
        raw = raw[:first_end]
    elif damage == "append a chunk":
        raw += raw[HEADER_BYTES:first_end]
    elif damage == "swap chunks":
        raw = raw[:HEADER_BYTES] + raw[first_end:] + raw[HEADER_BYTES:first_end]
    elif damage == "header only":
        raw = raw[:HEADER_BYTES]
    else:
        raw = bytearray()
    path.write_bytes(bytes(raw))
    os.chmod(path, 0o600)
    with pytest.raises(AttachmentDecryptError, match="damaged or was altered"):
        _read_all(enc, sha)
    assert "damaged or was altered" in enc.problem(sha, len(data))
    assert enc.put_bytes(data, name="two.bin").created  # the good bytes heal it (rewritten, as plain)
    assert _read_all(enc, sha) == data and enc.problem(sha, len(data)) is None


def test_a_file_moved_under_another_name_is_refused(enc) -> None:
    a = enc.put_bytes(b"contract A " * 50, name="a")
    b = enc.put_bytes(b"contract B " * 50, name="b")
    os.replace(enc.path_of(a.sha256), enc.path_of(b.sha256))
    with pytest.raises(AttachmentDecryptError):
        _read_all(enc, b.sha256)
    assert enc.problem(b.sha256, b.size) == "has changed since it was attached (its SHA-256 no longer matches)"
    assert enc.problem(a.sha256, a.size).startswith("is missing")


def test_other_keys_do_not_decrypt(enc, tmp_path: Path) -> None:
    stored = enc.put_bytes(SECRET, name="a")
    thief = EncryptedFolderAttachmentStore(enc.folder, AttachmentKeys(AttachmentKeys.generate().content,
                                                                      enc._keys.names))
    with pytest.raises(AttachmentDecryptError):
        _read_all(thief, stored.sha256)


def test_problem_reports_missing_and_readable_by_others(enc) -> None:
    stored = enc.put_bytes(SECRET, name="a")
    assert enc.problem(stored.sha256, stored.size + 1).startswith("has changed")
    os.chmod(enc.path_of(stored.sha256), 0o644)
    assert "readable by other users" in enc.problem(stored.sha256, stored.size)
    enc.discard([stored.sha256], referenced=set())
    assert not enc.exists(stored.sha256)
    assert enc.problem(stored.sha256, stored.size).startswith("is missing")
    assert enc.problem("nope", 1) == "has a stored name that is not a SHA-256"


def test_keys_round_trip_and_stay_out_of_repr(keys, enc) -> None:
    assert AttachmentKeys.from_bytes(keys.to_bytes()) == keys
    assert keys.content.hex() not in repr(keys) + repr(enc) + repr(keys.to_bytes())
    with pytest.raises(StoreError):
        AttachmentKeys.from_bytes(b"short")


# -- private temporary copies -------------------------------------------------------------------

def test_decrypt_to_private_temp_is_owner_only_and_cleaned(enc, tmp_path: Path) -> None:
    stored = enc.put_bytes(SECRET, name="../Évidence report.pdf")
    copy = enc.decrypt_to_private_temp(stored.sha256, "../Évidence report.pdf")
    root = tmp_path / "private"
    assert copy.read_bytes() == SECRET and copy.name == "Évidence report.pdf"
    assert copy.parent.parent == root
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert enc.clean_private_temp() == 1
    assert list(root.iterdir()) == []
    assert no_plaintext_in(tmp_path, SECRET) == []  # after close: nothing anywhere


def test_a_failed_decrypt_leaves_no_partial_copy(enc, tmp_path: Path) -> None:
    sha, path, _ = _two_chunk_file(enc)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 1  # the first chunk decrypts and is written, the last does not
    path.write_bytes(bytes(raw))
    with pytest.raises(AttachmentDecryptError):
        enc.decrypt_to_private_temp(sha, "two.bin")
    assert list((tmp_path / "private").iterdir()) == []
    with pytest.raises(ValidationError, match="missing"):
        enc.decrypt_to_private_temp("0" * 64, "gone.pdf")


def test_cleaning_at_start_removes_a_crashed_run_and_keeps_a_running_one(tmp_path: Path) -> None:
    root = tmp_path / "private"
    root.mkdir(mode=0o700)
    crashed = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)
    dead_pid = int(crashed.stdout)
    (root / f"{dead_pid}-abc").mkdir()
    (root / f"{dead_pid}-abc" / "left.pdf").write_bytes(SECRET)
    (root / f"{os.getppid()}-def").mkdir()  # another KPO Desk, still running
    assert files.clean_private_temp(root) == 1
    assert [p.name for p in root.iterdir()] == [f"{os.getppid()}-def"]


def test_a_private_root_that_is_a_link_is_refused(tmp_path: Path, keys) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "private").symlink_to(elsewhere)
    enc = EncryptedFolderAttachmentStore(tmp_path / "att", keys, temp_root=tmp_path / "private")
    stored = enc.put_bytes(SECRET, name="a")
    with pytest.raises(StoreError, match="not a private folder"):
        enc.decrypt_to_private_temp(stored.sha256, "a")
    assert list(elsewhere.iterdir()) == []


def test_private_temp_root_is_fixed_per_user() -> None:
    assert files.private_temp_root() == files.private_temp_root()
    assert files.private_temp_root().name.startswith("kpo-desk-private-")
