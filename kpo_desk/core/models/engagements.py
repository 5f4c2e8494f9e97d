"""Engagements and the work inside them: team, milestones, time and risks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kpo_desk.core.enums import (
    Confidentiality,
    EngagementStatus,
    FeeModel,
    MilestoneStatus,
    QAResult,
    RiskCategory,
    RiskStatus,
    ServiceType,
)
from kpo_desk.core.models.types import (
    StrEnumType,
    UTCDateTime,
    checks_version,
    utcnow,
    version_column,
)


class EngagementBase(SQLModel):
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="RESTRICT")
    code: str = Field(max_length=40, unique=True)
    title: str = Field(max_length=200)
    service_type: ServiceType = Field(sa_type=StrEnumType(ServiceType), index=True)
    status: EngagementStatus = Field(
        default=EngagementStatus.PROPOSED, sa_type=StrEnumType(EngagementStatus), index=True
    )
    signed_on: date | None = None
    start_on: date | None = None
    target_end_on: date | None = None
    closed_on: date | None = None
    fee_model: FeeModel = Field(default=FeeModel.FIXED, sa_type=StrEnumType(FeeModel))
    budget_hours: float | None = Field(default=None, ge=0)
    budget_cents: int | None = Field(default=None, ge=0, description="money budget in minor units")
    currency: str = Field(default="USD", max_length=3)
    lead_id: int | None = Field(default=None, foreign_key="staff.id", index=True, ondelete="SET NULL")
    confidentiality: Confidentiality = Field(
        default=Confidentiality.CONFIDENTIAL, sa_type=StrEnumType(Confidentiality)
    )
    description: str = Field(default="")
    health_override: str | None = Field(default=None, max_length=8)
    health_override_reason: str = Field(default="")
    health_override_until: date | None = None


class Engagement(EngagementBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class Assignment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("engagement_id", "staff_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", index=True, ondelete="CASCADE")
    staff_id: int = Field(foreign_key="staff.id", index=True, ondelete="RESTRICT")
    role: str = Field(max_length=120)
    is_key_role: bool = Field(default=False)
    backup_staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class Milestone(SQLModel, table=True):
    __table_args__ = (Index("ix_milestone_due_status", "due_on", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    due_on: date | None = None
    status: MilestoneStatus = Field(
        default=MilestoneStatus.PLANNED, sa_type=StrEnumType(MilestoneStatus)
    )
    author_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    qa_reviewer_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    qa_result: QAResult | None = Field(default=None, sa_type=StrEnumType(QAResult))
    delivered_on: date | None = None
    accepted_on: date | None = None
    qa_override_reason: str = Field(default="", description="why it was delivered without a QA pass")
    client_visible: bool = Field(default=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class TimeEntry(SQLModel, table=True):
    __table_args__ = (Index("ix_timeentry_engagement_date", "engagement_id", "work_date"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE")
    staff_id: int = Field(foreign_key="staff.id", index=True, ondelete="RESTRICT")
    work_date: date
    hours: float = Field(gt=0, le=24)
    billable: bool = Field(default=True)
    note: str = Field(default="")
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)


class Risk(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", index=True, ondelete="CASCADE")
    category: RiskCategory = Field(sa_type=StrEnumType(RiskCategory))
    description: str
    likelihood: int = Field(default=3, ge=1, le=5)
    impact: int = Field(default=3, ge=1, le=5)
    mitigation: str = Field(default="")
    owner_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    status: RiskStatus = Field(default=RiskStatus.OPEN, sa_type=StrEnumType(RiskStatus))
    client_visible: bool = Field(default=False)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = checks_version(version)
