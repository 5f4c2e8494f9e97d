"""An engagement gets its checklist when it is created; re-applying a changed template adds,
refreshes wording, and keeps every item's state and evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from kpo_desk.core.checklists import (
    add_evidence,
    apply_template,
    complete_item,
    items_for_service,
    list_evidence,
    mark_not_applicable,
    verify_item,
)
from kpo_desk.core.enums import ChecklistState, Gate, ServiceType
from kpo_desk.core.models import AuditEvent, ChecklistItem
from kpo_desk.core.services import work
from kpo_desk.core.store import Store
from tests.core.checklists_support import copy_resources, items_by_key, make_engagement, make_firm


def test_a_new_engagement_gets_its_items_with_owners_by_role(store: Store) -> None:
    firm = make_firm(store)
    e = make_engagement(store, firm, service="ip_patent")
    items = items_by_key(store, e.id)
    expected = items_for_service(ServiceType.IP_PATENT)
    assert set(items) == {t.key for t in expected}
    assert items["nda-signed"].template_file == "common.toml"
    assert items["patent-privilege"].template_file == "ip_patent.toml"
    assert items["patent-privilege"].gate == Gate.ACTIVATION
    assert items["access-review"].recurrence.value == "quarterly"
    assert all(i.state == ChecklistState.OPEN for i in items.values())
    # Firm-wide roles fall back to the firm's staff member with that role.
    assert items["nda-signed"].owner_id == firm.manager.id
    assert items["access-named-staff"].owner_id == firm.it.id
    assert items["patent-competitor-conflict"].owner_id == firm.compliance.id
    assert items["client-authorised-senders"].owner_id is None  # the client's own action
    with store.read() as s:
        created = s.exec(select(AuditEvent).where(AuditEvent.record_type == "checklistitem")).all()
    assert len(created) == len(expected)


def test_an_assigned_staff_member_is_preferred_over_the_firm_wide_one(store: Store) -> None:
    firm = make_firm(store)
    from kpo_desk.core.services import parties

    second = parties.create_staff(store, name="Kenji Watanabe", role="Senior patent analyst")
    e = make_engagement(store)
    work.assign_staff(store, engagement_id=e.id, staff_id=second.id, role="Senior patent analyst")
    with store.transaction() as s:  # forget the owners chosen at creation, when nobody was assigned
        for item in s.exec(select(ChecklistItem).where(ChecklistItem.engagement_id == e.id)):
            item.owner_id = None
    apply_template(store, engagement_id=e.id)
    items = items_by_key(store, e.id)
    assert items["patent-privilege"].owner_id == second.id
    assert firm.analyst.id != second.id


def test_reapply_adds_refreshes_and_keeps_state_and_evidence(store: Store, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    firm = make_firm(store)
    e = make_engagement(store, firm)
    items = items_by_key(store, e.id)
    scan = tmp_path / "NDA countersigned.pdf"
    scan.write_bytes(b"%PDF-1.4 signed by both parties")
    nda = complete_item(store, item_id=items["nda-signed"].id, done_by_id=firm.manager.id, note="Both copies",
                        evidence=[scan])
    verify_item(store, item_id=nda.id, verified_by_id=firm.qa.id)
    mark_not_applicable(store, item_id=items["printed-material"].id, reason="No paper at all.")

    folder = copy_resources(tmp_path, monkeypatch)
    common = (folder / "common.toml").read_text()
    common = common.replace("NDA signed by both parties, covering", "NDA signed by both parties (new wording), covering")
    common = common.replace('key = "printed-material"', 'key = "printed-material-gone"')
    common += ('\n[[item]]\nkey = "clean-desk"\ncategory = "Storage"\ntext = "Clean-desk rule acknowledged"\n'
               'required = true\n')
    (folder / "common.toml").write_text(common)
    result = apply_template(store, engagement_id=e.id)
    assert result.added == ["printed-material-gone", "clean-desk"]
    assert result.updated == ["nda-signed"]
    assert result.retired == ["printed-material"]
    assert "patent-privilege" in result.unchanged

    after = items_by_key(store, e.id)
    assert "(new wording)" in after["nda-signed"].text
    assert after["nda-signed"].state == ChecklistState.DONE
    assert after["nda-signed"].verified_by_id == firm.qa.id and after["nda-signed"].note == "Both copies"
    assert [a.original_name for a in list_evidence(store, nda.id)] == ["NDA countersigned.pdf"]
    assert after["printed-material"].state == ChecklistState.NOT_APPLICABLE  # retired, never deleted
    assert after["clean-desk"].state == ChecklistState.OPEN
    with store.read() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.record_type == "checklistitem",
                                                AuditEvent.record_id == nda.id)
                       .order_by(AuditEvent.id.desc())).first()
    assert json.loads(event.new_values)["reapplied_from"] == "common.toml"
    assert "new wording" not in json.loads(event.old_values)["text"]

    again = apply_template(store, engagement_id=e.id)
    assert again.added == [] and again.updated == []
    assert len(items_by_key(store, e.id)) == len(after)


def test_reapply_after_a_service_change_keeps_the_old_service_items(store: Store, tmp_path: Path) -> None:
    from kpo_desk.core.services import engagements as eng

    firm = make_firm(store)
    e = make_engagement(store, firm, service="legal_process")
    item = items_by_key(store, e.id)["conflict-check"]
    evidence_dir = tmp_path / "in"
    evidence_dir.mkdir()
    (evidence_dir / "conflicts.csv").write_text("party,result\nAcme,clear\n")
    add_evidence(store, item_id=item.id, path=evidence_dir / "conflicts.csv")
    eng.update_engagement(store, e.id, service_type="medical_clinical")
    result = apply_template(store, engagement_id=e.id)
    assert "dpa" in result.added and result.retired == ["conflict-check", "data-jurisdiction",
                                                         "privilege-marking", "supervising-attorney"]
    assert len(list_evidence(store, item.id)) == 1
