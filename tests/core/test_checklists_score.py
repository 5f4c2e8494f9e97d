"""The compliance score arithmetic (property-tested against the store's grouped SQL), the
dashboard's gaps worst first, the risk heat map, and the IP-protection summary."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import delete, select

from kpo_desk.core import compliance
from kpo_desk.core.checklists import (
    ComplianceScore,
    Control,
    complete_item,
    compliance_gaps,
    compliance_scores,
    engagement_compliance,
    ip_protection_status,
    list_evidence,
    mark_not_applicable,
    portfolio_compliance,
    reopen_item,
    tally,
    verify_item,
    waive_item,
)
from kpo_desk.core.compliance import earliest_expiry
from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate, RiskStatus
from kpo_desk.core.models import Attachment, ChecklistItem, Engagement, Staff
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store
from tests.core.checklists_support import items_by_key, make_engagement, make_firm

CS = ChecklistState
DAY0 = date(2026, 6, 1)
days = st.integers(-3, 3).map(lambda n: DAY0 + timedelta(days=n))
#: required, state, signed off by a second person, the expiry dates of its evidence files, the
#: day it was last done
item_strategy = st.tuples(st.booleans(), st.sampled_from(list(CS)), st.booleans(),
                          st.lists(st.none() | days, max_size=3), st.none() | days)


def _control(item: tuple[bool, CS, bool, list[date | None], date | None]) -> Control:
    required, state, signed, expiries, done_on = item
    return Control(required, state, signed, earliest_expiry(expiries, done_on))


@given(st.lists(item_strategy, max_size=40), days)
def test_score_rule(items: list, today: date) -> None:
    score = tally(map(_control, items), today)
    counted = [c for c in map(_control, items) if c.required and c.state != CS.NOT_APPLICABLE]
    current = [c for c in counted if c.evidence_expires_on is None or c.evidence_expires_on > today]
    assert score.applicable == len(counted)  # close-out controls count like any other: there is no gate here
    assert score.verified == sum(1 for c in current if c.state == CS.DONE and c.signed_off)
    assert score.in_place == sum(1 for c in current if c.state == CS.DONE)
    assert score.waived == sum(1 for c in counted if c.state == CS.WAIVED)
    assert score.outstanding == sum(1 for c in counted if c.state in (CS.OPEN,) or (
        c.state == CS.DONE and c not in current)) == score.applicable - score.in_place - score.waived
    assert 0 <= score.verified <= score.in_place <= score.applicable
    assert score.missing == score.applicable - score.verified
    assert 0 <= score.percent <= 100 and score.percent == (100 * score.verified // score.applicable
                                                            if score.applicable else 0)
    assert (score.percent == 100) == (score.applicable > 0 and score.missing == 0)  # no gap ever rounds up
    if score.applicable:
        assert score.summary == f"{score.verified} of {score.applicable} verified ({score.percent} %)"
    else:
        assert score.summary == "no controls yet"
    assert str(score) == score.summary
    # Adding a not-applicable or optional item never changes the score.
    extra = [Control(True, CS.NOT_APPLICABLE, True), Control(False, CS.DONE, True), Control(False, CS.OPEN, False)]
    assert tally([*map(_control, items), *extra], today) == score
    # Evidence only ever expires as the days go by.
    assert tally(map(_control, items), today + timedelta(days=1)).verified <= score.verified


@given(st.lists(item_strategy, max_size=25), st.lists(item_strategy, max_size=25), days)
def test_portfolio_pools_controls(a: list, b: list, today: date) -> None:
    assert tally(map(_control, a), today) + tally(map(_control, b), today) == tally(map(_control, a + b), today)


def test_summary_words() -> None:
    assert ComplianceScore(7, 17).summary == "7 of 17 verified (41 %)"
    assert ComplianceScore(16, 17).summary == "16 of 17 verified (94 %)"
    assert ComplianceScore(199, 200).summary == "199 of 200 verified (99 %)"  # never rounded up to 100
    assert ComplianceScore().summary == str(ComplianceScore()) == "no controls yet"
    assert ComplianceScore(0, 0).percent == 0  # never 100 % for nothing


_DB = Path(tempfile.mkdtemp(prefix="kpo-score-")) / "score.sqlite3"


def _shared_store() -> tuple[Store, int, int]:
    store = Store.open(_DB)
    with store.read() as s:
        staff = s.get(Staff, 1)
    if staff is None:
        staff = parties.create_staff(store, name="Hannah Becker", role="QA lead")
        make_engagement(store)
    return store, 1, staff.id


@settings(max_examples=60, deadline=None)
@given(st.lists(item_strategy, max_size=30), days, st.sampled_from(list(EngagementStatus)),
       st.sampled_from(list(Gate)), st.lists(st.none() | days, max_size=2))
def test_sql_score_matches_the_rule(items: list, today: date, status: EngagementStatus, gate: Gate,
                                    loose_files: list[date | None]) -> None:
    """The SQL expressions and the Python predicates are one rule: on a real SQLite store, for
    random items, evidence files and days, they count the same items, whatever the engagement's
    status and the items' gate. Files attached to no item (as a communication's are) must not
    upset the expired-evidence test (a NULL in a NOT IN list would)."""
    store, eid, staff_id = _shared_store()
    try:
        with store.transaction() as s:
            s.exec(delete(Attachment))
            s.exec(delete(ChecklistItem).where(ChecklistItem.engagement_id == eid))
            s.get(Engagement, eid).status = status
            ids = []
            for n, (required, state, signed, expiries, done_on) in enumerate(items):
                done_at = datetime.combine(done_on, time(9), tzinfo=UTC) if done_on else None
                item = ChecklistItem(engagement_id=eid, text=f"control {n}", required=required, gate=gate,
                                     state=state, verified_by_id=staff_id if signed else None,
                                     done_at=done_at)
                s.add(item)
                s.flush()
                ids.append(item.id)
                for k, expires in enumerate(expiries):
                    s.add(Attachment(checklist_item_id=item.id, sha256=f"{n:032x}{k:032x}",
                                     original_name=f"proof {n}-{k}.pdf", size=1, expires_on=expires))
            for k, expires in enumerate(loose_files):
                s.add(Attachment(sha256=f"{k:064x}", original_name=f"loose {k}.eml", size=1, expires_on=expires))
        controls = dict(zip(ids, map(_control, items), strict=True))
        expected = tally(controls.values(), today)
        assert engagement_compliance(store, eid, today=today) == expected
        assert compliance_scores(store, today=today).get(eid, ComplianceScore()) == expected
        assert ip_protection_status(store, eid, today=today).score == expected
        with store.read() as s:  # item by item, not only in total
            for sql, python in (
                    (compliance.counted_sql(), lambda c: compliance.is_counted(c.required, c.state)),
                    (compliance.in_place_sql(today),
                     lambda c: compliance.is_in_place(c.state, c.evidence_expires_on, today)),
                    (compliance.verified_sql(today),
                     lambda c: compliance.is_verified(c.state, c.signed_off, c.evidence_expires_on, today)),
                    (compliance.outstanding_sql(today),
                     lambda c: compliance.is_outstanding(c.required, c.state, c.evidence_expires_on, today))):
                found = set(s.exec(select(ChecklistItem.id).where(ChecklistItem.engagement_id == eid, sql)))
                assert found == {i for i, c in controls.items() if python(c)}
    finally:
        store.close()


def test_expired_evidence_takes_a_control_out_of_place(store: Store, tmp_path: Path) -> None:
    """Done and verified counts until the day its evidence expires; from that day on it is
    outstanding, in the score, the IP-protection lists and the gate alike."""
    firm = make_firm(store)
    e = make_engagement(store, firm, service="other")
    item = next(i for i in items_by_key(store, e.id).values() if i.required and i.gate == Gate.ACTIVATION)
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF certificate")
    today = date(2026, 3, 2)
    complete_item(store, item_id=item.id, done_by_id=firm.manager.id, evidence=[proof],
                  evidence_expires_on=date(2026, 3, 10), at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    verify_item(store, item_id=item.id, verified_by_id=firm.qa.id)
    before = engagement_compliance(store, e.id, today=date(2026, 3, 9))
    after = engagement_compliance(store, e.id, today=date(2026, 3, 10))
    assert (before.verified, before.in_place) == (after.verified + 1, after.in_place + 1)
    assert after.outstanding == before.outstanding + 1 and after.applicable == before.applicable
    assert item.text in [x.text for x in ip_protection_status(store, e.id, today=date(2026, 3, 10)).outstanding]
    assert item.text not in [x.text for x in ip_protection_status(store, e.id, today=today).outstanding]
    assert item.text not in eng.gate_blockers(store, e.id, EngagementStatus.ACTIVE, today=date(2026, 3, 9))
    assert item.text in eng.gate_blockers(store, e.id, EngagementStatus.ACTIVE, today=date(2026, 3, 10))


def test_a_control_redone_with_new_evidence_is_back_in_place(store: Store, tmp_path: Path) -> None:
    """The expired certificate stays attached (the history keeps it), but the control redone
    after it expired stands on the new one: it is in place and verified again."""
    firm = make_firm(store)
    e = make_engagement(store, firm, service="other")
    item = next(i for i in items_by_key(store, e.id).values() if i.required and i.gate == Gate.ACTIVATION)
    old, new = tmp_path / "2025.pdf", tmp_path / "2026.pdf"
    old.write_bytes(b"%PDF last year's certificate")
    new.write_bytes(b"%PDF this year's certificate")
    complete_item(store, item_id=item.id, done_by_id=firm.manager.id, evidence=[old],
                  evidence_expires_on=date(2026, 3, 10), at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    verify_item(store, item_id=item.id, verified_by_id=firm.qa.id)
    lapsed = engagement_compliance(store, e.id, today=date(2026, 3, 12))
    reopen_item(store, item_id=item.id, reason="certificate expired")
    complete_item(store, item_id=item.id, done_by_id=firm.manager.id, evidence=[new],
                  evidence_expires_on=date(2027, 3, 10), at=datetime(2026, 3, 12, 9, tzinfo=UTC))
    verify_item(store, item_id=item.id, verified_by_id=firm.qa.id)
    renewed = engagement_compliance(store, e.id, today=date(2026, 3, 12))
    assert renewed.verified == lapsed.verified + 1 and renewed.in_place == lapsed.in_place + 1
    assert item.text not in [x.text for x in ip_protection_status(store, e.id, today=date(2026, 3, 12)).outstanding]
    assert len(list_evidence(store, item.id)) == 2  # the old file is kept, as history


def test_close_out_controls_count_before_the_close(store: Store) -> None:
    """Close-out controls apply from the start (PRODUCT.md: an item applies unless it is not
    applicable), so a proposed engagement already counts them, unverified."""
    e = make_engagement(store, service="other")
    items = list(items_by_key(store, e.id).values())
    closing = [i for i in items if i.required and i.gate == Gate.CLOSURE]
    assert closing, "the templates carry close-out controls"
    score = engagement_compliance(store, e.id)
    assert score.applicable == sum(1 for i in items if i.required) and score.verified == 0
    assert score.outstanding == score.applicable
    status = ip_protection_status(store, e.id)
    owed = {x.item_id for x in status.outstanding + status.client_actions}
    assert {i.id for i in closing} <= owed


def test_gaps_worst_first_and_portfolio(store: Store) -> None:
    firm = make_firm(store)
    codes = {}
    for name, share in (("Alpha Analytics", 0.0), ("Beta Biotech", 0.5), ("Gamma Gmbh", 1.0)):
        e = make_engagement(store, firm, service="other", name=name)
        codes[share] = e.code
        with store.transaction() as s:  # move it live without settling gates
            s.get(type(e), e.id).status = EngagementStatus.ACTIVE
        required = [i for i in items_by_key(store, e.id).values() if i.required]  # close-out ones too
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
    """The same few statements however many engagements: the scores (on SQLite from the tally, then
    the lapsed evidence and the engagements' codes), then titles and clients of the rows kept."""
    from sqlalchemy import event

    firm = make_firm(store)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    made = 0
    read: list[int] = []
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
        read.append(len(statements))
    assert read[0] == read[1] == (4 if store.engine.dialect.name == "sqlite" else 2)


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
                                     "AND state != 'not_applicable'"), {"e": e.id}).scalar()
    assert status.score.applicable == required


_TALLY_DB = Path(tempfile.mkdtemp(prefix="kpo-tally-")) / "tally.sqlite3"
#: A change to one item: (which item, what) where what is one of the moves below.
_change = st.tuples(st.integers(0, 11), st.sampled_from(["state", "required", "sign", "unsign", "move", "delete",
                                                          "add", "text"]),
                    st.sampled_from(list(CS)))


@settings(max_examples=40, deadline=None)
@given(st.lists(item_strategy, min_size=1, max_size=12), st.lists(_change, max_size=25), days)
def test_tally_follows_every_change_of_an_item(items: list, changes: list, today: date) -> None:
    """The checklist tally (kept by triggers on SQLite) counts exactly the items there are, after
    any mix of inserts, shape changes (state, required, sign-off, engagement) and deletes; and the
    scores read from it are the scores counted item by item, expired evidence included."""
    store = Store.open(_TALLY_DB)
    try:
        with store.read() as s:
            staff = s.get(Staff, 1)
        if staff is None:
            staff = parties.create_staff(store, name="Hannah Becker", role="QA lead")
            make_engagement(store)
            make_engagement(store, name="Nordlicht Energie GmbH")
        with store.read() as s:
            eids = list(s.exec(select(Engagement.id).order_by(Engagement.id)))[:2]
        with store.transaction() as s:
            s.exec(delete(Attachment))
            s.exec(delete(ChecklistItem))
            rows = []
            for n, (required, state, signed, expiries, _done_on) in enumerate(items):
                item = ChecklistItem(engagement_id=eids[n % 2], text=f"control {n}", required=required, state=state,
                                     verified_by_id=staff.id if signed else None)
                s.add(item)
                s.flush()
                rows.append(item)
                for k, expires in enumerate(expiries):
                    s.add(Attachment(checklist_item_id=item.id, sha256=f"{n:032x}{k:032x}",
                                     original_name=f"proof {n}-{k}.pdf", size=1, expires_on=expires))
        with store.transaction() as s:
            for which, what, state in changes:
                live = [r for r in rows if r is not None]
                if what == "add" or not live:
                    item = ChecklistItem(engagement_id=eids[which % 2], text="added", required=True, state=state)
                    s.add(item)
                    s.flush()
                    rows.append(item)
                    continue
                item = s.get(ChecklistItem, live[which % len(live)].id)
                if what == "delete":
                    s.exec(delete(Attachment).where(Attachment.checklist_item_id == item.id))
                    s.delete(item)
                    rows[rows.index(live[which % len(live)])] = None
                else:
                    match what:
                        case "state":
                            item.state = state
                        case "required":
                            item.required = not item.required
                        case "sign":
                            item.verified_by_id = staff.id
                        case "unsign":
                            item.verified_by_id = None
                        case "move":
                            item.engagement_id = eids[(eids.index(item.engagement_id) + 1) % 2]
                        case "text":
                            item.text += " (edited)"
                    s.add(item)
                s.flush()
        with store.connection() as conn:
            kept = set(conn.execute(text("SELECT engagement_id, required, state, signed, items FROM checklist_tally")))
            counted = set(conn.execute(text(
                "SELECT engagement_id, required, state, verified_by_id IS NOT NULL, count(*) FROM checklistitem "
                "GROUP BY 1, 2, 3, 4")))
            assert compliance.keeps_tally(conn)
        assert kept == counted
        from_tally = compliance_scores(store, today=today)
        item_by_item = compliance_scores(store, eids, today=today)  # a short list: counted item by item
        assert from_tally == item_by_item
        assert from_tally == {eid: engagement_compliance(store, eid, today=today) for eid in from_tally}
    finally:
        store.close()


def test_check_finds_a_tally_that_drifted_from_its_items(tmp_path: Path) -> None:
    """``kpo-desk check`` (``integrity_problems``) counts the items again and names a tally that
    no longer matches them (edited behind the triggers' back), so a wrong figure cannot hide."""
    with Store.open(tmp_path / "drift.sqlite3") as store:
        firm = make_firm(store)
        e = make_engagement(store, firm)
        eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
        assert store.integrity_problems() == []
        with store.connection() as conn:
            conn.execute(text("UPDATE checklist_tally SET items = items + 1 WHERE engagement_id = :e"), {"e": e.id})
            conn.commit()
        assert store.integrity_problems() == ["the checklist tally disagrees with the checklist items of 1 engagement"]
        assert store.integrity_problems(quick=True) == []
