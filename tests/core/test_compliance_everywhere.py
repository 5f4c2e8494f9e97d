"""One compliance figure, the same everywhere (PRODUCT.md, "Compliance, one definition").

For every demo engagement the score, health's inputs and reasons, the portfolio report's data
and the client report's data agree with each other and with a plain reading of the rows (the
rule written out here from the spec, not imported), on the demo's day and on a later day when
some evidence has expired; the printed portfolio and client reports, read back with pypdf,
carry the same "N of M verified (P %)" words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from kpo_desk.core.checklists import (
    ComplianceScore,
    compliance_scores,
    engagement_compliance,
    ip_protection_status,
)
from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.health import assess_many
from kpo_desk.core.health.reasons import MAX_PER_RULE
from kpo_desk.core.reports import build_report_data
from kpo_desk.core.reports.portfolio import build_portfolio_data
from kpo_desk.core.reports.records import generate_portfolio, generate_report
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.store import Store
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import all_text, flat

MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
#: The demo's training certificates that are still current expire ten days after its day.
LATER = DEMO_TODAY + timedelta(days=10)


@dataclass
class Plain:
    """One engagement's counts read straight off the rows, by the spec's words."""

    verified: int = 0
    applicable: int = 0
    in_place: int = 0
    waived: int = 0
    done_and_signed: int = 0  # what a rule that forgot expiry would call verified
    open_gate: set[int] | None = None  # activation-gate items neither verified nor waived

    @property
    def summary(self) -> str:
        if not self.applicable:
            return "no controls yet"
        return f"{self.verified} of {self.applicable} verified ({self.verified * 100 // self.applicable} %)"


def plain_reading(store: Store, today: date) -> dict[int, Plain]:
    with store.engine.connect() as conn:
        engagements = conn.execute(text("SELECT id FROM engagement")).scalars().all()
        items = conn.execute(text("SELECT id, engagement_id, required, state, verified_by_id, gate "
                                  "FROM checklistitem")).all()
        files = conn.execute(text("SELECT checklist_item_id, expires_on FROM attachment")).all()
    expired = {item for item, expires in files
               if item is not None and expires is not None and date.fromisoformat(str(expires)) <= today}
    found = {eid: Plain(open_gate=set()) for eid in engagements}
    for iid, eid, required, state, verifier, gate in items:
        if not required or state == "not_applicable":  # applies unless not applicable; close-out too
            continue
        p = found[eid]
        p.applicable += 1
        in_place = state == "done" and iid not in expired
        p.in_place += in_place
        p.verified += in_place and verifier is not None
        p.waived += state == "waived"
        p.done_and_signed += state == "done" and verifier is not None
        if gate == "activation" and state != "waived" and not (in_place and verifier is not None):
            p.open_gate.add(iid)
    return found


def _counts(x) -> tuple[int, int, int, int]:  # noqa: ANN001
    return x.verified, x.applicable, x.in_place, x.waived


@pytest.mark.parametrize("today", [DEMO_TODAY, LATER], ids=["demo day", "ten days on"])
def test_every_view_gives_the_same_figure(demo_store: Store, today: date) -> None:
    plain = plain_reading(demo_store, today)
    scores = compliance_scores(demo_store, today=today)
    health = assess_many(demo_store, today=today)
    portfolio = {row.code: row for row in build_portfolio_data(demo_store, today=today).rows}
    with demo_store.engine.connect() as conn:
        engagements = conn.execute(text("SELECT id, code, status FROM engagement ORDER BY id")).all()
    assert len(engagements) == len(portfolio) == len(plain) >= 20
    gate_reasons_seen = 0
    for eid, code, status in engagements:
        expected = plain[eid]
        score = engagement_compliance(demo_store, eid, today=today)
        where = f"{code} on {today}"
        assert _counts(score) == _counts(expected), where
        assert score.outstanding == expected.applicable - expected.in_place - expected.waived, where
        assert score.summary == str(score) == expected.summary, where
        assert scores.get(eid, ComplianceScore()) == score, where
        # Health: its inputs carry the figure, and its gate reasons name the same open items.
        assert health[eid].compliance == score, where
        if status == EngagementStatus.ACTIVE.value and len(expected.open_gate) < MAX_PER_RULE:
            named = {r.record_id for r in health[eid].reasons if r.rule == "gate_item"}
            assert named == expected.open_gate, where
            gate_reasons_seen += len(named)
        gate = set(eng.gate_blockers(demo_store, eid, EngagementStatus.ACTIVE, today=today))
        with demo_store.engine.connect() as conn:
            texts = {iid: t for iid, t in conn.execute(text("SELECT id, text FROM checklistitem "
                                                           "WHERE engagement_id = :e"), {"e": eid})}
        assert gate == {texts[i] for i in expected.open_gate}, where
        # The portfolio report's data.
        row = portfolio[code]
        assert (row.compliance_verified, row.compliance_applicable) == (score.verified, score.applicable), where
        assert row.compliance_summary == score.summary, where
        # The client report's data, and the checklist's IP-protection status behind it.
        ip = build_report_data(demo_store, engagement_id=eid, today=today, sections=["ip_protection"]).ip_protection
        assert (ip.verified, ip.applicable, ip.in_place, ip.waived, ip.outstanding) == (
            score.verified, score.applicable, score.in_place, score.waived, score.outstanding), where
        assert ip.summary == score.summary, where
        assert len(ip.outstanding_controls) + len(ip.client_actions) == ip.outstanding, where
        assert len(ip.waived_controls) == ip.waived, where
        assert ip_protection_status(demo_store, eid, today=today).score == score, where
    # The demo covers what the rule tells apart, so that this test could catch a wrong rule.
    assert gate_reasons_seen > 0
    assert any(p.waived for p in plain.values())
    assert any(p.applicable and p.verified == p.applicable for p in plain.values())
    assert any(0 < p.verified < p.applicable for p in plain.values())
    if today == LATER:
        assert any(p.done_and_signed > p.verified for p in plain.values()), "no evidence expired"


def test_the_printed_reports_show_the_same_words(demo_store: Store) -> None:
    data = build_portfolio_data(demo_store, today=DEMO_TODAY)
    printed = flat(all_text(generate_portfolio(demo_store, today=DEMO_TODAY, generated_at=MOMENT).pdf))
    codes = [row.code for row in data.rows]
    starts = [printed.index(code) for code in codes]
    assert starts == sorted(starts), "rows print in the data's order"
    for row, start, end in zip(data.rows, starts, [*starts[1:], len(printed)], strict=True):
        figure = engagement_compliance(demo_store, _id(demo_store, row.code), today=DEMO_TODAY).summary
        assert " verified (" in figure
        assert figure in printed[start:end], (row.code, printed[start:end])
    # One client report: an engagement with a waived control, so every count is non-trivial.
    eid = next(e for e, p in plain_reading(demo_store, DEMO_TODAY).items()
               if p.waived and 0 < p.verified < p.applicable)
    score = engagement_compliance(demo_store, eid, today=DEMO_TODAY)
    ip = build_report_data(demo_store, engagement_id=eid, today=DEMO_TODAY).ip_protection
    pdf = generate_report(demo_store, engagement_id=eid, today=DEMO_TODAY, generated_at=MOMENT).pdf
    client = flat(all_text(pdf))
    assert f"Required controls: {score.summary}." in client
    tiles = " ".join(f"{n} {label}" for n, label in (
        (score.in_place, "in place"), (score.verified, "verified by a second reviewer"),
        (score.waived, "waived by agreement"), (score.outstanding, "outstanding")))
    assert tiles in client, client
    assert "Controls waived by agreement" in client
    for control in ip.waived_controls:
        assert flat(control) in client


def _id(store: Store, code: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT id FROM engagement WHERE code = :c"), {"c": code}).scalar_one()
