"""The life of one checklist item: open → done (who, when, note, evidence) → verified by a
second person; or not applicable / waived, each with a reason; and back to open.

Every function is one transaction with its audit event. Four eyes: the verifier is never
the item's owner nor the person who did it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, func, select

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.checklists.evidence import attach, check_expiry, discard_new_files, store_file
from kpo_desk.core.checklists.recurrence import next_occurrence
from kpo_desk.core.enums import AuditAction, ChecklistState, EngagementStatus, Gate, Recurrence
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Attachment, ChecklistItem, Engagement, Staff, utcnow
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

CS = ChecklistState
_UNSET: Any = object()


#: The gated move ahead of an engagement in each status: the gate its checklist works towards.
_NEXT_GATED = {EngagementStatus.PROPOSED: EngagementStatus.ACTIVE, EngagementStatus.ONBOARDING: EngagementStatus.ACTIVE,
               EngagementStatus.ACTIVE: EngagementStatus.CLOSED, EngagementStatus.ON_HOLD: EngagementStatus.CLOSED}


def next_gate(status: EngagementStatus) -> EngagementStatus | None:
    """The status whose gate an engagement in ``status`` must pass next (None once it has ended)."""
    return _NEXT_GATED.get(status)


def _item(session: Session, item_id: int) -> ChecklistItem:
    return base.get_or_fail(session, ChecklistItem, item_id, "checklist item", field="item_id")


def _active_staff(session: Session, staff_id: int | None, field: str, who: str) -> Staff:
    if staff_id is None:
        raise ValidationError(f"Choose {who}.", field=field)
    person = base.get_or_fail(session, Staff, staff_id, "staff member", field=field)
    if not person.active:
        raise ValidationError(f"{person.name} is no longer active and cannot sign off controls.", field=field)
    return person


def _save(session: Session, store: Store, item: ChecklistItem, old: dict[str, Any],
          **extra: Any) -> ChecklistItem:
    session.add(item)
    base.flush(session)
    audit.record_event(session, actor=store.actor, action=AuditAction.UPDATE, obj=item, old=old,
                       new=audit.snapshot(item) | extra)
    return item


def clear_sign_off(item: ChecklistItem) -> None:
    item.done_by_id = item.done_at = item.verified_by_id = item.verified_at = None


def evidence_count(session: Session, item_id: int) -> int:
    return session.exec(select(func.count()).select_from(Attachment)
                        .where(Attachment.checklist_item_id == item_id)).one()


def complete_item(store: Store, *, item_id: int, done_by_id: int, note: str = "",
                  evidence: Sequence[str | os.PathLike[str]] = (), evidence_expires_on: date | None = None,
                  at: datetime | None = None, today: date | None = None) -> ChecklistItem:
    """Mark an open item done, recording who and when, a note and evidence files.

    An item that expects evidence is refused without any. A recurring item gets its next
    review date as ``due_on``.
    """
    at = at or utcnow()
    today = today or at.date()
    check_expiry(evidence_expires_on, today)
    note = v.optional_text(note, "note", "The note", max_length=4000)
    with store.read() as s:  # refuse before copying any file
        _check_completable(s, _item(s, item_id), done_by_id, has_new_evidence=bool(evidence))
    stored = []
    try:
        for path in evidence:
            stored.append(store_file(store, path))
        with store.transaction() as session:
            item = _item(session, item_id)
            _check_completable(session, item, done_by_id, has_new_evidence=bool(stored))
            old = audit.snapshot(item)
            attach(session, store, item, stored, evidence_expires_on)
            item.state, item.done_by_id, item.done_at = CS.DONE, done_by_id, at
            item.verified_by_id = item.verified_at = None
            item.note = note or item.note
            item.reason = ""
            if item.recurrence != Recurrence.NONE:
                item.due_on = next_occurrence(at.date(), item.recurrence)
            _save(session, store, item, old)
    except BaseException:
        discard_new_files(store, stored)
        raise
    return item


def _check_completable(session: Session, item: ChecklistItem, done_by_id: int, *,
                       has_new_evidence: bool) -> None:
    if item.state != CS.OPEN:
        raise ValidationError(f"'{item.text}' is {item.state.label.lower()}; reopen it first.", field="state")
    _active_staff(session, done_by_id, "done_by_id", "who did it")
    if item.evidence_expected and not has_new_evidence and not evidence_count(session, item.id):
        raise ValidationError(f"'{item.text}' expects evidence; attach the file that proves it.",
                              field="evidence")


def verify_item(store: Store, *, item_id: int, verified_by_id: int,
                at: datetime | None = None) -> ChecklistItem:
    """Second pair of eyes: a done item is verified by someone other than its owner and its doer."""
    with store.transaction() as session:
        item = _item(session, item_id)
        if item.state != CS.DONE:
            raise ValidationError(f"'{item.text}' is {item.state.label.lower()}; only a done item can be "
                                  "verified.", field="state")
        if item.verified_by_id is not None:
            raise ValidationError(f"'{item.text}' is already verified.", field="verified_by_id")
        verifier = _active_staff(session, verified_by_id, "verified_by_id", "who verifies it")
        refusal = four_eyes_refusal(item, verifier)
        if refusal:
            raise ValidationError(refusal, field="verified_by_id")
        old = audit.snapshot(item)
        item.verified_by_id, item.verified_at = verified_by_id, at or utcnow()
        return _save(session, store, item, old)


def four_eyes_refusal(item: ChecklistItem, person: Staff) -> str | None:
    """The four-eyes rule: why ``person`` may not verify ``item`` (they did it, or they own it),
    as a sentence; None when they may."""
    if person.id == item.done_by_id:
        return f"{person.name} did '{item.text}', so someone else must verify it (four eyes)."
    if person.id == item.owner_id:
        return f"{person.name} owns '{item.text}', so someone else must verify it (four eyes)."
    return None


def default_doer_id(store: Store, item_id: int) -> int | None:
    """Whom "Done by" proposes: the item's owner, or else the engagement's lead (active people
    only); None when neither is there."""
    with store.read() as session:
        item = _item(session, item_id)
        lead_id = session.get(Engagement, item.engagement_id).lead_id
        for staff_id in (item.owner_id, lead_id):
            person = session.get(Staff, staff_id) if staff_id is not None else None
            if person is not None and person.active:
                return person.id
    return None


def allowed_verifiers(store: Store, item_id: int) -> list[Staff]:
    """The active staff the four-eyes rule lets verify the item (never its owner nor its doer):
    the engagement's lead first, then by name. The first is the one a Verify dialog proposes."""
    with store.read() as session:
        item = _item(session, item_id)
        lead_id = session.get(Engagement, item.engagement_id).lead_id
        people = session.exec(select(Staff).where(Staff.active == True).order_by(Staff.name))  # noqa: E712
        allowed = [p for p in people if four_eyes_refusal(item, p) is None]
    return sorted(allowed, key=lambda p: p.id != lead_id)


def _settle_with_reason(store: Store, item_id: int, state: ChecklistState, reason: str) -> ChecklistItem:
    label = "not applicable" if state == CS.NOT_APPLICABLE else "waived"
    reason = v.required_text(reason, "reason", f"A reason why it is {label}", max_length=500)
    with store.transaction() as session:
        item = _item(session, item_id)
        if item.state == state:
            raise ValidationError(f"'{item.text}' is already {label}.", field="state")
        old = audit.snapshot(item)
        item.state, item.reason = state, reason
        clear_sign_off(item)
        return _save(session, store, item, old)


def mark_not_applicable(store: Store, *, item_id: int, reason: str) -> ChecklistItem:
    """The control does not apply to this engagement (e.g. no printed material at all)."""
    return _settle_with_reason(store, item_id, CS.NOT_APPLICABLE, reason)


def waive_item(store: Store, *, item_id: int, reason: str) -> ChecklistItem:
    """The control applies but the manager accepts going without it; it still counts as a gap."""
    return _settle_with_reason(store, item_id, CS.WAIVED, reason)


def reopen_item(store: Store, *, item_id: int, reason: str = "") -> ChecklistItem:
    """Back to open, sign-offs cleared; its evidence stays attached."""
    reason = v.optional_text(reason, "reason", "The reason", max_length=500)
    with store.transaction() as session:
        item = _item(session, item_id)
        if item.state == CS.OPEN:
            raise ValidationError(f"'{item.text}' is already open.", field="state")
        old = audit.snapshot(item)
        reopen(item)
        return _save(session, store, item, old, reopened_because=reason)


def reopen(item: ChecklistItem) -> None:
    item.state, item.reason = CS.OPEN, ""
    clear_sign_off(item)


#: What a checklist step (done, verified, not applicable, waived, reopened) changes on its item.
STEP_FIELDS = ("state", "reason", "note", "done_by_id", "done_at", "verified_by_id", "verified_at")


def step_state(store: Store, item_id: int) -> dict[str, Any]:
    """The item's ``STEP_FIELDS``: taken before and after a step, they are what undoing it needs."""
    with store.read() as session:
        item = _item(session, item_id)
        return {name: getattr(item, name) for name in STEP_FIELDS}


def put_back_item(store: Store, *, item_id: int, to: Mapping[str, Any], expect: Mapping[str, Any],
                  because: str) -> ChecklistItem:
    """Undo (or redo) one step: the item goes back to ``to``, a state it really had, but only while
    it is still as the step left it (``expect``). If someone has moved it since, nothing changes
    and the sentence says so. Evidence attached by the step stays: evidence is never deleted."""
    with store.transaction() as session:
        item = _item(session, item_id)
        if {name: getattr(item, name) for name in STEP_FIELDS} != dict(expect):
            raise ValidationError(f"'{item.text}' has changed since; it was left as it is.", field="state")
        old = audit.snapshot(item)
        for name in STEP_FIELDS:
            setattr(item, name, to[name])
        return _save(session, store, item, old, because=because)


def update_item(store: Store, *, item_id: int, owner_id: int | None = _UNSET, due_on: date | None = _UNSET,
                note: str = _UNSET) -> ChecklistItem:
    """Change who owns an item, when it is due, or its note; the state moves only through the
    functions above."""
    with store.transaction() as session:
        item = _item(session, item_id)
        old = audit.snapshot(item)
        if owner_id is not _UNSET:
            if owner_id is not None:
                _active_staff(session, owner_id, "owner_id", "an owner")
                if owner_id == item.verified_by_id:
                    raise ValidationError("The verifier of this item cannot become its owner (four eyes).",
                                          field="owner_id")
            item.owner_id = owner_id
        if due_on is not _UNSET:
            item.due_on = v.business_date(due_on, "due_on", "Due date")
        if note is not _UNSET:
            item.note = v.optional_text(note, "note", "The note", max_length=4000)
        return _save(session, store, item, old)


def add_item(store: Store, *, engagement_id: int, text: str, category: str = "Other",
             required: bool = True, gate: Gate | str = Gate.NONE, evidence_expected: bool = False,
             recurrence: Recurrence | str = Recurrence.NONE, owner_id: int | None = None,
             due_on: date | None = None) -> ChecklistItem:
    """A control of the manager's own, beyond the template (it has no template key)."""
    with store.transaction() as session:
        base.get_or_fail(session, Engagement, engagement_id, "engagement", field="engagement_id")
        item = ChecklistItem(
            engagement_id=engagement_id,
            text=v.required_text(text, "text", "The control", max_length=500),
            category=v.required_text(category, "category", "The category", max_length=80),
            required=bool(required), gate=v.choice(gate, Gate, "gate", "gate"),
            evidence_expected=bool(evidence_expected),
            recurrence=v.choice(recurrence, Recurrence, "recurrence", "recurrence"),
            due_on=v.business_date(due_on, "due_on", "Due date"))
        if owner_id is not None:
            _active_staff(session, owner_id, "owner_id", "an owner")
            item.owner_id = owner_id
        session.add(item)
        base.flush(session)
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=item,
                           new=audit.snapshot(item))
    return item


def list_items(store: Store, engagement_id: int) -> list[ChecklistItem]:
    """An engagement's items in template order (gate first: activation, none, closure)."""
    order = {Gate.ACTIVATION: 0, Gate.NONE: 1, Gate.CLOSURE: 2}
    with store.read() as s:
        items = list(s.exec(select(ChecklistItem).where(ChecklistItem.engagement_id == engagement_id)
                            .order_by(ChecklistItem.id)))
    return sorted(items, key=lambda i: order[i.gate])
