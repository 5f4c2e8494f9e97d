"""SQLCipher with a raw data key: the demo store encrypted, used through SQLAlchemy in WAL mode
with FTS5, and nothing of it readable in the raw bytes of the database, its WAL or its shm."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from kpo_desk.core.crypto import sqlcipher
from kpo_desk.core.crypto.errors import WrongDatabaseKeyError
from kpo_desk.core.crypto.keys import ScryptParams, new_key_file, rewrap, unlock, write_key_file
from kpo_desk.core.errors import StoreError
from kpo_desk.core.store import APPLICATION_ID

FAST = ScryptParams(n=2**10)
NEW_NOTE = "Zebulon Quartzite merger memo"


@pytest.fixture(scope="module")
def demo_strings(demo_template: Path) -> dict[str, str]:
    """A client name and a mail subject of the demo, and proof that the plain file shows them."""
    with sqlite3.connect(demo_template) as con:
        client = con.execute("SELECT name FROM client ORDER BY id LIMIT 1").fetchone()[0]
        subject = con.execute("SELECT subject FROM communication WHERE subject <> '' "
                              "ORDER BY length(subject) DESC LIMIT 1").fetchone()[0]
    raw = demo_template.read_bytes()
    assert client.encode() in raw and subject.encode() in raw
    return {"client": client, "subject": subject}


@pytest.fixture
def encrypted(demo_template: Path, tmp_path: Path) -> tuple[Path, bytes, dict[str, int]]:
    _, _, data_key = new_key_file("pass", kdf=FAST)
    target = tmp_path / "enc.sqlite3"
    counts = sqlcipher.encrypt_copy(demo_template, target, data_key)
    return target, data_key, counts


def leaks(path: Path, strings) -> list[str]:  # noqa: ANN001
    raw = path.read_bytes()
    found = []
    for s in strings:
        for form in (s.encode("utf-8"), s.encode("utf-16-le")):
            if form in raw:
                found.append(f"{path.name}: {s!r}")
    return found


def engine_for(path: Path, key: bytes):  # noqa: ANN201
    return create_engine("sqlite://", poolclass=NullPool, module=sqlcipher.DBAPI,
                         creator=sqlcipher.connector(path, key))


def test_encrypted_copy_has_every_row_and_no_plaintext(encrypted, demo_strings) -> None:
    path, key, counts = encrypted
    assert counts["client"] > 0 and counts["communication"] > 0 and counts["fts_client_data"] > 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not sqlcipher.is_plain_sqlite(path)
    assert leaks(path, demo_strings.values()) == []
    with closing(sqlcipher.connect(path, key)) as con:
        assert con.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert sqlcipher.table_counts(con) == counts
        # the header values the store relies on are carried over (sqlcipher_export does not)
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_sqlalchemy_wal_and_fts5_on_the_encrypted_store(encrypted, demo_strings) -> None:
    path, key, _ = encrypted
    engine = engine_for(path, key)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode=WAL")).scalar() == "wal"
            conn.execute(text("PRAGMA wal_autocheckpoint=0"))  # keep the change in the WAL
            first_word = demo_strings["client"].split()[0]
            hits = conn.execute(text("SELECT rowid FROM fts_client WHERE fts_client MATCH :q"),
                                {"q": f'"{first_word}"'}).all()
            assert hits
            conn.execute(text("UPDATE client SET notes = :n WHERE id = :id"),
                         {"n": NEW_NOTE, "id": hits[0][0]})
            conn.commit()
            found = conn.execute(text("SELECT rowid FROM fts_client WHERE fts_client MATCH 'zebulon'")).all()
            assert found == [(hits[0][0],)]  # the FTS5 trigger ran inside the encrypted file
            wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
            assert wal.stat().st_size > 0 and shm.exists()
            strings = [*demo_strings.values(), NEW_NOTE, "Zebulon"]
            assert [*leaks(path, strings), *leaks(wal, strings), *leaks(shm, strings)] == []
        with engine.connect() as conn:  # a second connection reads the change back
            assert conn.execute(text("SELECT count(*) FROM client WHERE notes = :n"),
                                {"n": NEW_NOTE}).scalar() == 1
    finally:
        engine.dispose()
    assert leaks(path, [NEW_NOTE, "Zebulon"]) == []


def test_a_wrong_key_is_refused_quietly_and_changes_nothing(encrypted, capfd) -> None:
    path, _, _ = encrypted
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    _, _, other_key = new_key_file("pass", kdf=FAST)
    with pytest.raises(WrongDatabaseKeyError, match="does not open with its key") as err:
        sqlcipher.connect(path, other_key)
    assert other_key.hex() not in str(err.value)
    engine = engine_for(path, other_key)
    with pytest.raises(WrongDatabaseKeyError), engine.connect():
        pass
    engine.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()
    assert "hmac check failed" not in capfd.readouterr().err


def test_a_plain_file_does_not_open_as_encrypted(demo_template: Path) -> None:
    _, _, key = new_key_file("pass", kdf=FAST)
    before = hashlib.sha256(demo_template.read_bytes()).hexdigest()
    with pytest.raises(WrongDatabaseKeyError):
        sqlcipher.connect(demo_template, key, read_only=True)
    assert hashlib.sha256(demo_template.read_bytes()).hexdigest() == before


def test_decrypt_copy_gives_back_a_plain_store(encrypted, tmp_path: Path, demo_strings) -> None:
    path, key, counts = encrypted
    plain = tmp_path / "plain.sqlite3"
    assert sqlcipher.decrypt_copy(path, plain, key) == counts
    assert sqlcipher.is_plain_sqlite(plain) and stat.S_IMODE(plain.stat().st_mode) == 0o600
    with sqlite3.connect(plain) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("SELECT count(*) FROM client WHERE name = ?",
                           (demo_strings["client"],)).fetchone()[0] == 1


def test_copies_refuse_to_overwrite_and_to_encrypt_what_is_not_plain(encrypted, tmp_path: Path) -> None:
    path, key, _ = encrypted
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="already exists"):
        sqlcipher.decrypt_copy(path, taken, key)
    assert taken.read_bytes() == b"keep me"
    with pytest.raises(StoreError, match="not a plain SQLite database"):
        sqlcipher.encrypt_copy(path, tmp_path / "twice.sqlite3", key)
    assert not (tmp_path / "twice.sqlite3").exists()
    _, _, wrong = new_key_file("pass", kdf=FAST)
    with pytest.raises(WrongDatabaseKeyError):
        sqlcipher.decrypt_copy(path, tmp_path / "wrong.sqlite3", wrong)
    assert not (tmp_path / "wrong.sqlite3").exists()  # a failed copy leaves nothing


def test_changing_the_passphrase_leaves_the_database_bytes_unchanged(demo_template: Path,
                                                                     tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    kf, _, key = new_key_file("old passphrase", kdf=FAST)
    sqlcipher.encrypt_copy(demo_template, store, key)
    write_key_file(tmp_path / "s.sqlite3.keys", kf)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    kf2 = rewrap(kf, unlock(kf, "old passphrase"), "new passphrase", kdf=FAST)
    write_key_file(tmp_path / "s.sqlite3.keys", kf2)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    with closing(sqlcipher.connect(store, unlock(kf2, "new passphrase"), read_only=True)) as con:
        assert con.execute("SELECT count(*) FROM client").fetchone()[0] > 0
