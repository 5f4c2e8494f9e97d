"""The report as a reader sees it: geometry, empty sections, what never prints, and the bytes.

Each PDF is real and read back (pypdf for text, pdfplumber for positions and colours).
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pdfplumber
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlmodel import select

from kpo_desk.core.enums import (
    Channel,
    ChecklistState,
    Direction,
    EngagementStatus,
    FeeModel,
    Gate,
    MilestoneStatus,
)
from kpo_desk.core.health import override_health
from kpo_desk.core.models import (
    ChecklistItem,
    Client,
    Communication,
    Engagement,
    Milestone,
    Setting,
    TimeEntry,
)
from kpo_desk.core.reports import (
    build_portfolio_data,
    build_report_data,
    render_portfolio,
    render_report,
)
from kpo_desk.core.reports.model import (
    Branding,
    HealthReason,
    HealthView,
    PortfolioData,
    PortfolioRow,
)
from kpo_desk.core.reports.pages import MARGIN_X
from kpo_desk.core.reports.sources import assess_health
from kpo_desk.core.resources import resource
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import (
    HOSTILE,
    add_visible_and_private_records,
    all_text,
    bare_engagement,
    first_active,
    flat,
    hostile_engagement,
    layout_faults,
    pages_text,
)

MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _report(store, engagement_id: int, **kwargs) -> bytes:
    kwargs.setdefault("today", DEMO_TODAY)
    return render_report(build_report_data(store, engagement_id=engagement_id, **kwargs),
                         generated_at=MOMENT)


def test_pages_stay_inside_the_margins_and_no_text_overlaps(demo_store) -> None:
    e = first_active(demo_store)
    when = datetime.combine(DEMO_TODAY - timedelta(days=3), datetime.min.time(), tzinfo=UTC)
    add_visible_and_private_records(demo_store, e.id, when.replace(hour=11))
    rich = _report(demo_store, e.id, period_start=e.start_on, summary="On plan.")
    assert len(PdfReader(io.BytesIO(rich)).pages) >= 2
    long_words = "Donaudampfschifffahrtsgesellschaftskapitänsmütze-" * 3
    eid = hostile_engagement(demo_store, client_name=f"Instytut Badań {long_words} {HOSTILE}",
                             title=f"https://portal.example.com/{long_words} {HOSTILE}", today=DEMO_TODAY)
    hostile = _report(demo_store, eid, summary=long_words * 4, recipient=long_words)
    portfolio = render_portfolio(build_portfolio_data(demo_store, today=DEMO_TODAY), generated_at=MOMENT)
    for name, pdf in (("client report", rich), ("hostile report", hostile), ("portfolio", portfolio)):
        assert layout_faults(pdf, MARGIN_X) == [], name


def test_an_engagement_with_nothing_recorded_says_so_in_every_section(demo_store) -> None:
    eid = bare_engagement(demo_store, client_name="Quiet Holdings S.A.")
    pdf = _report(demo_store, eid)
    text = flat(all_text(pdf))
    for sentence in ("No milestones are scheduled for this engagement yet.",
                     "No IP-protection controls are recorded for this engagement yet.",
                     "No communications were logged in this period.",
                     "There are no open actions.",
                     "There are no open risks to report.",
                     "Next steps will be listed here once the milestones are agreed."):
        assert sentence in text, sentence
    assert "All scheduled milestones are complete" not in text  # nothing was ever scheduled
    assert "Budget burn" not in text and "Executive summary" not in text
    assert "Page 1 of 1" in text
    assert "Prepared for Quiet Holdings S.A. Not for onward distribution." in text
    assert "S.A.." not in text
    assert layout_faults(pdf, MARGIN_X) == []


def test_next_steps_say_when_every_milestone_is_done(demo_store) -> None:
    eid = bare_engagement(demo_store)
    with demo_store.transaction() as s:
        s.add(Milestone(engagement_id=eid, title="Opinion letter", due_on=date(2026, 11, 20),
                        status=MilestoneStatus.ACCEPTED, delivered_on=date(2026, 11, 18),
                        accepted_on=date(2026, 11, 20)))
    text = flat(all_text(_report(demo_store, eid)))
    assert "Opinion letter" in text and "All scheduled milestones are complete." in text
    assert "once the milestones are agreed" not in text


def test_the_burn_chart_prints_when_the_fee_model_calls_for_it(demo_store) -> None:
    eid = bare_engagement(demo_store, fee_model=FeeModel.TIME_AND_MATERIALS, budget_hours=120)
    with demo_store.transaction() as s:
        s.add(TimeEntry(engagement_id=eid, staff_id=1, work_date=date(2026, 11, 10), hours=30))
    for fee_model, hours, shown in ((FeeModel.TIME_AND_MATERIALS, 120, True),
                                    (FeeModel.RETAINER, 120, True),
                                    (FeeModel.FIXED, 120, False),
                                    (FeeModel.TIME_AND_MATERIALS, None, False)):
        with demo_store.transaction() as s:
            e = s.get(Engagement, eid)
            e.fee_model, e.budget_hours = fee_model, hours
        text = flat(all_text(_report(demo_store, eid)))
        assert ("Budget burn" in text) == shown, fee_model
        assert ("30 h of 120 h used (25%)" in text) == shown, fee_model
        assert ("Planned burn" in text) == shown, fee_model


def test_internal_notes_reasons_and_overrides_never_print(demo_store) -> None:
    e = first_active(demo_store)
    with demo_store.transaction() as s:
        s.get(Client, e.client_id).notes = "Pays late SECRET-CLIENT-NOTE"
        item = s.exec(select(ChecklistItem).where(ChecklistItem.engagement_id == e.id,
                                                  ChecklistItem.gate != Gate.CLOSURE)
                      .order_by(ChecklistItem.id)).first()
        item.state, item.verified_at, item.verified_by_id = ChecklistState.OPEN, None, None
        item.note = "Analyst laptop unencrypted SECRET-ITEM-NOTE"
        open_control = item.text
    override_health(demo_store, e.id, status="red", reason="CFO dispute SECRET-OVERRIDE",
                    until=DEMO_TODAY + timedelta(days=10), today=DEMO_TODAY)
    internal = [r.text for r in assess_health(demo_store, e.id, DEMO_TODAY).reasons if not r.client_facing]
    assert any("SECRET-OVERRIDE" in text for text in internal)
    text = flat(all_text(_report(demo_store, e.id, period_start=e.start_on)))
    assert open_control in text  # the control itself is listed as outstanding...
    for secret in ("SECRET-CLIENT-NOTE", "SECRET-ITEM-NOTE", "SECRET-OVERRIDE", *internal):
        assert flat(secret) not in text  # ...its note, the client's notes and internal reasons are not
    assert "At risk" in text  # the overridden status is what the client sees


def test_health_reasons_spell_their_dates_like_the_rest_of_the_report(demo_store) -> None:
    e = first_active(demo_store)
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY, sections=["health"])
    late = HealthReason("deliverable 'Model prototype' is 70 days past its due date (2026-09-14)")
    text = flat(all_text(render_report(replace(data, health=HealthView("red", (late,))),
                                       generated_at=MOMENT)))
    assert "Deliverable 'Model prototype' is 70 days past its due date (14 Sep 2026)" in text
    assert "2026-09-14" not in text


def test_communications_print_in_the_clients_time_zone(demo_store) -> None:
    eid = hostile_engagement(demo_store, client_name="Tokyo client", title="Kick-off", today=DEMO_TODAY)
    text = flat(all_text(_report(demo_store, eid, period_start=DEMO_TODAY, period_end=DEMO_TODAY)))
    assert "Dates and times are in your time zone (Asia/Tokyo)." in text
    assert "23 Nov 2026 12:00 JST" in text  # logged at 03:00 UTC


def test_the_same_record_gives_the_same_bytes_in_a_fresh_process(demo_store) -> None:
    """Fonts, subsets and object numbers must not depend on what the process printed before."""
    with demo_store.read() as s:
        ids = s.exec(select(Engagement.id).where(Engagement.status == EngagementStatus.ACTIVE)
                     .order_by(Engagement.id)).all()
    eid, other = ids[0], ids[1]
    _report(demo_store, other, summary="東京 Ελλάδα Москва")  # another report first, other glyphs
    here = hashlib.sha256(_report(demo_store, eid, summary="Steady.")).hexdigest()
    script = (
        "import hashlib, sys\n"
        "from datetime import date, datetime, UTC\n"
        "from kpo_desk.core.store import Store\n"
        "from kpo_desk.core.reports import build_report_data, render_report\n"
        "with Store.open(sys.argv[1], create=False) as store:\n"
        "    data = build_report_data(store, engagement_id=int(sys.argv[2]), today=date(2026, 11, 23),\n"
        "                             summary='Steady.')\n"
        "    pdf = render_report(data, generated_at=datetime(2026, 11, 23, 9, 30, tzinfo=UTC))\n"
        "print(hashlib.sha256(pdf).hexdigest())\n")
    fresh = subprocess.run([sys.executable, "-c", script, str(demo_store.path), str(eid)],
                           capture_output=True, text=True, timeout=120)
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout.strip() == here


def _portfolio_row(**kwargs) -> PortfolioRow:
    values = dict(code="BANCO-2026-001", title="Customer interviews", client_name="Banco Horizonte S.A.",
                  status="Onboarding", health=HealthView("amber", (HealthReason("follow-up overdue"),)),
                  compliance_verified=21, compliance_applicable=21, next_milestone="Research plan",
                  next_milestone_due=date(2026, 12, 29), overdue_followups=1, oldest_overdue_days=1)
    values.update(kwargs)
    return PortfolioRow(**values)


def test_portfolio_columns_keep_their_labels_whole() -> None:
    rows = (_portfolio_row(), _portfolio_row(code="KRAKOW-2025-001", status="On hold", oldest_overdue_days=12),
            _portfolio_row(code="SATO-2026-001", status="Cancelled", live=False, health=None))
    for page_size in ("A4", "Letter"):
        data = PortfolioData(branding=Branding(firm_name="Meridian", page_size=page_size),
                             report_date=DEMO_TODAY, rows=rows)
        pdf = render_portfolio(data, generated_at=MOMENT)
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            lines = [line["text"] for page in doc.pages for line in page.extract_text_lines()]
        assert any(line.startswith("BANCO-2026-001 Onboarding") for line in lines), (page_size, lines)
        assert any("21 of 21 verified (100 %)" in line for line in lines), page_size
        text = flat(all_text(pdf))
        assert "oldest 1 day " in text + " " and "oldest 1 days" not in text
        assert "oldest 12 days" in text
        assert layout_faults(pdf, MARGIN_X) == [], page_size


def test_the_accent_colour_from_settings_draws_the_rules(demo_store) -> None:
    with demo_store.transaction() as s:
        s.merge(Setting(key="report_accent", value="#0F5C4D"))
    pdf = _report(demo_store, first_active(demo_store).id)
    green = (0x0F / 255, 0x5C / 255, 0x4D / 255)

    def is_accent(colour) -> bool:  # noqa: ANN001
        return colour is not None and len(colour) == 3 and all(
            abs(a - b) < 0.01 for a, b in zip(colour, green, strict=True))

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            header_rule = [line for line in page.lines if line["top"] < 70 and line["width"] > 400]
            assert header_rule and all(is_accent(line["stroking_color"]) for line in header_rule)


def test_the_bundled_fonts_carry_their_licences_and_are_embedded(demo_store) -> None:
    fonts = resource("fonts")
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf"):
        assert (fonts / face).is_file(), face
    assert (fonts / "LICENSE-DejaVu.txt").read_text().strip()
    assert (fonts / "LICENSE-DroidSansFallback.txt").read_text().strip()
    eid = hostile_engagement(demo_store, client_name="東京 Ελλάδα Москва", title="Zürich", today=DEMO_TODAY)
    reader = PdfReader(io.BytesIO(_report(demo_store, eid)))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= embedded, embedded
    assert "東京" in reader.pages[0].extract_text()


def test_a_split_table_never_leaves_a_row_alone(demo_store) -> None:
    eid = bare_engagement(demo_store)
    first = datetime(2026, 10, 1, 15, tzinfo=UTC)
    counts: list[list[int]] = []
    for n in range(40):
        with demo_store.transaction() as s:
            s.add(Communication(engagement_id=eid, channel=Channel.EMAIL, direction=Direction.INBOUND,
                                occurred_at=first + timedelta(days=n), client_visible=True,
                                subject=f"Batch {n:02d} delivered", body="Files received. " * (3 + n % 9)))
        if n < 12:
            continue
        pdf = _report(demo_store, eid, period_start=first.date(), sections=["communications"])
        per_page = [len(re.findall(r"Batch \d\d delivered", page)) for page in pages_text(pdf)]
        assert sum(per_page) == n + 1
        counts.append(per_page)
    assert any(len(pages) >= 3 for pages in counts)  # the table did split, more than once
    lonely = [pages for pages in counts if 1 in pages]
    assert lonely == []


def test_the_emoji_font_carries_its_licence_and_is_embedded_when_used(demo_store) -> None:
    fonts = resource("fonts")
    assert (fonts / "Symbola_hint.ttf").is_file()
    assert "free for any use" in (fonts / "LICENSE-Symbola.txt").read_text(encoding="utf-8")
    assert "Symbola_hint.ttf" in (fonts / "README.md").read_text(encoding="utf-8")
    e = first_active(demo_store)
    pdf = render_report(build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY,
                                          summary="Delivered ✅", sections=["summary"]),
                        generated_at=datetime(2026, 11, 23, tzinfo=UTC))
    embedded = {str(font.get_object()["/BaseFont"]).split("+")[-1]
                for page in PdfReader(io.BytesIO(pdf)).pages
                for font in page["/Resources"]["/Font"].values()}
    assert "Symbola" in embedded, embedded


def test_symbols_no_font_draws_print_as_their_names() -> None:
    from kpo_desk.core.reports.fonts import SYMBOLS, markup, printable

    assert printable("ok 🫡") == "ok [saluting face]"     # Unicode 14: newer than Symbola
    assert printable("👍🏽") == "👍"                       # a skin tone is colour only
    assert printable("a\U000e0067b") == "ab"              # a tag no font has draws nothing
    assert printable("深圳 Zürich ✅") == "深圳 Zürich ✅"  # every bundled font's characters stay
    assert markup("done ✅") == f'done <font name="{SYMBOLS}">✅</font>'


@settings(deadline=None, max_examples=150)
@given(st.text(alphabet=st.sampled_from("ab Zü深圳华信电子 (),.—✅🚀"), max_size=120),
       st.floats(min_value=20, max_value=400))
def test_wrapped_lines_keep_every_character_and_fit(text: str, room: float) -> None:
    from kpo_desk.core.reports.fonts import SANS, text_width, wrap_text

    lines = wrap_text(text, SANS, 7.5, room)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        assert line == line.strip() and line
        assert len(line) == 1 or text_width(line, SANS, 7.5) <= room + 0.01, line
