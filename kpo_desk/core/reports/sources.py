"""Adapters to the health engine and the checklist module, one small function per source.

Both modules are written alongside the reports. Each adapter imports its module lazily and,
when it is not there (yet), falls back to the least the report needs: health then reads
"not assessed", and IP protection and compliance are counted from the ChecklistItem rows.
When both modules have landed, the fallbacks can go and each adapter shrinks to a call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, func, select

from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate
from kpo_desk.core.models import ChecklistItem
from kpo_desk.core.reports.model import HealthReason, HealthView, IPProtection
from kpo_desk.core.store import Store


# -- health ------------------------------------------------------------------------------------
def _health_view(health: Any) -> HealthView:
    reasons = tuple(
        HealthReason(text=str(getattr(r, "text", r)), client_text=_client_wording(r),
                     severity=str(getattr(r, "severity", "") or ""),
                     client_facing=bool(getattr(r, "client_facing", False)),
                     rule=str(getattr(r, "rule", "") or ""))
        for r in getattr(health, "reasons", ()) or ()
    )
    return HealthView(status=str(health.status), reasons=reasons,
                      overridden=bool(getattr(health, "overridden", False)),
                      override_reason=str(getattr(health, "override_reason", "") or ""))


def _client_wording(reason: Any) -> str:
    for_client = getattr(reason, "for_client", None)
    return str(for_client()) if callable(for_client) else str(getattr(reason, "text", reason))


def assess_health(store: Store, engagement_id: int, today: date) -> HealthView | None:
    """The engagement's health from ``kpo_desk.core.health``; None when it is not available."""
    try:
        from kpo_desk.core.health import assess_engagement
    except ImportError:
        return None
    return _health_view(assess_engagement(store, engagement_id, today=today))


def assess_health_many(store: Store, engagement_ids: list[int], today: date) -> dict[int, HealthView]:
    """Health for many engagements at once; empty when the health engine is not available."""
    try:
        from kpo_desk.core.health import assess_many
    except ImportError:
        return {}
    return {eid: _health_view(h) for eid, h in assess_many(store, engagement_ids, today=today).items()}


# -- compliance score ----------------------------------------------------------------------------
def compliance_many(store: Store, engagement_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(verified, applicable) required controls per engagement."""
    try:
        from kpo_desk.core.checklists import compliance_scores
    except ImportError:
        with store.read() as s:
            return _count_compliance(s, engagement_ids)
    scores = compliance_scores(store, engagement_ids)
    return {eid: (int(scores[eid].verified), int(scores[eid].applicable)) if eid in scores else (0, 0)
            for eid in engagement_ids}


def _count_compliance(session: Session, engagement_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Fallback: required items verified, out of required items that apply, in one query."""
    verified = func.sum(case((ChecklistItem.verified_at.is_not(None)
                              & (ChecklistItem.state == ChecklistState.DONE), 1), else_=0))
    stmt = (select(ChecklistItem.engagement_id, verified, func.count())
            .where(ChecklistItem.required, ChecklistItem.state != ChecklistState.NOT_APPLICABLE)
            .group_by(ChecklistItem.engagement_id))
    counts = {eid: (int(v or 0), int(n)) for eid, v, n in session.exec(stmt)}
    return {eid: counts.get(eid, (0, 0)) for eid in engagement_ids}


# -- IP-protection status ------------------------------------------------------------------------
def ip_protection(store: Store, engagement_id: int, status: EngagementStatus) -> IPProtection:
    """Controls in place, verified and outstanding, with the actions that fall to the client.

    Close-out controls (data returned, access revoked) only count once the engagement is
    closing: listing them as "outstanding" mid-engagement would alarm the client for nothing.
    """
    closing = status in (EngagementStatus.CLOSED, EngagementStatus.CANCELLED)
    try:
        from kpo_desk.core.checklists import ip_protection_status
    except ImportError:
        with store.read() as s:
            return _count_ip_protection(s, engagement_id, closing)
    return _ip_from_module(ip_protection_status(store, engagement_id), closing)


def _ip_from_module(status: Any, closing: bool) -> IPProtection:
    def counted(lines: Iterable[Any]) -> list[Any]:
        return [x for x in lines if closing or getattr(x, "gate", None) != Gate.CLOSURE]

    in_place, verified = counted(status.in_place), counted(status.verified)
    outstanding, client = counted(status.outstanding), counted(status.client_actions)
    return IPProtection(
        applicable=len(in_place) + len(outstanding) + len(client), in_place=len(in_place),
        verified=len(verified), outstanding=len(outstanding) + len(client),
        outstanding_controls=tuple(x.text for x in outstanding),
        client_actions=tuple(x.text for x in client))


def _count_ip_protection(session: Session, engagement_id: int, closing: bool) -> IPProtection:
    """Fallback: the same counts from the ChecklistItem rows (no client-side split)."""
    items: Iterable[ChecklistItem] = session.exec(
        select(ChecklistItem).where(ChecklistItem.engagement_id == engagement_id)
        .order_by(ChecklistItem.id))
    applicable = in_place = verified = 0
    outstanding: list[str] = []
    for item in items:
        if item.state in (ChecklistState.NOT_APPLICABLE, ChecklistState.WAIVED) or (
                item.gate == Gate.CLOSURE and not closing):
            continue
        applicable += 1
        if item.state == ChecklistState.DONE:
            in_place += 1
            verified += item.verified_at is not None
        else:
            outstanding.append(item.text)
    return IPProtection(applicable=applicable, in_place=in_place, verified=verified,
                        outstanding=len(outstanding), outstanding_controls=tuple(outstanding))
