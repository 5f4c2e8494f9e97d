"""The item workflow with four eyes, reasons for exceptions, the gates over template items,
recurring reviews and expiring evidence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from kpo_desk.core.checklists import (
    add_evidence,
    add_item,
    complete_item,
    due_items,
    list_evidence,
    mark_not_applicable,
    refresh_recurring_and_expired,
    reopen_item,
    update_item,
    verify_item,
    waive_item,
)
from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import AuditEvent, ChecklistItem
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from tests.core.checklists_support import Firm, items_by_key, make_engagement, make_firm

CS = ChecklistState


@pytest.fixture
def firm(store: Store) -> Firm:
    return make_firm(store)


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "signed.pdf"
    path.write_bytes(b"%PDF-1.4 evidence")
    return path


def _item(store: Store, engagement_id: int, key: str) -> ChecklistItem:
    return items_by_key(store, engagement_id)[key]


def test_done_then_verified_by_a_second_person(store: Store, firm: Firm, evidence: Path) -> None:
    e = make_engagement(store, firm)
    nda = _item(store, e.id, "nda-signed")
    assert nda.owner_id == firm.manager.id
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    done = complete_item(store, item_id=nda.id, done_by_id=firm.analyst.id, note="Scan in the deal room",
                         evidence=[evidence], at=at)
    assert (done.state, done.done_by_id, done.done_at, done.note) == (CS.DONE, firm.analyst.id, at,
                                                                      "Scan in the deal room")
    for who in (firm.manager, firm.analyst):  # the owner, then the one who did it
        with pytest.raises(ValidationError, match="four eyes") as err:
            verify_item(store, item_id=nda.id, verified_by_id=who.id)
        assert who.name in err.value.message and err.value.field == "verified_by_id"
    assert _item(store, e.id, "nda-signed").verified_by_id is None
    ok = verify_item(store, item_id=nda.id, verified_by_id=firm.qa.id)
    assert ok.verified_by_id == firm.qa.id and ok.verified_at is not None
    with pytest.raises(ValidationError, match="already verified"):
        verify_item(store, item_id=nda.id, verified_by_id=firm.it.id)


def test_an_open_item_cannot_be_verified_and_inactive_staff_cannot_sign(store: Store, firm: Firm) -> None:
    e = make_engagement(store, firm)
    item = _item(store, e.id, "breach-contact")
    with pytest.raises(ValidationError, match="only a done item"):
        verify_item(store, item_id=item.id, verified_by_id=firm.qa.id)
    gone = parties.create_staff(store, name="Former Analyst", role="Analyst", active=False)
    with pytest.raises(ValidationError, match="no longer active"):
        complete_item(store, item_id=item.id, done_by_id=gone.id)
    complete_item(store, item_id=item.id, done_by_id=firm.manager.id)
    with pytest.raises(ValidationError, match="no longer active"):
        verify_item(store, item_id=item.id, verified_by_id=gone.id)


def test_evidence_is_required_when_the_template_expects_it(store: Store, firm: Firm, evidence: Path) -> None:
    e = make_engagement(store, firm)
    nda = _item(store, e.id, "nda-signed")
    before = store.table_counts()
    with pytest.raises(ValidationError, match="expects evidence") as err:
        complete_item(store, item_id=nda.id, done_by_id=firm.manager.id)
    assert err.value.field == "evidence"
    assert store.table_counts() == before
    add_evidence(store, item_id=nda.id, path=evidence)  # attached beforehand counts too
    assert complete_item(store, item_id=nda.id, done_by_id=firm.manager.id).state == CS.DONE


@pytest.mark.parametrize("action, state", [(mark_not_applicable, CS.NOT_APPLICABLE), (waive_item, CS.WAIVED)])
def test_exceptions_need_a_reason(store: Store, firm: Firm, action, state: ChecklistState) -> None:
    e = make_engagement(store, firm)
    item = _item(store, e.id, "printed-material")
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match="reason") as err:
            action(store, item_id=item.id, reason=blank)
        assert err.value.field == "reason"
    assert _item(store, e.id, "printed-material").state == CS.OPEN
    settled = action(store, item_id=item.id, reason="Viewing only in the client's data room.")
    assert settled.state == state and settled.reason == "Viewing only in the client's data room."
    reopened = reopen_item(store, item_id=item.id, reason="Client now sends paper copies.")
    assert reopened.state == CS.OPEN and reopened.reason == ""
    with store.read() as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.record_type == "checklistitem",
                                               AuditEvent.record_id == item.id)
                      .order_by(AuditEvent.id.desc())).first()
    assert json.loads(last.new_values)["reopened_because"] == "Client now sends paper copies."


def test_reopen_keeps_evidence_and_clears_sign_offs(store: Store, firm: Firm, evidence: Path) -> None:
    e = make_engagement(store, firm)
    nda = _item(store, e.id, "nda-signed")
    complete_item(store, item_id=nda.id, done_by_id=firm.manager.id, evidence=[evidence])
    verify_item(store, item_id=nda.id, verified_by_id=firm.qa.id)
    item = reopen_item(store, item_id=nda.id, reason="Counterparty signature missing on page 4")
    assert (item.state, item.done_by_id, item.verified_by_id) == (CS.OPEN, None, None)
    assert len(list_evidence(store, nda.id)) == 1
    with pytest.raises(ValidationError, match="already open"):
        reopen_item(store, item_id=nda.id)


def test_owner_cannot_be_the_verifier(store: Store, firm: Firm) -> None:
    e = make_engagement(store, firm)
    item = _item(store, e.id, "breach-contact")
    complete_item(store, item_id=item.id, done_by_id=firm.manager.id)
    verify_item(store, item_id=item.id, verified_by_id=firm.qa.id)
    with pytest.raises(ValidationError, match="four eyes"):
        update_item(store, item_id=item.id, owner_id=firm.qa.id)
    assert update_item(store, item_id=item.id, owner_id=firm.it.id, due_on=date(2026, 4, 1)).owner_id == firm.it.id


def _settle_activation_gate(store: Store, firm: Firm, engagement_id: int, evidence: Path,
                            skip: str | None = None) -> None:
    for item in items_by_key(store, engagement_id).values():
        if item.gate != Gate.ACTIVATION or not item.required or item.template_key == skip:
            continue
        doer = firm.manager if item.owner_id != firm.manager.id else firm.analyst
        complete_item(store, item_id=item.id, done_by_id=doer.id,
                      evidence=[evidence] if item.evidence_expected else ())
        verify_item(store, item_id=item.id, verified_by_id=firm.qa.id)


def test_gate_on_template_items_names_them_until_settled(store: Store, firm: Firm, evidence: Path) -> None:
    e = make_engagement(store, firm)
    eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
    _settle_activation_gate(store, firm, e.id, evidence, skip="nda-signed")
    nda = _item(store, e.id, "nda-signed")
    complete_item(store, item_id=nda.id, done_by_id=firm.manager.id, evidence=[evidence])
    with pytest.raises(ValidationError) as err:  # done, but nobody checked it yet
        eng.change_status(store, e.id, EngagementStatus.ACTIVE)
    assert "1 gate item is not done and verified: 'NDA signed by both parties" in err.value.message
    assert eng.get_engagement(store, engagement_id=e.id).status == EngagementStatus.ONBOARDING
    verify_item(store, item_id=nda.id, verified_by_id=firm.qa.id)
    assert eng.change_status(store, e.id, EngagementStatus.ACTIVE).status == EngagementStatus.ACTIVE
    # Closing needs the close-out items, or an audited override.
    with pytest.raises(ValidationError, match="Client data returned or destroyed"):
        eng.change_status(store, e.id, EngagementStatus.CLOSED)
    closed = eng.change_status(store, e.id, EngagementStatus.CLOSED, override_reason="Client holds the only copy")
    assert closed.status == EngagementStatus.CLOSED
    with store.read() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.record_type == "engagement",
                                                AuditEvent.record_id == e.id)
                       .order_by(AuditEvent.id.desc())).first()
    assert event.action.value == "override"
    overridden = json.loads(event.new_values)["overridden_items"]
    assert any(t.startswith("Client data returned or destroyed") for t in overridden)
    assert any(t.startswith("All access to client systems") for t in overridden)


def test_waived_and_not_applicable_gate_items_do_not_block(store: Store, firm: Firm, evidence: Path) -> None:
    e = make_engagement(store, firm, service="equity_financial")
    eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
    _settle_activation_gate(store, firm, e.id, evidence, skip="insider-list")
    waive_item(store, item_id=_item(store, e.id, "insider-list").id, reason="Public information only")
    assert eng.change_status(store, e.id, EngagementStatus.ACTIVE).status == EngagementStatus.ACTIVE


def _active(store: Store, firm: Firm, evidence: Path) -> int:
    e = make_engagement(store, firm)
    eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
    _settle_activation_gate(store, firm, e.id, evidence)
    eng.change_status(store, e.id, EngagementStatus.ACTIVE)
    return e.id


def test_recurring_review_reopens_on_schedule_once(store: Store, firm: Firm, evidence: Path) -> None:
    eid = _active(store, firm, evidence)
    review = _item(store, eid, "access-review")
    done = complete_item(store, item_id=review.id, done_by_id=firm.it.id, evidence=[evidence],
                         at=datetime(2026, 1, 31, 15, 0, tzinfo=UTC))
    assert done.due_on == date(2026, 4, 30)  # quarterly, from the last day of January
    verify_item(store, item_id=review.id, verified_by_id=firm.qa.id)
    assert refresh_recurring_and_expired(store, date(2026, 4, 29)).total == 0
    soon = due_items(store, date(2026, 4, 29), horizon_days=7)
    assert [(d.kind, d.item_id, d.days) for d in soon if d.item_id == review.id] == [("review", review.id, -1)]
    result = refresh_recurring_and_expired(store, date(2026, 4, 30))
    assert result.recurring == [review.id] and result.expired == []
    item = _item(store, eid, "access-review")
    assert (item.state, item.verified_by_id, item.due_on) == (CS.OPEN, None, date(2026, 4, 30))
    assert refresh_recurring_and_expired(store, date(2026, 5, 3)).total == 0  # idempotent
    overdue = [d for d in due_items(store, date(2026, 5, 3), horizon_days=0) if d.item_id == review.id]
    assert [(d.kind, d.days, d.overdue) for d in overdue] == [("control", 3, True)]


def test_expired_evidence_reopens_its_item_until_redone(store: Store, firm: Firm, evidence: Path,
                                                        tmp_path: Path) -> None:
    eid = _active(store, firm, evidence)
    training = _item(store, eid, "confidentiality-training")
    complete_item(store, item_id=training.id, done_by_id=firm.compliance.id, evidence=[evidence],
                  evidence_expires_on=date(2026, 6, 30), at=datetime(2026, 3, 1, 9, tzinfo=UTC))
    verify_item(store, item_id=training.id, verified_by_id=firm.qa.id)
    ahead = due_items(store, date(2026, 6, 20), horizon_days=14)
    assert [(d.kind, d.file_name, d.days) for d in ahead if d.kind == "evidence"] == [("evidence", "signed.pdf", -10)]
    assert refresh_recurring_and_expired(store, date(2026, 6, 29)).total == 0
    result = refresh_recurring_and_expired(store, date(2026, 6, 30))
    assert result.expired == [training.id]
    item = _item(store, eid, "confidentiality-training")
    assert item.state == CS.OPEN and item.due_on == date(2026, 6, 30)
    with store.read() as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.record_type == "checklistitem",
                                               AuditEvent.record_id == training.id)
                      .order_by(AuditEvent.id.desc())).first()
    assert "evidence 'signed.pdf' expired 2026-06-30" in json.loads(last.new_values)["reopened_because"]
    fresh = tmp_path / "certificate-2026.pdf"
    fresh.write_bytes(b"%PDF-1.4 new certificate")
    with pytest.raises(ValidationError, match="expired on"):
        complete_item(store, item_id=training.id, done_by_id=firm.compliance.id, evidence=[fresh],
                      evidence_expires_on=date(2026, 7, 1), at=datetime(2026, 7, 2, tzinfo=UTC))
    complete_item(store, item_id=training.id, done_by_id=firm.compliance.id, evidence=[fresh],
                  evidence_expires_on=date(2027, 7, 1), at=datetime(2026, 7, 2, tzinfo=UTC))
    assert refresh_recurring_and_expired(store, date(2026, 7, 3)).total == 0  # the old file stays, settled
    assert len(list_evidence(store, training.id)) == 2


def test_closed_engagements_do_not_reopen(store: Store, firm: Firm, evidence: Path) -> None:
    eid = _active(store, firm, evidence)
    review = _item(store, eid, "access-review")
    complete_item(store, item_id=review.id, done_by_id=firm.it.id, evidence=[evidence],
                  at=datetime(2026, 1, 5, tzinfo=UTC))
    eng.change_status(store, eid, EngagementStatus.CLOSED, override_reason="Test close")
    assert refresh_recurring_and_expired(store, date(2027, 1, 5)).total == 0
    assert due_items(store, date(2027, 1, 5), horizon_days=30) == []


def test_custom_item(store: Store, firm: Firm) -> None:
    e = make_engagement(store, firm)
    item = add_item(store, engagement_id=e.id, text="Client's VPN token returned", category="Close-out",
                    gate="closure", owner_id=firm.it.id, due_on=date.today() + timedelta(days=30))
    assert (item.template_key, item.gate, item.owner_id) == ("", Gate.CLOSURE, firm.it.id)
    with pytest.raises(ValidationError, match="control is required"):
        add_item(store, engagement_id=e.id, text="  ")


def test_a_step_is_put_back_only_while_the_item_is_as_the_step_left_it(store: Store, firm: Firm) -> None:
    from kpo_desk.core.checklists import put_back_item, step_state

    e = make_engagement(store, firm)
    nda = _item(store, e.id, "nda-signed")
    before = step_state(store, nda.id)
    waive_item(store, item_id=nda.id, reason="Client refuses to sign; accepted by the partner")
    after = step_state(store, nda.id)
    put_back_item(store, item_id=nda.id, to=before, expect=after, because="undo of Waive")
    item = _item(store, e.id, "nda-signed")
    assert (item.state, item.reason) == (CS.OPEN, "")
    with store.read() as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.record_type == "checklistitem",
                                               AuditEvent.record_id == nda.id).order_by(AuditEvent.id.desc())).first()
    assert json.loads(last.new_values)["because"] == "undo of Waive"
    put_back_item(store, item_id=nda.id, to=after, expect=before, because="redo of Waive")
    assert _item(store, e.id, "nda-signed").state == CS.WAIVED
    reopen_item(store, item_id=nda.id)  # moved since the redo
    with pytest.raises(ValidationError, match="has changed since"):
        put_back_item(store, item_id=nda.id, to=before, expect=after, because="undo of Waive")
    assert _item(store, e.id, "nda-signed").state == CS.OPEN
