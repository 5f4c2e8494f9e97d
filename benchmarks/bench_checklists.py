"""Checklist queries the dashboard and the start-up digest run, on a small and a large store.

Baseline: the naive way, one score query per engagement (timed on the first 1,000 and
scaled to the store's size), against ``compliance_gaps``' one grouped query.

    python benchmarks/bench_checklists.py --db PATH
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from harness import small_then_large
from sqlmodel import select

from kpo_desk.core.checklists import (
    compliance_gaps,
    due_items,
    engagement_compliance,
    portfolio_compliance,
)
from kpo_desk.core.models import Engagement
from kpo_desk.core.services.work import risk_heatmap
from kpo_desk.core.store import Store

TARGET_MS = 500.0


def _ms(fn, repeat: int = 3) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def _measure(label: str, path: Path) -> list[dict]:
    today = date.today()
    with Store.open(path, create=False) as store:
        with store.read() as s:
            ids = list(s.exec(select(Engagement.id)))
        sample = ids[:1000]
        loop = _ms(lambda: [engagement_compliance(store, i) for i in sample], repeat=1)
        naive = loop * len(ids) / max(len(sample), 1)
        gaps = _ms(lambda: compliance_gaps(store))
        rows = [
            {"name": f"{label}: compliance_gaps over {len(ids):,} engagements", "value": round(gaps, 1),
             "unit": "ms", "baseline": round(naive, 1), "target": f"< {TARGET_MS:.0f} ms and faster than baseline",
             "ok": gaps < TARGET_MS and gaps < naive},
        ]
        for name, fn in (("portfolio_compliance", lambda: portfolio_compliance(store)),
                         ("due_items (14 days)", lambda: due_items(store, today, 14)),
                         ("risk_heatmap", lambda: risk_heatmap(store))):
            value = _ms(fn)
            rows.append({"name": f"{label}: {name}", "value": round(value, 1), "unit": "ms", "baseline": None,
                         "target": f"< {TARGET_MS:.0f} ms", "ok": value < TARGET_MS})
    return rows


def run(small: Path, large: Path | None) -> list[dict]:
    return small_then_large(lambda path, label: _measure(label, path), small, large)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store to measure (not modified)")
    parser.add_argument("--large", type=Path, default=None)
    args = parser.parse_args()
    for row in run(args.db, args.large):
        print(json.dumps(row, ensure_ascii=False))
