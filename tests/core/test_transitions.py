"""The engagement life cycle: every move, allowed and refused, and the gates."""

from __future__ import annotations

import json
from datetime import date
from itertools import product

import pytest
from sqlmodel import delete, select

from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import AuditEvent, ChecklistItem, Engagement
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store

P, OB, A, H, C, X = (EngagementStatus.PROPOSED, EngagementStatus.ONBOARDING, EngagementStatus.ACTIVE,
                    EngagementStatus.ON_HOLD, EngagementStatus.CLOSED, EngagementStatus.CANCELLED)
#: Written out by hand from the product's life cycle, independently of the code's table.
EXPECTED_ALLOWED = {(P, OB), (P, X), (OB, A), (OB, H), (OB, X), (A, H), (A, C), (H, A), (H, C), (H, X)}
#: How to reach each status from proposed through allowed moves.
PATH = {P: [], OB: [OB], A: [OB, A], H: [OB, H], C: [OB, A, C], X: [X]}


def _engagement(store: Store, status: EngagementStatus) -> Engagement:
    client = parties.create_client(store, name=f"Client for {status.value}", timezone="Asia/Tokyo")
    e = eng.create_engagement(store, client_id=client.id, title="Prior-art search", service_type="ip_patent")
    with store.transaction() as s:  # the life cycle alone: gates are tested with items of their own
        s.exec(delete(ChecklistItem).where(ChecklistItem.engagement_id == e.id))
    for step in PATH[status]:
        e = eng.change_status(store, e.id, step)
    assert e.status == status
    return e


@pytest.mark.parametrize("source, target", [(s, t) for s, t in product(EngagementStatus, repeat=2) if s != t])
def test_every_transition(store: Store, source: EngagementStatus, target: EngagementStatus) -> None:
    e = _engagement(store, source)
    if (source, target) in EXPECTED_ALLOWED:
        moved = eng.change_status(store, e.id, target, today=date(2026, 5, 4))
        assert moved.status == target
        assert eng.get_engagement(store, engagement_id=e.id).status == target
    else:
        with pytest.raises(ValidationError) as err:
            eng.change_status(store, e.id, target)
        assert err.value.field == "status"
        assert e.code in err.value.message and target.label.lower() in err.value.message
        assert eng.get_engagement(store, engagement_id=e.id).status == source


def test_closing_and_activating_set_dates(store: Store) -> None:
    e = _engagement(store, OB)
    assert e.start_on is None
    e = eng.change_status(store, e.id, A, today=date(2026, 3, 2))
    assert e.start_on == date(2026, 3, 2)
    e = eng.change_status(store, e.id, C, today=date(2026, 9, 30))
    assert e.closed_on == date(2026, 9, 30)


def _gate_item(store: Store, e: Engagement, text: str, gate: Gate, state=ChecklistState.OPEN,
               verified: bool = False) -> None:
    with store.transaction() as s:
        s.add(ChecklistItem(engagement_id=e.id, text=text, gate=gate, required=True, state=state,
                            verified_by_id=None))
    if verified:
        staff = parties.create_staff(store, name="Verifier")
        with store.transaction() as s:
            item = s.exec(select(ChecklistItem).where(ChecklistItem.text == text)).one()
            item.verified_by_id = staff.id


def test_gate_blocks_activation_and_names_items(store: Store) -> None:
    e = _engagement(store, OB)
    _gate_item(store, e, "NDA signed by both parties", Gate.ACTIVATION)
    _gate_item(store, e, "Encrypted storage", Gate.ACTIVATION, ChecklistState.DONE)  # done, not verified
    _gate_item(store, e, "Conflict check", Gate.ACTIVATION, ChecklistState.WAIVED)
    _gate_item(store, e, "Data destroyed", Gate.CLOSURE)
    with pytest.raises(ValidationError) as err:
        eng.change_status(store, e.id, A)
    msg = err.value.message
    assert "NDA signed by both parties" in msg and "Encrypted storage" in msg
    assert "Conflict check" not in msg and "Data destroyed" not in msg
    assert "2 gate items" in msg
    assert eng.get_engagement(store, engagement_id=e.id).status == OB


def test_verified_gate_items_let_the_move_through(store: Store) -> None:
    e = _engagement(store, OB)
    _gate_item(store, e, "NDA signed by both parties", Gate.ACTIVATION, ChecklistState.DONE, verified=True)
    assert eng.change_status(store, e.id, A).status == A


def test_override_with_reason_is_audited(store: Store) -> None:
    e = _engagement(store, OB)
    _gate_item(store, e, "NDA signed by both parties", Gate.ACTIVATION)
    with pytest.raises(ValidationError):
        eng.change_status(store, e.id, A, override_reason="   ")
    moved = eng.change_status(store, e.id, A, override_reason="Client signed; scan arrives Monday")
    assert moved.status == A
    with store.read() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.record_type == "engagement",
                                                AuditEvent.record_id == e.id)
                       .order_by(AuditEvent.id.desc())).first()
    assert event.action.value == "override"
    new = json.loads(event.new_values)
    assert new["override_reason"] == "Client signed; scan arrives Monday"
    assert new["overridden_items"] == ["NDA signed by both parties"]
    assert json.loads(event.old_values)["status"] == "onboarding"


def test_status_cannot_be_edited_directly(store: Store) -> None:
    e = _engagement(store, P)
    with pytest.raises(ValidationError) as err:
        eng.update_engagement(store, e.id, status="active")
    assert err.value.field == "status"
