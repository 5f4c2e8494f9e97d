"""Export json and import it into an empty store gives back an identical store; the CSV
export cannot run a formula in a spreadsheet."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.exporters import EXPORTERS
from kpo_desk.core.exporters.csv_export import FORMULA_STARTS, export_csv, neutralise
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.exporters.json_import import import_json
from kpo_desk.core.exporters.tables import data_tables, table_rows
from kpo_desk.core.models import Setting
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store

MARKUP = "<b>Müller & \"Söhne\"</b> <script>alert('x')</script> 東京"


def rows_of(store: Store) -> dict[str, list[tuple]]:
    return {t.name: list(table_rows(store, t)) for t in data_tables()}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_formats_are_registered() -> None:
    assert EXPORTERS["json"] is export_json and EXPORTERS["csv"] is export_csv


def test_json_round_trip_gives_an_identical_store(demo_store: Store, tmp_path: Path) -> None:
    parties.create_client(demo_store, name=MARKUP, timezone="Asia/Tokyo", notes="line 1\nline 2\ttab")
    before = rows_of(demo_store)
    assert sum(map(len, before.values())) > 1000
    out = export_json(demo_store, tmp_path / "export.zip")
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["counts"] == {t: len(r) for t, r in before.items()}

    with Store.open(tmp_path / "copy.sqlite3") as copy:
        counts = import_json(copy, out)
        assert counts == manifest["counts"]
        assert rows_of(copy) == before
        assert files_of(copy.attachments_dir) == files_of(demo_store.attachments_dir)
        assert copy.integrity_problems() == []
        assert MARKUP in [c.name for c in parties.list_clients(copy)]


def test_import_into_a_store_with_data_is_refused(demo_store: Store, store: Store, tmp_path: Path) -> None:
    out = export_json(demo_store, tmp_path / "export.zip")
    parties.create_client(store, name="Already here", timezone="UTC")
    before = rows_of(store)
    with pytest.raises(ValidationError, match="already holds data"):
        import_json(store, out)
    assert rows_of(store) == before


def test_failed_export_leaves_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="does not exist"):
        export_json(store, tmp_path / "missing-folder" / "e.zip")
    assert list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if p.name.startswith("store")]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_export_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    staff = parties.create_staff(store, name="=1+1")
    with store.transaction() as session:  # services strip blanks; an import or old data may not
        session.add(Setting(key="tab", value="\t=cmd|' /C calc'!A0"))
        session.add(Setting(key="cr", value="\r=1"))
    for name in ("=HYPERLINK(\"http://evil\",\"click\")", "+41 44 000", "-2+3", "@SUM(A1)",
                 "Plain", MARKUP):
        parties.create_client(store, name=name, timezone="UTC")
    client = parties.list_clients(store)[0]
    from kpo_desk.core.services import engagements

    eng = engagements.create_engagement(store, client_id=client.id, title="T", service_type="ip_patent")
    from datetime import date

    work.log_time(store, engagement_id=eng.id, staff_id=staff.id, work_date=date(2026, 11, 2), hours=7.5)
    folder = export_csv(store, tmp_path / "csv")
    names = [r["name"] for r in read_csv(folder / "client.csv")]
    assert names == ["'=HYPERLINK(\"http://evil\",\"click\")", "'+41 44 000", "'-2+3", "'@SUM(A1)",
                     "Plain", MARKUP]
    assert {r["key"]: r["value"] for r in read_csv(folder / "setting.csv")} == {
        "tab": "'\t=cmd|' /C calc'!A0", "cr": "'\r=1"}
    assert [r["name"] for r in read_csv(folder / "staff.csv")] == ["'=1+1"]
    assert [r["hours"] for r in read_csv(folder / "timeentry.csv")] == ["7.5"]  # numbers stay numbers
    assert {p.name for p in folder.iterdir()} == {f"{t.name}.csv" for t in data_tables()}
    assert (folder / "client.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for spreadsheets


def test_csv_export_refuses_to_overwrite(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "client.csv").write_text("mine")
    with pytest.raises(Exception, match="already holds client.csv"):
        export_csv(store, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["client.csv"]
    assert (folder / "client.csv").read_text() == "mine"


@given(st.text())
def test_no_neutralised_cell_starts_a_formula(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == text or cell == "'" + text


@given(st.one_of(st.text(max_size=30), st.dates().map(date.isoformat), st.integers(), st.none()))
def test_imported_dates_are_real_dates_or_refused(value) -> None:  # noqa: ANN001
    from kpo_desk.core.exporters.json_import import _checker
    from kpo_desk.core.models import Milestone

    check = _checker(Milestone.__table__.c.due_on)
    try:
        kept = check(value)
    except ValueError as exc:
        assert "due_on" in str(exc)
        return
    assert kept is None or date.fromisoformat(kept).isoformat() == kept


@pytest.mark.parametrize("value", ["20261123", "2026-11-23T00:00:00", " 2026-11-23", "2026-W47-1"])
def test_imported_dates_must_be_in_stored_form(value: str) -> None:
    from kpo_desk.core.exporters.json_import import _checker
    from kpo_desk.core.models import Milestone

    with pytest.raises(ValueError, match="is not a date"):
        _checker(Milestone.__table__.c.due_on)(value)
