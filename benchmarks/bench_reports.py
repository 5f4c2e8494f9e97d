"""PDF status reports: one report, and the weekly batch of 100 active engagements.

Each figure is measured against a baseline taken in the same run: a plain reportlab
document (built-in Helvetica, paragraphs only, no data) with the same number of pages.
The store given is never changed: the benchmark works on a copy (made with SQLite's
backup API), and builds a bigger demo store when the copy has fewer than 100 active
engagements.

    python benchmarks/bench_reports.py --db PATH
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from kpo_desk.core.demo import generate_demo
from kpo_desk.core.reports import active_engagements, generate_batch, generate_report
from kpo_desk.core.reports.fonts import register_fonts
from kpo_desk.core.store import Store

ONE_TARGET_MS = 150.0
BATCH_TARGET_S = 10.0
BATCH_SIZE = 100
LINE = ("Progress on plan; the prior-art search covers granted patents and published "
        "applications since 2010, with claims charts for the closest references. ")


def plain_document(pages: int) -> bytes:
    """The baseline: a plain reportlab document with ``pages`` full pages of text."""
    styles = getSampleStyleSheet()
    story = []
    for page in range(pages):
        story += [Paragraph(LINE * 3, styles["BodyText"]) for _ in range(12)]
        if page < pages - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build(story)
    return buffer.getvalue()


def _copy_store(source: Path, folder: Path) -> Path:
    target = folder / "bench.sqlite3"
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _store_with_active(folder: Path, wanted: int) -> Path:
    """A demo store with exactly ``wanted`` active engagements (extras put on hold)."""
    path = folder / "batch.sqlite3"
    with Store.open(path) as store:
        generate_demo(store, engagements=wanted * 3, communications=wanted * 3 * 25, seed=5,
                      today=date(2026, 11, 23))
        ids = [eid for eid, _code in active_engagements(store)]
    with sqlite3.connect(path) as con:
        con.executemany("UPDATE engagement SET status='on_hold' WHERE id=?", [(i,) for i in ids[wanted:]])
    return path


def _best_ms(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_one(path: Path, out: Path) -> list[dict]:
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with Store.open(path, create=False) as store:
        engagement_id = active_engagements(store)[0][0]
        register_fonts()
        made = generate_report(store, engagement_id=engagement_id, out_path=out / "warm.pdf",
                               generated_at=moment)  # warm-up: fonts, imports, caches
        pages = len(PdfReader(io.BytesIO(made.pdf)).pages)
        plain_document(pages)
        report_ms = _best_ms(lambda: generate_report(store, engagement_id=engagement_id,
                                                     out_path=out / "one.pdf", generated_at=moment), 9)
    baseline_ms = _best_ms(lambda: plain_document(pages), 9)
    return [{"name": f"one client report ({pages} pages): data, PDF, record and file", "value": round(report_ms, 1),
             "unit": "ms", "baseline": round(baseline_ms, 1),
             "target": f"< {ONE_TARGET_MS:.0f} ms (baseline: plain reportlab, same pages)",
             "ok": report_ms < ONE_TARGET_MS}]


def measure_batch(path: Path, out: Path) -> list[dict]:
    with Store.open(path, create=False) as store:
        n = len(active_engagements(store))
        generate_report(store, engagement_id=active_engagements(store)[0][0])  # warm-up
        started, cpu_started = time.perf_counter(), time.process_time()
        result = generate_batch(store, out)
        batch_s = time.perf_counter() - started
        cpu_s = time.process_time() - cpu_started
    pages = [len(PdfReader(p).pages) for p in result.written]
    started = time.perf_counter()
    for count in pages:
        plain_document(count)
    baseline_s = time.perf_counter() - started
    return [{"name": f"batch of {n} active engagements ({sum(pages)} pages, {len(result.failed)} failed)",
             "value": round(batch_s, 2), "unit": "s", "baseline": round(baseline_s, 2),
             "target": f"< {BATCH_TARGET_S:.0f} s for {BATCH_SIZE} (baseline: plain reportlab, same pages)",
             "ok": batch_s < BATCH_TARGET_S and not result.failed and n >= BATCH_SIZE},
            {"name": f"batch of {n}: CPU time of this process (the rest is fsync and other processes)",
             "value": round(cpu_s, 2), "unit": "s", "baseline": None, "target": "information",
             "ok": True}]


def run(small: Path, large: Path | None) -> list[dict]:
    """Harness entry point: ``small`` is a demo store; ``large`` is not needed here."""
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        (folder / "one").mkdir()
        (folder / "batch").mkdir()
        copy = _copy_store(Path(small), folder)
        rows = measure_one(copy, folder / "one")
        with Store.open(copy, create=False) as store:
            enough = len(active_engagements(store)) >= BATCH_SIZE
        if enough:
            with sqlite3.connect(copy) as con:
                ids = [r[0] for r in con.execute("SELECT id FROM engagement WHERE status='active' ORDER BY code")]
                con.executemany("UPDATE engagement SET status='on_hold' WHERE id=?",
                                [(i,) for i in ids[BATCH_SIZE:]])
            batch_store = copy
        else:
            batch_store = _store_with_active(folder, BATCH_SIZE)
        rows += measure_batch(batch_store, folder / "batch")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="a demo store (not changed)")
    parser.add_argument("--large", type=Path, default=None)
    args = parser.parse_args()
    for row in run(args.db, args.large):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
