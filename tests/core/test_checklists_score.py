"""The compliance score arithmetic (property-tested against the store's grouped SQL), the
dashboard's gaps worst first, the risk heat map, and the IP-protection summary."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import delete

from kpo_desk.core.checklists import (
    ComplianceScore,
    complete_item,
    compliance_gaps,
    compliance_scores,
    engagement_compliance,
    ip_protection_status,
    mark_not_applicable,
    portfolio_compliance,
    score_of,
    verify_item,
    waive_item,
)
from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate, RiskStatus
from kpo_desk.core.models import ChecklistItem, Engagement, Staff
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store
from tests.core.checklists_support import items_by_key, make_engagement, make_firm

CS = ChecklistState
item_strategy = st.tuples(st.booleans(), st.sampled_from(list(Gate)), st.sampled_from(list(CS)), st.booleans())


@given(st.lists(item_strategy, max_size=40), st.booleans())
def test_score_rule(items: list[tuple[bool, Gate, CS, bool]], ended: bool) -> None:
    score = score_of(items, ended=ended)
    applicable = [(s, v) for r, g, s, v in items
                  if r and s != CS.NOT_APPLICABLE and (ended or g != Gate.CLOSURE)]
    assert score.applicable == len(applicable)
    assert score.verified == sum(1 for s, v in applicable if s == CS.DONE and v)
    assert 0 <= score.verified <= score.applicable
    assert score.missing == score.applicable - score.verified
    assert 0.0 <= score.ratio <= 1.0 and 0 <= score.percent <= 100
    assert (score.percent == 100) == (score.missing == 0)  # never rounds a gap up to 100 %
    # Adding a not-applicable or optional item never changes the score.
    extra = [(True, Gate.ACTIVATION, CS.NOT_APPLICABLE, True), (False, Gate.NONE, CS.DONE, True)]
    assert score_of([*items, *extra], ended=ended) == score
    # Close-out controls only ever add to what applies once the engagement has ended.
    assert score_of(items, ended=True).applicable >= score_of(items).applicable


@given(st.lists(item_strategy, max_size=25), st.lists(item_strategy, max_size=25))
def test_portfolio_pools_controls(a: list, b: list) -> None:
    assert score_of(a) + score_of(b) == score_of(a + b)


_DB = Path(tempfile.mkdtemp(prefix="kpo-score-")) / "score.sqlite3"


def _shared_store() -> tuple[Store, int, int]:
    store = Store.open(_DB)
    with store.read() as s:
        staff = s.get(Staff, 1)
    if staff is None:
        staff = parties.create_staff(store, name="Hannah Becker", role="QA lead")
        make_engagement(store)
    return store, 1, staff.id


@settings(max_examples=40, deadline=None)
@given(st.lists(item_strategy, max_size=30), st.sampled_from(list(EngagementStatus)))
def test_sql_score_matches_the_rule(items: list[tuple[bool, Gate, CS, bool]], status: EngagementStatus) -> None:
    store, eid, staff_id = _shared_store()
    try:
        with store.transaction() as s:
            s.exec(delete(ChecklistItem).where(ChecklistItem.engagement_id == eid))
            s.get(Engagement, eid).status = status
            for n, (required, gate, state, verified) in enumerate(items):
                s.add(ChecklistItem(engagement_id=eid, text=f"control {n}", required=required, gate=gate,
                                    state=state, verified_by_id=staff_id if verified else None))
        expected = score_of(items, ended=status in (EngagementStatus.CLOSED, EngagementStatus.CANCELLED))
        assert engagement_compliance(store, eid) == expected
        assert compliance_scores(store).get(eid, ComplianceScore()) == expected
    finally:
        store.close()


def test_gaps_worst_first_and_portfolio(store: Store) -> None:
    firm = make_firm(store)
    codes = {}
    for name, share in (("Alpha Analytics", 0.0), ("Beta Biotech", 0.5), ("Gamma Gmbh", 1.0)):
        e = make_engagement(store, firm, service="other", name=name)
        codes[share] = e.code
        with store.transaction() as s:  # move it live without settling gates
            s.get(type(e), e.id).status = EngagementStatus.ACTIVE
        required = [i for i in items_by_key(store, e.id).values() if i.required and i.gate != Gate.CLOSURE]
        for item in required[: int(len(required) * share)]:
            with store.transaction() as s:
                row = s.get(ChecklistItem, item.id)
                row.state, row.verified_by_id = CS.DONE, firm.qa.id
    proposed = make_engagement(store, firm, service="other", name="Delta Proposed")
    gaps = compliance_gaps(store)
    assert [g.code for g in gaps] == [codes[0.0], codes[0.5]]  # fully verified has no gap
    assert gaps[0].score.verified == 0 and gaps[1].score.ratio == 0.5
    assert proposed.code not in [g.code for g in gaps]  # not live yet
    assert compliance_gaps(store, limit=1)[0].code == codes[0.0]
    portfolio = portfolio_compliance(store)
    per = compliance_scores(store)
    live_ids = [g.engagement_id for g in gaps] + [
        eid for eid in per if eid not in {g.engagement_id for g in gaps} and eid != proposed.id]
    assert portfolio.score == sum((per[i] for i in live_ids), ComplianceScore())
    assert (portfolio.engagements, portfolio.with_gaps) == (3, 2)


def test_compliance_gaps_reads_a_fixed_number_of_queries(store: Store) -> None:
    """Two statements however many engagements: the scores, then titles and clients of the rows kept."""
    from sqlalchemy import event

    firm = make_firm(store)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    made = 0
    for total in (5, 12):
        while made < total:
            e = make_engagement(store, firm, service="other", name=f"Client {made}")
            eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
            made += 1
        statements.clear()
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            assert len(compliance_gaps(store)) == total
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        assert len(statements) == 2


def test_risk_heatmap_counts_live_risks(store: Store) -> None:
    a, b = make_engagement(store, name="Acme"), make_engagement(store, name="Bolt")
    work.add_risk(store, engagement_id=a.id, category="confidentiality", description="USB use", likelihood=4,
                  impact=5, client_visible=True)
    work.add_risk(store, engagement_id=a.id, category="key_people", description="Sole analyst", likelihood=4,
                  impact=5)
    gone = work.add_risk(store, engagement_id=a.id, category="quality", description="Old", likelihood=1, impact=1)
    work.update_risk(store, gone.id, status=RiskStatus.CLOSED)
    m = work.add_risk(store, engagement_id=b.id, category="communication", description="Time zones",
                      likelihood=2, impact=3)
    work.update_risk(store, m.id, status=RiskStatus.MITIGATING)
    grid = work.risk_heatmap(store)
    assert grid[3][4] == 2 and grid[1][2] == 1 and grid[0][0] == 0
    assert sum(map(sum, grid)) == 3 and len(grid) == 5 and all(len(r) == 5 for r in grid)
    assert sum(map(sum, work.risk_heatmap(store, a.id))) == 2
    assert [r.description for r in work.list_risks(store, a.id, client_visible=True)] == ["USB use"]
    assert [r.description for r in work.list_risks(store, statuses=["closed"])] == ["Old"]
    top = work.list_risks(store, categories=["key_people", "communication"])
    assert [r.description for r in top] == ["Sole analyst", "Time zones"]  # highest exposure first


def test_ip_protection_status_sorts_controls(store: Store, tmp_path: Path) -> None:
    firm = make_firm(store)
    e = make_engagement(store, firm, service="medical_clinical")
    items = items_by_key(store, e.id)
    scan = tmp_path / "dpa.pdf"
    scan.write_bytes(b"%PDF dpa")
    complete_item(store, item_id=items["dpa"].id, done_by_id=firm.manager.id, evidence=[scan],
                  note="internal: negotiated hard", at=datetime(2026, 2, 3, tzinfo=UTC))
    verify_item(store, item_id=items["dpa"].id, verified_by_id=firm.qa.id)
    complete_item(store, item_id=items["breach-contact"].id, done_by_id=firm.manager.id)
    mark_not_applicable(store, item_id=items["printed-material"].id, reason="No paper")
    waive_item(store, item_id=items["key-role-backup"].id, reason="Client accepted")
    status = ip_protection_status(store, e.id)
    assert [x.text for x in status.verified] == [items["dpa"].text]
    assert {x.item_id for x in status.in_place} == {items["dpa"].id, items["breach-contact"].id}
    dpa = status.verified[0]
    assert (dpa.owner, dpa.done_by, dpa.verified_by, dpa.evidence_files) == ("Priya Nair", "Priya Nair",
                                                                             "Hannah Becker", 1)
    assert not hasattr(dpa, "note")  # internal notes never reach the report
    client = {x.text for x in status.client_actions}
    assert items["client-ethics-approval"].text in client and items["client-authorised-senders"].text in client
    assert not client & {x.text for x in status.outstanding}
    assert [x.reason for x in status.not_applicable] == ["No paper"]
    assert [x.reason for x in status.waived] == ["Client accepted"]
    assert status.total == len(items)
    assert status.score == engagement_compliance(store, e.id) and status.score.verified == 1
    with store.engine.connect() as conn:  # the waived control still counts against the score
        required = conn.execute(text("SELECT count(*) FROM checklistitem WHERE engagement_id = :e AND required "
                                     "AND state != 'not_applicable' AND gate != 'closure'"), {"e": e.id}).scalar()
    assert status.score.applicable == required
