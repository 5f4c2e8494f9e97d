"""The baseline of the ``kpo-desk search`` process: a plain Python script that opens the store
with sqlite3 alone and runs the same FTS5 statements, one line a hit.

    python benchmarks/raw_fts5_search.py STORE PLAN.json

PLAN.json is written by bench_cli.py from the app's own query code (``ranked_sql``,
``fts5_match_expression``), so the statements cannot drift from what the app runs:
``{"tries": [[[kind, sql, params], ...], ...]}``, the widened retry as a second try when
the query has one. Highlighting is left out (the app's costs microseconds for 20 hits).
This script imports nothing but the standard library, which is the point of it.
"""

import json
import sqlite3
import sys


def main(store: str, plan_path: str) -> int:
    with open(plan_path, encoding="utf-8") as fh:
        plan = json.load(fh)
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        found = []
        for attempt in plan["tries"]:
            for kind, sql, params in attempt:
                found += [(kind, row) for row in con.execute(sql, params)]
            if found:
                break
    finally:
        con.close()
    order = {attempt_kind: i for i, (attempt_kind, _sql, _params) in enumerate(plan["tries"][0])}
    found.sort(key=lambda f: (f[1][1], order[f[0]], f[1][0]))
    for kind, (_id, _score, _eid, _cid, title, label, *_texts) in found[:plan["limit"]]:
        print(f"{kind}\t{label}\t{title}")
    if not found:
        print("No matches.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
