"""Several writers at once (issue 19): two Store objects on one file act as two people. A save
of a record someone else changed since it was opened is refused with who and when; an overwrite
is audited; no update is ever lost silently."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel, select

from kpo_desk.core import audit
from kpo_desk.core.checklists import workflow
from kpo_desk.core.errors import ConflictError, ValidationError
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.exporters.json_import import import_json
from kpo_desk.core.models import AuditEvent, ChecklistItem, Engagement, Setting
from kpo_desk.core.services import base, parties, work
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.store import Store

FIXTURE_0001 = Path(__file__).parents[1] / "data" / "store-0001.sqlite3"
#: The tables people edit; each carries a row version (migration 0005).
VERSIONED = ("client", "contact", "staff", "setting", "engagement", "assignment", "milestone", "timeentry",
             "risk", "checklistitem", "communication", "reportpreset")


def _open_as(path: Path | str, name: str) -> Store:
    """A Store on ``path`` whose audit actor is ``name`` (the actor is read once, then kept)."""
    s = Store.open(path)
    with s.transaction() as session:
        row = session.get(Setting, "user_name") or Setting(key="user_name")
        row.value = name
        session.add(row)
    s.forget_actor()
    if s.engine.dialect.name == "sqlite":  # on a server the actor is the login, not the setting
        assert s.actor == name
    return s


@pytest.fixture
def two(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Store, Store, int]]:
    """Asha's and Ben's stores on one file (or, with ``KPO_TEST_ENGINE=postgresql``, one server
    database), and an engagement both can open."""
    if os.environ.get("KPO_TEST_ENGINE") == "postgresql":
        path = request.getfixturevalue("pg_server").url(request.getfixturevalue("pg_database"))
    else:
        path = tmp_path / "shared.sqlite3"
    a = _open_as(path, "Asha Rao")
    b = _open_as(path, "Ben Okafor")
    client = parties.create_client(b, name="Nordlys Energi AS", timezone="Europe/Oslo")
    e = eng.create_engagement(b, client_id=client.id, title="Patent landscape", service_type="ip_patent")
    yield a, b, e.id
    a.close()
    b.close()


def _hh_mm(event: AuditEvent) -> str:
    return f"{event.at.astimezone():%H:%M}"


def _last(store: Store, record_id: int) -> AuditEvent:
    with store.read() as s:
        found = audit.last_event(s, Engagement, record_id)
    assert found is not None
    return found


def _title(store: Store, record_id: int) -> str:
    with store.read() as s:
        return s.get(Engagement, record_id).title


def test_the_second_save_of_one_version_is_refused_naming_who_changed_it_and_when(two) -> None:
    a, b, eid = two
    opened_a, opened_b = base.version_of(a, Engagement, eid), base.version_of(b, Engagement, eid)
    assert opened_a == opened_b == 1
    saved = eng.update_engagement(a, eid, title="Landscape (Asha)", expected_version=opened_a)
    assert saved.version == 2
    with pytest.raises(ConflictError) as caught:
        eng.update_engagement(b, eid, title="Landscape (Ben)", expected_version=opened_b)
    err = caught.value
    assert str(err) == f"{a.actor} changed this engagement at {_hh_mm(_last(a, eid))} after you opened it."
    assert (err.actor, err.record_type, err.record_id, err.current_version, err.deleted) == \
        (a.actor, "engagement", eid, 2, False)
    assert _title(b, eid) == "Landscape (Asha)"  # Ben's refused save changed nothing
    assert _last(b, eid).actor == a.actor  # and wrote no event


def test_overwrite_saves_and_the_audit_event_names_the_change_it_overwrote(two) -> None:
    a, b, eid = two
    eng.update_engagement(a, eid, title="Landscape (Asha)", expected_version=1)
    asha = _last(a, eid)
    saved = eng.update_engagement(b, eid, title="Landscape (Ben)", expected_version=1, overwrite=True)
    assert saved.version == 3 and _title(a, eid) == "Landscape (Ben)"
    event = _last(a, eid)
    assert event.actor == b.actor
    new = json.loads(event.new_values)
    assert new["title"] == "Landscape (Ben)"
    assert new["overwrote"] == f"version 2 by {a.actor} at {asha.at.isoformat(timespec='seconds')}"
    assert "version" not in new and "version" not in json.loads(event.old_values)


def test_saving_from_the_current_version_needs_no_overwrite_and_notes_none(two) -> None:
    a, b, eid = two
    eng.update_engagement(a, eid, title="Landscape (Asha)", expected_version=1)
    reopened = base.version_of(b, Engagement, eid)
    assert reopened == 2
    eng.update_engagement(b, eid, title="Landscape (Ben)", expected_version=reopened)
    assert "overwrote" not in json.loads(_last(a, eid).new_values)
    # Without an expected version (scripts, the CLI) a save is as before: it simply writes.
    eng.update_engagement(a, eid, description="no version given")
    assert base.version_of(a, Engagement, eid) == 4


def test_a_delete_of_a_record_changed_since_it_was_opened_is_refused_unless_overwritten(two) -> None:
    a, b, eid = two
    m = work.add_milestone(b, engagement_id=eid, title="Search report")
    work.update_milestone(a, m.id, title="Search report v2", expected_version=1)
    with pytest.raises(ConflictError, match=rf"^{re.escape(a.actor)} changed this milestone at \d\d:\d\d after you opened it\.$"):
        base.delete(b, type(m), m.id, expected_version=1)
    with b.read() as s:
        assert s.get(type(m), m.id) is not None
    values = base.delete(b, type(m), m.id, expected_version=1, overwrite=True)
    assert values["title"] == "Search report v2"
    with b.read() as s:
        assert s.get(type(m), m.id) is None
        event = audit.last_event(s, type(m), m.id)
    assert event.action.value == "delete" and event.actor == b.actor
    assert json.loads(event.old_values)["title"] == "Search report v2"
    assert json.loads(event.new_values)["overwrote"].startswith(f"version 2 by {a.actor} at ")


def test_a_service_without_room_for_a_version_checks_the_one_it_is_expecting(two) -> None:
    """``base.expecting`` gives ``delete_milestone(store, id)`` the version a list showed."""
    a, b, eid = two
    m = work.add_milestone(b, engagement_id=eid, title="Search report")
    other = work.add_milestone(b, engagement_id=eid, title="Claims chart")
    work.update_milestone(a, m.id, title="Search report v2")
    with base.expecting(type(m), m.id, 1), pytest.raises(ConflictError, match=f"^{re.escape(a.actor)} changed"):
        work.delete_milestone(b, m.id)
    with base.expecting(type(m), m.id, 1):
        work.delete_milestone(b, other.id)  # another record: not what it expects, so not checked
    with base.expecting(type(m), m.id, 1, overwrite=True):
        work.delete_milestone(b, m.id)
    assert [x.title for x in work.list_milestones(a, eid)] == []
    with b.read() as s:
        assert json.loads(audit.last_event(s, type(m), m.id).new_values)["overwrote"].startswith("version 2 by ")


def test_saving_a_record_deleted_since_it_was_opened_says_who_deleted_it(two) -> None:
    a, b, eid = two
    m = work.add_milestone(b, engagement_id=eid, title="Search report")
    work.delete_milestone(a, m.id)
    with pytest.raises(ConflictError, match=rf"^{re.escape(a.actor)} deleted this milestone at \d\d:\d\d after you opened it\.$") as c:
        work.update_milestone(b, m.id, title="too late", expected_version=1, overwrite=True)
    assert c.value.deleted and c.value.current_version is None
    # Without a version it is the old message: there is no such record.
    with pytest.raises(ValidationError, match="There is no milestone"):
        work.update_milestone(b, m.id, title="too late")


def test_a_change_between_read_and_write_is_a_conflict_not_a_stale_data_error(two) -> None:
    """The store's own check (UPDATE ... WHERE version = ?): Ben's object was read at version 1,
    Asha saves, then Ben's write matches no row. It must be the ConflictError naming Asha."""
    a, b, eid = two
    with b.read() as s:
        stale = s.get(Engagement, eid)
    eng.update_engagement(a, eid, title="Landscape (Asha)")
    with pytest.raises(ConflictError) as caught, b.transaction() as s:
        mine = s.merge(stale, load=False)
        mine.title = "Landscape (Ben)"
        base.flush(s)
    assert not isinstance(caught.value, StaleDataError)
    assert caught.value.actor == a.actor and caught.value.current_version == 2
    assert str(caught.value).startswith(f"{a.actor} changed this engagement at ")
    assert _title(a, eid) == "Landscape (Asha)"
    # A change left for the commit to flush (no base.flush) meets the same check.
    with pytest.raises(ConflictError, match=f"^{re.escape(a.actor)} changed this engagement"), b.transaction() as s:
        s.merge(stale, load=False).description = "set, never flushed by hand"
    # The same for a delete of the stale object.
    with pytest.raises(ConflictError, match=f"^{re.escape(a.actor)} changed this engagement"), b.transaction() as s:
        s.delete(s.merge(stale, load=False))
        base.flush(s)
    assert _title(a, eid) == "Landscape (Asha)"


@pytest.mark.skipif(os.environ.get("KPO_TEST_ENGINE") != "postgresql",
                    reason="on SQLite a save holds the write lock from its read on: nobody can write in between")
def test_on_a_server_a_commit_between_this_saves_read_and_write_is_a_conflict(two) -> None:
    """Asha's save has read the engagement (version 1) when Ben's save commits; her UPDATE ...
    WHERE version = 1 then matches no row, and she gets the ConflictError naming Ben."""
    a, b, eid = two
    done: list[BaseException | None] = []

    def ben_saves_meanwhile(session, obj) -> None:  # noqa: ANN001 - a validator's signature
        if not done:
            thread = threading.Thread(target=lambda: done.append(
                eng.update_engagement(b, eid, title="Landscape (Ben)") and None))
            thread.start()
            thread.join(timeout=30)
            assert done == [None]

    with pytest.raises(ConflictError) as caught:
        base.update(a, Engagement, eid, {"title": "Landscape (Asha)"}, ben_saves_meanwhile, expected_version=1)
    assert caught.value.actor == b.actor and caught.value.current_version == 2
    assert _title(a, eid) == "Landscape (Ben)"


def _increment(store: Store, eid: int, *, checked: bool = True) -> int:
    """Read the counter and the version, then save counter + 1 from that version; retry on a
    conflict. Returns how many conflicts it met."""
    conflicts = 0
    while True:
        with store.read() as s:
            row = s.get(Engagement, eid)
            value, version = row.budget_cents or 0, row.version
        try:
            eng.update_engagement(store, eid, budget_cents=value + 1,
                                  **({"expected_version": version} if checked else {}))
            return conflicts
        except ConflictError:
            conflicts += 1


def test_two_writers_alternating_lose_no_update(two) -> None:
    """Asha and Ben both read, then both save, 200 times each: every second save meets a
    conflict, retries, and the counter ends at 400. Without the version check the same
    interleaving loses half the increments (the control)."""
    a, b, eid = two
    conflicts = 0
    for _ in range(200):
        with a.read() as s:
            seen = s.get(Engagement, eid)
            a_value, a_version = seen.budget_cents or 0, seen.version
        with b.read() as s:
            seen = s.get(Engagement, eid)
            b_value, b_version = seen.budget_cents or 0, seen.version
        eng.update_engagement(a, eid, budget_cents=a_value + 1, expected_version=a_version)
        try:
            eng.update_engagement(b, eid, budget_cents=b_value + 1, expected_version=b_version)
        except ConflictError:
            conflicts += 1
            conflicts += _increment(b, eid)
    with a.read() as s:
        row = s.get(Engagement, eid)
        assert (row.budget_cents, conflicts, row.version) == (400, 200, 401)

    # The control: the same interleaving without versions keeps only one of each pair.
    eng.update_engagement(a, eid, budget_cents=0)
    for _ in range(50):
        with a.read() as s:
            a_value = s.get(Engagement, eid).budget_cents
        with b.read() as s:
            b_value = s.get(Engagement, eid).budget_cents
        eng.update_engagement(a, eid, budget_cents=a_value + 1)
        eng.update_engagement(b, eid, budget_cents=b_value + 1)
    with a.read() as s:
        assert s.get(Engagement, eid).budget_cents == 50  # 50 of 100 increments lost


def test_two_writers_in_threads_lose_no_update(two) -> None:
    a, b, eid = two
    conflicts: list[int] = []
    errors: list[BaseException] = []

    def run(store: Store) -> None:
        try:
            conflicts.append(sum(_increment(store, eid) for _ in range(200)))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    with a.read() as s:
        row = s.get(Engagement, eid)
        assert row.budget_cents == 400 and row.version == 401
        changes = s.exec(select(AuditEvent).where(AuditEvent.record_type == "engagement",
                                                  AuditEvent.action == "update")).all()
    assert len(changes) == 400  # one event per saved increment, none for a refused one


@pytest.mark.parametrize("table", VERSIONED)
def test_every_edited_table_is_versioned_by_the_store(table: str) -> None:
    model = next(m.class_ for m in SQLModel._sa_registry.mappers if m.local_table.name == table)
    column = model.__table__.c.version
    assert model.__mapper__.version_id_col is column
    assert not column.nullable and str(column.server_default.arg) == "1"


def test_other_services_bump_the_version_too(two) -> None:
    """Any ORM change bumps the version, so a form that opened before it sees the conflict."""
    a, b, eid = two
    staff = parties.create_staff(a, name="Chen Wei")
    parties.update_staff(b, staff.id, role="Analyst")
    with pytest.raises(ConflictError, match=f"^{re.escape(b.actor)} changed this staff member at "):
        parties.update_staff(a, staff.id, role="Senior analyst", expected_version=1)
    item = workflow.list_items(a, eid)[0]
    assert item.version == 1
    workflow.mark_not_applicable(a, item_id=item.id, reason="No source code in scope")
    with pytest.raises(ConflictError, match=f"^{re.escape(a.actor)} changed this checklist item at "):
        base.update(b, ChecklistItem, item.id, {"note": "from an old form"}, lambda _s, _o: None,
                    expected_version=1)


def test_a_0001_store_upgrades_with_every_row_at_version_1(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE_0001, path)
    con = sqlite3.connect(path)
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in VERSIONED}
    con.close()
    with Store.open(path) as s:
        with s.connection() as conn:
            for table in VERSIONED:
                versions = conn.exec_driver_sql(f'SELECT version, count(*) FROM "{table}" GROUP BY version').all()
                assert versions == ([(1, counts[table])] if counts[table] else []), table
            eid = conn.exec_driver_sql("SELECT min(id) FROM engagement").scalar_one()
        eng.update_engagement(s, eid, title="Renamed after the upgrade", expected_version=1)
        assert base.version_of(s, Engagement, eid) == 2
        with pytest.raises(ConflictError):
            eng.update_engagement(s, eid, title="from before", expected_version=1)


def _strip_version(export: Path, target: Path) -> None:
    """``export`` as KPO Desk wrote it before migration 0005: no version column, revision 0004."""
    with zipfile.ZipFile(export) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_revision"] = "0004"
                data = json.dumps(manifest).encode()
            elif info.filename.startswith("tables/"):
                lines = data.decode().splitlines()
                columns = json.loads(lines[0])["columns"]
                if "version" in columns:
                    at = columns.index("version")
                    rows = [json.loads(line) for line in lines[1:]]
                    lines = [json.dumps({"columns": columns[:at] + columns[at + 1:]})]
                    lines += [json.dumps(row[:at] + row[at + 1:]) for row in rows]
                data = ("\n".join(lines) + "\n").encode()
            out.writestr(info, data)


def test_json_export_carries_versions_and_an_older_export_imports_at_version_1(two, tmp_path: Path) -> None:
    a, b, eid = two
    eng.update_engagement(a, eid, title="Landscape (Asha)", expected_version=1)
    eng.update_engagement(b, eid, title="Landscape (Ben)", expected_version=2)
    export = export_json(a, tmp_path / "export.zip")
    with Store.open(tmp_path / "copy.sqlite3") as copy:
        import_json(copy, export)
        assert base.version_of(copy, Engagement, eid) == 3
        with pytest.raises(ConflictError, match=f"^{re.escape(b.actor)} changed this engagement"):
            eng.update_engagement(copy, eid, title="from an old form", expected_version=2)
    _strip_version(export, tmp_path / "older.zip")
    with Store.open(tmp_path / "older.sqlite3") as older:
        import_json(older, tmp_path / "older.zip")
        with older.connection() as conn:
            assert conn.exec_driver_sql("SELECT title, version FROM engagement").all() == [("Landscape (Ben)", 1)]
        assert eng.update_engagement(older, eid, title="Renamed", expected_version=1).version == 2
