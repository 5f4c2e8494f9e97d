"""One report per active engagement, for the weekly round.

Safe to run from a GUI worker thread: it touches no Qt, and every report opens its own
sessions through the store. A failure is noted and the batch goes on; ``cancel`` is polled
between reports, so a cancelled batch leaves only whole files and their records.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.errors import KpoDeskError, ValidationError
from kpo_desk.core.models import Engagement
from kpo_desk.core.reports import sources
from kpo_desk.core.reports.data import default_period
from kpo_desk.core.reports.recipients import default_language, default_recipient
from kpo_desk.core.reports.records import generate_report, report_file_name
from kpo_desk.core.store import Store

#: progress(done, total, code): called before each report (done = reports finished so far).
Progress = Callable[[int, int, str], None]


@dataclass
class BatchResult:
    total: int = 0
    written: list[Path] = field(default_factory=list)
    record_ids: list[int] = field(default_factory=list)
    #: (engagement code, one-sentence reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


def active_engagements(store: Store) -> list[tuple[int, str]]:
    with store.read() as s:
        return list(s.exec(select(Engagement.id, Engagement.code)
                           .where(Engagement.status == EngagementStatus.ACTIVE)
                           .order_by(Engagement.code)))


def generate_batch(store: Store, out_dir: str | os.PathLike[str], *, progress: Progress | None = None,
                   cancel: Callable[[], bool] | None = None, today: date | None = None,
                   generated_at: datetime | None = None, summary: str = "") -> BatchResult:
    """Write ``CODE-status-DATE.pdf`` for every active engagement into ``out_dir``.

    Each report covers the period since its engagement's last report (else 30 days).
    """
    folder = Path(out_dir).expanduser()
    if not folder.is_dir():
        raise ValidationError(f"The folder {folder} does not exist.", field="out_dir")
    day = today or (generated_at.date() if generated_at else date.today())
    engagements = active_engagements(store)
    result = BatchResult(total=len(engagements))
    health = sources.assess_health_many(store, [eid for eid, _code in engagements], day)
    for done, (engagement_id, code) in enumerate(engagements):
        if progress is not None:
            progress(done, len(engagements), code)
        if cancel is not None and cancel():
            result.cancelled = True
            break
        try:
            with store.read() as s:  # each client's report in its main contact's language
                start, end = default_period(s, engagement_id, day)
                language = default_language(s, engagement_id, default_recipient(s, engagement_id))
            made = generate_report(store, engagement_id=engagement_id,
                                   out_path=folder / report_file_name(code, end), period_start=start,
                                   period_end=end, summary=summary, today=day,
                                   generated_at=generated_at, period_rule="since_last_report",
                                   health=health.get(engagement_id), language=language)
        except KpoDeskError as exc:
            result.failed.append((code, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad engagement must not stop the round
            result.failed.append((code, f"unexpected error: {exc.__class__.__name__}: {exc}"))
            continue
        result.written.append(made.path)
        result.record_ids.append(made.record_id)
    if progress is not None and not result.cancelled:
        progress(len(engagements), len(engagements), "")
    return result
