"""Generating a report records it; a record can be re-printed to the same bytes.

One transaction writes the ReportRecord (period, moment, file name, SHA-256, recipient,
summary and the settings it was printed with) and its audit event. The PDF is first written
to a temporary file beside its target and renamed into place inside that transaction, so a
failure leaves neither a record without a file nor a half-written PDF.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, func, select

from kpo_desk.core import audit
from kpo_desk.core.enums import AuditAction, ReportKind
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.i18n import SOURCE_LANGUAGE, choose
from kpo_desk.core.models import Engagement, ReportRecord, utcnow
from kpo_desk.core.reports.data import build_report_data, load_branding
from kpo_desk.core.reports.layout import render_report
from kpo_desk.core.reports.model import Branding, HealthView
from kpo_desk.core.reports.portfolio import build_portfolio_data, render_portfolio
from kpo_desk.core.services import base
from kpo_desk.core.store import Store
from kpo_desk.core.validation import optional_text

SETTINGS_VERSION = 1
SUMMARY_LIMIT = 6000


@dataclass(frozen=True)
class GeneratedReport:
    """A report just produced: its record, its bytes, and where it was saved (if anywhere)."""

    record_id: int
    file_name: str
    sha256: str
    pdf: bytes
    path: Path | None = None
    #: The language the report is written in, and the one asked for (they differ when the one
    #: asked for has no catalog: the report is then in English, see ``fell_back``).
    language: str = SOURCE_LANGUAGE
    requested_language: str = ""

    @property
    def fell_back(self) -> bool:
        return choose(self.requested_language).fell_back


def report_file_name(code: str, period_end: date, kind: str = "status") -> str:
    """A portable file name such as ``ACME-2026-003-status-2026-11-23.pdf``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-.") or "report"
    return f"{safe}-{kind}-{period_end.isoformat()}.pdf"


def find_engagement_id(store: Store, code: str) -> int:
    """The id of the engagement with this code (as typed: trimmed, any case)."""
    wanted = code.strip()
    with store.read() as s:
        found = s.exec(select(Engagement.id).where(Engagement.code == wanted)).first()
        if found is None:
            found = s.exec(select(Engagement.id)
                           .where(func.lower(Engagement.code) == wanted.lower())).first()
    if found is None:
        raise ValidationError(f"There is no engagement with code '{wanted}'.", field="code")
    return found


def _moment(generated_at: datetime | None) -> datetime:
    moment = generated_at or utcnow()
    if moment.tzinfo is None:
        raise ValidationError("The report time must carry a time zone.", field="generated_at")
    return moment.replace(microsecond=0)


def generate_report(store: Store, *, engagement_id: int, out_path: str | os.PathLike[str] | None = None,
                    period_start: date | None = None, period_end: date | None = None,
                    summary: str = "", recipient: str = "", sections: Iterable[str] | None = None,
                    today: date | None = None, generated_at: datetime | None = None,
                    period_rule: str = "custom", health: HealthView | None = None,
                    on_commit: Callable[[Session], None] | None = None,
                    password: str | None = None, language: str | None = SOURCE_LANGUAGE) -> GeneratedReport:
    """Build, draw and record one client report; save it to ``out_path`` when given.

    With no ``out_path`` the PDF is only returned (the GUI previews it and offers Save as);
    the record then keeps the suggested file name. ``on_commit`` runs inside the record's
    transaction (presets use it to stamp their last run); ``health`` passes an assessment
    already made for ``today`` (see ``build_report_data``). With ``password`` the PDF is
    encrypted with AES-256 (kpo_desk/core/reports/protect.py): its bytes then differ on every
    run, and the record keeps the SHA-256 of the protected bytes that were written.
    ``language`` is the report's language; one without a catalog gives an English report, and
    the result says so (``fell_back``). The record's settings keep the language printed in.
    """
    summary = optional_text(summary, "summary", "The summary", max_length=SUMMARY_LIMIT)
    recipient = optional_text(recipient, "recipient", "The recipient", max_length=300)
    moment = _moment(generated_at)
    today = today or moment.date()
    data = build_report_data(store, engagement_id=engagement_id, period_start=period_start,
                             period_end=period_end, summary=summary, recipient=recipient,
                             sections=sections, today=today, health=health, language=language)
    pdf = render_report(data, generated_at=moment)
    settings = {"version": SETTINGS_VERSION, "sections": list(data.sections), "today": today.isoformat(),
                "period": period_rule, "branding": asdict(data.branding), "language": data.language}
    if password is not None:
        from kpo_desk.core.reports.protect import protect_pdf

        # what a re-print is compared with (the protected bytes are random each time)
        settings.update(password_protected=True, plain_sha256=hashlib.sha256(pdf).hexdigest())
        pdf = protect_pdf(pdf, password)
    record = ReportRecord(kind=ReportKind.ENGAGEMENT, engagement_id=engagement_id,
                          period_start=data.period_start, period_end=data.period_end,
                          generated_at=moment, recipient=recipient, summary=summary,
                          file_name=report_file_name(data.engagement.code, data.period_end))
    made = _save_and_record(store, record, pdf, settings, out_path, on_commit)
    return replace(made, language=data.language, requested_language=(language or "").strip())


def preview_report(store: Store, *, engagement_id: int, period_start: date | None = None,
                   period_end: date | None = None, summary: str = "", recipient: str = "",
                   sections: Iterable[str] | None = None, today: date | None = None,
                   language: str | None = SOURCE_LANGUAGE) -> bytes:
    """The PDF the report would be, without recording it (a live preview while typing)."""
    summary = optional_text(summary, "summary", "The summary", max_length=SUMMARY_LIMIT)
    recipient = optional_text(recipient, "recipient", "The recipient", max_length=300)
    moment = _moment(None)
    data = build_report_data(store, engagement_id=engagement_id, period_start=period_start,
                             period_end=period_end, summary=summary, recipient=recipient,
                             sections=sections, today=today or moment.date(), language=language)
    return render_report(data, generated_at=moment)


def save_pdf(pdf: bytes, path: str | os.PathLike[str]) -> Path:
    """Write ``pdf`` to ``path`` all at once (Save as…): a failure leaves no partial file."""
    target = Path(path).expanduser()
    staged = _stage(target, pdf)
    try:
        os.replace(staged, target)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise ValidationError(f"Cannot save {target}: {exc.strerror or exc}.", field="out_path") from None
    return target


def generate_portfolio(store: Store, *, out_path: str | os.PathLike[str] | None = None,
                       today: date | None = None, generated_at: datetime | None = None,
                       on_commit: Callable[[Session], None] | None = None) -> GeneratedReport:
    """Build, draw and record the internal portfolio report."""
    moment = _moment(generated_at)
    today = today or moment.date()
    data = build_portfolio_data(store, today=today)
    pdf = render_portfolio(data, generated_at=moment)
    settings = {"version": SETTINGS_VERSION, "today": today.isoformat(), "branding": asdict(data.branding)}
    record = ReportRecord(kind=ReportKind.PORTFOLIO, engagement_id=None, period_start=None,
                          period_end=today, generated_at=moment,
                          file_name=report_file_name("portfolio", today, "review"))
    return _save_and_record(store, record, pdf, settings, out_path, on_commit)


def _save_and_record(store: Store, record: ReportRecord, pdf: bytes, settings: dict,
                     out_path: str | os.PathLike[str] | None,
                     on_commit: Callable[[Session], None] | None) -> GeneratedReport:
    record.sha256 = hashlib.sha256(pdf).hexdigest()
    record.settings_json = json.dumps(settings, ensure_ascii=False, sort_keys=True)
    target = Path(out_path).expanduser() if out_path is not None else None
    staged = _stage(target, pdf) if target is not None else None
    if target is not None:
        record.file_name = str(target.resolve())
    placed = False
    try:
        with store.transaction() as session:
            session.add(record)
            base.flush(session)
            if on_commit is not None:
                on_commit(session)
            audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=record,
                               new=audit.snapshot(record))
            if staged is not None:
                os.replace(staged, target)  # last: a failed rename rolls the record back
                placed = True
    except BaseException:
        if staged is not None and not placed:
            staged.unlink(missing_ok=True)
        elif placed:
            target.unlink(missing_ok=True)
        raise
    return GeneratedReport(record_id=record.id, file_name=record.file_name, sha256=record.sha256,
                           pdf=pdf, path=target)


def _stage(target: Path, pdf: bytes) -> Path:
    """Write ``pdf`` to a hidden temporary file in the target's folder (same file system)."""
    folder = target.parent
    if not folder.is_dir():
        said = f"{folder} is a file, not a folder." if folder.exists() else f"The folder {folder} does not exist."
        raise ValidationError(said, field="out_path")
    if target.is_dir():
        raise ValidationError(f"{target} is a folder; give a file name ending in .pdf.", field="out_path")
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise ValidationError(f"Cannot write in {folder}: {exc.strerror or exc}.", field="out_path") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise ValidationError(f"Cannot write {target}: {exc.strerror or exc}.", field="out_path") from None
    return Path(name)


def _settings_of(record: ReportRecord) -> dict:
    try:
        settings = json.loads(record.settings_json or "{}")
    except ValueError:
        return {}
    return settings if isinstance(settings, dict) else {}


def _branding_of(settings: dict) -> Branding | None:
    raw = settings.get("branding")
    if not isinstance(raw, dict):
        return None
    try:
        return Branding(**{k: str(v) for k, v in raw.items() if k in Branding.__dataclass_fields__})
    except TypeError:
        return None


def reprint(store: Store, record_id: int) -> bytes:
    """The PDF of a recorded report, drawn again from its record.

    The same data and the same record give the same bytes (compare ``sha256`` with the
    record's to know whether anything has changed since).
    """
    with store.read() as s:
        record = base.get_or_fail(s, ReportRecord, record_id, "report record", field="record_id")
        fallback_branding = load_branding(s)
    settings = _settings_of(record)
    try:
        today = date.fromisoformat(str(settings.get("today")))
    except ValueError:
        today = record.generated_at.date()
    branding = _branding_of(settings) or fallback_branding
    if record.kind == ReportKind.PORTFOLIO:
        data = build_portfolio_data(store, today=today, branding=branding)
        return render_portfolio(data, generated_at=record.generated_at)
    if record.engagement_id is None:
        raise ValidationError("This report record has lost its engagement.", field="record_id")
    sections = settings.get("sections")
    data = build_report_data(store, engagement_id=record.engagement_id, period_start=record.period_start,
                             period_end=record.period_end, summary=record.summary,
                             recipient=record.recipient,
                             sections=sections if isinstance(sections, list) else None,
                             today=today, branding=branding,
                             language=str(settings.get("language") or SOURCE_LANGUAGE))
    return render_report(data, generated_at=record.generated_at)


def reprint_matches(store: Store, record_id: int) -> bool:
    """Whether re-printing the record gives exactly the bytes it recorded."""
    pdf = reprint(store, record_id)
    with store.read() as s:
        record = base.get_or_fail(s, ReportRecord, record_id, "report record", field="record_id")
    # a password-protected report is compared by the PDF it protected (its own bytes are random)
    expected = _settings_of(record).get("plain_sha256") or record.sha256
    return hashlib.sha256(pdf).hexdigest() == expected


def list_reports(store: Store, *, engagement_id: int | None = None, kind: ReportKind | None = None,
                 limit: int = 500) -> list[ReportRecord]:
    """The report history, newest first (the Reports tab)."""
    stmt = select(ReportRecord)
    if engagement_id is not None:
        stmt = stmt.where(ReportRecord.engagement_id == engagement_id)
    if kind is not None:
        stmt = stmt.where(ReportRecord.kind == kind)
    stmt = stmt.order_by(ReportRecord.generated_at.desc(), ReportRecord.id.desc()).limit(limit)
    with store.read() as s:
        return list(s.exec(stmt))
