"""The closed vocabularies of the domain.

Every enum is a ``StrEnum`` whose *value* is what the store holds, so raw SQL,
exports and the models all agree on one spelling.  ``label`` gives the human text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def parse(cls, text: str) -> _Labelled:
        """Accept a value, a member name or a label, case-insensitively."""
        wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
        for member in cls:
            if wanted in (member.value, member.name.lower(), member.label.lower().replace(" ", "_")):
                return member
        raise ValueError(text)


class ServiceType(_Labelled):
    IP_PATENT = "ip_patent"
    EQUITY_FINANCIAL = "equity_financial"
    MARKET_RESEARCH = "market_research"
    LEGAL_PROCESS = "legal_process"
    MEDICAL_CLINICAL = "medical_clinical"
    RND_ENGINEERING = "rnd_engineering"
    DATA_ANALYTICS = "data_analytics"
    DESIGN_ANIMATION = "design_animation"
    OTHER = "other"


class EngagementStatus(_Labelled):
    PROPOSED = "proposed"
    ONBOARDING = "onboarding"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    # The status groups, each defined once (below the class, where the members exist).
    #: Work under way or about to be: assessed for health, held to account on the dashboard.
    LIVE: ClassVar[tuple[EngagementStatus, ...]]
    #: Work running now; an engagement on hold has paused its dates and cadence by agreement.
    RUNNING: ClassVar[tuple[EngagementStatus, ...]]
    #: Finished one way or the other.
    ENDED: ClassVar[tuple[EngagementStatus, ...]]
    #: Not ended: proposals included (the "Open work" filter, Today's set-up checks).
    OPEN: ClassVar[tuple[EngagementStatus, ...]]


class FeeModel(_Labelled):
    FIXED = "fixed"
    TIME_AND_MATERIALS = "time_and_materials"
    RETAINER = "retainer"


class Confidentiality(_Labelled):
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    RESTRICTED = "restricted"


class MilestoneStatus(_Labelled):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IN_QA = "in_qa"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    REWORK = "rework"

    #: Still to be delivered (a milestone in these can be late).
    OPEN: ClassVar[tuple[MilestoneStatus, ...]]
    #: Handed over to the client.
    DONE: ClassVar[tuple[MilestoneStatus, ...]]


class QAResult(_Labelled):
    PASSED = "passed"
    FAILED = "failed"


class ChecklistState(_Labelled):
    OPEN = "open"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"


class Gate(_Labelled):
    """Which status change a checklist item guards."""

    NONE = "none"
    ACTIVATION = "activation"
    CLOSURE = "closure"


class Recurrence(_Labelled):
    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class RiskCategory(_Labelled):
    """The five risks that define KPO work."""

    CONFIDENTIALITY = "confidentiality"
    KEY_PEOPLE = "key_people"
    QUALITY = "quality"
    STARTUP = "startup"
    COMMUNICATION = "communication"


class RiskStatus(_Labelled):
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"


class Channel(_Labelled):
    EMAIL = "email"
    CALL = "call"
    VIDEO = "video"
    MEETING = "meeting"
    CHAT = "chat"
    LETTER = "letter"


class Direction(_Labelled):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


class ReportKind(_Labelled):
    ENGAGEMENT = "engagement"
    PORTFOLIO = "portfolio"


class AuditAction(_Labelled):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    TRANSITION = "transition"
    OVERRIDE = "override"


_ES, _MS = EngagementStatus, MilestoneStatus
_ES.LIVE = (_ES.ONBOARDING, _ES.ACTIVE, _ES.ON_HOLD)
_ES.RUNNING = (_ES.ONBOARDING, _ES.ACTIVE)
_ES.ENDED = (_ES.CLOSED, _ES.CANCELLED)
_ES.OPEN = (_ES.PROPOSED, *_ES.LIVE)
_MS.OPEN = (_MS.PLANNED, _MS.IN_PROGRESS, _MS.IN_QA, _MS.REWORK)
_MS.DONE = (_MS.DELIVERED, _MS.ACCEPTED)

_LABELS: dict[StrEnum, str] = {
    ServiceType.IP_PATENT: "IP and patent research",
    ServiceType.EQUITY_FINANCIAL: "Equity and financial research",
    ServiceType.MARKET_RESEARCH: "Market research",
    ServiceType.LEGAL_PROCESS: "Legal process",
    ServiceType.MEDICAL_CLINICAL: "Medical and clinical",
    ServiceType.RND_ENGINEERING: "R&D and engineering",
    ServiceType.DATA_ANALYTICS: "Data analytics",
    ServiceType.DESIGN_ANIMATION: "Design and animation",
    ServiceType.OTHER: "Other",
    EngagementStatus.ON_HOLD: "On hold",
    FeeModel.TIME_AND_MATERIALS: "Time and materials",
    MilestoneStatus.IN_QA: "In QA",
    RiskCategory.CONFIDENTIALITY: "Loss of confidential information or IP",
    RiskCategory.KEY_PEOPLE: "Losing key people",
    RiskCategory.QUALITY: "Quality not assured",
    RiskCategory.STARTUP: "Slow start-up",
    RiskCategory.COMMUNICATION: "Communication barriers",
    Channel.EMAIL: "E-mail",
    Recurrence.NONE: "Does not recur",
}
