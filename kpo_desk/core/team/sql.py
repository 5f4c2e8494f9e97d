"""The server-side SQL of team mode: group roles, grants, helper functions, row-level security
and the triggers that enforce four eyes by identity. PostgreSQL only, by nature.

Everything here is written so that ``team init`` can run it again (after an upgrade that added
tables, say): functions are ``CREATE OR REPLACE``, policies and triggers are dropped and made
again, roles are created only when missing.

Who is who: a login role maps to one Staff through ``team_login``; ``kpo_my_staff_id()`` reads
that mapping for ``session_user``, the login that authenticated (inside a SECURITY DEFINER
function ``current_user`` is the function's owner, and SET ROLE cannot change ``session_user``). The group roles give table privileges (cluster-wide), the
mapping's ``role`` decides the rows (per database): a login that is a manager in one firm's
database and an analyst in another's sees, in each, what that database says.

The helper functions are SECURITY DEFINER (they run as the tables' owner, whom a policy of its
own lets see every row), so that a policy on ``engagement`` can ask "which engagements is this
login on?" without that question passing through the same policy again.
"""

from __future__ import annotations

from sqlalchemy import and_, func, not_
from sqlalchemy.dialects import postgresql

MANAGER, ANALYST = "kpo_manager", "kpo_analyst"
GROUPS = {"manager": MANAGER, "analyst": ANALYST}

#: Tables whose rows belong to one engagement (its ``engagement_id``).
ENGAGEMENT_TABLES = ("assignment", "checklistitem", "communication", "milestone", "risk", "timeentry",
                     "reportrecord", "reportpreset")

#: What an analyst sees of each table (the USING clause of their policy); tables not named here
#: are for managers only (``secret``; a table a later version adds, until ``team init`` knows it).
ANALYST_ROWS: dict[str, str] = {
    "engagement": "id = ANY (ARRAY(SELECT kpo_my_engagements()))",
    "client": "id = ANY (ARRAY(SELECT kpo_my_clients()))",
    "contact": "client_id = ANY (ARRAY(SELECT kpo_my_clients()))",
    **{t: "engagement_id = ANY (ARRAY(SELECT kpo_my_engagements()))" for t in ENGAGEMENT_TABLES},
    "communicationcontact": "communication_id IN (SELECT c.id FROM communication c)",
    "communicationstaff": "communication_id IN (SELECT c.id FROM communication c)",
    "attachment": ("checklist_item_id IN (SELECT i.id FROM checklistitem i) "
                   "OR communication_id IN (SELECT c.id FROM communication c)"),
    "attachment_blob": "sha256 IN (SELECT a.sha256 FROM attachment a)",
    "staff": "true",
    "setting": "true",
    "alembic_version": "true",
    # An audit event is visible with the record it is about (or when the analyst wrote it).
    "auditevent": ("actor = (SELECT kpo_my_actor()) OR CASE record_type "
                   "WHEN 'engagement' THEN record_id IN (SELECT kpo_my_engagements()) "
                   "WHEN 'client' THEN record_id IN (SELECT kpo_my_clients()) "
                   + " ".join(f"WHEN '{t}' THEN EXISTS (SELECT 1 FROM {t} r WHERE r.id = record_id)"
                              for t in ("contact", "checklistitem", "communication", "milestone",
                                        "risk", "timeentry", "reportrecord", "reportpreset",
                                        "assignment", "attachment"))
                   + " ELSE false END"),
}

#: What an analyst may do beyond reading (the rows are still limited by ``ANALYST_ROWS``).
ANALYST_WRITES: dict[str, str] = {
    "communication": "INSERT, UPDATE, DELETE",
    "communicationcontact": "INSERT, UPDATE, DELETE",
    "communicationstaff": "INSERT, UPDATE, DELETE",
    "timeentry": "INSERT, UPDATE, DELETE",
    "risk": "INSERT, UPDATE, DELETE",
    "attachment": "INSERT, UPDATE, DELETE",
    "reportrecord": "INSERT",
    "reportpreset": "INSERT, UPDATE, DELETE",
    "checklistitem": "INSERT, UPDATE",
    "milestone": "INSERT, UPDATE",
    "contact": "INSERT, UPDATE",
    "engagement": "UPDATE",
    "attachment_blob": "INSERT",
    "auditevent": "INSERT",
}

#: Tables an analyst may add rows to whatever the row policy says (an attachment's bytes are
#: stored before the attachment row that makes them visible; audit rows name their actor by the
#: trigger below, not by the client).
ANALYST_INSERT_ANYWAY = ("attachment_blob", "auditevent")


def _literal(expr) -> str:  # noqa: ANN001 - a SQLAlchemy expression
    return str(expr.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def gate_missing_sql() -> str:
    """A CASE over NEW.status giving the number of required gate items that the move to that
    status would leave behind (not done and verified, nor waived), by the one compliance rule
    (kpo_desk/core/compliance.py) compiled for the server with today's date as CURRENT_DATE."""
    from kpo_desk.core import compliance as rule
    from kpo_desk.core.models import ChecklistItem
    from kpo_desk.core.services.engagements import GATE_FOR_STATUS

    whens = []
    for status, gate in GATE_FOR_STATUS.items():
        missing = and_(ChecklistItem.gate == gate, rule.counted_sql(), not_(rule.waived_sql()),
                       not_(rule.verified_sql(func.current_date())))
        whens.append(f"WHEN '{status.value}' THEN (SELECT count(*) FROM checklistitem "
                     f"WHERE checklistitem.engagement_id = NEW.id AND {_literal(missing)})")
    return "CASE NEW.status " + " ".join(whens) + " ELSE 0 END"


def create_groups() -> list[str]:
    return [f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{g}') THEN "
            f"CREATE ROLE {g} NOLOGIN; END IF; END $$" for g in (MANAGER, ANALYST)]


MAPPING_TABLE = """
CREATE TABLE IF NOT EXISTS team_login (
    login name PRIMARY KEY,
    staff_id integer NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    role text NOT NULL CHECK (role IN ('manager', 'analyst'))
)"""


def functions(schema: str) -> list[str]:
    path = f"SET search_path = {quoted(schema)}, pg_temp"
    definer = f"LANGUAGE sql STABLE SECURITY DEFINER {path}"
    return [
        f"""CREATE OR REPLACE FUNCTION kpo_my_staff_id() RETURNS integer {definer} AS $$
            SELECT staff_id FROM team_login WHERE login = session_user $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_is_manager() RETURNS boolean {definer} AS $$
            SELECT coalesce((SELECT role = 'manager' FROM team_login WHERE login = session_user),
                            false) $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_is_superuser() RETURNS boolean {definer} AS $$
            SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false) $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_my_actor() RETURNS text {definer} AS $$
            SELECT coalesce((SELECT s.name FROM team_login t JOIN staff s ON s.id = t.staff_id
                             WHERE t.login = session_user), session_user::text) $$""",
        # The staff id is looked up once per call, not once per row scanned: called per row,
        # kpo_my_staff_id() made every analyst statement wait ~230 ms on 20,000 engagements
        # (2.6 ms this way; benchmarks/bench_concurrency.py).
        f"""CREATE OR REPLACE FUNCTION kpo_my_engagements() RETURNS SETOF integer {definer} AS $$
            SELECT e.id FROM engagement e WHERE e.lead_id = (SELECT kpo_my_staff_id())
            UNION
            SELECT a.engagement_id FROM assignment a
             WHERE (SELECT kpo_my_staff_id()) IN (a.staff_id, a.backup_staff_id) $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_my_clients() RETURNS SETOF integer {definer} AS $$
            SELECT DISTINCT e.client_id FROM engagement e
             WHERE e.id IN (SELECT kpo_my_engagements()) $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_staff_name(who integer) RETURNS text {definer} AS $$
            SELECT coalesce((SELECT s.name FROM staff s WHERE s.id = who), 'staff member ' || who) $$""",
        *trigger_functions(path),
    ]


def trigger_functions(path: str) -> list[str]:
    """The four-eyes and override rules in the server. Each refusal is one sentence (the client
    shows it as it is). A superuser is not held: it can drop a trigger anyway, and moving a
    store onto the server copies sign-offs made by others."""
    plpgsql = f"LANGUAGE plpgsql {path}"
    me_block = """
        IF kpo_is_superuser() THEN RETURN NEW; END IF;
        me := kpo_my_staff_id();
        me_name := CASE WHEN me IS NULL THEN session_user::text ELSE kpo_staff_name(me) END;"""
    unmapped = ("'Your login %s is not mapped to a staff member, so it cannot sign anything off; "
                "ask a manager to run kpo-desk team add-user.'")
    return [
        f"""CREATE OR REPLACE FUNCTION kpo_checklist_four_eyes() RETURNS trigger {plpgsql} AS $$
        DECLARE me integer; me_name text;
        BEGIN
        {me_block}
        IF NEW.done_by_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.done_by_id IS DISTINCT FROM OLD.done_by_id) THEN
            IF me IS NULL THEN RAISE EXCEPTION {unmapped}, session_user; END IF;
            IF NEW.done_by_id <> me THEN
                RAISE EXCEPTION 'You are logged in as %, so you can record ''%'' as done by you, not by %.',
                    me_name, NEW.text, kpo_staff_name(NEW.done_by_id);
            END IF;
        END IF;
        IF NEW.verified_by_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.verified_by_id IS DISTINCT FROM OLD.verified_by_id) THEN
            IF me IS NULL THEN RAISE EXCEPTION {unmapped}, session_user; END IF;
            IF NEW.verified_by_id <> me THEN
                RAISE EXCEPTION 'You are logged in as %, so you can verify ''%'' as yourself, not as %.',
                    me_name, NEW.text, kpo_staff_name(NEW.verified_by_id);
            END IF;
        END IF;
        IF NEW.verified_by_id IS NOT NULL AND (TG_OP = 'INSERT'
                OR NEW.verified_by_id IS DISTINCT FROM OLD.verified_by_id
                OR NEW.done_by_id IS DISTINCT FROM OLD.done_by_id
                OR NEW.owner_id IS DISTINCT FROM OLD.owner_id) THEN
            IF NEW.verified_by_id = NEW.done_by_id THEN
                RAISE EXCEPTION '% did ''%'', so someone else must verify it (four eyes).',
                    kpo_staff_name(NEW.verified_by_id), NEW.text;
            END IF;
            IF NEW.verified_by_id = NEW.owner_id THEN
                RAISE EXCEPTION '% owns ''%'', so someone else must verify it (four eyes).',
                    kpo_staff_name(NEW.verified_by_id), NEW.text;
            END IF;
        END IF;
        RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_milestone_four_eyes() RETURNS trigger {plpgsql} AS $$
        DECLARE me integer; me_name text;
        BEGIN
        {me_block}
        IF NEW.qa_reviewer_id IS NOT NULL AND (TG_OP = 'INSERT'
                OR NEW.qa_reviewer_id IS DISTINCT FROM OLD.qa_reviewer_id
                OR NEW.qa_result IS DISTINCT FROM OLD.qa_result) AND NEW.qa_result IS NOT NULL THEN
            IF me IS NULL THEN RAISE EXCEPTION {unmapped}, session_user; END IF;
            IF NEW.qa_reviewer_id <> me THEN
                RAISE EXCEPTION 'You are logged in as %, so you can record the QA review of ''%'' as yours, not as %''s.',
                    me_name, NEW.title, kpo_staff_name(NEW.qa_reviewer_id);
            END IF;
        END IF;
        IF NEW.qa_reviewer_id IS NOT NULL AND NEW.qa_reviewer_id = NEW.author_id AND (TG_OP = 'INSERT'
                OR NEW.qa_reviewer_id IS DISTINCT FROM OLD.qa_reviewer_id
                OR NEW.author_id IS DISTINCT FROM OLD.author_id) THEN
            RAISE EXCEPTION '% wrote ''%'' and cannot also review it; QA needs a second pair of eyes.',
                kpo_staff_name(NEW.author_id), NEW.title;
        END IF;
        IF coalesce(NEW.qa_override_reason, '') <> '' AND (TG_OP = 'INSERT'
                OR NEW.qa_override_reason IS DISTINCT FROM OLD.qa_override_reason)
                AND NOT kpo_is_manager() THEN
            RAISE EXCEPTION 'Only a manager can deliver ''%'' without a QA pass; ask a manager to override.',
                NEW.title;
        END IF;
        RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_engagement_gate() RETURNS trigger {plpgsql} AS $$
        DECLARE missing bigint;
        BEGIN
        IF kpo_is_superuser() OR kpo_is_manager() OR NEW.status IS NOT DISTINCT FROM OLD.status THEN
            RETURN NEW;
        END IF;
        missing := {gate_missing_sql()};
        IF missing > 0 THEN
            RAISE EXCEPTION 'Only a manager can override the gate: % cannot move to % while % gate item% % not done and verified.',
                NEW.code, replace(NEW.status, '_', ' '), missing,
                CASE WHEN missing = 1 THEN '' ELSE 's' END, CASE WHEN missing = 1 THEN 'is' ELSE 'are' END;
        END IF;
        RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION kpo_audit_actor() RETURNS trigger {plpgsql} AS $$
        BEGIN
        IF NOT kpo_is_superuser() THEN NEW.actor := kpo_my_actor(); END IF;
        RETURN NEW;
        END $$""",
    ]


TRIGGERS = (
    ("kpo_four_eyes", "checklistitem", "BEFORE INSERT OR UPDATE", "kpo_checklist_four_eyes"),
    ("kpo_four_eyes", "milestone", "BEFORE INSERT OR UPDATE", "kpo_milestone_four_eyes"),
    ("kpo_gate_override", "engagement", "BEFORE UPDATE OF status", "kpo_engagement_gate"),
    ("kpo_audit_actor", "auditevent", "BEFORE INSERT", "kpo_audit_actor"),
)


def triggers() -> list[str]:
    out = []
    for name, table, when, function in TRIGGERS:
        out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        out.append(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")
    return out


def quoted(name: str) -> str:
    """A role or schema name as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def grants(tables: list[str], owner: str, schema: str) -> list[str]:
    """Table privileges and row-level security for every app table in ``tables``; ``owner``
    owns them (and runs the helper functions)."""
    helpers = ("kpo_my_staff_id()", "kpo_is_manager()", "kpo_is_superuser()", "kpo_my_actor()",
               "kpo_my_engagements()", "kpo_my_clients()", "kpo_staff_name(integer)")
    out = [f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC" for f in helpers]
    out += [f"GRANT EXECUTE ON FUNCTION {f} TO {MANAGER}, {ANALYST}" for f in helpers]
    out += [f"GRANT USAGE ON SCHEMA {quoted(schema)} TO {MANAGER}, {ANALYST}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quoted(schema)} TO {MANAGER}, {ANALYST}",
            f"ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO {MANAGER}",
            f"ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO {MANAGER}, {ANALYST}",
            f"GRANT SELECT ON team_login TO {MANAGER}, {ANALYST}",
            f"GRANT INSERT, UPDATE, DELETE ON team_login TO {MANAGER}"]
    for table in tables:
        out.append(f"REVOKE ALL ON {table} FROM {ANALYST}")
        out.append(f"GRANT ALL ON {table} TO {MANAGER}")
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        for policy in ("kpo_owner", "kpo_manager", "kpo_analyst", "kpo_analyst_insert"):
            out.append(f"DROP POLICY IF EXISTS {policy} ON {table}")
        # The owner (who runs migrations and the helper functions) sees every row: it could turn
        # row-level security off anyway.
        out.append(f"CREATE POLICY kpo_owner ON {table} TO {quoted(owner)} USING (true) WITH CHECK (true)")
        # (SELECT f()), not f(): an uncorrelated subquery is evaluated once per statement (an
        # InitPlan); a SECURITY DEFINER function called bare runs once per row (200,000 rows:
        # 1.2 s instead of 30 ms).
        out.append(f"CREATE POLICY kpo_manager ON {table} TO {MANAGER} "
                   "USING ((SELECT kpo_is_manager())) WITH CHECK ((SELECT kpo_is_manager()))")
        rows = ANALYST_ROWS.get(table)
        if rows is None:
            continue
        out.append(f"GRANT SELECT{', ' + ANALYST_WRITES[table] if table in ANALYST_WRITES else ''} "
                   f"ON {table} TO {ANALYST}")
        out.append(f"CREATE POLICY kpo_analyst ON {table} TO {ANALYST} USING ({rows})")
        if table in ANALYST_INSERT_ANYWAY:
            out.append(f"CREATE POLICY kpo_analyst_insert ON {table} FOR INSERT TO {ANALYST} "
                       "WITH CHECK (true)")
    return out
