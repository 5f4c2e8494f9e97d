"""The plain, frozen values a report is drawn from.

The layout never sees an ORM object or a session: what is in these dataclasses is exactly
what may print. That makes "internal stays internal" testable on the data alone, and keeps
drawing free of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kpo_desk.core.compliance import ComplianceScore
from kpo_desk.core.i18n import N_, SOURCE_LANGUAGE, Message

#: The sections of a client report, in print order (the keys saved presets use).
SECTIONS: tuple[str, ...] = ("summary", "health", "milestones", "ip_protection", "communications",
                             "actions", "risks", "budget", "next_steps")
SECTION_TITLES = {
    "summary": N_("Executive summary"), "health": N_("Health"),
    "milestones": N_("Milestones and deliverables"), "ip_protection": N_("IP protection"),
    "communications": N_("Communications in the period"), "actions": N_("Open actions"),
    "risks": N_("Risks"), "budget": N_("Budget burn"), "next_steps": N_("Next steps"),
}


@dataclass(frozen=True)
class Branding:
    """The firm's look, from settings (snapshotted into each report record for re-printing)."""

    firm_name: str
    logo_path: str = ""
    accent: str = "#1F4E79"
    page_size: str = "A4"


@dataclass(frozen=True)
class EngagementFacts:
    code: str
    title: str
    service: str
    status: str
    client_name: str
    client_country: str
    client_timezone: str
    start_on: date | None
    target_end_on: date | None
    confidentiality: str
    fee_model: str
    lead_name: str = ""


@dataclass(frozen=True)
class HealthReason:
    text: str
    client_text: str = ""  # the wording for a client report, when it differs
    severity: str = ""
    client_facing: bool = True
    rule: str = ""
    #: The client wording as a translatable template (None: print ``client_text`` as it is).
    message: Message | None = None


@dataclass(frozen=True)
class HealthView:
    """Health as the report shows it. ``status`` is None when no assessment is available."""

    status: str | None
    reasons: tuple[HealthReason, ...] = ()
    overridden: bool = False
    override_reason: str = ""


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    due_on: date | None
    status: str
    delivered_on: date | None
    accepted_on: date | None
    overdue_days: int = 0


@dataclass(frozen=True)
class IPProtection:
    """Counts over the engagement's required IP-protection controls that apply, by the one
    compliance rule (``applicable = in_place + waived + outstanding``; verified ⊆ in place),
    and what still needs doing: by the firm, by the client, and the gaps accepted (waived)."""

    applicable: int
    in_place: int
    verified: int
    outstanding: int
    outstanding_controls: tuple[str, ...] = ()
    client_actions: tuple[str, ...] = ()
    waived: int = 0
    waived_controls: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The compliance figure, worded as everywhere else: "7 of 17 verified (41 %)"."""
        return ComplianceScore(self.verified, self.applicable).summary


@dataclass(frozen=True)
class CommunicationRow:
    occurred_local: datetime  # aware, in the client's time zone
    channel: str
    direction: str
    subject: str
    summary: str
    with_names: str


@dataclass(frozen=True)
class ActionRow:
    due_on: date
    action: str
    with_names: str
    overdue_days: int = 0


@dataclass(frozen=True)
class RiskRow:
    category: str
    description: str
    rating: str
    mitigation: str
    status: str


@dataclass(frozen=True)
class BurnPoint:
    on: date
    hours: float


@dataclass(frozen=True)
class BudgetBurn:
    """Cumulative billable hours against a straight-line plan from start to target end."""

    fee_model: str
    budget_hours: float
    used_hours: float
    start_on: date
    end_on: date
    actual: tuple[BurnPoint, ...]

    @property
    def percent_used(self) -> float:
        return 100.0 * self.used_hours / self.budget_hours if self.budget_hours else 0.0


@dataclass(frozen=True)
class NextStep:
    title: str
    due_on: date | None
    status: str
    overdue_days: int = 0


@dataclass(frozen=True)
class ReportData:
    """Everything one client report prints, and nothing else."""

    branding: Branding
    engagement: EngagementFacts
    period_start: date
    period_end: date
    report_date: date
    recipient: str = ""
    summary: str = ""
    sections: tuple[str, ...] = SECTIONS
    health: HealthView | None = None
    milestones: tuple[MilestoneRow, ...] = ()
    ip_protection: IPProtection | None = None
    communications: tuple[CommunicationRow, ...] = ()
    open_actions: tuple[ActionRow, ...] = ()
    risks: tuple[RiskRow, ...] = ()
    budget: BudgetBurn | None = None
    next_steps: tuple[NextStep, ...] = ()
    #: Client-visible milestones, done or not: "all complete" differs from "none agreed yet".
    milestone_count: int = 0
    #: The shipped language the report is written in (kpo_desk.core.i18n.LANGUAGES).
    language: str = SOURCE_LANGUAGE


@dataclass(frozen=True)
class PortfolioRow:
    code: str
    title: str
    client_name: str
    status: str
    health: HealthView | None
    compliance_verified: int | None
    compliance_applicable: int | None
    next_milestone: str = ""
    next_milestone_due: date | None = None
    overdue_followups: int = 0
    oldest_overdue_days: int = 0
    live: bool = True  # onboarding, active or on hold: health and milestones apply

    @property
    def compliance_summary(self) -> str:
        """The compliance figure, worded as everywhere else: "7 of 17 verified (41 %)"."""
        return ComplianceScore(self.compliance_verified or 0, self.compliance_applicable or 0).summary


@dataclass(frozen=True)
class PortfolioData:
    """The internal portfolio report: every engagement, for the manager only."""

    branding: Branding
    report_date: date
    rows: tuple[PortfolioRow, ...] = field(default_factory=tuple)
