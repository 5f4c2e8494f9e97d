"""The report history list: sorted by each column, filtered and paged in SQL, with no cap.

6,000 records are written in one executemany; the rows planted to come first in each order are
among the oldest, so that they sit beyond row 5,000 of the default (newest first) order, where
the old list, cut at 5,000 rows and filtered in Python, never looked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select

from kpo_desk.core.enums import ReportKind
from kpo_desk.core.models import Engagement, ReportRecord
from kpo_desk.core.reports.history import (
    SORT_KEYS,
    count_report_history,
    like_pattern,
    report_history,
    report_history_position,
)
from kpo_desk.core.store import Store

TOTAL = 6000
START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
#: Capitalised names: in a case-sensitive (binary) order "Zoe" would come before "aaron".
RECIPIENTS = ("Dr. Hiroshi Sato", "Anna Berg", "Zoe Keller", "Marc Dupont", "")
#: Planted, oldest first: each comes first in one order only if the order is the one a person expects.
PLANTED = {
    0: {"recipient": "aaron abbot", "file_name": "Zeta-notes.pdf"},
    1: {"recipient": "Yusuf Ng", "file_name": "000-first-of-all.pdf"},
    2: {"recipient": "Yusuf Ng", "file_name": "Q3_50%_draft.pdf", "period_start": date(2019, 6, 1),
        "period_end": date(2019, 6, 30)},
}


def _key(sort: str):  # noqa: ANN202
    """Each order as read plainly in Python (the data is ASCII, so lower() agrees with SQL's)."""
    return {
        "generated_at": lambda r: r.generated_at,
        "code": lambda r: r.code.lower(),
        "period": lambda r: (r.period_start or r.period_end, r.period_end),
        "file_name": lambda r: r.file_name.lower(),
        "recipient": lambda r: r.recipient.lower(),
        "sha256": lambda r: r.sha256,
    }[sort]


@pytest.fixture
def history(demo_store: Store) -> dict:
    with demo_store.read() as s:
        engagements = sorted(s.exec(select(Engagement.id, Engagement.code)).all(), key=lambda e: e[1].lower())
    first, others = engagements[0], engagements[1:]
    rows = []
    for i in range(TOTAL):
        eid, code = first if i == 0 else others[i % len(others)]
        portfolio = i % 997 == 500
        end = date(2025, 1, 1) + timedelta(days=i // 10)
        row = {"kind": ReportKind.PORTFOLIO if portfolio else ReportKind.ENGAGEMENT,
               "engagement_id": None if portfolio else eid,
               "period_start": None if portfolio else end - timedelta(days=30), "period_end": end,
               "generated_at": START + timedelta(minutes=i),
               "file_name": f"{'portfolio' if portfolio else code}-status-{end.isoformat()}-{i:04d}.pdf",
               "sha256": f"{(i * 7919) % 100003:064x}", "recipient": RECIPIENTS[i % len(RECIPIENTS)],
               "summary": "", "settings_json": "{}"}
        row.update(PLANTED.get(i, {}))
        rows.append(row)
    with demo_store.engine.begin() as conn:
        conn.execute(delete(ReportRecord))  # the demo's own few: this history is all planted
        conn.execute(insert(ReportRecord), rows)  # one executemany
        ids = conn.execute(select(ReportRecord.id).order_by(ReportRecord.generated_at)).scalars().all()
    return {"store": demo_store, "ids": ids, "first_code": first[1]}


def _planted(history: dict, n: int) -> int:
    return history["ids"][n]


def test_every_row_is_listed_and_counted_with_no_cap(history: dict) -> None:
    store = history["store"]
    rows = report_history(store)
    assert len(rows) == count_report_history(store) == TOTAL
    assert [r.id for r in rows] == list(reversed(history["ids"])), "newest first by default"
    assert rows[-1].id == _planted(history, 0) and rows[-1].code == history["first_code"]
    pages = [r for offset in range(0, TOTAL, 500)
             for r in report_history(store, sort="recipient", limit=500, offset=offset)]
    assert pages == report_history(store, sort="recipient"), "pages of 500 add up to the whole order"
    portfolio = next(r for r in rows if r.kind == ReportKind.PORTFOLIO)
    assert portfolio.code == "" and portfolio.engagement_id is None


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_each_column_sorts_in_sql(history: dict, sort: str) -> None:
    store = history["store"]
    for descending in (False, True):
        rows = report_history(store, sort=sort, descending=descending)
        expected = sorted(rows, key=lambda r: (r.generated_at, r.id), reverse=True)  # the tie-break
        expected.sort(key=_key(sort), reverse=descending)
        if sort in ("code", "recipient"):  # a blank last, whichever the direction
            expected.sort(key=lambda r: getattr(r, sort) == "")
        assert [r.id for r in rows] == [r.id for r in expected], (sort, descending)
        page = report_history(store, sort=sort, descending=descending, limit=50, offset=5000)
        assert page == rows[5000:5050]
        for row in (rows[0], rows[5321], rows[-1]):
            assert report_history_position(store, row.id, sort=sort, descending=descending) == rows.index(row)


@pytest.mark.parametrize(("sort", "planted"), [("code", 0), ("recipient", 0), ("file_name", 1), ("period", 2)])
def test_the_first_row_of_an_order_can_be_the_oldest_report(history: dict, sort: str, planted: int) -> None:
    store = history["store"]
    planted_id = _planted(history, planted)
    assert report_history_position(store, planted_id) >= 5000, "beyond the old 5,000-row cap"
    rows = report_history(store, sort=sort, descending=False, limit=500)
    assert rows[0].id == planted_id


def test_filter_finds_rows_beyond_five_thousand_by_file_recipient_or_code(history: dict) -> None:
    store = history["store"]
    oldest = _planted(history, 0)
    for text in ("ABBOT", "zeta-NOTES", history["first_code"].lower()):
        rows = report_history(store, text=text)
        assert [r.id for r in rows] == [oldest], text
        assert count_report_history(store, text=text) == 1
        assert report_history_position(store, oldest, text=text) == 0
    assert report_history_position(store, _planted(history, 1), text="abbot") is None
    by_recipient = report_history(store, text="anna berg", sort="generated_at", descending=False)
    assert len(by_recipient) == TOTAL // len(RECIPIENTS) - 1  # one planted row took another name
    assert {r.recipient for r in by_recipient} == {"Anna Berg"}
    assert by_recipient[0].generated_at < report_history(store)[5000].generated_at


@pytest.mark.parametrize(("text", "expected"), [("50%", [2]), ("_50", [2]), ("%", [2]), ("_", [2]),
                                               ("\\", [])])
def test_like_wildcards_typed_in_the_filter_match_themselves(history: dict, text: str, expected: list) -> None:
    store = history["store"]
    assert [r.id for r in report_history(store, text=text)] == [_planted(history, n) for n in expected]


def test_like_pattern_escapes_its_wildcards() -> None:
    assert like_pattern("a%b_c\\d") == "%a\\%b\\_c\\\\d%"


def test_one_engagement_history(history: dict) -> None:
    store = history["store"]
    oldest = report_history(store)[-1]
    rows = report_history(store, engagement_id=oldest.engagement_id)
    assert [r.id for r in rows] == [oldest.id]
    assert count_report_history(store, engagement_id=oldest.engagement_id) == 1
