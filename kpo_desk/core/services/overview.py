"""What the detail pane shows about one engagement, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import func, select

from kpo_desk.core.enums import ChecklistState
from kpo_desk.core.models import (
    Assignment,
    ChecklistItem,
    Client,
    Communication,
    Engagement,
    Milestone,
    Staff,
    TimeEntry,
)
from kpo_desk.core.services import base
from kpo_desk.core.services.engagements import allowed_transitions
from kpo_desk.core.store import Store


@dataclass
class EngagementOverview:
    engagement: Engagement
    client: Client
    lead: Staff | None
    milestones: list[Milestone]
    team: list[tuple[Assignment, Staff, Staff | None]]
    hours_logged: float
    communications: int
    checklist_open: int
    checklist_total: int
    next_statuses: list = field(default_factory=list)


def engagement_overview(store: Store, engagement_id: int) -> EngagementOverview:
    with store.read() as s:
        e = base.get_or_fail(s, Engagement, engagement_id, "engagement")
        client = s.get(Client, e.client_id)
        lead = s.get(Staff, e.lead_id) if e.lead_id else None
        milestones = sorted(s.exec(select(Milestone).where(Milestone.engagement_id == e.id)),
                            key=lambda m: (m.due_on is None, m.due_on, m.id))
        team = []
        for a in s.exec(select(Assignment).where(Assignment.engagement_id == e.id).order_by(Assignment.id)):
            team.append((a, s.get(Staff, a.staff_id), s.get(Staff, a.backup_staff_id) if a.backup_staff_id else None))
        hours = s.exec(select(func.coalesce(func.sum(TimeEntry.hours), 0.0))
                       .where(TimeEntry.engagement_id == e.id)).one()
        comms = s.exec(select(func.count()).select_from(Communication)
                       .where(Communication.engagement_id == e.id)).one()
        total = s.exec(select(func.count()).select_from(ChecklistItem)
                       .where(ChecklistItem.engagement_id == e.id)).one()
        open_items = s.exec(select(func.count()).select_from(ChecklistItem)
                            .where(ChecklistItem.engagement_id == e.id,
                                   ChecklistItem.state == ChecklistState.OPEN)).one()
    return EngagementOverview(e, client, lead, milestones, team, float(hours), comms, open_items, total,
                              allowed_transitions(e.status))
