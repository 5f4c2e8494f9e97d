"""rawsql.fetch_all: the driver's own tuples, with the driver's errors wrapped as SQLAlchemy's
even when they surface while fetching, so that the Store still turns them into one sentence."""

from __future__ import annotations

import gc

import pytest
from sqlalchemy.exc import DBAPIError

from kpo_desk.core.errors import StoreError
from kpo_desk.core.rawsql import fetch_all, gc_paused
from kpo_desk.core.store import Store


def test_rows_are_plain_tuples_of_the_bound_values(store: Store) -> None:
    with store.connection() as conn:
        rows = fetch_all(conn, "SELECT n, n * 2 FROM (SELECT 1 AS n UNION ALL SELECT ?) AS t ORDER BY n", [5])
    assert rows == [(1, 2), (5, 10)] and all(type(r) is tuple for r in rows)


def test_an_error_in_a_later_row_reaches_the_store_as_a_database_error(store: Store) -> None:
    # SQLite computes the first row at execute and the second only when it is fetched.
    failing = ("SELECT CASE WHEN n = 2 THEN CAST(w AS INTEGER) ELSE n END FROM "
               "(SELECT 1 AS n, '1' AS w UNION ALL SELECT 2, 'not a number') AS t")  # no ORDER BY: no sorting first
    if store.is_server:
        failing = failing.replace("CAST(w AS INTEGER)", "CAST(w AS INTEGER) / 1")
    else:
        failing = failing.replace("CAST(w AS INTEGER)", "json_extract(w, '$')")
    # A bare driver error (sqlite3.OperationalError) would pass the Store by; wrapped, it is a
    # DBAPIError, which the Store words as a StoreError where it knows the cause.
    with pytest.raises((DBAPIError, StoreError)) as raised, store.connection() as conn:
        fetch_all(conn, failing)
    if not store.is_server:
        assert isinstance(raised.value, StoreError) and "\n" not in str(raised.value)


def test_the_collector_is_paused_only_inside_and_left_off_when_it_was_off() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
