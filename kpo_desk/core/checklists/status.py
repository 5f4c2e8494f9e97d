"""How an engagement's IP protection stands: the lines the Checklist tab lists and the
IP-protection section of the client report.

``ControlLine`` deliberately carries no internal note, so that the report can print any
field of it; the note stays on the item, for the desk only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, case
from sqlmodel import func, select

from kpo_desk.core import compliance as rule
from kpo_desk.core.checklists.templates import is_client_side
from kpo_desk.core.checklists.workflow import list_items
from kpo_desk.core.compliance import ComplianceScore, Control
from kpo_desk.core.enums import ChecklistState, Gate, Recurrence
from kpo_desk.core.models import Attachment, ChecklistItem, Engagement, Staff, alias_of
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

CS = ChecklistState
#: The staff behind an item's owner, doer and verifier: made once, because building a
#: statement on fresh aliases costs about 1 ms a call (the aliases' columns are made anew).
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
    def control(self) -> Control:
        """What the compliance rule reads about this line."""
        return Control(self.required, self.state, bool(self.verified_by), self.evidence_expires_on)

    def is_in_place(self, today: date) -> bool:
        return rule.is_in_place(self.state, self.evidence_expires_on, today)

    def is_verified(self, today: date) -> bool:
        return rule.is_verified(self.state, bool(self.verified_by), self.evidence_expires_on, today)

    def evidence_expired(self, today: date) -> bool:
        return rule.evidence_expired(self.evidence_expires_on, today)


@cache
def _lines_statement() -> Select:
    """The names and evidence of one engagement's items (``:engagement_id``): built once, as
    building and keying it cost about 1 ms a call; it depends on no date."""
    engagement_id = bindparam("engagement_id")
    files = (select(Attachment.checklist_item_id.label("item_id"), func.count().label("n"),
                    func.min(case((rule.current_file_sql(), Attachment.expires_on))).label("expires"))
             .join(ChecklistItem, ChecklistItem.id == Attachment.checklist_item_id)
             .where(ChecklistItem.engagement_id == engagement_id)
             .group_by(Attachment.checklist_item_id).subquery())
    owner, doer, verifier = (alias_of(Staff, role) for role in ("owner", "doer", "verifier"))
    return (select(ChecklistItem.id, owner.name, doer.name, verifier.name, files.c.n, files.c.expires)
            .outerjoin(owner, owner.id == ChecklistItem.owner_id)
            .outerjoin(doer, doer.id == ChecklistItem.done_by_id)
            .outerjoin(verifier, verifier.id == ChecklistItem.verified_by_id)
            .outerjoin(files, files.c.item_id == ChecklistItem.id)
            .where(ChecklistItem.engagement_id == engagement_id))


def control_lines(store: Store, engagement_id: int) -> list[ControlLine]:
    """An engagement's checklist with names resolved and evidence counted, in display order
    (``list_items``'), read in one unit (the caller's, when it holds one)."""
    with store.read() as s:
        base.get_or_fail(s, Engagement, engagement_id, "engagement", field="engagement_id")
        found = {row[0]: row[1:] for row in s.exec(_lines_statement(),
                                                         params={"engagement_id": engagement_id})}
        items = list_items(store, engagement_id)  # joins this read: the same snapshot
    lines = []
    for item in items:
        owner_name, doer_name, verifier_name, n, expires = found[item.id]
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
    """The IP-protection section of a client report, by the one compliance rule
    (:mod:`kpo_desk.core.compliance`).

    The lists hold required controls that apply, the ones ``score`` counts: ``in_place`` those
    done with evidence still current (verified or not), ``verified`` the subset a second person
    signed off, ``waived`` the gaps the firm accepted, ``outstanding`` those still owed by the
    firm and ``client_actions`` those still owed by the client (the two together are the
    score's outstanding). ``not_applicable`` and ``optional`` hold the rest. Each list is in
    checklist order.
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
    optional: list[ControlLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.in_place) + len(self.outstanding) + len(self.client_actions) + \
            len(self.not_applicable) + len(self.waived) + len(self.optional)


def ip_protection_status(store: Store, engagement_id: int, *, today: date | None = None) -> IPProtectionStatus:
    """The section on ``today`` (the calendar day when None): evidence expires by the day."""
    today = today or date.today()
    with store.read() as s:  # one snapshot: the lines and the code
        lines = control_lines(store, engagement_id)
        e = base.get_or_fail(s, Engagement, engagement_id, "engagement", field="engagement_id")
    status = IPProtectionStatus(engagement_id, e.code, rule.tally((x.control for x in lines), today))
    for line in lines:
        if line.state == CS.NOT_APPLICABLE:
            status.not_applicable.append(line)
        elif not line.required:
            status.optional.append(line)
        elif line.is_in_place(today):
            status.in_place.append(line)
            if line.is_verified(today):
                status.verified.append(line)
        elif rule.is_waived(line.state):
            status.waived.append(line)
        elif line.client_side:
            status.client_actions.append(line)
        else:
            status.outstanding.append(line)
    return status
