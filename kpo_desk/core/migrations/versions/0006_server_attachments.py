"""server attachments: on a team server, attachment bytes live in the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 15:20:00

On PostgreSQL the bytes of evidence and mail attachments are kept in their own table, named by
the SHA-256 of the bytes (as the files of a folder store are), so that the server's row-level
security and its backups (pg_dump) cover them as they cover the rows that refer to them.
``kpo_desk.core.attachments_db.DatabaseAttachmentStore`` reads and writes it.

On SQLite nothing changes: the files stay in the folder beside the store (plain, or encrypted),
and the schema snapshot of a file store (migrations/schema.json) is the same as at 0005.
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE attachment_blob ("
               "sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'), "
               "size BIGINT NOT NULL CHECK (size >= 0), "
               "data BYTEA NOT NULL)")
    # The bytes are documents (PDFs, scans, zips): mostly compressed already, so TOAST keeps them
    # out of line without trying to compress them again.
    op.execute("ALTER TABLE attachment_blob ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE attachment_blob")
