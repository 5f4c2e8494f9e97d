"""Open follow-ups and open milestones as an iCalendar file for the manager's calendar.

Each entry is an all-day event on its due date. UIDs are stable (``follow-up-42@kpo-desk``,
``milestone-7@kpo-desk``), so importing next week's export updates the same events
instead of doubling them. Follow-ups stay whatever the engagement's state (a promise is a
promise); milestones of closed or cancelled engagements are left out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kpo_desk import __version__
from kpo_desk.core.enums import EngagementStatus, MilestoneStatus
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.exporters import register
from kpo_desk.core.files import write_private
from kpo_desk.core.models import Client, Communication, Engagement, Milestone
from kpo_desk.core.store import Store

UID_DOMAIN = "kpo-desk"


def follow_up_uid(communication_id: int) -> str:
    return f"follow-up-{communication_id}@{UID_DOMAIN}"


def milestone_uid(milestone_id: int) -> str:
    return f"milestone-{milestone_id}@{UID_DOMAIN}"


def _all_day(uid: str, day: date, summary: str, description: str, category: str, stamp: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block the day
    return event


def _with_code(text: str, code: str) -> str:
    return text if code in text else f"{text} ({code})"


def build_calendar(store: Store, *, now: datetime | None = None) -> Any:
    """The calendar as an ``icalendar.Calendar`` (icalendar is imported only when exporting)."""
    from icalendar import Calendar

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//KPO Desk//kpo-desk {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "KPO Desk: follow-ups and milestones")
    follow_ups = (select(Communication.id, Communication.subject, Communication.follow_up_due,
                         Engagement.code, Client.name)
                  .join(Engagement, Engagement.id == Communication.engagement_id)
                  .join(Client, Client.id == Engagement.client_id)
                  .where(Communication.follow_up_done.is_(False), Communication.follow_up_due.is_not(None))
                  .order_by(Communication.follow_up_due, Communication.id))
    milestones = (select(Milestone.id, Milestone.title, Milestone.due_on, Milestone.status, Engagement.code,
                         Client.name)
                  .join(Engagement, Engagement.id == Milestone.engagement_id)
                  .join(Client, Client.id == Engagement.client_id)
                  .where(Milestone.status.in_([s.value for s in MilestoneStatus.OPEN]),
                         Milestone.due_on.is_not(None),
                         Engagement.status.not_in([s.value for s in EngagementStatus.ENDED]))
                  .order_by(Milestone.due_on, Milestone.id))
    with store.read() as s:
        for cid, subject, due, code, client in s.execute(follow_ups):
            cal.add_component(_all_day(
                follow_up_uid(cid), due, f"Follow-up: {_with_code(subject or 'communication', code)}",
                f"Follow-up promised to {client} on engagement {code}.", "Follow-up", stamp))
        for mid, title, due, status, code, client in s.execute(milestones):
            label = MilestoneStatus(status).label
            cal.add_component(_all_day(
                milestone_uid(mid), due, f"Milestone due: {title} ({code})",
                f"{client}, engagement {code}. Status: {label}.", "Milestone", stamp))
    return cal


@register("ics")
def export_ics(store: Store, path: Path, *, now: datetime | None = None) -> Path:
    """Write the calendar to ``path`` (0600) through a temporary file, so a failure leaves nothing."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(f"{target} is a folder; give a file name such as follow-ups.ics.", field="path")
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.", field="path")
    data = build_calendar(store, now=now).to_ical()
    write_private(target, data)
    return target
