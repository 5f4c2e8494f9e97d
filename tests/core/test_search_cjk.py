"""CJK search on both engines: a run found by its start everywhere, and on the server also a
term of three or more characters inside a run, through the bigrams migration 0008 adds to the
search vector (kpo_desk/core/search/postgres.py)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from kpo_desk.core.search import index_for, search
from kpo_desk.core.search.query import _CJK
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.store import Store

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def tokyo(store: Store) -> dict:
    client = parties.create_client(store, name="東京特許事務所", timezone="Asia/Tokyo")
    eng = engagements.create_engagement(store, client_id=client.id, title="先行技術調査",
                                        service_type="ip_patent", code="TOKY-2026-001")

    def log(subject: str, body: str) -> int:
        return communications.log_communication(store, engagement_id=eng.id, channel="call",
                                                direction="inbound", occurred_at=WHEN, subject=subject,
                                                body=body).id

    return {
        "client": client, "eng": eng,
        "report": log("週次進捗報告", "先行技術調査の進捗を報告しました。クレームチャートの形式について合意。"),
        "split": log("調査メモ", "技術、調査の順に進めます。"),
        "mixed": log("Kickoff", "会議室は東京本社ABC棟です。"),
        "latin": log("Weekly call", "Prior-art search status discussed."),
    }


def _ids(store: Store, query: str, kind: str = "communication") -> list[int]:
    return sorted(h.record_id for h in search(store, query, kinds=[kind]))


def test_a_term_inside_a_run_is_found_on_the_server_and_marked(store: Store, tokyo: dict) -> None:
    hits = search(store, "技術調査", kinds=["communication"])
    if store.is_server:
        assert [h.record_id for h in hits] == [tokyo["report"]]
        assert "[先行技術調査の進捗を報告しました]" in hits[0].marked()
        assert _ids(store, "技術調査", "engagement") == [tokyo["eng"].id]
        assert _ids(store, "務所", "client") == []  # two characters: a run's start only
        assert _ids(store, "特許事務所", "client") == [tokyo["client"].id]  # ends where the run ends
    else:
        assert hits == []  # FTS5 matches a run by its start only
    # a run's start, on both engines
    assert _ids(store, "先行技術") == [tokyo["report"]]


def test_a_term_does_not_span_two_runs_or_skip_characters(store: Store, tokyo: dict) -> None:
    """「技術、調査」 holds both halves of 技術調査, apart: not a match inside a run."""
    assert _ids(store, "技術調査") == ([tokyo["report"]] if store.is_server else [])
    assert _ids(store, "術調査の") == ([tokyo["report"]] if store.is_server else [])
    assert _ids(store, "技術調整") == []
    assert _ids(store, "調査メモ") == [tokyo["split"]]  # the subject's run, by its start


def test_a_term_mixing_cjk_and_latin_letters_inside_a_run(store: Store, tokyo: dict) -> None:
    """``本社abc`` is one word (letters) inside the run ``東京本社abc棟``: found on the server by
    its CJK bigrams, then checked with LIKE; a different Latin part is not found."""
    hits = search(store, "本社abc", kinds=["communication"])
    if store.is_server:
        assert [h.record_id for h in hits] == [tokyo["mixed"]]
    else:
        assert hits == []
    assert _ids(store, "本社xyz") == []
    assert _ids(store, "会議室 技術調査") == []  # every term must match
    assert _ids(store, "prior status") == [tokyo["latin"]]  # Latin search is unchanged


def test_a_very_long_cjk_body_is_indexed_without_failing(store: Store, tokyo: dict) -> None:
    """A body of 120,000 CJK characters: the server's bigrams stop at the tsvector's last
    position (16,383), so the vector stays under its 1 MB; the text's start is found inside a
    run, its end by no engine inside a run, the message is kept whole."""
    rng_text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(120_000))
    body = "特許調査報告" + rng_text
    comm_id = communications.log_communication(store, engagement_id=tokyo["eng"].id, channel="email",
                                               direction="inbound", occurred_at=WHEN, subject="Bulk",
                                               body=body).id
    assert _ids(store, "特許調査報告") == [comm_id]  # the run's start, on both
    assert _ids(store, "調査報告") == ([comm_id] if store.is_server else [])
    assert index_for(store).integrity_problems() == []


def test_the_bigram_class_of_migration_0008_is_the_query_modules(store: Store) -> None:
    """The server cuts runs with the same letters the query module calls CJK (one rule; the
    migration keeps a frozen copy, as migrations do), and only the search indexes the
    migrations made are there."""
    migration = importlib.import_module("kpo_desk.core.migrations.versions.0008_server_search_speed")
    assert _CJK.pattern.encode("ascii", "backslashreplace").decode() == migration.CJK_CLASS  # as escapes
    if not store.is_server:
        return
    with store.read() as session:
        names = {n for (n,) in session.connection().execute(text(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search~_%' ESCAPE '~'"))}
    assert names == {"search_client", "search_engagement", "search_contact", "search_communication"}
