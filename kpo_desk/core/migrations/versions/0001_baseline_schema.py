"""baseline schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 11:04:24.184037
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auditevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('record_type', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('old_values', sa.String(), nullable=False),
    sa.Column('new_values', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditevent_at'), ['at'], unique=False)
        batch_op.create_index('ix_auditevent_record', ['record_type', 'record_id'], unique=False)

    op.create_table('client',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('industry', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=80), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_name'), ['name'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('staff',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('contact',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('preferred_channel', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_email'), ['email'], unique=False)

    op.create_table('engagement',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('service_type', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('target_end_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('fee_model', sa.String(length=32), nullable=False),
    sa.Column('budget_hours', sa.Float(), nullable=True),
    sa.Column('budget_cents', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('confidentiality', sa.String(length=32), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('health_override', sa.String(length=8), nullable=True),
    sa.Column('health_override_reason', sa.String(), nullable=False),
    sa.Column('health_override_until', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['lead_id'], ['staff.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_service_type'), ['service_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_status'), ['status'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('is_key_role', sa.Boolean(), nullable=False),
    sa.Column('backup_staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['backup_staff_id'], ['staff.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('engagement_id', 'staff_id', 'role')
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_engagement_id'), ['engagement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_staff_id'), ['staff_id'], unique=False)

    op.create_table('checklistitem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('template_key', sa.String(length=120), nullable=False),
    sa.Column('template_file', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('gate', sa.String(length=32), nullable=False),
    sa.Column('evidence_expected', sa.Boolean(), nullable=False),
    sa.Column('recurrence', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['staff.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('checklistitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklistitem_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('communication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('sender', sa.String(length=500), nullable=False),
    sa.Column('recipients', sa.String(), nullable=False),
    sa.Column('body', sa.String(), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('follow_up_due', sa.Date(), nullable=True),
    sa.Column('follow_up_done', sa.Boolean(), nullable=False),
    sa.Column('client_visible', sa.Boolean(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id')
    )
    with op.batch_alter_table('communication', schema=None) as batch_op:
        batch_op.create_index('ix_communication_engagement_when', ['engagement_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_communication_followup_open', ['follow_up_done', 'follow_up_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_communication_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('qa_reviewer_id', sa.Integer(), nullable=True),
    sa.Column('qa_result', sa.String(length=32), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('qa_override_reason', sa.String(), nullable=False),
    sa.Column('client_visible', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['qa_reviewer_id'], ['staff.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index('ix_milestone_due_status', ['due_on', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('reportpreset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('sections_json', sa.String(), nullable=False),
    sa.Column('recipient', sa.String(length=300), nullable=False),
    sa.Column('last_run_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reportpreset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reportpreset_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('reportrecord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('generated_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('recipient', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('settings_json', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reportrecord', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reportrecord_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('likelihood', sa.Integer(), nullable=False),
    sa.Column('impact', sa.Integer(), nullable=False),
    sa.Column('mitigation', sa.String(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('client_visible', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('timeentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('work_date', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('billable', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('timeentry', schema=None) as batch_op:
        batch_op.create_index('ix_timeentry_engagement_date', ['engagement_id', 'work_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_timeentry_staff_id'), ['staff_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checklist_item_id', sa.Integer(), nullable=True),
    sa.Column('communication_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['checklist_item_id'], ['checklistitem.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['communication_id'], ['communication.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_checklist_item_id'), ['checklist_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_communication_id'), ['communication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)

    op.create_table('communicationcontact',
    sa.Column('communication_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['communication_id'], ['communication.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('communication_id', 'contact_id')
    )
    with op.batch_alter_table('communicationcontact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communicationcontact_contact_id'), ['contact_id'], unique=False)

    op.create_table('communicationstaff',
    sa.Column('communication_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['communication_id'], ['communication.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('communication_id', 'staff_id')
    )
    with op.batch_alter_table('communicationstaff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communicationstaff_staff_id'), ['staff_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('communicationstaff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communicationstaff_staff_id'))

    op.drop_table('communicationstaff')
    with op.batch_alter_table('communicationcontact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communicationcontact_contact_id'))

    op.drop_table('communicationcontact')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_communication_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_checklist_item_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('timeentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timeentry_staff_id'))
        batch_op.drop_index('ix_timeentry_engagement_date')

    op.drop_table('timeentry')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_engagement_id'))

    op.drop_table('risk')
    with op.batch_alter_table('reportrecord', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reportrecord_engagement_id'))

    op.drop_table('reportrecord')
    with op.batch_alter_table('reportpreset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reportpreset_engagement_id'))

    op.drop_table('reportpreset')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_engagement_id'))
        batch_op.drop_index('ix_milestone_due_status')

    op.drop_table('milestone')
    with op.batch_alter_table('communication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communication_occurred_at'))
        batch_op.drop_index('ix_communication_followup_open')
        batch_op.drop_index('ix_communication_engagement_when')

    op.drop_table('communication')
    with op.batch_alter_table('checklistitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklistitem_engagement_id'))

    op.drop_table('checklistitem')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_staff_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_engagement_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_status'))
        batch_op.drop_index(batch_op.f('ix_engagement_service_type'))
        batch_op.drop_index(batch_op.f('ix_engagement_lead_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_client_id'))

    op.drop_table('engagement')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_email'))
        batch_op.drop_index(batch_op.f('ix_contact_client_id'))

    op.drop_table('contact')
    op.drop_table('staff')
    op.drop_table('setting')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_name'))

    op.drop_table('client')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index('ix_auditevent_record')
        batch_op.drop_index(batch_op.f('ix_auditevent_at'))

    op.drop_table('auditevent')
