"""store secrets: a small table for keys kept inside an encrypted store

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00

An encrypted store keeps the keys of its attachment folder (content and names, 64 bytes) here,
inside the SQLCipher database, so they are as safe as the rows they protect and travel with
every backup. A plain store has the table too, empty. It has no SQLModel class (nothing but
kpo_desk.core.store reads it), so kpo_desk.core.migrations.include_name leaves it out of the
comparison of models and schema.
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    blob = "BYTEA" if op.get_bind().dialect.name == "postgresql" else "BLOB"
    op.execute(f"CREATE TABLE secret (name TEXT PRIMARY KEY NOT NULL, value {blob} NOT NULL)")


def downgrade() -> None:
    op.execute("DROP TABLE secret")
