"""Team mode's identity and security, enforced by a real PostgreSQL server: each person logs in
as their own login; an analyst sees only their engagements, through the app and through plain
SQL; four eyes and gate overrides hold against plain SQL too; the audit names the login."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
import pytest
from sqlmodel import select

from kpo_desk.cli import main
from kpo_desk.core import team
from kpo_desk.core.checklists.workflow import complete_item, list_items, verify_item
from kpo_desk.core.enums import EngagementStatus as S
from kpo_desk.core.errors import StoreError
from kpo_desk.core.models import AuditEvent
from kpo_desk.core.services.communications import (
    count_communications,
    list_communications,
    log_communication,
)
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.services.engagements import change_status, gate_blockers
from kpo_desk.core.services.parties import list_clients
from kpo_desk.core.store import Store
from tests.team.firm import small_firm

PASSWORD = "correct horse battery"


@dataclass
class Team:
    server: object
    db: str
    logins: dict[str, str]  # person -> login
    staff: dict[str, int]  # person -> staff id
    e1: int  # Asha's engagement (Acme)
    e2: int  # Ben's engagement (Globex)
    counts: dict[str, int]  # table -> rows, as the superuser sees them
    admin: str  # the login that migrated the database and ran team init

    def url(self, who: str | None = None) -> str:
        if who is None:
            return self.server.url(self.db, user=self.admin,
                                   password=None if self.admin == "kpo_admin" else PASSWORD)
        return self.server.url(self.db, user=self.logins[who], password=PASSWORD)

    def open(self, who: str) -> Store:
        return Store.open(self.url(who))

    def sql(self, who: str) -> psycopg.Connection:
        return self.server.connect(self.db, user=self.logins[who], password=PASSWORD, autocommit=True)


@pytest.fixture(params=["superuser", "owner"])
def team_db(request, pg_server, pg_database):
    """Two analysts on one engagement each, a manager, five messages. The database is set up
    either by the cluster's superuser (whom row-level security never holds) or, as on a managed
    service, by an ordinary login that owns the database (which it holds, FORCE)."""
    suffix = secrets.token_hex(3)  # login roles are cluster-wide: one set per test
    logins = {p: f"{p}_{suffix}" for p in ("asha", "ben", "mina")}
    admin_login = "kpo_admin"
    if request.param == "owner":
        admin_login = f"owner_{suffix}"
        with pg_server.connect(pg_database, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {admin_login} LOGIN CREATEROLE PASSWORD '{PASSWORD}'")
            conn.execute(f'ALTER DATABASE "{pg_database}" OWNER TO {admin_login}')
    admin_password = None if admin_login == "kpo_admin" else PASSWORD
    with Store.open(pg_server.url(pg_database, user=admin_login, password=admin_password)) as admin:
        firm = small_firm(admin)
        staff, e1, e2 = firm.staff, firm.e1, firm.e2
        for n, engagement in enumerate((e1, e1, e2, e2, e2)):
            log_communication(admin, engagement_id=engagement, channel="email", direction="inbound",
                              occurred_at=datetime(2026, 3, 2 + n, 9, tzinfo=UTC), subject=f"Message {n}")
        team.init_team(admin, staff="Office Admin")
        for person, role in (("asha", "analyst"), ("ben", "analyst"), ("mina", "manager")):
            team.add_user(admin, logins[person], staff={"asha": "Asha Rao", "ben": "Ben Okafor",
                                                        "mina": "Mina Das"}[person],
                          role=role, password=PASSWORD)
        counts = admin.table_counts()
    yield Team(pg_server, pg_database, logins, staff, e1, e2, counts, admin_login)
    pg_server.drop_database(pg_database)
    with pg_server.connect(autocommit=True) as conn:
        for login in [*logins.values(), admin_login if admin_login != "kpo_admin" else None]:
            if login:
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _open_item(store: Store, engagement_id: int):
    return next(i for i in list_items(store, engagement_id) if not i.evidence_expected and i.state == "open")


def test_an_analyst_sees_only_their_engagements_through_the_app(team_db: Team) -> None:
    with team_db.open("asha") as asha:
        assert asha.actor == "Asha Rao" and asha.staff_id == team_db.staff["asha"]
        assert [r.id for r in list_engagement_rows(asha)] == [team_db.e1]
        assert [c.name for c in list_clients(asha)] == ["Acme Ltd"]
        assert sorted(c.subject for c in list_communications(asha)) == ["Message 0", "Message 1"]
        assert count_communications(asha, team_db.e2) == 0
        assert list_items(asha, team_db.e2) == []
        assert {i.engagement_id for i in list_items(asha, team_db.e1)} == {team_db.e1}
    with team_db.open("ben") as ben:
        assert [r.id for r in list_engagement_rows(ben)] == [team_db.e2]
        assert count_communications(ben) == 3


def test_an_analyst_sees_only_their_engagements_through_plain_sql(team_db: Team) -> None:
    with team_db.sql("asha") as conn:
        def count(table: str) -> int:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

        assert count("engagement") == 1 and count("client") == 1
        assert count("communication") == 2
        assert count("assignment") == 1
        e1_items = conn.execute("SELECT count(*) FROM checklistitem WHERE engagement_id = %s",
                                (team_db.e1,)).fetchone()[0]
        assert count("checklistitem") == e1_items > 0
        assert team_db.counts["checklistitem"] > e1_items  # the other engagement's items exist, unseen
        assert count("staff") == team_db.counts["staff"]  # names of colleagues stay visible
        # Asking for the other engagement by id finds nothing, and a write to it changes nothing.
        assert conn.execute("SELECT * FROM communication WHERE engagement_id = %s", (team_db.e2,)).fetchall() == []
        assert conn.execute("UPDATE communication SET subject = 'x' WHERE engagement_id = %s",
                            (team_db.e2,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM secret")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no new row outside their work
            conn.execute("INSERT INTO communication (engagement_id, channel, direction, occurred_at, subject, "
                         "sender, recipients, body, language, follow_up_done, client_visible, version) "
                         "VALUES (%s, 'email', 'inbound', now(), 's', '', '', '', '', false, false, 1)",
                         (team_db.e2,))
    with team_db.server.connect(team_db.db, autocommit=True) as admin:  # nothing changed underneath
        assert admin.execute("SELECT count(*) FROM communication WHERE subject = 'x'").fetchone()[0] == 0


def test_a_manager_sees_everything(team_db: Team) -> None:
    with team_db.open("mina") as mina:
        assert mina.actor == "Mina Das"
        assert sorted(r.id for r in list_engagement_rows(mina)) == sorted([team_db.e1, team_db.e2])
        assert count_communications(mina) == 5
    with team_db.sql("mina") as conn:
        for table in ("engagement", "client", "communication", "checklistitem", "assignment", "staff"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == team_db.counts[table], table


def test_self_verification_is_refused_by_the_server_even_with_plain_sql(team_db: Team) -> None:
    asha_id = team_db.staff["asha"]
    with team_db.open("asha") as asha:
        item = _open_item(asha, team_db.e1)
        complete_item(asha, item_id=item.id, done_by_id=asha_id)
    with team_db.sql("asha") as conn:
        with pytest.raises(psycopg.errors.RaiseException, match=r"(?m)^Asha Rao did '.*', so someone else must "
                           r"verify it \(four eyes\)\.$"):
            conn.execute("UPDATE checklistitem SET verified_by_id = %s, verified_at = now() WHERE id = %s",
                         (asha_id, item.id))
        # Nor may she sign as somebody else.
        with pytest.raises(psycopg.errors.RaiseException, match="so you can verify '.*' as yourself, not as "
                           "Mina Das"):
            conn.execute("UPDATE checklistitem SET verified_by_id = %s, verified_at = now() WHERE id = %s",
                         (team_db.staff["mina"], item.id))
        assert conn.execute("SELECT verified_by_id FROM checklistitem WHERE id = %s",
                            (item.id,)).fetchone() == (None,)
    # Through the app, the server's sentence is what the user reads.
    with team_db.open("asha") as asha, pytest.raises(
            StoreError, match=r"^You are logged in as Asha Rao, so you can verify '.*' as "
            r"yourself, not as Mina Das\. Nothing was changed\.$"):
        verify_item(asha, item_id=item.id, verified_by_id=team_db.staff["mina"])


def test_completing_as_someone_else_is_refused(team_db: Team) -> None:
    with team_db.open("asha") as asha:
        item = _open_item(asha, team_db.e1)
        with pytest.raises(StoreError, match="You are logged in as Asha Rao, so you can record '.*' as done by "
                           "you, not by Ben Okafor"):
            complete_item(asha, item_id=item.id, done_by_id=team_db.staff["ben"])
        assert next(i for i in list_items(asha, team_db.e1) if i.id == item.id).state == "open"


def test_verifying_someone_elses_item_as_yourself_works(team_db: Team) -> None:
    with team_db.open("asha") as asha:
        item = _open_item(asha, team_db.e1)
        complete_item(asha, item_id=item.id, done_by_id=team_db.staff["asha"])
    with team_db.open("mina") as mina:
        verified = verify_item(mina, item_id=item.id, verified_by_id=mina.staff_id)
        assert verified.verified_by_id == team_db.staff["mina"]
    with team_db.server.connect(team_db.db) as admin:
        assert admin.execute("SELECT done_by_id, verified_by_id FROM checklistitem WHERE id = %s",
                             (item.id,)).fetchone() == (team_db.staff["asha"], team_db.staff["mina"])


def test_a_gate_override_by_an_analyst_is_refused_and_a_managers_is_not(team_db: Team) -> None:
    with team_db.open("asha") as asha:
        change_status(asha, team_db.e1, S.ONBOARDING)  # no gate guards this move
        assert gate_blockers(asha, team_db.e1, S.ACTIVE)
        with pytest.raises(StoreError, match=r"^Only a manager can override the gate: .* cannot move to active "
                           r"while \d+ gate items? (is|are) not done and verified\. Nothing was changed\.$"):
            change_status(asha, team_db.e1, S.ACTIVE, override_reason="The client is waiting.")
    with team_db.sql("asha") as conn, pytest.raises(  # plain SQL meets the same rule
            psycopg.errors.RaiseException, match="Only a manager can override the gate"):
        conn.execute("UPDATE engagement SET status = 'active' WHERE id = %s", (team_db.e1,))
    with team_db.open("mina") as mina:
        assert change_status(mina, team_db.e1, S.ACTIVE, override_reason="The client is waiting.").status == S.ACTIVE


def test_audit_rows_name_the_logins_staff(team_db: Team) -> None:
    with team_db.open("asha") as asha:
        comm = log_communication(asha, engagement_id=team_db.e1, channel="call", direction="outbound",
                                 occurred_at=datetime(2026, 3, 9, 10, tzinfo=UTC), subject="Call back")
        with asha.read() as s:
            event = s.exec(select(AuditEvent).where(AuditEvent.record_type == "communication",
                                                    AuditEvent.record_id == comm.id)).one()
        assert event.actor == "Asha Rao"
    with team_db.sql("asha") as conn:  # a forged actor is replaced by the login's own
        actor = conn.execute("INSERT INTO auditevent (at, actor, record_type, record_id, action, old_values, "
                             "new_values) VALUES (now(), 'Mina Das', 'communication', %s, 'update', '{}', '{}') "
                             "RETURNING actor", (comm.id,)).fetchone()[0]
        assert actor == "Asha Rao"


def test_team_list_and_init_again(team_db: Team, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", team_db.url(), "team", "init", "--staff", "Office Admin"]) == 0  # again: harmless
    capsys.readouterr()
    assert main(["--db", team_db.url(), "team", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["LOGIN", "STAFF", "ROLE"]
    rows = {line.split()[0]: line.split(None, 1)[1].rsplit(None, 1) for line in lines[1:]}
    assert rows[team_db.logins["asha"]] == ["Asha Rao", "analyst"]
    assert rows[team_db.logins["ben"]] == ["Ben Okafor", "analyst"]
    assert rows[team_db.logins["mina"]] == ["Mina Das", "manager"]
    assert rows[team_db.admin] == ["Office Admin", "manager"]
    with team_db.open("asha") as asha:  # the rules survived the second init
        assert [r.id for r in list_engagement_rows(asha)] == [team_db.e1]


def test_add_user_from_the_command_line(team_db: Team, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    login = f"chen_{secrets.token_hex(3)}"
    password_file = tmp_path / "pw"
    password_file.write_text("chen's password\n")
    try:
        assert main(["--db", team_db.url(), "team", "add-user", login, "--staff", "Chen Wei", "--role",
                     "analyst", "--password-file", str(password_file)]) == 0
        assert capsys.readouterr().out == f"{login} logs in as Chen Wei, analyst.\n"
        with team_db.server.connect(team_db.db, user=login, password="chen's password") as conn:
            assert conn.execute("SELECT count(*) FROM engagement").fetchone() == (0,)  # assigned nowhere yet
        with team_db.server.connect(team_db.db) as admin:  # stored as a SCRAM verifier, never as typed
            stored = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (login,)).fetchone()[0]
            assert stored.startswith("SCRAM-SHA-256$") and "chen" not in stored
    finally:
        with team_db.server.connect(autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{login}"')


def test_bad_input_is_one_sentence_and_exit_2(team_db: Team, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", team_db.url(), "team", "add-user", "someone", "--staff", "X", "--role", "boss"]) == 2
    assert capsys.readouterr().err == "kpo-desk: 'boss' is not a team role; use manager or analyst.\n"
    assert main(["--db", team_db.url(), "team", "add-user", "Bad Name", "--staff", "X", "--role", "analyst"]) == 2
    assert "is not a usable login name" in capsys.readouterr().err
    no_password = team_db.server.url(team_db.db, user=team_db.logins["asha"])  # and no terminal to ask at
    assert main(["--db", no_password, "team", "list"]) == 2
    assert "did not accept the login: check the login name and password." in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "store.sqlite3"), "team", "list"]) == 2
    assert capsys.readouterr().err == "kpo-desk: team commands need a team server (--db postgresql://...)\n"
    assert not (tmp_path / "store.sqlite3").exists()


def test_qa_sign_off_is_by_the_logged_in_reviewer_and_a_qa_override_is_for_managers(team_db: Team) -> None:
    from kpo_desk.core.services.milestones import move_milestone, record_qa_result
    from kpo_desk.core.services.work import add_milestone

    asha_id, mina_id = team_db.staff["asha"], team_db.staff["mina"]
    with team_db.open("asha") as asha:
        m = add_milestone(asha, engagement_id=team_db.e1, title="Search report", author_id=asha_id)
        move_milestone(asha, m.id, "in_progress")
        move_milestone(asha, m.id, "in_qa")
        with pytest.raises(StoreError, match=r"^You are logged in as Asha Rao, so you can record the QA review of "
                           r"'Search report' as yours, not as Mina Das's\. Nothing was changed\.$"):
            record_qa_result(asha, m.id, reviewer_id=mina_id, result="passed")
        with pytest.raises(StoreError, match=r"^Only a manager can deliver 'Search report' without a QA pass"):
            move_milestone(asha, m.id, "delivered", override_reason="The client needs it today.")
    with team_db.sql("asha") as conn, pytest.raises(  # reviewing her own deliverable in plain SQL
            psycopg.errors.RaiseException, match="(?m)^Asha Rao wrote 'Search report' and cannot also review "
            "it; QA needs a second pair of eyes.$"):
        conn.execute("UPDATE milestone SET qa_reviewer_id = %s, qa_result = 'passed' WHERE id = %s",
                     (asha_id, m.id))
    with team_db.open("mina") as mina:
        assert record_qa_result(mina, m.id, reviewer_id=mina_id, result="passed").qa_reviewer_id == mina_id
    with team_db.open("asha") as asha:  # with a QA pass, no override is needed
        assert move_milestone(asha, m.id, "delivered").status == "delivered"


def test_an_analysts_everyday_views_work_within_their_engagements(team_db: Team) -> None:
    """The attention list, health and search read through the same rows (the dashboard snapshot
    is left out: its portfolio query is still being ported to PostgreSQL)."""
    from kpo_desk.core.health.engine import assess_many
    from kpo_desk.core.overview.attention import needs_attention
    from kpo_desk.core.search import search
    from kpo_desk.core.services.dashboard import counts_by_status

    with team_db.open("asha") as asha:
        assert sum(counts_by_status(asha).values()) == 1
        needs_attention(asha)
        assess_many(asha, [team_db.e1, team_db.e2])
        hits = search(asha, "Message", kinds=["communication"])
        assert sorted(h.title for h in hits) == ["Message 0", "Message 1"]


def test_the_login_that_owns_the_tables_is_held_too_but_a_superuser_is_not(team_db: Team) -> None:
    """The login that ran ``team init`` is a manager like any other: four eyes hold it. Only a
    superuser, which could drop the trigger anyway, is not held (moving a store in copies sign-offs)."""
    with Store.open(team_db.url()) as admin:
        me = admin.staff_id
        assert admin.actor == "Office Admin" and me is not None
        item = _open_item(admin, team_db.e2)
        complete_item(admin, item_id=item.id, done_by_id=me)
        if team_db.admin == "kpo_admin":
            assert verify_item(admin, item_id=item.id, verified_by_id=team_db.staff["ben"]).verified_by_id \
                == team_db.staff["ben"]
        else:
            with pytest.raises(StoreError, match="You are logged in as Office Admin, so you can verify"):
                verify_item(admin, item_id=item.id, verified_by_id=team_db.staff["ben"])


def test_team_commands_on_a_server_database_without_team_init(pg_server, pg_database, tmp_path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(pg_server.url(pg_database)).close()
    password_file = tmp_path / "pw"
    password_file.write_text("x\n")
    for args in (["team", "list"], ["team", "add-user", "nobody_here", "--staff", "N", "--role", "analyst",
                                    "--password-file", str(password_file)]):
        assert main(["--db", pg_server.url(pg_database), *args]) == 2
        assert capsys.readouterr().err == ("kpo-desk: This database is not set up for a team yet; run kpo-desk "
                                           "team init first.\n")
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'nobody_here'").fetchone() is None
