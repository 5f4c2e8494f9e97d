"""The compliance rule, written once: as SQL expressions for the grouped queries and as Python
predicates for rows already in memory. Every figure of the app and the reports comes from here.

The definitions (PRODUCT.md, "Compliance, one definition"), for one checklist item on a given
``today``:

* **counted**: it is *required* and it *applies*. An item applies unless it is *not
  applicable*. Close-out controls apply like any other, whatever the engagement's status.
* **in place**: it is *done* and its evidence has not expired. Evidence has expired when any
  file attached to the item has ``expires_on <= today``, among the files that were still
  current when the item was last done (a file that had expired before a redo was replaced by it).
* **verified**: it is in place and a second person signed it off (``verified_by`` is set).
* **waived**: it is *waived*. A waived item still applies (the firm accepted a gap, with a
  reason): it counts as not verified, and the reports list it as waived.
* **outstanding**: counted, not in place and not waived: open items, and done items whose
  evidence has expired.

So, among the counted items, ``in place + waived + outstanding`` is every one of them, and the
verified ones are a subset of those in place. **Compliance** = verified ÷ counted, worded as
"7 of 17 verified (41 %)" (percent rounded down); with nothing counted it is "no controls
yet", never 100 %.

``tests/core/test_checklists_score.py`` holds the SQL and the Python versions equal on a
real store for random items, files and days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Column, Connection, Integer, MetaData, Table, and_, func, not_, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from kpo_desk.core.enums import ChecklistState
from kpo_desk.core.i18n import A_, Digits, Message, english
from kpo_desk.core.models import Attachment, ChecklistItem, alias_of
from kpo_desk.core.rawsql import fetch_all

CS = ChecklistState


class ComplianceScore(NamedTuple):
    """Counts over an engagement's (or a portfolio's) counted items; see the module docstring.
    A named tuple, not a dataclass: a full assessment makes one for each of 20,000 engagements,
    and a tuple is made in a fifth of the time."""

    verified: int = 0
    applicable: int = 0
    in_place: int = 0
    waived: int = 0

    @property
    def outstanding(self) -> int:
        return self.applicable - self.in_place - self.waived

    @property
    def missing(self) -> int:
        """Counted items not verified (in place but unsigned, waived, or outstanding)."""
        return self.applicable - self.verified

    @property
    def ratio(self) -> float:
        """0.0 when nothing applies: show ``summary`` rather than this figure in that case."""
        return self.verified / self.applicable if self.applicable else 0.0

    @property
    def percent(self) -> int:
        """Rounded down, so that 99.6 % never shows as a reassuring 100 % (0 when nothing applies:
        ``summary`` then says "no controls yet")."""
        return (self.verified * 100) // self.applicable if self.applicable else 0

    @property
    def summary(self) -> str:
        """The figure as every screen and report words it: "15 of 17 verified (88 %)", or "no
        controls yet" when nothing applies (never a reassuring 100 %). In English; the window
        shows ``summary_message`` in its language."""
        return english(self.summary_message)

    @property
    def summary_message(self) -> Message:
        """``summary`` as a message of the app catalog."""
        if not self.applicable:
            return Message.of(A_("no controls yet"))
        return Message.of(A_("{verified} of {applicable} verified ({percent} %)"), verified=Digits(self.verified),
                          applicable=Digits(self.applicable), percent=Digits(self.percent))

    def __add__(self, other: ComplianceScore) -> ComplianceScore:
        return ComplianceScore(self.verified + other.verified, self.applicable + other.applicable,
                               self.in_place + other.in_place, self.waived + other.waived)

    def __str__(self) -> str:
        return self.summary


# -- the rule in Python --------------------------------------------------------------------------
def earliest_expiry(dates: Iterable[date | None], done_on: date | None = None) -> date | None:
    """The expiry that decides whether an item's evidence has expired: the earliest of its files
    that were still current when the item was (last) done. A file that had already expired by
    then was replaced when the control was redone; it is history, not a gap."""
    return min((d for d in dates if d is not None and (done_on is None or d > done_on)), default=None)


def applies(state: ChecklistState | str) -> bool:
    return CS(state) != CS.NOT_APPLICABLE


def is_counted(required: bool, state: ChecklistState | str) -> bool:
    return bool(required) and applies(state)


def evidence_expired(evidence_expires_on: date | None, today: date) -> bool:
    """``evidence_expires_on`` is the earliest expiry among the item's files (None: none expire)."""
    return evidence_expires_on is not None and evidence_expires_on <= today


def is_in_place(state: ChecklistState | str, evidence_expires_on: date | None, today: date) -> bool:
    return CS(state) == CS.DONE and not evidence_expired(evidence_expires_on, today)


def is_verified(state: ChecklistState | str, signed_off: bool, evidence_expires_on: date | None,
                today: date) -> bool:
    """In place and signed off by a second person (``signed_off``: ``verified_by`` is set)."""
    return bool(signed_off) and is_in_place(state, evidence_expires_on, today)


def is_waived(state: ChecklistState | str) -> bool:
    return CS(state) == CS.WAIVED


def is_outstanding(required: bool, state: ChecklistState | str, evidence_expires_on: date | None,
                   today: date) -> bool:
    return (is_counted(required, state) and not is_waived(state)
            and not is_in_place(state, evidence_expires_on, today))


@dataclass(frozen=True, slots=True)
class Control:
    """What the rule reads about one item."""

    required: bool
    state: ChecklistState
    signed_off: bool  # verified_by is set
    evidence_expires_on: date | None = None  # the earliest expiry among its files


def tally(controls: Iterable[Control], today: date) -> ComplianceScore:
    """The score of items already in memory: the same counts as ``score_columns`` in SQL."""
    verified = applicable = in_place = waived = 0
    for c in controls:
        if not is_counted(c.required, c.state):
            continue
        applicable += 1
        if is_in_place(c.state, c.evidence_expires_on, today):
            in_place += 1
            verified += bool(c.signed_off)
        elif is_waived(c.state):
            waived += 1
    return ComplianceScore(verified, applicable, in_place, waived)


# -- the rule in SQL -----------------------------------------------------------------------------
def current_file_sql(item: Any = ChecklistItem) -> ColumnElement[bool]:
    """An attachment of ``item`` that was still current when the item was last done (see
    ``earliest_expiry``): one that expired before that was replaced by the redo."""
    return or_(col(item.done_at).is_(None), col(Attachment.expires_on) > func.date(item.done_at))


@lru_cache(maxsize=8)
def evidence_expired_sql(today: date) -> ColumnElement[bool]:
    """The item has a current file with ``expires_on <= today``. A plain (uncorrelated) IN list,
    so one pass over the partial index of expiring files serves a grouped query over every item
    (SQLite builds it once per statement: a ``LIST SUBQUERY``, not a correlated one); the
    ``IS NOT NULL`` on the item id keeps communication attachments from making NOT IN unknown.
    Made once per day (the expression is immutable): building it cost ~0.2 ms a call, three
    calls per assessment of one engagement."""
    owner = alias_of(ChecklistItem, "owner")  # made once: aliasing anew cost ~20 ms a call
    expired = (select(Attachment.checklist_item_id)
               .join(owner, owner.id == Attachment.checklist_item_id)
               .where(col(Attachment.checklist_item_id).is_not(None),
                      col(Attachment.expires_on).is_not(None), col(Attachment.expires_on) <= today,
                      current_file_sql(owner)))
    return col(ChecklistItem.id).in_(expired)


def counted_sql(item: Any = ChecklistItem) -> ColumnElement[bool]:
    return and_(item.required == True, item.state != CS.NOT_APPLICABLE)  # noqa: E712


def in_place_sql(today: date) -> ColumnElement[bool]:
    return and_(ChecklistItem.state == CS.DONE, not_(evidence_expired_sql(today)))


def verified_sql(today: date) -> ColumnElement[bool]:
    return and_(in_place_sql(today), col(ChecklistItem.verified_by_id).is_not(None))


def waived_sql(item: Any = ChecklistItem) -> ColumnElement[bool]:
    return item.state == CS.WAIVED


def outstanding_sql(today: date) -> ColumnElement[bool]:
    return and_(counted_sql(), not_(waived_sql()), not_(in_place_sql(today)))


def _counts(item: Any, signed: ColumnElement[bool], current: ColumnElement[bool] | None,
            count: Any) -> tuple[Any, Any, Any, Any]:
    """The four counts of a ``ComplianceScore`` (verified, applicable, in place, waived) over
    rows that have ``required`` and ``state`` columns: checklist items, or the tally's shapes.
    ``count(condition, label)`` counts (or sums) the rows meeting ``condition``; ``current``
    is "its evidence has not expired" (None: not known here, taken as current).

    Each count has its cheapest test first: this runs over every item of the portfolio (456,000
    on the large benchmark store), where four ``sum(CASE ...)`` of the composed expressions cost
    ~25 % more. "Done" and "waived" already imply "applies" (neither is "not applicable"), so the
    counts are ``counted AND verified``, ``counted``, ``counted AND in place`` and ``counted AND
    waived``; ``tests/core/test_checklists_score.py`` holds them equal to ``tally``."""
    required = item.required == True  # noqa: E712
    done = item.state == CS.DONE
    in_place = (done, required) if current is None else (done, required, current)
    return (count(and_(signed, *in_place), "verified"),
            count(counted_sql(item), "applicable"),
            count(and_(*in_place), "in_place"),
            count(and_(waived_sql(item), required), "waived"))


def _count_items(condition: ColumnElement[bool], label: str) -> Any:
    return func.count().filter(condition).label(label)


def _signed(item: Any = ChecklistItem) -> ColumnElement[bool]:
    return col(item.verified_by_id).is_not(None)


@lru_cache(maxsize=8)
def score_columns(today: date) -> tuple[Any, Any, Any, Any]:
    """The four counts of a ``ComplianceScore`` for a query over ``ChecklistItem`` rows, grouped
    as the caller likes. Made once per day, like ``evidence_expired_sql``."""
    return _counts(ChecklistItem, _signed(), not_(evidence_expired_sql(today)), _count_items)


# -- the rule over the tally ---------------------------------------------------------------------
#: How many checklist items of each shape (required, state, signed off) every engagement has,
#: kept exact by triggers on SQLite stores (migration 0009, which says why not on a server).
#: It holds counts, not the rule: ``tallied_scores`` applies ``_counts`` to it.
CHECKLIST_TALLY = Table(
    "checklist_tally", MetaData(),
    Column("engagement_id", Integer, primary_key=True),
    Column("required", Boolean, primary_key=True),
    Column("state", ChecklistItem.__table__.c.state.type, primary_key=True),
    Column("signed", Boolean, primary_key=True),
    Column("items", Integer, nullable=False),
)
#: The engines whose stores keep ``CHECKLIST_TALLY``.
TALLIED_DIALECTS = frozenset({"sqlite"})


def keeps_tally(conn: Connection) -> bool:
    return conn.dialect.name in TALLIED_DIALECTS


def _sum_items(condition: ColumnElement[bool], label: str) -> Any:
    return func.coalesce(func.sum(CHECKLIST_TALLY.c["items"]).filter(condition), 0).label(label)


_TALLY_COUNTS = _counts(CHECKLIST_TALLY.c, CHECKLIST_TALLY.c.signed == True, None, _sum_items)  # noqa: E712


def tallied_scores(conn: Connection, today: date) -> dict[int, ComplianceScore]:
    """Every engagement's score from the tally: its counts as if no evidence had expired, less
    the items whose evidence has expired on ``today`` (a short list: one pass over the partial
    index of expiring files). The same figures as ``score_columns`` grouped by engagement
    (``tests/core/test_checklists_score.py`` holds them equal); engagements with no checklist
    items are left out. Only where ``keeps_tally(conn)``."""
    tally = CHECKLIST_TALLY.c
    scores = {eid: ComplianceScore(verified, applicable, in_place, waived) for eid, verified, applicable, in_place, waived
              in fetch_all(conn, select(tally.engagement_id, *_TALLY_COUNTS).group_by(tally.engagement_id))}
    lapsed = (select(ChecklistItem.engagement_id, *_counts(ChecklistItem, _signed(), None, _count_items)[::2])
              .where(evidence_expired_sql(today)).group_by(ChecklistItem.engagement_id))
    for eid, verified, in_place in fetch_all(conn, lapsed):
        s = scores[eid]
        scores[eid] = ComplianceScore(s.verified - verified, s.applicable, s.in_place - in_place, s.waived)
    return scores


def score_from_row(verified: Any, applicable: Any, in_place: Any, waived: Any) -> ComplianceScore:
    return ComplianceScore(int(verified or 0), int(applicable or 0), int(in_place or 0), int(waived or 0))
