"""Who signs a checklist item off: the doer proposed, the verifiers four eyes allows, the words."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo_desk.core import checklists as cl
from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store


def test_proposed_doer_and_allowed_verifiers_follow_four_eyes(store: Store, tmp_path: Path) -> None:
    client = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    priya = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    hannah = parties.create_staff(store, name="Hannah Becker", role="QA lead")
    omar = parties.create_staff(store, name="Omar Haddad", role="Analyst")
    parties.create_staff(store, name="Anna Berg", role="Analyst")
    e = eng.create_engagement(store, client_id=client.id, title="Clinical study report",
                              service_type="medical_clinical", lead_id=priya.id)
    item = cl.list_items(store, e.id)[0]
    cl.update_item(store, item_id=item.id, owner_id=None)
    assert cl.default_doer_id(store, item.id) == priya.id, "no owner: the lead"
    cl.update_item(store, item_id=item.id, owner_id=hannah.id)
    assert cl.default_doer_id(store, item.id) == hannah.id, "the owner first"
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF-1.4\n")
    cl.complete_item(store, item_id=item.id, done_by_id=omar.id, evidence=[proof])
    assert [p.name for p in cl.allowed_verifiers(store, item.id)] == ["Priya Nair", "Anna Berg"], \
        "neither owner nor doer; the lead first, then by name"
    with pytest.raises(ValidationError) as owner:
        cl.verify_item(store, item_id=item.id, verified_by_id=hannah.id)
    assert owner.value.message == f"Hannah Becker owns '{item.text}', so someone else must verify it (four eyes)."
    with pytest.raises(ValidationError) as doer:
        cl.verify_item(store, item_id=item.id, verified_by_id=omar.id)
    assert doer.value.message == f"Omar Haddad did '{item.text}', so someone else must verify it (four eyes)."
    assert cl.verify_item(store, item_id=item.id, verified_by_id=priya.id).verified_by_id == priya.id


def test_next_gate_and_the_worded_figure() -> None:
    assert cl.next_gate(EngagementStatus.ONBOARDING) == EngagementStatus.ACTIVE
    assert cl.next_gate(EngagementStatus.ON_HOLD) == EngagementStatus.CLOSED
    assert cl.next_gate(EngagementStatus.CLOSED) is None
    assert cl.ComplianceScore(15, 17).summary == "15 of 17 verified (88 %)"
    assert cl.ComplianceScore(0, 0).summary == "no controls yet"
