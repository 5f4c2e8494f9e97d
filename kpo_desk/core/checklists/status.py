"""How an engagement's IP protection stands: the lines the Checklist tab lists and the
IP-protection section of the client report.

``ControlLine`` deliberately carries no internal note, so that the report can print any
field of it; the note stays on the item, for the desk only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import aliased
from sqlmodel import func, select

from kpo_desk.core.checklists.score import ENDED, ComplianceScore, score_of
from kpo_desk.core.checklists.templates import is_client_side
from kpo_desk.core.checklists.workflow import list_items
from kpo_desk.core.enums import ChecklistState, Gate, Recurrence
from kpo_desk.core.models import Attachment, ChecklistItem, Engagement, Staff
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

CS = ChecklistState
#: Template owner roles are not stored on items; the client's own controls are recognised by
#: their category (the templates put every client-side control in category "Client").


@dataclass(frozen=True, slots=True)
class ControlLine:
    item_id: int
    category: str
    text: str
    required: bool
    gate: Gate
    recurrence: Recurrence
    state: ChecklistState
    client_side: bool
    owner: str
    done_by: str
    done_on: date | None
    verified_by: str
    verified_on: date | None
    due_on: date | None
    evidence_files: int
    evidence_expires_on: date | None  # the earliest expiry among its files
    reason: str  # why it is not applicable or waived

    @property
    def verified(self) -> bool:
        return self.state == CS.DONE and bool(self.verified_by)


def control_lines(store: Store, engagement_id: int) -> list[ControlLine]:
    """An engagement's checklist with names resolved and evidence counted, in display order."""
    owner, doer, verifier = aliased(Staff), aliased(Staff), aliased(Staff)
    files = (select(Attachment.checklist_item_id.label("item_id"), func.count().label("n"),
                    func.min(Attachment.expires_on).label("expires"))
             .join(ChecklistItem, ChecklistItem.id == Attachment.checklist_item_id)
             .where(ChecklistItem.engagement_id == engagement_id)
             .group_by(Attachment.checklist_item_id).subquery())
    stmt = (select(ChecklistItem, owner.name, doer.name, verifier.name, files.c.n, files.c.expires)
            .outerjoin(owner, owner.id == ChecklistItem.owner_id)
            .outerjoin(doer, doer.id == ChecklistItem.done_by_id)
            .outerjoin(verifier, verifier.id == ChecklistItem.verified_by_id)
            .outerjoin(files, files.c.item_id == ChecklistItem.id)
            .where(ChecklistItem.engagement_id == engagement_id))
    with store.read() as s:
        base.get_or_fail(s, Engagement, engagement_id, "engagement", field="engagement_id")
        found = {row[0].id: row for row in s.exec(stmt).all()}
    order = [i.id for i in list_items(store, engagement_id)]
    lines = []
    for item_id in order:
        item, owner_name, doer_name, verifier_name, n, expires = found[item_id]
        lines.append(ControlLine(
            item_id=item.id, category=item.category, text=item.text, required=item.required,
            gate=item.gate, recurrence=item.recurrence, state=item.state,
            client_side=is_client_side(item.category, ""), owner=owner_name or "",
            done_by=doer_name or "", done_on=item.done_at.date() if item.done_at else None,
            verified_by=verifier_name or "",
            verified_on=item.verified_at.date() if item.verified_at else None, due_on=item.due_on,
            evidence_files=int(n or 0), evidence_expires_on=expires, reason=item.reason))
    return lines


@dataclass(frozen=True)
class IPProtectionStatus:
    """The IP-protection section of a client report.

    ``in_place`` holds every control done (verified or not), ``verified`` the subset a second
    person checked. ``outstanding`` are open controls the firm owes; ``client_actions`` are
    open controls the client owes. Each list is in checklist order.
    """

    engagement_id: int
    code: str
    score: ComplianceScore
    in_place: list[ControlLine] = field(default_factory=list)
    verified: list[ControlLine] = field(default_factory=list)
    outstanding: list[ControlLine] = field(default_factory=list)
    client_actions: list[ControlLine] = field(default_factory=list)
    not_applicable: list[ControlLine] = field(default_factory=list)
    waived: list[ControlLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.in_place) + len(self.outstanding) + len(self.client_actions) + \
            len(self.not_applicable) + len(self.waived)


def ip_protection_status(store: Store, engagement_id: int) -> IPProtectionStatus:
    lines = control_lines(store, engagement_id)
    with store.read() as s:
        e = base.get_or_fail(s, Engagement, engagement_id, "engagement", field="engagement_id")
    score = score_of(((x.required, x.gate, x.state, x.verified) for x in lines), ended=e.status in ENDED)
    status = IPProtectionStatus(engagement_id, e.code, score)
    for line in lines:
        if line.state == CS.DONE:
            status.in_place.append(line)
            if line.verified:
                status.verified.append(line)
        elif line.state == CS.NOT_APPLICABLE:
            status.not_applicable.append(line)
        elif line.state == CS.WAIVED:
            status.waived.append(line)
        elif line.client_side:
            status.client_actions.append(line)
        else:
            status.outstanding.append(line)
    return status
