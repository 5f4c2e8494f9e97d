"""The detail pane for the selected engagement (read-only here; editing lives in its tabs)."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from kpo_desk.core.enums import MilestoneStatus
from kpo_desk.core.services.overview import EngagementOverview, engagement_overview
from kpo_desk.core.store import Store

DONE = {MilestoneStatus.DELIVERED, MilestoneStatus.ACCEPTED}


def _money(cents: int | None, currency: str) -> str:
    return "—" if cents is None else f"{cents / 100:,.0f} {escape(currency)}"


def _d(value: date | None) -> str:
    return value.isoformat() if value else "—"


def overview_html(o: EngagementOverview, today: date | None = None) -> str:
    """Every user value is escaped: a client name such as "<b>" prints literally."""
    today = today or date.today()
    e, c = o.engagement, o.client
    rows = [
        ("Client", f"{escape(c.name)} <span class='muted'>· {escape(c.country)} · {escape(c.timezone)}</span>"),
        ("Service", escape(e.service_type.label)),
        ("Status", f"<b>{escape(e.status.label)}</b>"),
        ("Lead", escape(o.lead.name) if o.lead else "—"),
        ("Signed · start · target end", f"{_d(e.signed_on)} · {_d(e.start_on)} · {_d(e.target_end_on)}"),
        ("Fee model", escape(e.fee_model.label)),
        ("Budget", f"{e.budget_hours or 0:,.0f} h · {_money(e.budget_cents, e.currency)}"),
        ("Logged", f"{o.hours_logged:,.1f} h"),
        ("Confidentiality", escape(e.confidentiality.label)),
        ("Checklist", f"{o.checklist_total - o.checklist_open} of {o.checklist_total} settled"),
        ("Communications", f"{o.communications:,}"),
    ]
    table = "".join(f"<tr><td class='k'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    ms = []
    for m in o.milestones:
        late = m.due_on and m.due_on < today and m.status not in DONE
        due = f"<span class='late'>{_d(m.due_on)} overdue</span>" if late else _d(m.due_on)
        ms.append(f"<tr><td>{escape(m.title)}</td><td>{due}</td><td>{escape(m.status.label)}</td></tr>")
    milestones = ("<table class='grid' width='100%'><tr><th align='left'>Milestone</th><th align='left'>Due</th>"
                  f"<th align='left'>Status</th></tr>{''.join(ms)}</table>") if ms \
        else "<p class='muted'>No milestones yet.</p>"
    team = "".join(
        f"<li>{escape(s.name)}, {escape(a.role)}{' (key role)' if a.is_key_role else ''}"
        f"{' · backup ' + escape(b.name) if b else (' · <span class=late>no backup</span>' if a.is_key_role else '')}</li>"
        for a, s, b in o.team) or "<li class='muted'>Nobody assigned yet.</li>"
    return f"""
    <style>
      h2 {{ margin-bottom: 0; }} .muted {{ color: palette(mid); color: #888; }}
      td.k {{ color: #888; padding-right: 14px; white-space: nowrap; }}
      td, th {{ padding: 3px 8px 3px 0; }} .late {{ color: #c0392b; font-weight: bold; }}
    </style>
    <h2>{escape(e.code)}</h2><p style='font-size: 15px; margin-top: 2px'>{escape(e.title)}</p>
    <table>{table}</table>
    <h3>Milestones</h3>{milestones}
    <h3>Team</h3><ul>{team}</ul>
    {'<h3>Description</h3><p>' + escape(e.description) + '</p>' if e.description else ''}
    """


class EngagementDetail(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Engagement details")
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.show_nothing()

    def show_nothing(self) -> None:
        self.browser.setHtml("<p style='color:#888; margin-top:40px' align='center'>"
                             "Select an engagement to see its details.</p>")

    def show_engagement(self, engagement_id: int) -> None:
        self.browser.setHtml(overview_html(engagement_overview(self._store, engagement_id)))
