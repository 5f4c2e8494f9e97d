"""checklist tally: how many checklist items of each shape every engagement has, kept by triggers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:15:00

The compliance figure of every engagement (kpo_desk.core.compliance) is counted over every
checklist item of the portfolio: 456,000 on the large benchmark store, about 200 ms a full
assessment. ``checklist_tally`` holds, per engagement, the number of items of each *shape*
(required, state, signed off), kept exact by three triggers on ``checklistitem``: about five
rows an engagement. It holds no rule: the compliance module applies its one rule to these rows
(weighted by ``items``), then takes out the items whose evidence has expired on the day asked,
which only a date can tell and a trigger cannot.

SQLite only, like the FTS5 indexes of 0002: on a team server the grouped query over the items
stays (row-level security decides what each login may count there, and a tally shared by
every login would have to be secured again). The DDL is frozen here; the query side's table
is kpo_desk.core.compliance.CHECKLIST_TALLY.
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLE = "checklist_tally"
SHAPE = "engagement_id, required, state, signed"


def _same_shape(row: str) -> str:
    return (f"engagement_id = {row}.engagement_id AND required = {row}.required AND state = {row}.state "
            f"AND signed = ({row}.verified_by_id IS NOT NULL)")


def _add(row: str) -> str:
    return (f"INSERT INTO {TABLE} ({SHAPE}, items) VALUES ({row}.engagement_id, {row}.required, {row}.state, "
            f"{row}.verified_by_id IS NOT NULL, 1) ON CONFLICT ({SHAPE}) DO UPDATE SET items = items + 1;")


def _take(row: str) -> str:
    return (f"UPDATE {TABLE} SET items = items - 1 WHERE {_same_shape(row)}; "
            f"DELETE FROM {TABLE} WHERE {_same_shape(row)} AND items <= 0;")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE TABLE {TABLE} (engagement_id INTEGER NOT NULL, required BOOLEAN NOT NULL, "
               f"state VARCHAR(32) NOT NULL, signed BOOLEAN NOT NULL, items INTEGER NOT NULL, "
               f"PRIMARY KEY ({SHAPE})) WITHOUT ROWID")
    op.execute(f"INSERT INTO {TABLE} ({SHAPE}, items) SELECT engagement_id, required, state, "
               "verified_by_id IS NOT NULL, count(*) FROM checklistitem GROUP BY 1, 2, 3, 4")
    op.execute(f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON checklistitem BEGIN {_add('new')} END")
    op.execute(f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON checklistitem BEGIN {_take('old')} END")
    # Only a change of shape touches the tally: editing an item's text or due date does not.
    op.execute(f"CREATE TRIGGER {TABLE}_au AFTER UPDATE OF engagement_id, required, state, verified_by_id "
               "ON checklistitem WHEN old.engagement_id IS NOT new.engagement_id OR old.required IS NOT new.required "
               "OR old.state IS NOT new.state OR (old.verified_by_id IS NULL) <> (new.verified_by_id IS NULL) "
               f"BEGIN {_take('old')} {_add('new')} END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix in ("au", "ad", "ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
