"""The report history as a list: sorted, filtered and paged in SQL, with each report's engagement code.

The Reports view asks for one page at a time (``report_history`` with ``limit``/``offset``), for
how many rows there are (``count_report_history``) and for where one record stands
(``report_history_position``), always with the same filter and order, so that a history of any
length opens with one page and no row is silently left out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select

from kpo_desk.core.enums import ReportKind
from kpo_desk.core.models import Engagement, ReportRecord
from kpo_desk.core.store import Store

#: The orders the list offers, by the key its column sorts on.
SORT_KEYS = ("generated_at", "code", "period", "file_name", "recipient", "sha256")
LIKE_ESCAPE = "\\"


class ReportHistoryRow(NamedTuple):
    """One line of the report history (``code`` is empty for the portfolio review)."""

    id: int
    kind: ReportKind
    engagement_id: int | None
    code: str
    period_start: date | None
    period_end: date | None
    generated_at: datetime
    file_name: str
    sha256: str
    recipient: str


_COLUMNS = (ReportRecord.id, ReportRecord.kind, ReportRecord.engagement_id, Engagement.code,
            ReportRecord.period_start, ReportRecord.period_end, ReportRecord.generated_at,
            ReportRecord.file_name, ReportRecord.sha256, ReportRecord.recipient)


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'``: a typed ``%``, ``_`` or ``\\`` matches itself."""
    escaped = (text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
               .replace("_", LIKE_ESCAPE + "_"))
    return f"%{escaped}%"


def _where(text: str, engagement_id: int | None) -> list[Any]:
    clauses: list[Any] = []
    if engagement_id is not None:
        clauses.append(ReportRecord.engagement_id == engagement_id)
    if text.strip():
        like = like_pattern(text.strip())
        clauses.append(or_(*(column.ilike(like, escape=LIKE_ESCAPE)
                             for column in (ReportRecord.file_name, ReportRecord.recipient, Engagement.code))))
    return clauses


def _ordering(sort: str, descending: bool) -> list[Any]:
    """The order for ``sort`` (newest first for an unknown key). A blank recipient or code (the
    portfolio review has none) comes last either way; ties go newest first, then by id, so that
    pages never overlap."""
    def way(key: Any) -> Any:  # noqa: ANN401
        return key.desc() if descending else key.asc()

    if sort not in SORT_KEYS or sort == "generated_at":
        return [way(ReportRecord.generated_at), way(ReportRecord.id)]
    code = func.coalesce(Engagement.code, "")
    chosen, blank = {
        "code": ([func.lower(code)], code == ""),
        "period": ([func.coalesce(ReportRecord.period_start, ReportRecord.period_end), ReportRecord.period_end],
                   None),
        "file_name": ([func.lower(ReportRecord.file_name)], None),
        "recipient": ([func.lower(ReportRecord.recipient)], ReportRecord.recipient == ""),
        "sha256": ([ReportRecord.sha256], None),
    }[sort]
    return [*([] if blank is None else [blank.asc()]), *(way(k) for k in chosen),
            ReportRecord.generated_at.desc(), ReportRecord.id.desc()]


def _joined(stmt, text: str, engagement_id: int | None):  # noqa: ANN001, ANN202
    return (stmt.select_from(ReportRecord).outerjoin(Engagement, Engagement.id == ReportRecord.engagement_id)
            .where(*_where(text, engagement_id)))


def report_history(store: Store, *, text: str = "", engagement_id: int | None = None,
                   sort: str = "generated_at", descending: bool = True, limit: int | None = None,
                   offset: int = 0) -> list[ReportHistoryRow]:
    """One page (``limit``/``offset``) or all of the history, filtered by ``text`` (in the file
    name, recipient or engagement code, any case) and sorted by ``sort`` (one of ``SORT_KEYS``)."""
    stmt = _joined(select(*_COLUMNS), text, engagement_id).order_by(*_ordering(sort, descending))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    with store.connection() as conn:
        rows = conn.execute(stmt).all()
    return [ReportHistoryRow(rid, kind, eid, code or "", start, end, generated, file_name, sha256, recipient)
            for rid, kind, eid, code, start, end, generated, file_name, sha256, recipient in rows]


def count_report_history(store: Store, *, text: str = "", engagement_id: int | None = None) -> int:
    """How many rows ``report_history`` gives for the same filter."""
    stmt = _joined(select(func.count()), text, engagement_id)
    with store.connection() as conn:
        return conn.execute(stmt).scalar_one()


def report_history_position(store: Store, record_id: int, *, text: str = "", engagement_id: int | None = None,
                            sort: str = "generated_at", descending: bool = True) -> int | None:
    """Where record ``record_id`` stands (0-based) in ``report_history`` for the same filter and
    order, or None when the filter leaves it out."""
    ranked = _joined(select(ReportRecord.id, func.row_number().over(order_by=_ordering(sort, descending))
                            .label("n")), text, engagement_id).subquery()
    with store.connection() as conn:
        n = conn.execute(select(ranked.c.n).where(ranked.c.id == record_id)).scalar()
    return None if n is None else n - 1
