"""How values read, in one place: lists, the history and reports use the same words."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kpo_desk.core.enums import MilestoneStatus
from kpo_desk.core.wording import count, display_date, plain, zone_label


def test_values_read_as_people_write_them() -> None:
    assert plain(1_000_000.0) == "1,000,000"  # never "1e+06"
    assert plain(1234.5) == "1,234.5"
    assert plain(MilestoneStatus.IN_QA) == "In QA"
    assert plain(True) == "yes" and plain(None) == ""
    assert plain(date(2026, 12, 2)) == "2 Dec 2026" == display_date(date(2026, 12, 2))
    assert plain(datetime(2026, 12, 2, 14, 5, tzinfo=UTC)).startswith("2 Dec 2026") or \
        plain(datetime(2026, 12, 2, 14, 5, tzinfo=UTC)).startswith("3 Dec 2026")


def test_counts_and_zones() -> None:
    assert count(1, "item") == "1 item" and count(40, "item") == "40 items"
    assert count(2, "analysis", "analyses") == "2 analyses"
    assert zone_label("Asia/Shanghai", datetime(2026, 6, 1, tzinfo=UTC)) == "Shanghai (UTC+8)"
    assert zone_label("America/Sao_Paulo", datetime(2026, 6, 1, tzinfo=UTC)) == "Sao Paulo (UTC\u22123)"
    assert zone_label("Asia/Kolkata", datetime(2026, 6, 1, tzinfo=UTC)) == "Kolkata (UTC+5:30)"
