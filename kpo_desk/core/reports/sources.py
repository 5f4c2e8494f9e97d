"""Adapters to the health engine and the checklist module, one small function per source.

They turn what those modules give into the report's plain values (:mod:`.model`). The
compliance figures come from the one rule in :mod:`kpo_desk.core.compliance`.
"""

from __future__ import annotations

from datetime import date

from kpo_desk.core.checklists import ComplianceScore, compliance_scores, ip_protection_status
from kpo_desk.core.health import Health, assess_engagement, assess_many
from kpo_desk.core.reports.model import HealthReason, HealthView, IPProtection
from kpo_desk.core.store import Store


# -- health ------------------------------------------------------------------------------------
def _health_view(health: Health) -> HealthView:
    reasons = tuple(HealthReason(text=r.text, client_text=r.for_client(), severity=r.severity,
                                 client_facing=r.client_facing, rule=r.rule, message=r.client_message)
                    for r in health.reasons)
    return HealthView(status=health.status, reasons=reasons, overridden=health.overridden,
                      override_reason=health.override_reason)


def assess_health(store: Store, engagement_id: int, today: date, *,
                  compliance: ComplianceScore | None = None) -> HealthView:
    """``compliance``: the engagement's score on ``today`` when the caller already has it (the
    report's IP section), which spares the assessment its own compliance query."""
    if compliance is not None:
        found = assess_many(store, [engagement_id], today=today, scores={engagement_id: compliance})
        if engagement_id in found:
            return _health_view(found[engagement_id])
    return _health_view(assess_engagement(store, engagement_id, today=today))


def assess_health_many(store: Store, engagement_ids: list[int], today: date) -> dict[int, HealthView]:
    return {eid: _health_view(h) for eid, h in assess_many(store, engagement_ids, today=today).items()}


# -- compliance ----------------------------------------------------------------------------------
def compliance_many(store: Store, engagement_ids: list[int], today: date) -> dict[int, ComplianceScore]:
    """The compliance score of each engagement on ``today`` (no checklist: nothing applies)."""
    scores = compliance_scores(store, engagement_ids, today=today)
    return {eid: scores.get(eid, ComplianceScore()) for eid in engagement_ids}


def ip_protection(store: Store, engagement_id: int, today: date) -> IPProtection:
    """The compliance figure with the controls in place, verified, waived and outstanding, and
    what falls to the client. Every count is over the required controls that apply, close-out
    controls included whatever the engagement's status (the one rule)."""
    status = ip_protection_status(store, engagement_id, today=today)
    score = status.score
    return IPProtection(
        applicable=score.applicable, in_place=score.in_place, verified=score.verified,
        outstanding=score.outstanding, waived=score.waived,
        outstanding_controls=tuple(x.text for x in status.outstanding),
        client_actions=tuple(x.text for x in status.client_actions),
        waived_controls=tuple(x.text for x in status.waived))
