"""The test suite's own PostgreSQL server is real: password logins, a private socket, restarts."""

from __future__ import annotations

import stat

import psycopg
import pytest


def test_the_server_takes_password_logins_only(pg_server, pg_database: str) -> None:
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT current_user, current_database()").fetchone() == ("kpo_admin", pg_database)
        conn.execute("CREATE ROLE someone LOGIN PASSWORD 'right one'")
    with pg_server.connect(pg_database, user="someone", password="right one") as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("someone",)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        pg_server.connect(pg_database, user="someone", password="wrong one")
    with pg_server.connect(pg_database) as conn:
        conn.execute("DROP ROLE someone")


def test_the_socket_folder_is_private_and_the_server_survives_a_restart(pg_server, pg_database: str) -> None:
    assert stat.S_IMODE(pg_server.socket_dir.stat().st_mode) == 0o700
    with pg_server.connect(pg_database) as conn:
        conn.execute("CREATE TABLE kept (n int)")
        conn.execute("INSERT INTO kept VALUES (7)")
    pg_server.restart()
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT n FROM kept").fetchall() == [(7,)]
