"""The client report as a PDF, read back with pypdf: sections, footers, escaping, scripts."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from kpo_desk.core.models import Engagement
from kpo_desk.core.reports import SECTION_TITLES, build_report_data, render_report
from kpo_desk.core.reports.model import HealthReason, HealthView
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import (
    HOSTILE,
    PRIVATE,
    PUBLIC,
    add_visible_and_private_records,
    all_text,
    first_active,
    flat,
    hostile_engagement,
    pages_text,
)

MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _report(store, engagement_id: int, **kwargs) -> bytes:
    kwargs.setdefault("today", DEMO_TODAY)
    data = build_report_data(store, engagement_id=engagement_id, **kwargs)
    return render_report(data, generated_at=MOMENT)


def test_every_section_prints_with_demo_data(demo_store) -> None:
    e = first_active(demo_store)
    when = datetime.combine(DEMO_TODAY - timedelta(days=3), datetime.min.time(), tzinfo=UTC)
    add_visible_and_private_records(demo_store, e.id, when.replace(hour=11))
    pdf = _report(demo_store, e.id, period_start=e.start_on, summary="Prior-art search is 80% done.",
                  recipient="Head of IP")
    text = flat(all_text(pdf))
    for title in SECTION_TITLES.values():
        assert title in text, title
    for phrase in ("CLIENT STATUS REPORT", e.title, e.code, "Prior-art search is 80% done.",
                   "Head of IP", PUBLIC["communication"], PUBLIC["follow_up"], PUBLIC["risk"],
                   PUBLIC["milestone"], "Required controls: ", " verified (", "waived by agreement",
                   "Hours used", "Planned burn"):
        assert phrase in text, phrase
    for secret in PRIVATE.values():
        assert secret not in text


def test_every_page_is_marked_and_numbered_of_the_total(demo_store) -> None:
    e = first_active(demo_store)
    pdf = _report(demo_store, e.id, period_start=e.start_on)
    pages = pages_text(pdf)
    assert len(pages) >= 2
    marking = "CONFIDENTIAL" if e.confidentiality == "confidential" else "RESTRICTED"
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert marking in page
        assert "Not for onward distribution" in flat(page)
    assert "Page 1 of 1" not in all_text(pdf)


def test_a_long_table_repeats_its_header_on_the_next_page(demo_store) -> None:
    e = first_active(demo_store)
    start = datetime.combine(DEMO_TODAY - timedelta(days=60), datetime.min.time(), tzinfo=UTC)
    from kpo_desk.core.enums import Channel, Direction
    from kpo_desk.core.models import Communication

    with demo_store.transaction() as s:
        for n in range(60):
            s.add(Communication(engagement_id=e.id, channel=Channel.EMAIL, direction=Direction.INBOUND,
                                occurred_at=start + timedelta(hours=12 * n), client_visible=True,
                                subject=f"Batch {n:02d} delivered", body="Files received. " * 12))
    pdf = _report(demo_store, e.id, period_start=DEMO_TODAY - timedelta(days=60),
                  sections=["communications"])
    pages = pages_text(pdf)
    with_header = [p for p in pages if "SUBJECT AND SUMMARY" in p]
    assert len(pages) >= 3 and len(with_header) == len(pages)
    assert "Batch 00 delivered" in pages[0] and "Batch 59 delivered" in pages[-1]


def test_hostile_text_prints_literally(demo_store) -> None:
    eid = hostile_engagement(demo_store, client_name=f"Client {HOSTILE}", title=f"Search {HOSTILE}",
                             today=DEMO_TODAY)
    pdf = _report(demo_store, eid, summary=f"Summary {HOSTILE}", recipient=f"To {HOSTILE}")
    text = flat(all_text(pdf))
    for phrase in (f"Client {HOSTILE}", f"Search {HOSTILE}", f"Summary {HOSTILE}", f"To {HOSTILE}",
                   "Dr. 佐藤 博 & <i>Co</i>"):
        assert flat(phrase) in text, phrase
    assert "&amp;amp;" not in text


def test_non_latin_names_can_be_extracted(demo_store) -> None:
    name = "東京 Ελλάδα Zürich São Paulo Москва"
    eid = hostile_engagement(demo_store, client_name=name, title="Prior art: 半導体 packaging",
                             today=DEMO_TODAY)
    pdf = _report(demo_store, eid, summary="Αθήνα and 北京 offices agreed.")
    text = all_text(pdf)
    for word in ("東京", "Ελλάδα", "Zürich", "São Paulo", "Москва", "半導体", "Αθήνα", "北京"):
        assert word in text, word
    fonts = {str(f) for page in PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert len(fonts) >= 2


def test_the_same_data_and_moment_give_the_same_bytes(demo_store) -> None:
    e = first_active(demo_store)
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY, summary="Steady.")
    first = render_report(data, generated_at=MOMENT)
    assert render_report(data, generated_at=MOMENT) == first
    later = render_report(data, generated_at=MOMENT + timedelta(days=1))
    assert later != first
    assert re.search(rb"/CreationDate \(D:20261123093000", first)


def test_health_prints_client_reasons_and_says_when_not_assessed(demo_store) -> None:
    from dataclasses import replace

    e = first_active(demo_store)
    data = build_report_data(demo_store, engagement_id=e.id, today=DEMO_TODAY, sections=["health"])
    red = replace(data, health=HealthView("red", (HealthReason("deliverable 'Claims chart' is 6 days late"),)))
    text = flat(all_text(render_report(red, generated_at=MOMENT)))
    assert "At risk" in text and "Deliverable 'Claims chart' is 6 days late" in text
    unknown = replace(data, health=HealthView(None))
    assert "has not been assessed" in flat(all_text(render_report(unknown, generated_at=MOMENT)))


def test_empty_sections_say_so_instead_of_printing_nothing(demo_store) -> None:
    eid = hostile_engagement(demo_store, client_name="Quiet client", title="Quiet work",
                             today=DEMO_TODAY)
    with demo_store.transaction() as s:
        s.get(Engagement, eid).budget_hours = None
    pdf = _report(demo_store, eid, period_start=date(2026, 1, 1), period_end=date(2026, 1, 31))
    text = flat(all_text(pdf))
    assert "No communications were logged in this period." in text
    assert "There are no open actions." in text
    assert "Budget burn" not in text  # nothing to burn against: the section is left out


def test_the_logo_from_settings_heads_every_page_and_a_broken_one_is_skipped(demo_store, tmp_path) -> None:
    from PIL import Image

    from kpo_desk.core.models import Setting

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (15, 92, 77)).save(logo)
    e = first_active(demo_store)
    with demo_store.transaction() as s:
        s.merge(Setting(key="logo_path", value=str(logo)))
    pdf = _report(demo_store, e.id, period_start=e.start_on)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    assert all("/XObject" in page["/Resources"] for page in pages)
    logo.write_text("not an image")
    plain = _report(demo_store, e.id, period_start=e.start_on)
    assert all("/XObject" not in page["/Resources"] for page in PdfReader(io.BytesIO(plain)).pages)
    assert "Meridian" in all_text(plain)  # the firm name still heads the page


def _footer_text(page, margin: float) -> str:
    """The footer of one pdfplumber page, left of "Page X of Y", with all white space removed
    (a wrapped line may break between CJK characters, where no space is)."""
    footer = page.crop((0, page.height - 44, page.width, page.height))
    words = footer.extract_words()
    label = max(w["x0"] for w in words if w["text"] == "Page" and w["x0"] > page.width / 2)
    marking = [w for w in words if w["x1"] < label - 1]
    assert all(w["bottom"] < page.height - margin for w in marking), "the footer runs off the page"
    return "".join("".join(w["text"] for w in sorted(marking, key=lambda w: (round(w["top"]), w["x0"]))).split())


def test_the_confidentiality_marking_is_never_cut(demo_store) -> None:
    """Issue: "Not for onward distributi…" although there was room. The note prints whole on
    every page: on one line when it fits, wrapped under itself when it does not, and at a
    smaller size rather than cut when even two lines are too few."""
    import pdfplumber

    from kpo_desk.core.models import Client
    from kpo_desk.core.reports.pages import MARGIN_X
    from tests.core._report_helpers import layout_faults

    e = first_active(demo_store)
    names = ("深圳华信电子 (Shenzhen Huaxin Electronics)",
             "深圳华信电子有限公司 (Shenzhen Huaxin Electronics Co., Ltd.) — Intellectual Property "
             "Department, Futian District",
             "深圳华信电子有限公司知识产权部" * 10)
    for name in names:
        with demo_store.transaction() as s:
            s.get(Client, e.client_id).name = name
        pdf = _report(demo_store, e.id, period_start=e.start_on)
        marking = "CONFIDENTIAL" if e.confidentiality == "confidential" else e.confidentiality.upper()
        expected = "".join(f"{marking} Prepared for {name}. Not for onward distribution.".split())
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            assert len(doc.pages) >= 2
            for number, page in enumerate(doc.pages, start=1):
                assert _footer_text(page, 4 * 2.835) == expected, (name, number)
        assert "…" not in all_text(pdf)
        assert [f for f in layout_faults(pdf, MARGIN_X) if "overlap" in f] == []


def test_emoji_print_as_glyphs_and_copy_out_of_the_pdf(demo_store) -> None:
    """Emoji in client text print in black and white from the bundled Symbola font, copy out
    as themselves (characters beyond U+FFFF too), and one newer than the font prints as its
    name: never an empty box, never dropped."""
    import pdfplumber

    from kpo_desk.core.enums import Channel, Direction
    from kpo_desk.core.models import Communication

    e = first_active(demo_store)
    when = datetime.combine(DEMO_TODAY - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    with demo_store.transaction() as s:
        s.add(Communication(engagement_id=e.id, channel=Channel.EMAIL, direction=Direction.INBOUND,
                            occurred_at=when.replace(hour=9), client_visible=True,
                            subject="Sign-off ✅ 👍🏽 🫡", body="Launch 🚀 on Monday."))
    pdf = _report(demo_store, e.id, period_start=DEMO_TODAY - timedelta(days=5),
                  summary="Claim charts delivered ✅ 🚀 on plan.", sections=["summary", "communications"])
    text = flat(all_text(pdf))
    assert "Claim charts delivered ✅ 🚀 on plan." in text
    assert "Sign-off ✅ 👍 [saluting face]" in text
    assert "Launch 🚀 on Monday." in text
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        drawn = {c["text"]: c for page in doc.pages for c in page.chars if ord(c["text"][0]) > 0x2000}
    for emoji in ("✅", "🚀", "👍"):
        assert emoji in drawn, emoji
        assert drawn[emoji]["fontname"].endswith("Symbola"), drawn[emoji]["fontname"]
        assert drawn[emoji]["x1"] - drawn[emoji]["x0"] > 5, "a glyph with a real width"
