"""What the app keeps about itself: the reports it produced and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from kpo_desk.core.enums import AuditAction, ReportKind
from kpo_desk.core.models.types import (
    StrEnumType,
    UTCDateTime,
    checks_version,
    utcnow,
    version_column,
)


class ReportRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: ReportKind = Field(default=ReportKind.ENGAGEMENT, sa_type=StrEnumType(ReportKind))
    engagement_id: int | None = Field(default=None, foreign_key="engagement.id", index=True,
                                      ondelete="CASCADE")
    period_start: date | None = None
    period_end: date | None = None
    generated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    file_name: str = Field(default="", max_length=500)
    sha256: str = Field(default="", max_length=64)
    recipient: str = Field(default="", max_length=300)
    summary: str = Field(default="")
    settings_json: str = Field(default="{}")


class ReportPreset(SQLModel, table=True):
    """A report's saved settings, so that next week's report is one click."""

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int | None = Field(default=None, foreign_key="engagement.id", index=True,
                                      ondelete="CASCADE")
    kind: ReportKind = Field(default=ReportKind.ENGAGEMENT, sa_type=StrEnumType(ReportKind))
    name: str = Field(default="", max_length=200)
    period: str = Field(default="since_last_report", max_length=40,
                        description="since_last_report, last_7_days, last_30_days, this_month, custom")
    sections_json: str = Field(default="[]")
    recipient: str = Field(default="", max_length=300)
    last_run_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class AuditEvent(SQLModel, table=True):
    __table_args__ = (Index("ix_auditevent_record", "record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=200)
    record_type: str = Field(max_length=60)
    record_id: int | None = None
    action: AuditAction = Field(sa_type=StrEnumType(AuditAction))
    old_values: str = Field(default="{}")
    new_values: str = Field(default="{}")
