"""due-date indexes: partial indexes for what can fall due, evidence that expires, follow-ups owed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:00:00

The dashboard's "Needs attention" walks checklist items in due-date order and stops after a
few hundred; without an index on the due date it sorted every item of every live engagement
(about 200 ms on 20,000 engagements). Only items that can fall due are indexed, so the index
stays small. The health rules look up each engagement's follow-ups still owed (a few among its
hundreds of log entries). The conditions are frozen here; the models carry the same text.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

PENDING_DUE = "due_on IS NOT NULL AND (state = 'open' OR (state = 'done' AND recurrence != 'none'))"
EXPIRING = "expires_on IS NOT NULL"
FOLLOW_UP_PENDING = "follow_up_done = 0 AND follow_up_due IS NOT NULL"
#: The same condition where booleans are not integers (PostgreSQL).
FOLLOW_UP_PENDING_PG = "follow_up_done = false AND follow_up_due IS NOT NULL"


def upgrade() -> None:
    op.create_index("ix_checklistitem_pending_due", "checklistitem", ["due_on"], sqlite_where=sa.text(PENDING_DUE),
                    postgresql_where=sa.text(PENDING_DUE))
    op.create_index("ix_attachment_expires_on", "attachment", ["expires_on"], sqlite_where=sa.text(EXPIRING),
                    postgresql_where=sa.text(EXPIRING))
    op.create_index("ix_communication_followup_pending", "communication", ["engagement_id", "follow_up_due"],
                    sqlite_where=sa.text(FOLLOW_UP_PENDING), postgresql_where=sa.text(FOLLOW_UP_PENDING_PG))


def downgrade() -> None:
    op.drop_index("ix_communication_followup_pending", table_name="communication")
    op.drop_index("ix_attachment_expires_on", table_name="attachment")
    op.drop_index("ix_checklistitem_pending_due", table_name="checklistitem")
