"""Saving the firm's settings after someone else changed them (issue 19): File ▸ Settings… opened
in the window, a second Store on the same store as the other person saving meanwhile, the real
Save button clicked, and each answer of the conflict dialog clicked."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kpo_desk.core.services.firm_settings import (
    firm_settings,
    last_setting_event,
    update_firm_settings,
)
from kpo_desk.core.store import Store
from kpo_desk.ui.settings_dialog import SettingsDialog
from tests.ui.conflicts import Edit, save_meeting_a_conflict
from tests.ui.helpers import open_window

MINE, THEIRS = "Northwind KPO (Priya)", "Northwind KPO (Asha)"


@pytest.fixture
def shared(store: Store, request: pytest.FixtureRequest) -> Iterator[tuple[Store, Store]]:
    """Priya's store (the window's) and Asha's, on one store file (or server database)."""
    update_firm_settings(store, user_name="Priya Nair", firm_name="Northwind KPO")
    if store.is_server:
        other = Store.open(request.getfixturevalue("pg_server").url(request.getfixturevalue("pg_database")))
    else:
        other = Store.open(store.path)
    update_firm_settings(other, user_name="Asha Rao")
    yield store, other
    other.close()


def _firm_name_event(store: Store):  # noqa: ANN202
    with store.read() as s:
        return last_setting_event(s, "firm_name")


def _save_meeting_a_conflict(qtbot, store: Store, other: Store, answer: str) -> dict:  # noqa: ANN001
    """Open File ▸ Settings…, type a firm name, let Asha save hers meanwhile, click Save, and
    answer the conflict dialog with ``answer`` (reload, overwrite, cancel)."""
    window = open_window(qtbot, store)
    edit = Edit(SettingsDialog, "firm_name", MINE, lambda: update_firm_settings(other, firm_name=THEIRS),
                THEIRS + " Ltd", lambda: firm_settings(store).firm_name,
                on_question=lambda box, seen: seen.update(asha_at_question=_firm_name_event(other)))
    return save_meeting_a_conflict(qtbot, edit, window.settings_action.trigger, answer)


def test_overwrite_with_mine_saves_my_name_and_the_history_says_whose_change_it_replaced(qtbot, shared) -> None:
    store, other = shared
    seen = _save_meeting_a_conflict(qtbot, store, other, "overwrite")
    asha = seen["asha_at_question"]
    assert asha.actor == other.actor
    assert seen["question"] == (f"{other.actor} changed this firm setting at {asha.at.astimezone():%H:%M} "
                                "after you opened it.")
    assert seen["buttons"] == ["Cancel", "Overwrite with mine", "Reload their version"]
    assert seen["open_after_answer"] is False
    assert firm_settings(other).firm_name == MINE
    event = _firm_name_event(other)
    assert event.actor == store.actor and event.id != asha.id
    assert json.loads(event.new_values)["overwrote"] == \
        f"version 2 by {other.actor} at {asha.at.isoformat(timespec='seconds')}"


def test_reload_their_version_shows_their_name_and_the_next_save_goes_through(qtbot, shared) -> None:
    store, other = shared
    seen = _save_meeting_a_conflict(qtbot, store, other, "reload")
    assert seen["open_after_answer"] is True
    assert seen["text_after_answer"] == THEIRS  # their version in the form, mine dropped
    assert seen["open_after_second_save"] is False
    assert firm_settings(other).firm_name == THEIRS + " Ltd"
    event = _firm_name_event(other)
    assert event.actor == store.actor and "overwrote" not in json.loads(event.new_values)
    assert json.loads(event.old_values)["value"] == THEIRS  # saved on top of Asha's, nothing lost


def test_cancel_keeps_my_edits_in_the_form_and_saves_nothing(qtbot, shared) -> None:
    store, other = shared
    seen = _save_meeting_a_conflict(qtbot, store, other, "cancel")
    assert seen["open_after_answer"] is True and seen["text_after_answer"] == MINE
    assert seen["shown_error"] == seen["question"]
    assert seen["stored_while_open"] == THEIRS
    assert firm_settings(other).firm_name == THEIRS
