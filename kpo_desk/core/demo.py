"""Realistic sample data: a small KPO firm, its clients across time zones, and months of work.

Texts come from resources/demo/firm.json. Rows go in through bulk ``executemany`` on the
store's own connection (the SQLAlchemy FAQ's fast path), in one transaction, so that
20,000 engagements and 1,000,000 communications take minutes, not hours.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from kpo_desk.core.checklists import items_for_service, next_occurrence
from kpo_desk.core.enums import (
    AuditAction,
    ChecklistState,
    EngagementStatus,
    FeeModel,
    Gate,
    MilestoneStatus,
    QAResult,
    RiskCategory,
    ServiceType,
)
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.resources import resource
from kpo_desk.core.services.engagements import code_prefix
from kpo_desk.core.store import Store

DEFAULT_ENGAGEMENTS = 30
COMMUNICATIONS_PER_ENGAGEMENT = 25
#: How often the communications report their progress.
PROGRESS_EVERY = 50_000
#: The page cache while the demo fills a store (negative: KiB, as PRAGMA cache_size takes it).
BULK_CACHE_KIB = -256 * 1024
CURRENCY_BY_COUNTRY = {
    "Switzerland": "CHF", "Japan": "JPY", "Brazil": "BRL", "Greece": "EUR", "United States": "USD",
    "France": "EUR", "Poland": "PLN", "China": "CNY", "Norway": "NOK", "United Kingdom": "GBP",
    "India": "INR", "Germany": "EUR", "Netherlands": "EUR", "Italy": "EUR", "Singapore": "SGD",
    "Canada": "CAD", "Australia": "AUD", "Korea": "KRW",
}
S = EngagementStatus
#: The mix of statuses once every status has appeared at least once.
STATUS_WEIGHTS = {S.ACTIVE: 45, S.ONBOARDING: 10, S.PROPOSED: 8, S.ON_HOLD: 5, S.CLOSED: 27, S.CANCELLED: 5}
_STATUSES, _WEIGHTED, _WEIGHTS = list(S), list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
_FEE_MODELS = list(FeeModel)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoSummary:
    counts: dict[str, int]


def _ts(value: datetime) -> str:
    """The text form SQLAlchemy's SQLite DateTime reads back (naive UTC)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


_ONE_DAY = timedelta(days=1)
#: A value the row gives as '' or 0 and the store keeps as NULL (see _Builder.insert).
_NULL_IF_EMPTY, _NULL_IF_0 = "NULLIF(?, '')", "NULLIF(?, 0)"


class _DayText(dict):
    """``day(d)`` is ``d.isoformat()``, each day formatted once (a large demo asks for the same
    few thousand days hundreds of thousands of times)."""

    def __missing__(self, value: date) -> str:
        text = self[value] = value.isoformat()
        return text

    __call__ = dict.__getitem__


class _Builder:
    def __init__(self, store: Store, conn: Connection, rng: random.Random, today: date,
                 progress: Progress) -> None:
        self.store, self.conn, self.rng, self.today, self.progress = store, conn, rng, today, progress
        self.texts = json.loads(resource("demo", "firm.json").read_text(encoding="utf-8"))
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
        self.counts: dict[str, int] = {}

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple],
               values: Sequence[str] | None = None) -> None:
        """One ``executemany`` on the store's own DB-API connection (the fastest path the
        SQLAlchemy FAQ names), inside the demo's transaction. ``rows`` may be a generator: rows
        then go into SQLite as they are made, with no list of a million tuples in between.

        ``values`` gives, column by column, the SQL of a value that is not a plain ``?``: a
        constant every row shares (``''``, ``NULL``), or ``NULLIF(?, '')`` / ``NULLIF(?, 0)`` for
        a column that is often NULL, so the row carries ``''`` or ``0`` instead of ``None``
        (pysqlite looks up an adapter for every ``None`` it binds: 0.6 µs a value, measured,
        against next to nothing for an int or a str).
        """
        placeholders = ", ".join(values or ["?"] * len(columns))
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({placeholders})'
        cursor = self.conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(sql, rows)
            self.counts[table] = self.counts.get(table, 0) + max(cursor.rowcount, 0)
        finally:
            cursor.close()

    # -- people ----------------------------------------------------------------------------------
    def firm(self) -> None:
        firm = self.texts["firm"]
        domain = self.texts["staff"][0]["email"].split("@", 1)[1]
        self.insert("setting", ("key", "value"), [
            ("firm_name", firm["name"]), ("user_name", firm["user_name"]),
            ("default_currency", firm["currency"]), ("own_domains", domain),
        ])
        self.staff = self.texts["staff"]
        self.insert("staff", ("id", "name", "role", "email", "active"),
                    [(i, s["name"], s["role"], s["email"], int(s.get("active", True)))
                     for i, s in enumerate(self.staff, start=1)])
        self.staff_by_role: dict[str, list[int]] = {}
        for i, s in enumerate(self.staff, start=1):
            if s.get("active", True):
                self.staff_by_role.setdefault(s["role"], []).append(i)

    def clients(self, wanted: int) -> None:
        clients = [dict(c) for c in self.texts["clients"]]
        parts = self.texts["synthetic_client_parts"]
        names = {c["name"] for c in clients}
        services = [s.value for s in ServiceType]
        while len(clients) < wanted:
            country, tz, lang = self.rng.choice(parts["places"])
            name = (f"{self.rng.choice(parts['first'])} {self.rng.choice(parts['second'])} "
                    f"{self.rng.choice(parts['suffix'])}")
            if name in names:
                name = f"{name} {len(clients)}"
            names.add(name)
            clients.append({"name": name, "industry": "", "country": country, "timezone": tz,
                            "language": lang, "services": self.rng.sample(services, 2), "contacts": []})
        self.client_rows = clients
        self.insert("client", ("id", "name", "industry", "country", "timezone", "language", "notes",
                               "archived", "created_at"),
                    [(i, c["name"], c["industry"], c["country"], c["timezone"], c["language"], "", 0,
                      _ts(self.now - timedelta(days=500))) for i, c in enumerate(clients, start=1)])
        contacts, self.contacts_of = [], {}
        for ci, c in enumerate(clients, start=1):
            for k in c["contacts"]:
                contacts.append((len(contacts) + 1, ci, k["name"], k["role"], k["email"], k["phone"],
                                 k.get("channel"), k.get("language", ""), ""))
                self.contacts_of.setdefault(ci, []).append(len(contacts))
        self.insert("contact", ("id", "client_id", "name", "role", "email", "phone",
                                "preferred_channel", "language", "timezone"), contacts)

    # -- engagements -----------------------------------------------------------------------------
    def _status(self, i: int) -> EngagementStatus:
        if i < 2 * len(_STATUSES):
            return _STATUSES[i // 2] if i % 2 == 0 else S.ACTIVE
        return self.rng.choices(_WEIGHTED, weights=_WEIGHTS)[0]

    def engagements(self, n: int) -> None:
        rng, today = self.rng, self.today
        titles, topics = self.texts["engagement_titles"], self.texts["topics"]
        seq: dict[str, int] = {}
        rows, self.eng = [], []
        all_services = list(ServiceType)
        created_at = _ts(self.now - timedelta(days=400))
        for i in range(n):
            ci = (i % len(self.client_rows)) + 1
            client = self.client_rows[ci - 1]
            service = (all_services[i] if i < len(all_services)
                       else ServiceType(rng.choice(client["services"])))
            status = self._status(i)
            signed = today - timedelta(days=rng.randint(40, 420))
            if status == S.PROPOSED:
                signed, start = None, today + timedelta(days=rng.randint(10, 60))
            elif status == S.ONBOARDING:
                signed = today - timedelta(days=rng.randint(3, 25))
                start = signed + timedelta(days=rng.randint(5, 20))
            else:
                start = signed + timedelta(days=rng.randint(5, 30))
            end = start + timedelta(days=rng.randint(60, 240))
            if status in (S.ACTIVE, S.ONBOARDING, S.ON_HOLD):
                end = max(end, today + timedelta(days=rng.randint(14, 120)))
            closed = None
            if status in (S.CLOSED, S.CANCELLED):
                closed = min(end, today - timedelta(days=rng.randint(1, 30)))
                if closed < start:
                    end = closed = start + timedelta(days=rng.randint(20, 40))
                    if closed >= today:
                        start, signed = start - timedelta(days=90), signed - timedelta(days=90)
                        end = closed = start + timedelta(days=30)
            year = (signed or today).year
            prefix = f"{code_prefix(client['name'])}-{year}"
            seq[prefix] = seq.get(prefix, 0) + 1
            code = f"{prefix}-{seq[prefix]:03d}"
            fee = rng.choice(_FEE_MODELS)
            hours = float(rng.choice([80, 120, 160, 240, 400, 600, 900, 1200]))
            cents = int(hours * rng.choice([55, 70, 85, 110, 140]) * 100)
            lead = self._analyst(service) if i % 3 else self.staff_by_role["Engagement manager"][0]
            title = rng.choice(titles[service.value]).format(topic=rng.choice(topics))
            currency = CURRENCY_BY_COUNTRY.get(client["country"], "USD")
            eid = i + 1
            self.eng.append((eid, ci, service, status, start, end, closed, hours, title, code))
            rows.append((eid, ci, code, title, service.value, status.value, _d(signed), _d(start), _d(end),
                         _d(closed), fee.value, hours, cents, currency, lead, "confidential"
                         if i % 3 else "restricted", f"{title} for {client['name'].rstrip('.')}. Deliverables, review cycles and the secure "
                         "transfer channel are set out in the statement of work.", None, "", None,
                         created_at))
        self.insert("engagement", ("id", "client_id", "code", "title", "service_type", "status", "signed_on",
                                   "start_on", "target_end_on", "closed_on", "fee_model", "budget_hours",
                                   "budget_cents", "currency", "lead_id", "confidentiality", "description",
                                   "health_override", "health_override_reason", "health_override_until",
                                   "created_at"), rows)

    def _analyst(self, service: ServiceType) -> int:
        role = {ServiceType.IP_PATENT: "Senior patent analyst", ServiceType.EQUITY_FINANCIAL: "Equity research analyst",
                ServiceType.MARKET_RESEARCH: "Market research analyst",
                ServiceType.LEGAL_PROCESS: "Legal process specialist", ServiceType.MEDICAL_CLINICAL: "Medical writer",
                ServiceType.RND_ENGINEERING: "R&D analyst", ServiceType.DATA_ANALYTICS: "Data scientist",
                ServiceType.DESIGN_ANIMATION: "Designer"}.get(service, "Market research analyst")
        return self.staff_by_role[role][0]

    def team_and_work(self, *, light: bool) -> None:
        rng, today = self.rng, self.today
        qa = self.staff_by_role["QA lead"][0]
        manager = self.staff_by_role["Engagement manager"][0]
        backup_pool = [ids[0] for role, ids in self.staff_by_role.items() if role != "Engagement manager"]
        assignments, milestones, times, risks, sent_back = [], [], [], [], []
        risk_texts = self.texts["risks"]
        actor = self.texts["firm"]["user_name"]
        for eid, _ci, service, status, start, end, closed, budget, _t, _c in self.eng:
            analyst = self._analyst(service)
            backup = rng.choice([b for b in backup_pool if b != analyst])
            assignments.append((len(assignments) + 1, eid, manager, "Engagement manager", 1, qa))
            # Every fourth engagement has a key analyst with no named backup: a real gap.
            assignments.append((len(assignments) + 1, eid, analyst, "Lead analyst", 1,
                                0 if eid % 4 == 0 else backup))  # 0: no one (NULL), see insert()
            if not light:
                assignments.append((len(assignments) + 1, eid, qa, "QA reviewer", 0, 0))
            titles = self.texts["milestones"][service.value]
            span = max((end - start).days, 10)
            dues = [start + timedelta(days=span * (k + 1) // len(titles)) for k in range(len(titles))]
            past = [k for k, due in enumerate(dues) if due < today]
            # Every fifth active engagement is late with its latest milestone.
            late = past[-1] if (status == S.ACTIVE and eid % 5 == 0 and past) else None
            # Every seventh active engagement has a deliverable that QA keeps sending back.
            loops = (2 if eid % 14 == 3 else 3) if status == S.ACTIVE and eid % 7 == 3 else 0
            for k, (title, due) in enumerate(zip(titles, dues, strict=True)):
                m_status, qa_result, delivered, accepted = MilestoneStatus.PLANNED, "", None, None
                if k == late:
                    m_status = MilestoneStatus.IN_PROGRESS
                elif status == S.CLOSED or (status in (S.ACTIVE, S.ON_HOLD) and due < today):
                    m_status, qa_result = MilestoneStatus.ACCEPTED, QAResult.PASSED.value
                    # Nothing is delivered after today, and nothing accepted before its delivery.
                    delivered = min(due - timedelta(days=rng.randint(0, 3)), today)
                    accepted = min(delivered + timedelta(days=rng.randint(1, 6)), today)
                elif status == S.ACTIVE and due < today + timedelta(days=20):
                    m_status = rng.choice([MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_QA])
                if loops and m_status != MilestoneStatus.ACCEPTED:
                    m_status, qa_result = MilestoneStatus.REWORK, QAResult.FAILED.value
                    for n in range(loops):
                        sent_back.append((actor, "milestone", len(milestones) + 1, AuditAction.TRANSITION.value,
                                          json.dumps({"status": "in_qa"}), json.dumps({
                                              "qa_note": "Sources not cited consistently; see review comments.",
                                              "qa_result": "failed", "status": "rework"}, sort_keys=True),
                                          _ts(self.now - timedelta(days=3 * (loops - n)))))
                    loops = 0
                milestones.append((len(milestones) + 1, eid, title, _d(due), m_status.value, analyst, qa,
                                   qa_result, _d(delivered) or "", _d(accepted) or "", "", 1))
            if status in (S.ACTIVE, S.ON_HOLD, S.CLOSED):
                last = min(closed or today, today)
                weeks = max(1, (last - start).days // 7)
                n_entries = min(weeks, 3 if light else 14)
                # Burn ahead of or behind plan, so some budgets run hot.
                pace = rng.choice([0.6, 0.8, 1.0, 1.25]) if not light else 1.0
                if eid == 2:  # the first active engagement runs to plan: a green to compare with
                    pace = 0.8
                per_entry = budget * pace * min(1.0, (last - start).days / max(span, 1)) / max(n_entries, 1)
                for w in range(n_entries):
                    day = start + timedelta(days=7 * w + rng.randint(0, 4))
                    if day > today:
                        break
                    hours = round(min(max(per_entry / 2, 0.5), 12.0), 2)
                    for who in (analyst, manager):
                        times.append((len(times) + 1, eid, who, _d(day), hours, 1, "Research and drafting"
                                      if who == analyst else "Client management"))
            cats = list(RiskCategory)
            for r in range(1 if light else 2):
                cat = cats[(eid + r) % len(cats)]
                risks.append((len(risks) + 1, eid, cat.value, rng.choice(risk_texts[cat.value]),
                              rng.randint(1, 5), rng.randint(1, 5),
                              "Agreed mitigation in the engagement plan; reviewed weekly.",
                              manager, "closed" if status in (S.CLOSED, S.CANCELLED) else "open",
                              int(r == 0)))
        self.insert("assignment", ("id", "engagement_id", "staff_id", "role", "is_key_role", "backup_staff_id"),
                    assignments, values=("?",) * 5 + (_NULL_IF_0,))
        self.insert("milestone", ("id", "engagement_id", "title", "due_on", "status", "author_id",
                                  "qa_reviewer_id", "qa_result", "delivered_on", "accepted_on",
                                  "qa_override_reason", "client_visible"), milestones,
                    values=("?",) * 7 + (_NULL_IF_EMPTY,) * 3 + ("?", "?"))
        self.insert("timeentry", ("id", "engagement_id", "staff_id", "work_date", "hours", "billable", "note"),
                    times)
        self.insert("risk", ("id", "engagement_id", "category", "description", "likelihood", "impact",
                             "mitigation", "owner_id", "status", "client_visible"), risks)
        self.insert("auditevent", ("actor", "record_type", "record_id", "action", "old_values", "new_values",
                                   "at"), sent_back)

    # -- checklists ------------------------------------------------------------------------------
    def checklists(self, *, evidence_files: int) -> None:
        """Every engagement's checklist, in the states a real firm's would be in.

        Activation controls are done and verified once work has started (except a few NDAs
        never verified: a gap), close-out controls on closed engagements, recurring reviews
        some of them overdue, training certificates expiring or expired, and the odd
        control not applicable or waived, each with its reason.
        """
        rng, today = self.rng, self.today
        qa = self.staff_by_role["QA lead"][0]
        compliance = self.staff_by_role["Compliance officer"][0]
        manager = self.staff_by_role["Engagement manager"][0]
        not_applicable = {
            "printed-material": "No printed material: the client's data room allows on-screen viewing only.",
            "no-personal-devices": "Client material never leaves the client's VDI.",
            "client-cleansing-date": "The client shared published figures only; nothing to cleanse.",
        }
        waived = {
            "key-role-backup": "Single-analyst engagement; the client accepted the risk in the statement of work.",
            "patent-database-history": "The client's own database accounts are used; history is their setting.",
            "continuing-obligations": "Team members are bound by their employment contracts; client agreed.",
        }
        # What an item of a template is the same for every engagement: worked out once, as plain
        # values (an enum's .value and the item's properties cost more than the row itself).
        periods = {"monthly": 30, "quarterly": 91, "yearly": 365}
        plans: dict[ServiceType, list[tuple]] = {}
        for service, items in ((s, items_for_service(s)) for s in ServiceType):
            plan = plans[service] = []
            for item in items:
                owner = 0 if item.client_side else (self.staff_by_role.get(item.owner_role) or [manager])[0]
                doer = owner or manager
                recurrence = item.recurrence.value
                plan.append((item, (item.key, item.file, item.category, item.text, int(item.required),
                                    item.gate.value, int(item.evidence), recurrence),
                             item.gate == Gate.ACTIVATION, item.gate == Gate.CLOSURE, item.gate == Gate.NONE,
                             owner, doer, qa if doer != qa else compliance, recurrence != "none",
                             periods.get(recurrence), recurrence == "yearly",
                             not_applicable.get(item.key), waived.get(item.key)))
        OPEN, DONE = ChecklistState.OPEN.value, ChecklistState.DONE.value  # noqa: N806
        day = _DayText()
        week = timedelta(days=7)
        attachments: list[tuple] = []
        folder = self.store.attachments if evidence_files else None

        def rows() -> Iterator[tuple]:
            # No one (0) and no date ('') stand for NULL: see insert().
            item_id = 0
            for eid, _ci, service, status, start, _end, closed, _b, _t, code in self.eng:
                started = status in (S.ACTIVE, S.ON_HOLD, S.CLOSED)
                live = status in (S.ONBOARDING, S.ACTIVE, S.ON_HOLD)
                onboarding, closing = status == S.ONBOARDING, status == S.CLOSED
                nda_gap = status == S.ACTIVE and eid % 6 == 1
                diligent = eid % 3 == 0  # a third of the teams keep everything up to date
                skip_na, skip_waived = eid % 4 == 0, eid % 9 == 4
                settled_on = min(closed or start, today)
                activation_due = day(start + week)
                files_here = 0
                for (item, fixed, activation, closure, no_gate, owner, doer, verifier_of_doer, recurs, period,
                     yearly, na_reason, waived_reason) in plans[service]:
                    state, done_by, done_at, verifier, verified_at, reason = OPEN, 0, "", 0, "", ""
                    due = activation_due if activation else ""
                    settle = (activation and started) or (closure and closing) or \
                             (no_gate and started and (diligent or rng.random() < 0.7)) or \
                             (onboarding and activation and rng.random() < 0.5)
                    when = settled_on  # midnight UTC of this day
                    if settle and recurs and live:
                        # Last review some time ago: a recent one, or one that is now overdue.
                        ago = rng.randint(5, period - 5) if diligent else rng.randint(5, period + 40)
                        when = max(start, today - timedelta(days=ago))
                    if settle:
                        state, done_by, done_at = DONE, doer, f"{day(when)} 10:00:00.000000"
                        # A few activation items of active engagements were never verified: a real gap.
                        unverified = (nda_gap and fixed[0] == "nda-signed") or (onboarding and rng.random() < 0.4)
                        if not unverified:
                            verifier, verified_at = verifier_of_doer, f"{day(when + _ONE_DAY)} 11:00:00.000000"
                        if recurs:
                            next_due = next_occurrence(when, item.recurrence)
                            due = day(next_due)
                            if live and next_due <= today:  # reopened on schedule: an overdue review
                                state, done_by, done_at, verifier, verified_at = OPEN, 0, "", 0, ""
                    if na_reason is not None and skip_na:
                        state, reason = ChecklistState.NOT_APPLICABLE.value, na_reason
                        done_by, done_at, verifier, verified_at = 0, "", 0, ""
                    elif waived_reason is not None and skip_waived:
                        state, reason = ChecklistState.WAIVED.value, waived_reason
                        done_by, done_at, verifier, verified_at = 0, "", 0, ""
                    item_id += 1
                    expires = None
                    wants_file = folder and fixed[6] and state == DONE and \
                        len(attachments) < evidence_files and (files_here == 0 or yearly)
                    if wants_file and yearly and live:
                        # A training certificate: some expire soon, some have expired (item reopened).
                        expires = today + timedelta(days=10) if diligent or eid % 2 else today - timedelta(days=4)
                        if expires <= today:
                            state, done_by, done_at, verifier, verified_at = OPEN, 0, "", 0, ""
                            due = day(expires)
                    yield (item_id, eid, *fixed, state, owner, due, done_by, done_at, verifier, verified_at, reason)
                    if wants_file:
                        row = self._evidence_file(folder, len(attachments) + 1, item_id, code, item.text)
                        attachments.append((*row[:4], f"{code} {item.key}.txt", row[5],
                                            f"{day(when)} 00:00:00.000000", _d(expires)))
                        files_here += 1

        self.insert("checklistitem", ("id", "engagement_id", "template_key", "template_file", "category", "text",
                                      "required", "gate", "evidence_expected", "recurrence", "state", "owner_id",
                                      "due_on", "done_by_id", "done_at", "verified_by_id", "verified_at", "reason",
                                      "note"), rows(),
                    values=("?",) * 11 + (_NULL_IF_0, _NULL_IF_EMPTY, _NULL_IF_0, _NULL_IF_EMPTY, _NULL_IF_0,
                                          _NULL_IF_EMPTY, "?", "''"))
        self.insert("attachment", ("id", "checklist_item_id", "communication_id", "sha256", "original_name", "size",
                                   "added_at", "expires_on"), attachments)

    def _evidence_file(self, folder, attachment_id: int, item_id: int, code: str, text: str) -> tuple:
        body = (f"Evidence for {code}\nControl: {text}\nConfirmed by the engagement manager.\n").encode()
        name = f"{code}-{text.split(':')[0][:30].strip().replace(' ', '-')}.txt"
        stored = folder.put_bytes(body, name=name, check_existing=False)
        return (attachment_id, item_id, None, stored.sha256, stored.original_name, stored.size,
                _ts(self.now), None)

    # -- communications --------------------------------------------------------------------------
    def communications(self, m: int) -> None:
        # The hot loop of a large demo (a million rows): what an engagement's entries share is
        # worked out once, dates are formatted once per day, and random draws are plain floats.
        rng, today = self.rng, self.today
        draw = rng.random
        texts = {lang: [(subject, body, subject.startswith("Internal")) for subject, body in pool]
                 for lang, pool in self.texts["communications"].items()}
        channels = ["email", "email", "email", "call", "video", "meeting", "chat", "letter"]
        manager = self.staff_by_role["Engagement manager"][0]
        plans = []
        for eid, ci, _service, _status, start, _end, closed, _b, _title, code in \
                [e for e in self.eng if e[3] != S.PROPOSED] or self.eng:
            language = self.client_rows[ci - 1]["language"]
            last = min(closed or today, today)
            # Talks start before the work does: an engagement still onboarding has weeks of them.
            first = min(start, last - timedelta(days=21))
            days = max((last - first).days - 1, 0)  # up to yesterday: nothing is logged in the future
            plans.append((eid, first.toordinal(), days + 1, f" ({code})",
                          language if language in texts else None, self.contacts_of.get(ci)))
        day_text: dict[int, str] = {}
        clock = [f" {k // 60:02d}:{k % 60:02d}:00.000000" for k in range(360, 1081)]  # 06:00 to 18:00 UTC
        today_n = today.toordinal()
        with_contact: list[tuple[int, int]] = []

        def rows() -> Iterator[tuple]:
            for i in range(m):
                eid, first, span, suffix, native, contacts = plans[i % len(plans)]
                lang = native if native is not None and draw() < 0.5 else "en"
                pool = texts[lang]
                subject, body, internal = pool[int(draw() * len(pool))]
                day = first + int(draw() * span)
                text = day_text.get(day)
                if text is None:
                    text = day_text[day] = date.fromordinal(day).isoformat()
                occurred = text + clock[int(draw() * 721)]
                follow_up, done = "", 0  # '' stands for NULL: see insert()
                if not internal and draw() < 0.15:
                    due = day + 2 + int(draw() * 9)
                    follow_up = date.fromordinal(due).isoformat()
                    # Most old follow-ups were honoured; a few slipped, and recent ones are still open.
                    done = int((due < today_n - 3 and draw() < 0.92) or (due < today_n and draw() < 0.3))
                comm_id = i + 1
                yield (comm_id, eid, channels[int(draw() * 8)],
                       "internal" if internal else "inbound" if draw() < 0.5 else "outbound",
                       occurred, subject + suffix, body, lang, follow_up, done, int(not internal and draw() < 0.6))
                if contacts and not internal:
                    with_contact.append((comm_id, contacts[i % len(contacts)]))
                if comm_id % PROGRESS_EVERY == 0:
                    self.progress(f"{comm_id:,} of {m:,} communications")

        self.insert("communication", ("id", "engagement_id", "channel", "direction", "occurred_at", "subject",
                                      "sender", "recipients", "body", "language", "follow_up_due", "follow_up_done",
                                      "client_visible", "message_id"), rows(),
                    values=("?",) * 6 + ("''", "''", "?", "?", _NULL_IF_EMPTY, "?", "?", "NULL"))
        self.insert("communicationcontact", ("communication_id", "contact_id"), with_contact)
        # The engagement manager takes part in every entry: rows made inside SQLite, not in Python.
        made = self.conn.exec_driver_sql("INSERT INTO communicationstaff (communication_id, staff_id) "
                                         "SELECT id, ? FROM communication ORDER BY id", (manager,)).rowcount
        self.counts["communicationstaff"] = made

    # -- history ---------------------------------------------------------------------------------
    def history(self) -> None:
        """Past report records, and the audit trail of what the demo created."""
        reports = []
        for eid, _ci, _s, status, start, _e, _c, _b, _t, code in self.eng[:40]:
            if status != S.ACTIVE:
                continue
            for weeks_ago in (6, 2):
                end = self.today - timedelta(days=7 * weeks_ago)
                if end <= start:
                    continue
                settings = {"sections": "all", "period": "since_last_report", "demo": True}
                name = f"{code}-status-{end.isoformat()}.pdf"
                reports.append((len(reports) + 1, "engagement", eid, _d(max(start, end - timedelta(days=28))),
                                _d(end), _ts(self.now - timedelta(days=7 * weeks_ago)), name,
                                hashlib.sha256(name.encode()).hexdigest(), "Client project lead",
                                "Progress on plan; see milestones.", json.dumps(settings)))
        presets = [(eid, "engagement", "Weekly client status", "since_last_report",
                    json.dumps(["summary", "health", "milestones", "ip_protection", "communications", "actions",
                                "risks", "budget", "next_steps"]), "Client project lead")
                   for eid, *_rest in self.eng[:40] if _rest[2] == S.ACTIVE]
        presets.append((None, "portfolio", "Monday portfolio review", "last_7_days", "[]", ""))
        self.insert("reportpreset", ("engagement_id", "kind", "name", "period", "sections_json", "recipient"),
                    presets)
        self.insert("reportrecord", ("id", "kind", "engagement_id", "period_start", "period_end", "generated_at",
                                     "file_name", "sha256", "recipient", "summary", "settings_json"), reports)
        actor = self.texts["firm"]["user_name"]
        when = _ts(self.now)
        events = [(actor, "client", i, AuditAction.CREATE.value, "{}", json.dumps({"name": c["name"]},
                   ensure_ascii=False), when) for i, c in enumerate(self.client_rows, start=1)]
        events += [(actor, "engagement", e[0], AuditAction.CREATE.value, "{}", json.dumps({"code": e[9]}), when)
                   for e in self.eng]
        events.append((actor, "store", None, AuditAction.CREATE.value, "{}",
                       json.dumps({"demo": self.counts_snapshot()}), when))
        self.insert("auditevent", ("actor", "record_type", "record_id", "action", "old_values", "new_values",
                                   "at"), events)

    def counts_snapshot(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))


def generate_demo(store: Store, *, engagements: int | None = None, communications: int | None = None,
                  seed: int = 7, today: date | None = None, progress: Progress | None = None) -> DemoSummary:
    """Fill an empty store with a realistic firm. The same seed and day give the same data."""
    n = DEFAULT_ENGAGEMENTS if engagements is None else engagements
    if not 1 <= n <= 1_000_000:
        raise ValidationError("The number of engagements must be between 1 and 1,000,000.", field="engagements")
    m = n * COMMUNICATIONS_PER_ENGAGEMENT if communications is None else communications
    if not 0 <= m <= 50_000_000:
        raise ValidationError("The number of communications must be between 0 and 50,000,000.",
                              field="communications")
    report = progress or (lambda _msg: None)
    if store.is_server:
        return _generate_on_server(store, n, m, seed, today, report)
    rng = random.Random(seed)
    light = n > 1000
    with store.transaction() as session:
        conn = session.connection()
        # Asked inside the writing transaction (BEGIN IMMEDIATE), so that of two runs on one
        # store the second sees the first's data and refuses, instead of clashing on its rows.
        _refuse_unless_empty(conn)
        b = _Builder(store, conn, rng, today or date.today(), report)
        with _bulk_load(store, conn, report):
            report("firm and staff")
            b.firm()
            b.clients(max(len(b.texts["clients"]), n // 20))
            report(f"{n:,} engagements")
            b.engagements(n)
            b.team_and_work(light=light)
            report("checklists")
            b.checklists(evidence_files=12)
            b.communications(m)
            b.history()
        report("writing the store to disk")
    store.forget_actor()
    return DemoSummary(counts=store.table_counts())


def _generate_on_server(store: Store, n: int, m: int, seed: int, today: date | None,
                        report: Progress) -> DemoSummary:
    """The demo firm on a team server: built in a private temporary store file (SQLite's bulk
    load), then copied into the empty server database by move-to, which verifies every row and
    attachment. The same seed and day give the same data as on a file."""
    import tempfile

    from kpo_desk.core.move_to_server import move_to_server

    with store.read() as session:  # refused before the firm is built, as on a file
        _refuse_unless_empty(session.connection())
    url = store.engine.url.render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="kpo-demo-") as folder, \
            Store.open(Path(folder) / "demo.sqlite3") as local:
        generate_demo(local, engagements=n, communications=m, seed=seed, today=today, progress=report)
        move_to_server(local, url, progress=report)
    store.forget_actor()
    return DemoSummary(counts=store.table_counts())


@contextmanager
def _bulk_load(store: Store, conn: Connection, report: Progress) -> Iterator[None]:
    """Fill an empty store the way a bulk load should, all inside the caller's transaction.

    - The secondary indexes are dropped and, after the load, made again from their own SQL
      (read back from sqlite_master, so the schema stays exactly the migrations'): one sort
      per index instead of a million inserts at random places in it.
    - The search indexes' triggers are lifted and each index is rebuilt in one pass after
      (Fts5Index.bulk_load).
    - A larger page cache for this connection (256 MB), so the pages being filled stay in
      memory instead of being spilled to the WAL and read back, and CREATE INDEX sorts in
      memory; put back as it was after, should the connection outlive the demo.

    SQLite DDL is transactional: if the load fails, the rollback brings every index and
    trigger back. Measured on 20,000 engagements and 1,000,000 communications: see the commit.
    """
    from kpo_desk.core.search import index_for

    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size={BULK_CACHE_KIB}")
    try:
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name").all()
        for name, _sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        tables = [name for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
        with index_for(store).bulk_load(conn, tables):
            yield
            report("search index")
        report("indexes")
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)
    finally:
        with suppress(DBAPIError):  # a broken connection must not hide the error that broke it
            conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")


def _refuse_unless_empty(conn: Connection) -> None:
    for table in ("client", "engagement", "staff", "communication", "setting"):
        if conn.exec_driver_sql(f'SELECT 1 FROM "{table}" LIMIT 1').first() is not None:
            raise ValidationError("This store already holds data; sample data only goes into an "
                                  "empty store (give a new file with --db).")
