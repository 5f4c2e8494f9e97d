"""Applying templates to engagements.

An engagement gets its items when it is created. Re-applying after a firm edits its templates
adds the new controls and refreshes the wording of existing ones, matched by template key,
while their state, sign-offs, owner and evidence stay as they were. Nothing is ever deleted:
a control dropped from the template stays on the engagement, listed as retired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from kpo_desk.core import audit
from kpo_desk.core.checklists.templates import TemplateItem, is_client_side, items_for_service
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.models import Assignment, ChecklistItem, Engagement, Staff
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

#: The columns a template defines; re-applying refreshes these and nothing else.
DEFINITION = {"category": "category", "text": "text", "required": "required", "gate": "gate",
              "evidence_expected": "evidence", "recurrence": "recurrence", "template_file": "file"}


@dataclass
class ApplyResult:
    """What applying a template did, by template key."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: Items from an earlier template that the current one no longer has (kept, never deleted).
    retired: list[str] = field(default_factory=list)


class OwnerFinder:
    """Picks the default owner for a template role on one engagement.

    Order: an assigned staff member whose assignment role or job role matches; then the
    engagement lead if their role matches; then the firm's first active staff member with
    that role (firm-wide roles such as IT administrator are rarely assigned). Client-side
    controls have no owner among our staff.
    """

    def __init__(self, session: Session, engagement: Engagement) -> None:
        rows = session.exec(select(Assignment.role, Staff.id, Staff.role)
                            .join(Staff, Staff.id == Assignment.staff_id)
                            .where(Assignment.engagement_id == engagement.id, Staff.active == True)  # noqa: E712
                            .order_by(Assignment.is_key_role.desc(), Assignment.id)).all()
        self.assigned = [(a.lower(), sid, s.lower()) for a, sid, s in rows]
        lead = session.get(Staff, engagement.lead_id) if engagement.lead_id else None
        self.lead = (lead.id, lead.role.lower()) if lead and lead.active else None
        self.firm = [(sid, role.lower()) for sid, role in
                     session.exec(select(Staff.id, Staff.role).where(Staff.active == True)  # noqa: E712
                                  .order_by(Staff.id)).all()]

    def owner_for(self, item: TemplateItem) -> int | None:
        role = item.owner_role.strip().lower()
        if not role or is_client_side(item.category, item.owner_role):
            return None
        for assignment_role, staff_id, staff_role in self.assigned:
            if role in (assignment_role, staff_role):
                return staff_id
        if self.lead and self.lead[1] == role:
            return self.lead[0]
        return next((sid for sid, staff_role in self.firm if staff_role == role), None)


def apply_template(store: Store, *, engagement_id: int, folder: Path | None = None) -> ApplyResult:
    """Apply (or re-apply) the common and service templates to one engagement, in one unit of
    work (the caller's, if it holds one: ``create_engagement`` applies them in its own).

    A broken template refuses the whole apply with the file and line at fault, rather than
    leaving an engagement with half its controls.
    """
    with store.transaction() as session:
        engagement = base.get_or_fail(session, Engagement, engagement_id, "engagement", field="engagement_id")
        return _apply(session, engagement, actor=store.actor, folder=folder)


def _apply(session: Session, engagement: Engagement, *, actor: str, folder: Path | None) -> ApplyResult:
    template = items_for_service(engagement.service_type, folder)
    existing = {i.template_key: i for i in session.exec(
        select(ChecklistItem).where(ChecklistItem.engagement_id == engagement.id,
                                    ChecklistItem.template_key != "")).all()}
    owners = OwnerFinder(session, engagement)
    result = ApplyResult()
    for t in template:
        item = existing.get(t.key)
        if item is None:
            item = ChecklistItem(engagement_id=engagement.id, template_key=t.key,
                                 owner_id=owners.owner_for(t),
                                 **{col: getattr(t, attr) for col, attr in DEFINITION.items()})
            session.add(item)
            base.flush(session)
            audit.record_event(session, actor=actor, action=AuditAction.CREATE, obj=item,
                               new=audit.snapshot(item))
            result.added.append(t.key)
            continue
        old = audit.snapshot(item)
        for col, attr in DEFINITION.items():
            setattr(item, col, getattr(t, attr))
        if item.owner_id is None:
            item.owner_id = owners.owner_for(t)
        new = audit.snapshot(item)
        if new == old:
            result.unchanged.append(t.key)
            continue
        session.add(item)
        audit.record_event(session, actor=actor, action=AuditAction.UPDATE, obj=item, old=old,
                           new=new | {"reapplied_from": t.file})
        result.updated.append(t.key)
    keys = {t.key for t in template}
    result.retired = sorted(k for k in existing if k not in keys)
    base.flush(session)
    return result
