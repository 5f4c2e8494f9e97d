"""Shared set-up for the report tests: records visible to the client and records that are not,
hostile and non-Latin text, and reading PDFs back."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlmodel import select

from kpo_desk.core.enums import (
    Channel,
    Direction,
    EngagementStatus,
    FeeModel,
    RiskCategory,
    ServiceType,
)
from kpo_desk.core.models import (
    Client,
    Communication,
    Contact,
    Engagement,
    Milestone,
    Risk,
    TimeEntry,
)
from kpo_desk.core.models.communications import CommunicationContact
from kpo_desk.core.store import Store

HOSTILE = "<b>bold</b> &amp; </para> <font name='x'>"
PRIVATE = {
    "communication": "Pricing margin talk SECRET-COMM-7",
    "risk": "Analyst attrition SECRET-RISK-7",
    "milestone": "Internal dry run SECRET-MS-7",
    "follow_up": "Chase internal invoice SECRET-FU-7",
}
PUBLIC = {
    "communication": "Scope call PUBLIC-COMM-7",
    "risk": "Late data delivery PUBLIC-RISK-7",
    "milestone": "Landscape report PUBLIC-MS-7",
    "follow_up": "Send sample set PUBLIC-FU-7",
}


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces folded, for phrase matching."""
    return " ".join(text.split())


def first_active(store: Store) -> Engagement:
    """The first active demo engagement, billed by time and materials (so its burn is shown)."""
    with store.transaction() as s:
        e = s.exec(select(Engagement).where(Engagement.status == EngagementStatus.ACTIVE)
                   .order_by(Engagement.id)).first()
        if e.fee_model != FeeModel.TIME_AND_MATERIALS or not e.budget_hours:
            e.fee_model, e.budget_hours = FeeModel.TIME_AND_MATERIALS, e.budget_hours or 400
            s.add(e)
        return e


def add_visible_and_private_records(store: Store, engagement_id: int, when: datetime) -> None:
    """One client-visible and one internal communication, risk, milestone and follow-up."""
    with store.transaction() as s:
        for visible, texts in ((True, PUBLIC), (False, PRIVATE)):
            s.add(Communication(engagement_id=engagement_id, channel=Channel.CALL,
                                direction=Direction.OUTBOUND, occurred_at=when,
                                subject=texts["communication"], body="Notes of the call.",
                                client_visible=visible))
            s.add(Communication(engagement_id=engagement_id, channel=Channel.EMAIL,
                                direction=Direction.OUTBOUND, occurred_at=when,
                                subject=texts["follow_up"], follow_up_due=when.date(),
                                client_visible=visible))
            s.add(Risk(engagement_id=engagement_id, category=RiskCategory.QUALITY,
                       description=texts["risk"], likelihood=4, impact=4, client_visible=visible))
            s.add(Milestone(engagement_id=engagement_id, title=texts["milestone"],
                            due_on=when.date(), client_visible=visible))


def hostile_engagement(store: Store, *, client_name: str, title: str, today: date,
                       timezone: str = "Asia/Tokyo") -> int:
    """A fresh active engagement whose client, contact and records carry the given texts."""
    with store.transaction() as s:
        client = Client(name=client_name, country="Japan", timezone=timezone, language="ja")
        s.add(client)
        s.flush()
        contact = Contact(client_id=client.id, name="Dr. 佐藤 博 & <i>Co</i>")
        s.add(contact)
        e = Engagement(client_id=client.id, code="HOSTILE-2026-001", title=title,
                       service_type=ServiceType.IP_PATENT, status=EngagementStatus.ACTIVE,
                       start_on=date(today.year, 1, 5), target_end_on=date(today.year, 12, 20),
                       fee_model=FeeModel.TIME_AND_MATERIALS, budget_hours=200)
        s.add(e)
        s.flush()
        when = datetime.combine(today, datetime.min.time(), tzinfo=UTC).replace(hour=3)
        comm = Communication(engagement_id=e.id, channel=Channel.MEETING, direction=Direction.INBOUND,
                             occurred_at=when, subject=title, body=title, client_visible=True)
        s.add(comm)
        s.flush()
        s.add(CommunicationContact(communication_id=comm.id, contact_id=contact.id))
        s.add(Milestone(engagement_id=e.id, title=title, due_on=today))
        s.add(Risk(engagement_id=e.id, category=RiskCategory.CONFIDENTIALITY, description=title,
                   mitigation=title, client_visible=True))
        s.add(TimeEntry(engagement_id=e.id, staff_id=1, work_date=date(today.year, 2, 1), hours=8))
        return e.id


def bare_engagement(store: Store, *, client_name: str = "Quiet Holdings S.A.",
                    fee_model: FeeModel = FeeModel.FIXED, budget_hours: float | None = None,
                    status: EngagementStatus = EngagementStatus.ACTIVE) -> int:
    """An engagement with nothing recorded yet: no milestones, communications, follow-ups,
    risks, checklist or time."""
    with store.transaction() as s:
        client = Client(name=client_name, country="Brazil", timezone="America/Sao_Paulo")
        s.add(client)
        s.flush()
        e = Engagement(client_id=client.id, code="QUIET-2026-001", title="Freedom-to-operate opinion",
                       service_type=ServiceType.IP_PATENT, status=status, fee_model=fee_model,
                       budget_hours=budget_hours, start_on=date(2026, 11, 2),
                       target_end_on=date(2027, 2, 26))
        s.add(e)
        s.flush()
        return e.id


def layout_faults(pdf: bytes, margin: float) -> list[str]:
    """What a reader would frown at in the geometry of a PDF: anything drawn past the left or
    right margin, and characters printed on top of other characters (a column overflowing
    into the next, a label over a label). Empty when the pages are clean."""
    import pdfplumber

    faults: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            left, right = margin - 0.5, page.width - margin + 0.5
            for kind in ("chars", "rects", "lines", "curves", "images"):
                for obj in getattr(page, kind):
                    if obj["x0"] < left or obj["x1"] > right:
                        faults.append(f"page {number}: {kind[:-1]} {obj.get('text', '')!r} spans "
                                      f"x {obj['x0']:.1f}–{obj['x1']:.1f}, outside {left:.1f}–{right:.1f}")
            chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["x0"])
            for i, a in enumerate(chars):
                for b in chars[i + 1:]:
                    if b["x0"] >= a["x1"] - 0.5:
                        break
                    if min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1:
                        faults.append(f"page {number}: {a['text']!r} and {b['text']!r} overlap at "
                                      f"({a['x0']:.0f}, {a['top']:.0f})")
    return faults
