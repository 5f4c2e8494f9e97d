"""change notifications: on a team server, every committed change says which table and engagements

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:40:00

On PostgreSQL each app table gets three statement-level triggers (after INSERT, UPDATE and
DELETE) that call ``pg_notify('kpo_desk_changes', payload)``. The server delivers the
notification at commit, to every connection that did ``LISTEN kpo_desk_changes``
(kpo_desk.core.live.ChangeListener), so that other people's open lists, dashboard and engagement
refresh within moments of a change.

The payload is tiny JSON: the table's name and, where the table has one, the distinct
engagement ids of the changed rows, e.g. ``{"t":"communication","e":[12]}``. Never any value
of a row: a payload reaches every listener whatever row-level security lets them read.
More than ``MAX_IDS`` engagements in one statement (a bulk load) say ``"e":null``: "any".
Statement-level with transition tables, so a bulk insert costs one notification, not one per
row; the server also folds identical notifications of one transaction into one.

On SQLite nothing changes (one person per file; the schema snapshot is the same as at 0006).
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

CHANNEL = "kpo_desk_changes"
#: More engagements than this in one statement are sent as "any" (payloads hold 8,000 bytes).
MAX_IDS = 200
#: The app tables at this revision -> the column that names the engagement ('' for none).
TABLES = {
    "auditevent": "", "client": "", "setting": "", "staff": "", "contact": "",
    "engagement": "id",
    "assignment": "engagement_id", "checklistitem": "engagement_id", "communication": "engagement_id",
    "milestone": "engagement_id", "reportpreset": "engagement_id", "reportrecord": "engagement_id",
    "risk": "engagement_id", "timeentry": "engagement_id",
    "attachment": "", "communicationcontact": "", "communicationstaff": "",
}
EVENTS = {"insert": "NEW TABLE AS kpo_new", "update": "OLD TABLE AS kpo_old NEW TABLE AS kpo_new",
          "delete": "OLD TABLE AS kpo_old"}

# TG_ARGV[0]: the engagement column ('' for none). Transition tables are read through EXECUTE,
# since the column differs per table; an UPDATE sends the engagements before and after.
FUNCTION = f"""
CREATE OR REPLACE FUNCTION kpo_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
    ids integer[];
    src text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM kpo_new LIMIT 1;
    ELSE
        PERFORM 1 FROM kpo_old LIMIT 1;
    END IF;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF col = '' THEN
        PERFORM pg_notify('{CHANNEL}', json_build_object('t', TG_TABLE_NAME)::text);
        RETURN NULL;
    END IF;
    src := CASE TG_OP WHEN 'INSERT' THEN format('SELECT %I FROM kpo_new', col)
                      WHEN 'DELETE' THEN format('SELECT %I FROM kpo_old', col)
                      ELSE format('SELECT %I FROM kpo_new UNION SELECT %I FROM kpo_old', col, col) END;
    EXECUTE format('SELECT array_agg(DISTINCT x ORDER BY x) FROM (%s LIMIT {MAX_IDS + 1}) s(x) '
                   'WHERE x IS NOT NULL', 'SELECT DISTINCT x FROM (' || src || ') d(x)') INTO ids;
    IF ids IS NOT NULL AND cardinality(ids) > {MAX_IDS} THEN
        ids := NULL;
    END IF;
    PERFORM pg_notify('{CHANNEL}', json_build_object('t', TG_TABLE_NAME, 'e', ids)::text);
    RETURN NULL;
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table, column in TABLES.items():
        for event, referencing in EVENTS.items():
            op.execute(f"CREATE TRIGGER kpo_notify_{event} AFTER {event.upper()} ON {table} "
                       f"REFERENCING {referencing} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION kpo_notify_change('{column}')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS kpo_notify_{event} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS kpo_notify_change()")
