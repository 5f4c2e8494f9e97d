"""Two people editing the firm's settings at once (issue 19): the settings are rows of their own
(key, value, version), the form remembers each one's version, and a save of a setting someone
else changed since is refused with who and when, unless overwritten (then audited). Runs on a
store file and on the test PostgreSQL server (tests/core/conftest.py); a second Store on the same
file or database is the other person."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import asdict

import pytest
from sqlalchemy import event
from sqlmodel import Session

from kpo_desk.core.errors import ConflictError
from kpo_desk.core.models import Setting
from kpo_desk.core.services.firm_settings import (
    firm_settings,
    firm_settings_with_versions,
    last_setting_event,
    update_firm_settings,
)
from kpo_desk.core.store import Store


def _location(store: Store, request: pytest.FixtureRequest) -> str:
    if store.is_server:  # the same database the ``store`` fixture opened
        return request.getfixturevalue("pg_server").url(request.getfixturevalue("pg_database"))
    return str(store.path)


@pytest.fixture
def two(store: Store, request: pytest.FixtureRequest) -> Iterator[tuple[Store, Store]]:
    """Asha's store and Ben's, on one file or one server database. On a file each names itself
    in the audit trail by the ``user_name`` setting; on a server the login is the actor."""
    other = Store.open(_location(store, request))
    update_firm_settings(store, user_name="Asha Rao", firm_name="Northwind KPO")
    update_firm_settings(other, user_name="Ben Okafor")
    yield store, other
    other.close()


def _opened(store: Store) -> tuple[dict[str, str], dict[str, int]]:
    """What the settings form holds when it opens: every field's value, and their versions."""
    settings, versions = firm_settings_with_versions(store)
    return asdict(settings), versions


def _event(store: Store, key: str):  # noqa: ANN202
    with store.read() as s:
        found = last_setting_event(s, key)
    assert found is not None
    return found


def test_a_setting_changed_since_the_form_opened_is_a_conflict_naming_who_and_when(two) -> None:
    asha, ben = two
    mine, my_versions = _opened(ben)
    theirs, their_versions = _opened(asha)
    assert my_versions == their_versions and my_versions["firm_name"] == 1 and my_versions["logo_path"] == 0
    update_firm_settings(asha, **(theirs | {"firm_name": "Northwind KPO Ltd"}), expected_version=their_versions)
    # Ben changed only the currency; his form still shows the firm name as it was when he opened it.
    with pytest.raises(ConflictError) as caught:
        update_firm_settings(ben, **(mine | {"default_currency": "EUR"}), expected_version=my_versions)
    err = caught.value
    asha_event = _event(asha, "firm_name")
    assert asha_event.actor == asha.actor
    assert str(err) == f"{asha.actor} changed this firm setting at {asha_event.at.astimezone():%H:%M} after you opened it."
    assert (err.actor, err.at, err.record_type, err.current_version, err.deleted) == \
        (asha.actor, asha_event.at, "setting", 2, False)
    now = firm_settings(ben)
    assert now.firm_name == "Northwind KPO Ltd", "Asha's change was not put back by Ben's stale form"
    assert now.default_currency == "USD", "a refused save saves none of its fields"


def test_overwrite_saves_mine_and_the_audit_event_names_the_change_it_replaced(two) -> None:
    asha, ben = two
    mine, my_versions = _opened(ben)
    update_firm_settings(asha, firm_name="Northwind KPO Ltd", expected_version=_opened(asha)[1])
    asha_event = _event(asha, "firm_name")
    saved = update_firm_settings(ben, **(mine | {"default_currency": "EUR"}), expected_version=my_versions,
                                 overwrite=True)
    assert (saved.firm_name, saved.default_currency) == ("Northwind KPO", "EUR")
    ben_event = _event(asha, "firm_name")
    assert ben_event.actor == ben.actor and ben_event.id != asha_event.id
    new, old = json.loads(ben_event.new_values), json.loads(ben_event.old_values)
    assert (old["value"], new["value"]) == ("Northwind KPO Ltd", "Northwind KPO")
    assert new["overwrote"] == f"version 2 by {asha.actor} at {asha_event.at.isoformat(timespec='seconds')}"
    assert "overwrote" not in json.loads(_event(asha, "default_currency").new_values), \
        "the currency overwrote nobody's change"


def test_after_reloading_their_version_the_save_goes_through(two) -> None:
    asha, ben = two
    stale = _opened(ben)[1]
    update_firm_settings(asha, report_accent="#8b0000", expected_version=_opened(asha)[1])
    with pytest.raises(ConflictError):
        update_firm_settings(ben, report_accent="#004400", expected_version=stale)
    values, versions = _opened(ben)  # Reload their version
    assert values["report_accent"] == "#8b0000" and versions["report_accent"] == stale["report_accent"] + 1
    update_firm_settings(ben, **(values | {"report_accent": "#004400"}), expected_version=versions)
    assert firm_settings(asha).report_accent == "#004400"
    assert "overwrote" not in json.loads(_event(asha, "report_accent").new_values)


def test_a_setting_first_stored_by_someone_else_meanwhile_is_a_conflict(two) -> None:
    asha, ben = two
    mine, my_versions = _opened(ben)
    assert my_versions["own_domains"] == 0  # not stored yet
    update_firm_settings(asha, own_domains="northwind-kpo.example", expected_version=_opened(asha)[1])
    with pytest.raises(ConflictError, match="changed this firm setting"):
        update_firm_settings(ben, **(mine | {"own_domains": "example.org"}), expected_version=my_versions)
    assert firm_settings(ben).own_domains == "northwind-kpo.example"


def test_the_same_value_typed_over_a_changed_setting_is_still_asked(two) -> None:
    """As for any record: the form shows a version that moved on, so the person decides. (A
    counter saved as n + 1 from a stale n would otherwise lose an increment.)"""
    asha, ben = two
    mine, my_versions = _opened(ben)
    update_firm_settings(asha, firm_name="Northwind KPO Ltd", expected_version=_opened(asha)[1])
    with pytest.raises(ConflictError):
        update_firm_settings(ben, **(mine | {"firm_name": "Northwind KPO Ltd", "default_currency": "GBP"}),
                             expected_version=my_versions)
    assert firm_settings(asha).default_currency == "USD"


def test_without_an_expected_version_a_save_simply_writes(two) -> None:
    """Scripts and the CLI pass no version: as before, the last save wins, and is audited."""
    asha, ben = two
    update_firm_settings(asha, firm_name="Asha's name")
    update_firm_settings(ben, firm_name="Ben's name")
    assert firm_settings(asha).firm_name == "Ben's name"
    assert _event(asha, "firm_name").actor == ben.actor


def _rename_once(store: Store) -> int:
    """Open the form, save "Firm <n + 1>" from it; on a conflict reload and try again. Returns
    the conflicts met."""
    conflicts = 0
    while True:
        values, versions = _opened(store)
        n = int(values["firm_name"].split()[-1])
        try:
            update_firm_settings(store, **(values | {"firm_name": f"Firm {n + 1}"}), expected_version=versions)
            return conflicts
        except ConflictError:
            conflicts += 1


def test_two_writers_in_threads_lose_no_update(two) -> None:
    asha, ben = two
    update_firm_settings(asha, firm_name="Firm 0")
    rounds = 15
    met: dict[str, int] = {}
    failures: list[BaseException] = []

    def writer(name: str, store: Store) -> None:
        try:
            met[name] = sum(_rename_once(store) for _ in range(rounds))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n, s)) for n, s in (("asha", asha), ("ben", ben))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads) and failures == []
    assert firm_settings(asha).firm_name == f"Firm {2 * rounds}", met  # every increment counted


def test_on_a_server_a_commit_between_this_saves_read_and_write_is_a_conflict(pg_server, pg_database) -> None:
    """Asha's save has read the firm name's row (version 1) when Ben's save commits; her
    ``UPDATE ... WHERE version = 1`` then matches no row, and she gets the ConflictError naming
    Ben, not a raw StaleDataError. (On a file a save holds the write lock from its read on.)"""
    url = pg_server.url(pg_database)
    with Store.open(url) as asha, Store.open(url) as ben:
        update_firm_settings(asha, firm_name="Northwind KPO")
        opened = _opened(asha)[1]
        done: list[BaseException | None] = []

        def ben_saves_first(session: Session, _context, _instances) -> None:  # noqa: ANN001
            if done or not any(isinstance(o, Setting) for o in session.dirty):
                return
            done.append(None)
            thread = threading.Thread(target=lambda: update_firm_settings(ben, firm_name="Ben's name"))
            thread.start()
            thread.join(timeout=30)
            assert not thread.is_alive()

        event.listen(Session, "before_flush", ben_saves_first)
        try:
            with pytest.raises(ConflictError) as caught:
                update_firm_settings(asha, firm_name="Asha's name", expected_version=opened)
        finally:
            event.remove(Session, "before_flush", ben_saves_first)
        assert done == [None]
        assert caught.value.actor == ben.actor and caught.value.current_version == 2
        assert firm_settings(asha).firm_name == "Ben's name"
