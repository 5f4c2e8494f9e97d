"""Team mode: another person's change shows in an open window within 2 s, through LISTEN/NOTIFY
(kpo_desk/ui/team/live.py), on a real PostgreSQL server: the engagement list, an open
engagement's risks tab and the dashboard."""

from __future__ import annotations

import time

import pytest

from kpo_desk.core.services.engagements import create_engagement
from kpo_desk.core.services.parties import create_client, create_staff
from kpo_desk.core.services.work import add_risk
from kpo_desk.core.store import Store
from kpo_desk.ui.team.live import LiveRefresh
from tests.ui.helpers import open_window

#: The issue's promise; the waits allow more so that a slow run reports its delay instead of
#: failing for a shared machine's hiccup, and the delay is asserted against the promise.
PROMISE_S = 2.0
PATIENCE_MS = 10_000


@pytest.fixture
def two_people(pg_server, pg_database):
    """My store (the window's) and a colleague's, on one server database, with one engagement."""
    with Store.open(pg_server.url(pg_database)) as mine, Store.open(pg_server.url(pg_database)) as theirs:
        lead = create_staff(theirs, name="Mina Das").id
        client = create_client(theirs, name="Acme Ltd").id
        first = create_engagement(theirs, client_id=client, title="Patent landscape", service_type="ip_patent",
                                  lead_id=lead).id
        yield mine, theirs, lead, client, first


def listening(qtbot, window) -> LiveRefresh:  # noqa: ANN001
    live = window.live_refresh
    assert isinstance(live, LiveRefresh), "a window on a server store listens for changes"
    qtbot.waitUntil(live.listener.connected.is_set, timeout=PATIENCE_MS)
    return live


def test_another_users_new_engagement_shows_in_the_list(qtbot, two_people) -> None:
    mine, theirs, lead, client, first = two_people
    window = open_window(qtbot, mine)
    live = listening(qtbot, window)
    window.show_view("Engagements")
    model = window.engagements.model
    assert [model.row_at(r).id for r in range(model.rowCount())] == [first]
    started = time.monotonic()
    new = create_engagement(theirs, client_id=client, title="Freedom to operate", service_type="ip_patent",
                            lead_id=lead).id
    qtbot.waitUntil(lambda: new in {model.row_at(r).id for r in range(model.rowCount())}, timeout=PATIENCE_MS)
    took = time.monotonic() - started
    print(f"\nengagement list showed the colleague's engagement {took * 1000:.0f} ms after the save began")
    assert took < PROMISE_S
    assert model.row_at(next(r for r in range(model.rowCount()) if model.row_at(r).id == new)).title \
        == "Freedom to operate"
    live.stop()
    assert not live.listener.running


def test_another_users_risk_shows_in_the_open_engagement(qtbot, two_people) -> None:
    mine, theirs, _lead, _client, first = two_people
    window = open_window(qtbot, mine)
    listening(qtbot, window)
    window.show_view("Engagements")
    window.engagements.select(first)
    detail = window.engagements.detail
    detail.setCurrentWidget(detail.risks)
    risks = detail.risks.model
    assert risks.rowCount() == 0
    started = time.monotonic()
    add_risk(theirs, engagement_id=first, category="confidentiality", description="Claims chart shared by e-mail")
    qtbot.waitUntil(lambda: risks.rowCount() == 1, timeout=PATIENCE_MS)
    took = time.monotonic() - started
    print(f"\nopen engagement's risks tab showed the colleague's risk {took * 1000:.0f} ms after the save began")
    assert took < PROMISE_S
    assert risks.row_at(0).description == "Claims chart shared by e-mail"
    window.live_refresh.stop()


def test_the_dashboard_counts_another_users_engagement_and_own_saves_are_not_heard_twice(
        qtbot, two_people) -> None:
    mine, theirs, lead, client, _first = two_people
    window = open_window(qtbot, mine)
    live = listening(qtbot, window)
    window.show_view("Dashboard")
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None and not dashboard._loading, timeout=PATIENCE_MS)
    before = sum(dashboard.snapshot.by_status.values())
    announced: list[list[str]] = []
    live.applied.connect(announced.append)
    create_client(mine, name="My own client")  # this window's own save: not announced again
    started = time.monotonic()
    create_engagement(theirs, client_id=client, title="Market entry", service_type="market_research",
                      lead_id=lead)
    qtbot.waitUntil(lambda: sum(dashboard.snapshot.by_status.values()) == before + 1, timeout=PATIENCE_MS)
    took = time.monotonic() - started
    print(f"\ndashboard counted the colleague's engagement {took * 1000:.0f} ms after the save began")
    assert took < PROMISE_S
    assert announced and all("client" not in kinds for kinds in announced)
    assert any("engagement" in kinds for kinds in announced)
    live.stop()
