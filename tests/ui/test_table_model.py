"""The paged table model: counted in SQL, pages fetched when looked at, memory bounded."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from kpo_desk.ui.common.table import BATCH, KEPT_PAGES, Column, RowTableModel

TOTAL = BATCH * (KEPT_PAGES + 3) + 17  # more pages than are kept, and a short last one


def _model(locator=None) -> tuple[RowTableModel, list[tuple[str, bool, int, int]]]:  # noqa: ANN001
    calls: list[tuple[str, bool, int, int]] = []
    rows = [SimpleNamespace(id=i, name=f"row {i:05d}") for i in range(TOTAL)]

    def pager(key: str, descending: bool, offset: int, limit: int) -> list:
        calls.append((key, descending, offset, limit))
        ordered = sorted(rows, key=lambda r: getattr(r, key), reverse=descending)
        return ordered[offset:offset + limit]

    model = RowTableModel([Column("id", "Id"), Column("name", "Name")], pager=pager, counter=lambda: TOTAL,
                          locator=locator)
    return model, calls


def test_opens_with_one_page_and_jumps_to_the_end_with_one_more(qapp) -> None:
    model, calls = _model()
    model.reload()
    assert model.rowCount() == TOTAL and not model.canFetchMore()
    assert [c[2] for c in calls] == [0]
    last = model.index(TOTAL - 1, 1)
    assert model.data(last) == f"row {TOTAL - 1:05d}"
    assert [c[2] for c in calls] == [0, (TOTAL - 1) // BATCH * BATCH]
    model.data(model.index(TOTAL - 2, 0))  # same page: no query
    assert len(calls) == 2


def test_keeps_a_bounded_number_of_pages_and_refetches_what_it_dropped(qapp) -> None:
    model, calls = _model()
    model.reload()
    for row in range(0, TOTAL, BATCH):
        assert model.data(model.index(row, 0)) == str(row)
    assert len(model._pages) == KEPT_PAGES
    before = len(calls)
    assert model.data(model.index(0, 0)) == "0"  # page 0 was dropped long ago: fetched again
    assert len(calls) == before + 1


def test_sorting_reloads_in_the_new_order_and_row_of_searches_pages(qapp) -> None:
    model, calls = _model()
    model.reload()
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert calls[-1] == ("name", True, 0, BATCH)
    assert model.row_at(0).id == TOTAL - 1
    row = model.row_of(lambda r: r.id == 5)
    assert row == TOTAL - 1 - 5 and model.row_at(row).id == 5
    assert model.row_of(lambda r: r.id == -1) == -1


def test_row_of_looks_near_the_hint_first(qapp) -> None:
    model, calls = _model()
    model.reload()
    deep = BATCH * 9 + 3
    del calls[:]
    assert model.row_of(lambda r: r.id == deep, near=deep + 2) == deep
    assert [c[2] for c in calls] == [BATCH * 9]  # one page, not the nine before it


def test_a_located_record_costs_one_page(qapp) -> None:
    """With a locator (SQL says where a record stands), finding one deep in the list fetches
    only its page; a record not listed is known at once; a stale answer falls back to a search."""
    told: dict[int, int | None] = {}

    def locator(key: str, descending: bool, record_id: int) -> int | None:
        assert (key, descending) == ("id", False)
        return told.get(record_id, record_id if 0 <= record_id < TOTAL else -1)

    model, calls = _model(locator)
    model.reload()
    deep = TOTAL - 20
    del calls[:]
    assert model.row_of_id(deep) == deep and [c[2] for c in calls] == [deep // BATCH * BATCH]
    del calls[:]
    assert model.row_of_id(TOTAL + 5) == -1 and calls == []
    told[BATCH * 4 + 1] = BATCH * 4  # off by one, as after a row was added since counting
    del calls[:]
    assert model.row_of_id(BATCH * 4 + 1) == BATCH * 4 + 1 and [c[2] for c in calls] == [BATCH * 4]
    told[7] = None  # cannot tell (a sort done in Python): searched for, from the top
    assert model.row_of_id(7) == 7
