"""Time sheets: the weekly grid per staff member, and importing time entries from CSV.

Quick entry of one entry is ``work.log_time``. A CSV import is all or nothing: every row is
checked first, and one bad row imports nothing (with a clear error per row) unless the user
asks to skip the bad rows. Either way the import is one transaction. A row already in the store
(the same staff member, date, engagement, hours and note) is skipped and counted, so importing
the same file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import and_, func, or_, select

from kpo_desk.core import audit
from kpo_desk.core import validation as v
from kpo_desk.core.enums import AuditAction, EngagementStatus
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Assignment, Engagement, Staff, TimeEntry
from kpo_desk.core.services import base
from kpo_desk.core.services.work import validate_time_entry
from kpo_desk.core.store import Store

#: Larger files are refused before reading: a year of time for 50 people is well under this.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
REQUIRED_COLUMNS = ("engagement", "staff", "date", "hours")
OPTIONAL_COLUMNS = ("billable", "note")
_YES = {"yes", "y", "true", "1", "billable", "ja", "oui", "sí", "si"}
_NO = {"no", "n", "false", "0", "non-billable", "nonbillable", "nein", "non"}


# -- the weekly grid -----------------------------------------------------------------------------
@dataclass(frozen=True)
class WeekGridRow:
    engagement_id: int
    code: str
    title: str
    #: Hours on each of the seven days from ``week_start``.
    hours: tuple[float, ...]

    @property
    def total(self) -> float:
        return round(sum(self.hours), 2)


@dataclass(frozen=True)
class WeekGrid:
    staff_id: int
    days: tuple[date, ...]
    rows: tuple[WeekGridRow, ...]

    @property
    def day_totals(self) -> tuple[float, ...]:
        return tuple(round(sum(r.hours[i] for r in self.rows), 2) for i in range(7))

    @property
    def total(self) -> float:
        return round(sum(self.day_totals), 2)


def week_grid(store: Store, staff_id: int, week_start: date) -> WeekGrid:
    """A row per engagement × the seven days from ``week_start`` (pass a Monday for a
    calendar week). Rows cover the engagements the person is assigned to that are in
    flight, plus any engagement they logged time on that week; ordered by code."""
    week_start = v.business_date(week_start, "week_start", "The first day of the week")
    days = tuple(week_start + timedelta(days=i) for i in range(7))
    with store.read() as s:
        base.get_or_fail(s, Staff, staff_id, "staff member", field="staff_id")
        logged = s.connection().execute(
            select(TimeEntry.engagement_id, TimeEntry.work_date, func.sum(TimeEntry.hours))
            .where(TimeEntry.staff_id == staff_id, TimeEntry.work_date >= days[0],
                   TimeEntry.work_date <= days[-1])
            .group_by(TimeEntry.engagement_id, TimeEntry.work_date)).all()
        assigned = select(Assignment.engagement_id).where(Assignment.staff_id == staff_id)
        engagements = s.connection().execute(
            select(Engagement.id, Engagement.code, Engagement.title)
            .where(or_(and_(Engagement.id.in_(assigned),
                            Engagement.status.in_([st.value for st in EngagementStatus.LIVE])),
                       Engagement.id.in_({eid for eid, _d, _h in logged} or {-1})))
            .order_by(Engagement.code)).all()
    cells: dict[tuple[int, date], float] = {(eid, d): float(h) for eid, d, h in logged}
    rows = tuple(WeekGridRow(eid, code, title, tuple(round(cells.get((eid, d), 0.0), 2) for d in days))
                 for eid, code, title in engagements)
    return WeekGrid(staff_id, days, rows)


# -- CSV import ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file, the header being row 1
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int  # bad rows left out (with skip_bad_rows)
    errors: tuple[RowError, ...]
    #: Rows already in the store (same staff, date, engagement, hours and note), not added again.
    already_imported: int = 0


class TimeImportRejected(ValidationError):
    """Some rows are bad and nothing was imported; ``errors`` lists every bad row."""

    def __init__(self, message: str, errors: tuple[RowError, ...]) -> None:
        super().__init__(message, field="file")
        self.errors = errors


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(f"{path} cannot be read: {exc.strerror or exc}.", field="file") from None
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a CSV file.", field="file")
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"{path.name} is {size / 1024 / 1024:.1f} MB; a time sheet CSV may be "
                              f"{MAX_FILE_BYTES // 1024 // 1024} MB at most.", field="file")
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ValidationError(f"{path.name} is a binary file, not a CSV text file.", field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{path.name} is not UTF-8 text; save it as CSV UTF-8 and try again.",
                              field="file") from None


def _billable(text: str) -> bool:
    word = text.strip().lower()
    if not word or word in _YES:
        return True
    if word in _NO:
        return False
    raise ValidationError(f"'{text}' is not yes or no.", field="billable")


def import_time_csv(store: Store, path: str | Path, *, skip_bad_rows: bool = False) -> ImportResult:
    """Import time entries from a CSV file with the columns engagement (code), staff (name or
    e-mail), date (YYYY-MM-DD), hours, and optionally billable (yes/no) and note.

    Raises ``TimeImportRejected`` (nothing imported) when a row is bad and ``skip_bad_rows``
    is false; ``ValidationError`` when the file itself cannot be used.
    """
    path = Path(path)
    text = _read_text(path)
    # The header decides the delimiter: spreadsheets in many locales save with ';'.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValidationError(f"{path.name} is empty.", field="file") from None
    except csv.Error as exc:
        raise ValidationError(f"{path.name} is not a readable CSV file ({exc}).", field="file") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(f"{path.name} has no column {', '.join(missing)}; the header needs "
                              f"{', '.join(REQUIRED_COLUMNS)} (and may have billable, note).", field="file")
    col = {name: header.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in header}
    errors: list[RowError] = []
    entries: list[tuple[int, TimeEntry]] = []
    with store.transaction() as session:
        codes = dict(session.connection().execute(select(Engagement.code, Engagement.id)).all())
        people: dict[str, list[int]] = {}
        for sid, name, email in session.connection().execute(select(Staff.id, Staff.name, Staff.email)):
            for key in {name.strip().lower(), (email or "").strip().lower()} - {""}:
                people.setdefault(key, []).append(sid)
        try:
            for line, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(entries) + len(errors) >= MAX_ROWS:
                    raise ValidationError(f"{path.name} has more than {MAX_ROWS:,} rows; split it.",
                                          field="file")
                try:
                    entry = _row_entry(session, cells, col, codes, people)
                except ValidationError as exc:
                    errors.append(RowError(line, exc.field or "row", exc.message))
                    continue
                entries.append((line, entry))
        except csv.Error as exc:
            raise ValidationError(f"{path.name} is not a readable CSV file ({exc}).", field="file") from None
        if errors and not skip_bad_rows:
            shown = "; ".join(str(e).rstrip(".") for e in errors[:3])
            more = f"; and {len(errors) - 3} more" if len(errors) > 3 else ""
            raise TimeImportRejected(
                f"{len(errors)} row{'s' if len(errors) != 1 else ''} of {path.name} "
                f"{'have' if len(errors) != 1 else 'has'} errors, so nothing was imported: {shown}{more}.",
                tuple(errors))
        entries, already = _without_already_imported(session, entries)
        for _line, entry in entries:
            session.add(entry)
        base.flush(session)
        for _line, entry in entries:
            audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=entry,
                               new=audit.snapshot(entry) | {"source": path.name})
    return ImportResult(imported=len(entries), skipped=len(errors), errors=tuple(errors),
                        already_imported=already)


def _entry_key(staff_id: int, day: date, engagement_id: int, hours: float, note: str) -> tuple:
    return staff_id, day, engagement_id, round(float(hours), 2), note


def _without_already_imported(session, entries: list[tuple[int, TimeEntry]]  # noqa: ANN001
                              ) -> tuple[list[tuple[int, TimeEntry]], int]:
    """The entries the store does not hold yet, and how many it does. Counted as a multiset:
    two identical rows in a file are two entries, and a second import of that file skips both."""
    if not entries:
        return entries, 0
    days = [e.work_date for _line, e in entries]
    stored = Counter(_entry_key(*row) for row in session.connection().execute(
        select(TimeEntry.staff_id, TimeEntry.work_date, TimeEntry.engagement_id, TimeEntry.hours,
               TimeEntry.note)
        .where(TimeEntry.work_date >= min(days), TimeEntry.work_date <= max(days),
               TimeEntry.engagement_id.in_({e.engagement_id for _line, e in entries}))))
    fresh = []
    for line, entry in entries:
        key = _entry_key(entry.staff_id, entry.work_date, entry.engagement_id, entry.hours, entry.note)
        if stored[key] > 0:
            stored[key] -= 1
        else:
            fresh.append((line, entry))
    return fresh, len(entries) - len(fresh)


def _row_entry(session, cells: list[str], col: dict[str, int], codes: dict[str, int],  # noqa: ANN001
               people: dict[str, list[int]]) -> TimeEntry:
    def cell(name: str) -> str:
        i = col.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    code = cell("engagement").upper()
    if not code:
        raise ValidationError("The engagement code is missing.", field="engagement")
    if code not in codes:
        raise ValidationError(f"There is no engagement with code {code}.", field="engagement")
    who = cell("staff")
    matches = people.get(who.lower(), []) if who else []
    if not who:
        raise ValidationError("The staff member is missing.", field="staff")
    if not matches:
        raise ValidationError(f"There is no staff member named '{who}'.", field="staff")
    if len(matches) > 1:
        raise ValidationError(f"'{who}' matches {len(matches)} staff members; use the e-mail.",
                              field="staff")
    day = v.parse_date(cell("date"), "date", "Date")
    if day is None:
        raise ValidationError("The date is missing.", field="date")
    hours = v.number(cell("hours").replace(",", "."), "hours", "Hours", minimum=0.01, maximum=24,
                     allow_none=False)
    entry = TimeEntry(engagement_id=codes[code], staff_id=matches[0], work_date=day, hours=hours,
                      billable=_billable(cell("billable")), note=cell("note"))
    validate_time_entry(session, entry)
    return entry
