"""The core suite runs on both engines: every test that takes the ``store`` fixture runs once on
a store file (SQLite) and once on a database of the test PostgreSQL server (tests/pg_server.py),
except the tests about the file itself, listed here or marked ``file_only``."""

from __future__ import annotations

import pytest

#: Modules whose subject is the store file: its bytes, pages, WAL, PRAGMAs, lock, encryption,
#: file backups and restores, and the SQLite readers' fuzzing.
FILE_ONLY_MODULES = frozenset({
    "test_backup_restore", "test_crash_safety", "test_crypto_files", "test_crypto_keys",
    "test_crypto_sqlcipher", "test_encrypted_backup", "test_encryption_at_rest", "test_fuzz_readers",
    "test_hostile_archives", "test_hostile_core", "test_hostile_input", "test_migrations_0001",
    "test_query_plans", "test_rawsql", "test_store", "test_store_lock", "test_store_paths",
    "test_store_schema", "test_export_import",
})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in FILE_ONLY_MODULES or metafunc.definition.get_closest_marker("file_only"):
        return
    metafunc.parametrize("store", ["sqlite", "postgresql"], indirect=True, ids=["file", "server"])
