"""Ten people at once on a team server (PostgreSQL): save latency, lost updates, errors.

A copy of a bench store on the benchmark server (server_stores.py; the large store's cached
copy, cloned as a template so that the writes here never touch it) is made a team database
(``init_team``), with one login per simulated user (``add_user``: MANAGERS managers, the rest
analysts staffed on the engagements they work on, so that row-level security is on their every
statement). Each user is a separate process (the GIL would queue ten users of one
interpreter behind each other, which ten desktops never are) with its own Store logged in as
itself, and for ``--seconds`` (60) repeats a mix of what people do, with a think time between
actions (THINK_S, far busier than a person, who reads for seconds):

- list engagements (the list's first page) .......................... 25%
- open an engagement (the record, its checklist, its log) ............. 25%
- log a communication on it ............................................ 20%
- tick a checklist item (complete it, or reopen it when done; each user
  ticks items of its own engagements, as people tick their own work) .. 10%
- edit an engagement field (the budget hours, saved EDIT_S after the
  form opened, with the version it opened; a conflict is reloaded and
  saved again, as the GUI's "reload" does) ............................ 10%
- add one to its own counter in a shared record (the description of
  one engagement holds a JSON object of every user's counter; the same
  optimistic concurrency and retry) ................................... 10%

Measured: the latency of every save (each attempt, conflicts included), p50 and p95; how many
saves met a conflict and how many retries it took; lost updates (at the end, every user's
counter in the shared record must equal that user's successful increments; the shortfall
summed is the figure); errors (any exception other than ConflictError, which is what a user
would see as an error).

Targets (issue 19): p95 save <= 100 ms, lost updates 0, errors 0.

    python benchmarks/bench_concurrency.py --db benchmarks/cache/small.sqlite3 --seconds 10
    python benchmarks/bench_concurrency.py --db benchmarks/cache/small.sqlite3 --seconds 10 --blind
        # saves without the version opened: the counters must then show lost updates
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import secrets
import statistics
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from server_stores import NoServerError, server, skipped_row

USERS = 10
#: The first MANAGERS users log in as managers (they see everything); the others as analysts,
#: who see only the engagements they are staffed on (row-level security on every statement).
MANAGERS = 3
SECONDS = 60.0
THINK_S = (0.2, 1.0)
#: Between opening a record's form and saving it: the person types the change.
EDIT_S = (0.1, 0.8)
P95_TARGET_MS = 100.0
MAX_RETRIES = 50
MIX = (("list", 25), ("open", 25), ("log", 20), ("tick", 10), ("edit", 10), ("count", 10))
#: The engagements everyone works on (the busiest firm has its hot few): the edits and opens
#: pick among the first HOT engagements, so that two users do meet on one record.
HOT = 40


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def _user(index: int, url: str, hot: list[int], shared_id: int, start_at: float, seconds: float,
          seed: int, blind: bool = False) -> dict:
    """One simulated user, in its own process; returns what it measured."""
    from sqlmodel import select

    from kpo_desk.core.checklists import workflow
    from kpo_desk.core.errors import ConflictError
    from kpo_desk.core.models import Engagement, Staff
    from kpo_desk.core.services import base
    from kpo_desk.core.services.communication_rows import communication_rows
    from kpo_desk.core.services.communications import CommunicationFilter, log_communication
    from kpo_desk.core.services.engagement_list import list_engagement_rows
    from kpo_desk.core.services.engagements import get_engagement, update_engagement
    from kpo_desk.core.store import Store

    rnd = random.Random(seed)
    me = f"user{index:02d}"
    out = {"user": me, "saves_ms": [], "actions": {}, "conflicts": 0, "retries": 0, "gave_up": 0,
           "increments": 0, "errors": [], "reads_ms": []}
    store = Store.open(url)
    try:
        with store.read() as s:
            my_staff = s.exec(select(Staff.id).where(Staff.name == f"Bench User {index}")).one()
            # Its own items to tick: open or done items without required evidence, of the hot
            # engagements given to this user (engagement i goes to user i mod USERS).
            mine = [e for i, e in enumerate(hot) if i % USERS == index]
            from kpo_desk.core.models import ChecklistItem

            items = s.exec(select(ChecklistItem.id).where(ChecklistItem.engagement_id.in_(mine),
                                                          ChecklistItem.evidence_expected.is_(False),
                                                          ChecklistItem.state.in_(("open", "done")))).all()

        def save(fn):  # noqa: ANN001, ANN202 - one timed save attempt
            started = time.perf_counter()
            try:
                return fn()
            finally:
                out["saves_ms"].append((time.perf_counter() - started) * 1000)

        def with_retry(attempt) -> bool:  # noqa: ANN001 - reload and save again on a conflict
            for tries in range(MAX_RETRIES):
                try:
                    attempt()
                    return True
                except ConflictError:
                    out["conflicts"] += 1
                    if tries + 1 < MAX_RETRIES:
                        out["retries"] += 1
                    time.sleep(rnd.uniform(0.0, 0.05))  # the person reads the dialog and clicks reload
            out["gave_up"] += 1
            return False

        def act(kind: str) -> None:
            engagement_id = rnd.choice(hot)
            if kind == "list":
                list_engagement_rows(store, sort="code", limit=200)
            elif kind == "open":
                get_engagement(store, engagement_id=engagement_id)
                workflow.list_items(store, engagement_id)
                communication_rows(store, CommunicationFilter(engagement_id=engagement_id), limit=200)
            elif kind == "log":
                save(lambda: log_communication(
                    store, engagement_id=engagement_id, channel="call", direction="outbound",
                    occurred_at=datetime.now(UTC), subject=f"Call by {me}",
                    body="Discussed the next deliverable and the open questions."))
            elif kind == "tick":
                if not items:
                    return
                item_id = rnd.choice(items)
                with store.read() as s:
                    state = s.get(ChecklistItem, item_id).state
                if state == "open":
                    save(lambda: workflow.complete_item(store, item_id=item_id, done_by_id=my_staff))
                else:
                    save(lambda: workflow.reopen_item(store, item_id=item_id, reason="ticked by mistake"))
            elif kind == "edit":
                def attempt() -> None:
                    e = get_engagement(store, engagement_id=engagement_id)  # the form opens
                    hours = round(rnd.uniform(10, 400), 1)
                    time.sleep(rnd.uniform(*EDIT_S))
                    save(lambda: update_engagement(store, engagement_id, budget_hours=hours,
                                                   expected_version=None if blind else e.version))
                with_retry(attempt)
            elif kind == "count":
                def attempt() -> None:
                    e = get_engagement(store, engagement_id=shared_id)
                    counters = json.loads(e.description or "{}")
                    counters[me] = counters.get(me, 0) + 1
                    time.sleep(rnd.uniform(*EDIT_S))
                    save(lambda: update_engagement(store, shared_id, description=json.dumps(counters, sort_keys=True),
                                                   expected_version=None if blind else e.version))
                if with_retry(attempt):
                    out["increments"] += 1

        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        del Engagement, base  # imported to fail early when the app moved them
        time.sleep(max(0.0, start_at - time.time()))
        deadline = time.time() + seconds
        while time.time() < deadline:
            kind = rnd.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                act(kind)
            except Exception as exc:  # noqa: BLE001 - an error a user would see: counted and kept
                out["errors"].append(f"{kind}: {type(exc).__name__}: {exc}"[:300])
                if len(out["errors"]) <= 3:
                    traceback.print_exc()
            else:
                if kind in ("list", "open"):
                    out["reads_ms"].append((time.perf_counter() - started) * 1000)
            out["actions"][kind] = out["actions"].get(kind, 0) + 1
            time.sleep(rnd.uniform(*THINK_S))
    finally:
        store.close()
    return out


def _prepare(srv, path: Path, label: str) -> tuple[str, list[tuple[str, str]], list[int], int, str]:  # noqa: ANN001
    """A team database for the run: (admin URL, [(login, password)], hot engagements, the shared
    record, what the database is)."""
    from sqlalchemy.engine import make_url

    from kpo_desk.core.store import Store
    from kpo_desk.core.team import add_user, init_team

    copy = srv.copy_of(path)
    started = time.perf_counter()
    if srv.persistent:
        url = srv.clone(make_url(copy.url).database)
        how = f"a template clone of the cached copy ({time.perf_counter() - started:.0f} s)"
    else:
        url = copy.url
        how = copy.describe()
    from kpo_desk.core.services.engagements import update_engagement
    from kpo_desk.core.services.work import assign_staff

    logins = []
    with Store.open(url) as store:
        init_team(store, staff="Bench Manager")
        staff_ids = []
        for i in range(USERS):
            login, password = f"user{i:02d}", secrets.token_urlsafe(12)
            add_user(store, login, staff=f"Bench User {i}", role="manager" if i < MANAGERS else "analyst",
                     password=password)
            logins.append((login, password))
        with store.engine.connect() as c:
            hot = [r[0] for r in c.exec_driver_sql(
                "SELECT id FROM engagement WHERE status NOT IN ('closed', 'cancelled') ORDER BY id "
                f"LIMIT {HOT + 1}")]
            counts = c.exec_driver_sql("SELECT (SELECT count(*) FROM engagement), "
                                       "(SELECT count(*) FROM communication)").one()
            staff_ids = [c.exec_driver_sql("SELECT id FROM staff WHERE name = %(n)s",
                                           {"n": f"Bench User {i}"}).scalar_one() for i in range(MANAGERS, USERS)]
        # The analysts are staffed on the hot engagements (and the shared record): row-level
        # security lets each see and change those only, as in a firm.
        for engagement_id in hot:
            for staff_id in staff_ids:
                assign_staff(store, engagement_id=engagement_id, staff_id=staff_id, role="Analyst")
    shared, hot = hot[0], hot[1:]
    with Store.open(url) as store:
        update_engagement(store, shared, description="{}")
    what = f"{label}: {counts[0]:,} engagements, {counts[1]:,} communications; {how}"
    return url, logins, hot, shared, what


def measure(srv, path: Path, label: str, seconds: float = SECONDS, *, blind: bool = False) -> list[dict]:  # noqa: ANN001
    from sqlalchemy.engine import make_url

    from kpo_desk.core.services.engagements import get_engagement
    from kpo_desk.core.store import Store

    url, logins, hot, shared, what = _prepare(srv, path, label)
    start_at = time.time() + 8.0  # every process imported and connected before the clock starts
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(USERS) as pool:
        jobs = [pool.apply_async(_user, (i, make_url(url).set(username=login, password=password)
                                         .render_as_string(hide_password=False),
                                         hot, shared, start_at, seconds, 1000 + i, blind))
                for i, (login, password) in enumerate(logins)]
        results = [job.get(timeout=seconds + 300) for job in jobs]
    with Store.open(url) as store:
        final = json.loads(get_engagement(store, engagement_id=shared).description or "{}")
    saves = [ms for r in results for ms in r["saves_ms"]]
    reads = [ms for r in results for ms in r["reads_ms"]]
    lost = sum(max(0, r["increments"] - final.get(r["user"], 0)) for r in results)
    extra = sum(max(0, final.get(r["user"], 0) - r["increments"]) for r in results)
    errors = [e for r in results for e in r["errors"]]
    conflicts = sum(r["conflicts"] for r in results)
    retries = sum(r["retries"] for r in results)
    gave_up = sum(r["gave_up"] for r in results)
    actions: dict[str, int] = {}
    for r in results:
        for k, n in r["actions"].items():
            actions[k] = actions.get(k, 0) + n
    increments = sum(r["increments"] for r in results)
    p50, p95 = (statistics.median(saves) if saves else 0.0), _percentile(saves, 0.95)
    head = (f"concurrency, {USERS} users (processes, own logins: {MANAGERS} managers, "
            f"{USERS - MANAGERS} analysts under row-level security) for {seconds:g} s on the server, {what}; "
            f"think time {THINK_S[0]:g}-{THINK_S[1]:g} s, {EDIT_S[0]:g}-{EDIT_S[1]:g} s from opening a form to saving"
            + ("; BLIND: saves without the version opened (a check that the counters catch lost updates)"
               if blind else ""))
    mix = ", ".join(f"{k} {actions.get(k, 0):,}" for k, _ in MIX)
    managers = [ms for r in results[:MANAGERS] for ms in r["saves_ms"]]
    analysts = [ms for r in results[MANAGERS:] for ms in r["saves_ms"]]
    by_role = (f"p95 of the managers' saves {_percentile(managers, 0.95):.0f} ms, of the analysts' "
               f"{_percentile(analysts, 0.95):.0f} ms")
    rows = [
        {"name": f"{head}: p95 save latency ({len(saves):,} saves; p50 {p50:.1f} ms, worst "
                 f"{max(saves, default=0):.0f} ms; {by_role}; actions: {mix})",
         "value": round(p95, 1), "unit": "ms", "baseline": None, "target": f"<= {P95_TARGET_MS:g} ms",
         "ok": bool(saves) and p95 <= P95_TARGET_MS},
        {"name": f"{head}: lost updates (shared counters: {increments:,} successful increments, "
                 f"{sum(final.values()):,} in the record{f', {extra} more than counted' if extra else ''})",
         "value": lost, "unit": "", "baseline": None, "target": "0", "ok": lost == 0 and extra == 0 and increments > 0},
        {"name": f"{head}: errors shown to users (any exception but a conflict)"
                 + (f"; first: {errors[0]}" if errors else ""),
         "value": len(errors), "unit": "", "baseline": None, "target": "0", "ok": not errors},
        {"name": f"{head}: conflicts met (reloaded and saved again: {retries:,} retries, {gave_up} given up after "
                 f"{MAX_RETRIES}); reads (list, open) p95 {_percentile(reads, 0.95):.0f} ms: managers "
                 f"{_percentile([ms for r in results[:MANAGERS] for ms in r['reads_ms']], 0.95):.0f} ms, analysts "
                 f"{_percentile([ms for r in results[MANAGERS:] for ms in r['reads_ms']], 0.95):.0f} ms",
         "value": conflicts, "unit": "", "baseline": None, "target": "information", "ok": None},
    ]
    return rows


def run(small: Path, large: Path | None, seconds: float = SECONDS) -> list[dict]:
    try:
        with server() as srv:
            return measure(srv, large if large is not None else small, "large" if large is not None else "small",
                           seconds)
    except NoServerError as exc:
        return [skipped_row("concurrency", exc)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a local store to copy to the server (not changed)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="how long the users work (60)")
    parser.add_argument("--blind", action="store_true",
                        help="save without the version opened: the lost-update check must then find losses")
    args = parser.parse_args()
    with server() as srv:
        for row in measure(srv, args.db, args.db.stem, args.seconds, blind=args.blind):
            print(json.dumps(row, ensure_ascii=False))
