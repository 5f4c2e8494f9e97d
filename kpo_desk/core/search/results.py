"""Turning the rows an engine found into ``Hit`` objects, the same way for every engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpo_desk.core.search import HIGHLIGHT_END, HIGHLIGHT_START, KINDS, Hit
from kpo_desk.core.search.query import SearchTerms
from kpo_desk.core.search.snippets import make_snippet

#: Words of context around a match in a snippet.
SNIPPET_WORDS = 14
ELLIPSIS = "…"


def shape_hits(found: Sequence[tuple[str, Sequence[Any]]], terms: SearchTerms, limit: int) -> list[Hit]:
    """The best ``limit`` hits, best first (ties: kind order, then id), with snippets.

    Each found row is ``(kind, (id, score, engagement_id, client_id, title, label, *texts))``
    with the texts in the order a snippet looks at them; snippets are made only for the hits
    that are shown.
    """
    order = {kind: i for i, kind in enumerate(KINDS)}
    ranked = sorted(found, key=lambda f: (f[1][1], order[f[0]], f[1][0]))
    return [Hit(kind=kind, record_id=rid, engagement_id=eid, client_id=cid, title=title or "",
                label=label or "", rank=float(score),
                snippet=make_snippet(texts, terms, start=HIGHLIGHT_START, end=HIGHLIGHT_END,
                                     ellipsis=ELLIPSIS, words=SNIPPET_WORDS))
            for kind, (rid, score, eid, cid, title, label, *texts) in ranked[:limit]]
