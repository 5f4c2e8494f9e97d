"""Saving a record someone else changed since its dialog opened (issue 19): the real edit dialog,
a second Store on the same file as the other person, the real Save button, and each answer of
the conflict dialog clicked."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kpo_desk.core import audit
from kpo_desk.core.models import Engagement, Setting
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store
from kpo_desk.ui.common.conflict import ConflictDialog
from kpo_desk.ui.common.forms import RecordDialog
from tests.ui.conflicts import Edit, save_meeting_a_conflict
from tests.ui.helpers import open_window, when_modal

MINE, THEIRS = "Landscape (Priya)", "Landscape (Asha)"


def _name(store: Store, name: str) -> None:
    with store.transaction() as session:
        row = session.get(Setting, "user_name") or Setting(key="user_name")
        row.value = name
        session.add(row)
    store.forget_actor()
    assert store.actor == name  # read once, then kept by this Store


@pytest.fixture
def shared(store: Store) -> Iterator[tuple[Store, Store, int]]:
    """Priya's store (the window's) and Asha's, on one file, and an engagement."""
    _name(store, "Priya Nair")
    client = parties.create_client(store, name="Nordlys Energi AS", timezone="Europe/Oslo")
    e = eng.create_engagement(store, client_id=client.id, title="Patent landscape", service_type="ip_patent")
    other = Store.open(store.path)
    _name(other, "Asha Rao")
    yield store, other, e.id
    other.close()


def _last(store: Store, eid: int):  # noqa: ANN202
    with store.read() as s:
        return audit.last_event(s, Engagement, eid)


def _stored_title(store: Store, eid: int) -> str:
    with store.read() as s:
        return s.get(Engagement, eid).title


def _edit_meeting_a_conflict(qtbot, store: Store, other: Store, eid: int, answer: str) -> dict:  # noqa: ANN001
    """Open the engagement's edit dialog, type a title, let Asha save hers meanwhile, click Save,
    and answer the conflict dialog with ``answer`` (reload, overwrite, cancel)."""
    window = open_window(qtbot, store)
    edit = Edit(RecordDialog, "title", MINE, lambda: eng.update_engagement(other, eid, title=THEIRS),
                THEIRS + " + Priya", lambda: _stored_title(store, eid))
    return save_meeting_a_conflict(qtbot, edit, lambda: window.editor.edit("engagement", eid), answer)


def _expected_question(store: Store, eid: int) -> str:
    event = _last(store, eid)
    assert event.actor == "Asha Rao"
    return f"Asha Rao changed this engagement at {event.at.astimezone():%H:%M} after you opened it."


def test_overwrite_with_mine_saves_my_title_and_the_history_says_whose_change_it_replaced(qtbot, shared) -> None:
    store, other, eid = shared
    seen = _edit_meeting_a_conflict(qtbot, store, other, eid, "overwrite")
    with store.read() as s:
        asha = [e for e in audit.history(s, Engagement, eid) if e.actor == "Asha Rao"][-1]
    assert seen["question"] == f"Asha Rao changed this engagement at {asha.at.astimezone():%H:%M} after you opened it."
    assert seen["buttons"] == ["Cancel", "Overwrite with mine", "Reload their version"]
    assert seen["open_after_answer"] is False and seen["result"] is not None
    assert _stored_title(other, eid) == MINE
    event = _last(other, eid)
    assert event.actor == "Priya Nair"
    assert json.loads(event.new_values)["overwrote"] == f"version 2 by Asha Rao at {asha.at.isoformat(timespec='seconds')}"


def test_reload_their_version_shows_their_title_and_the_next_save_goes_through(qtbot, shared) -> None:
    store, other, eid = shared
    seen = _edit_meeting_a_conflict(qtbot, store, other, eid, "reload")
    assert seen["open_after_answer"] is True
    assert seen["text_after_answer"] == THEIRS  # their version in the form, mine dropped
    assert seen["open_after_second_save"] is False and seen["result"] is not None
    assert _stored_title(other, eid) == THEIRS + " + Priya"
    event = _last(other, eid)
    assert event.actor == "Priya Nair" and "overwrote" not in json.loads(event.new_values)
    assert json.loads(event.old_values)["title"] == THEIRS  # saved on top of Asha's, nothing lost


def test_cancel_keeps_my_edits_in_the_form_and_saves_nothing(qtbot, shared) -> None:
    store, other, eid = shared
    seen = _edit_meeting_a_conflict(qtbot, store, other, eid, "cancel")
    assert seen["open_after_answer"] is True and seen["text_after_answer"] == MINE
    assert seen["shown_error"] == _expected_question(store, eid)
    assert seen["stored_while_open"] == THEIRS and seen["result"] is None
    assert _stored_title(other, eid) == THEIRS


@pytest.mark.parametrize("answer", ["overwrite", "reload"])
def test_deleting_a_record_changed_since_the_question_asks_too(qtbot, shared, answer: str) -> None:
    store, other, eid = shared
    milestone = work.add_milestone(store, engagement_id=eid, title="Search report")
    window = open_window(qtbot, store)
    seen: dict = {}

    def on_conflict(box: ConflictDialog) -> None:
        seen["question"] = box.text()
        qtbot.mouseClick(box.overwrite_button if answer == "overwrite" else box.reload_button,
                         Qt.MouseButton.LeftButton)

    def on_question(box: QMessageBox) -> None:
        work.update_milestone(other, milestone.id, title="Search report, final")  # Asha, meanwhile
        seen["conflict_errors"] = when_modal(on_conflict, kind=ConflictDialog)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    errors = when_modal(on_question, kind=QMessageBox)
    deleted = window.editor.delete("milestone", milestone.id)
    assert errors == [] and seen["conflict_errors"] == []
    assert seen["question"].startswith("Asha Rao changed this milestone at ")
    titles = [m.title for m in work.list_milestones(other, eid)]
    if answer == "overwrite":
        assert deleted is True and titles == []
    else:
        assert deleted is False and titles == ["Search report, final"]


@pytest.mark.parametrize("answer", ["overwrite", "reload", "cancel"])
def test_the_engagement_form_on_its_overview_asks_too(qtbot, shared, answer: str) -> None:
    """The engagement's own form (Overview tab, Save changes) checks the version it showed."""
    store, other, eid = shared
    window = open_window(qtbot, store)
    window.show_view("Engagements")
    window.engagements.select(eid)
    overview = window.engagements.detail.overview
    title = overview.form.inputs["title"]
    title.selectAll()
    qtbot.keyClicks(title, MINE)
    eng.update_engagement(other, eid, title=THEIRS, description="Asha's scope note")
    seen: dict = {}

    def on_conflict(box: ConflictDialog) -> None:
        seen["question"] = box.text()
        button = {"reload": box.reload_button, "overwrite": box.overwrite_button, "cancel": box.cancel_button}[answer]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    expected = _expected_question(store, eid)
    errors = when_modal(on_conflict, kind=ConflictDialog)
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    assert errors == [] and seen["question"] == expected
    with other.read() as s:
        stored = s.get(Engagement, eid)
    assert stored.description == "Asha's scope note"  # her other change is never lost
    if answer == "overwrite":
        assert stored.title == MINE and "overwrote" in json.loads(_last(other, eid).new_values)
    elif answer == "reload":
        assert stored.title == THEIRS and title.text() == THEIRS
        title.selectAll()
        qtbot.keyClicks(title, THEIRS + " + Priya")
        qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)  # no conflict now
        assert _stored_title(other, eid) == THEIRS + " + Priya"
    else:
        assert stored.title == THEIRS and title.text() == MINE
        assert overview.general_error.text() == seen["question"]
