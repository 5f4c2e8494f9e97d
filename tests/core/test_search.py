"""Full-text search over clients, engagements, contacts and communications, on real stores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.search import HIGHLIGHT_END, HIGHLIGHT_START, index_for, search
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.store import Store

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# Every search test runs on both engines (tests/core/conftest.py): a store file (FTS5) and a
# database on the test server (tsvector, unaccent, CJK bigrams).


@pytest.fixture
def firm(store: Store) -> dict:
    zurich = parties.create_client(store, name="Zürich Re AG", timezone="Europe/Zurich", country="Switzerland")
    madrid = parties.create_client(store, name="Banco Ibérico", timezone="Europe/Madrid")
    contact = parties.create_contact(store, client_id=madrid.id, name="José Núñez", role="General counsel",
                                     email="jose.nunez@iberico.example")
    eng = engagements.create_engagement(store, client_id=madrid.id, title="Patent landscape: biosimilars",
                                        service_type="ip_patent", code="IBER-2026-001")
    other = engagements.create_engagement(store, client_id=zurich.id, title="Reinsurance market study",
                                          service_type="market_research", code="ZURI-2026-001")

    def log(subject: str, body: str, engagement_id: int = eng.id) -> int:
        return communications.log_communication(store, engagement_id=engagement_id, channel="call",
                                                direction="inbound", occurred_at=WHEN, subject=subject,
                                                body=body).id

    ids = {
        "senor": log("Llamada semanal", "Hablamos con el señor Pérez sobre la patente europea."),
        "subject_biosimilar": log("Biosimilar claims", "Biosimilar claim charts agreed; biosimilar scope fixed."),
        "body_biosimilar": log("Weekly call", "Mentioned one biosimilar in passing, among many other topics "
                                              "such as invoices, staffing and the holiday plan."),
        "zurich_body": log("Visit", "Meeting in Zürich with the underwriting team.", other.id),
    }
    return {"zurich": zurich, "madrid": madrid, "contact": contact, "eng": eng, "other": other, **ids}


def kinds_and_ids(hits) -> list[tuple[str, int]]:
    return [(h.kind, h.record_id) for h in hits]


def test_prefix_finds_the_word_and_marks_it(store: Store, firm: dict) -> None:
    hits = search(store, "pate", kinds=["communication"])
    assert [h.record_id for h in hits] == [firm["senor"]]
    assert f"{HIGHLIGHT_START}patente{HIGHLIGHT_END}" in hits[0].snippet
    assert hits[0].marked() .count("[patente]") == 1
    assert hits[0].engagement_id == firm["eng"].id and hits[0].label == "IBER-2026-001"


@pytest.mark.parametrize("query", ["zurich", "Zürich", "ZURICH", "zür", "zu"])
def test_accents_and_case_are_optional(store: Store, firm: dict, query: str) -> None:
    found = kinds_and_ids(search(store, query))
    assert ("client", firm["zurich"].id) in found
    assert ("communication", firm["zurich_body"]) in found


@pytest.mark.parametrize("query", ["senor", "señor", "SEÑ", "nunez"])
def test_spanish_words_with_and_without_tilde(store: Store, firm: dict, query: str) -> None:
    hits = search(store, query)
    assert hits, query
    assert all(HIGHLIGHT_START in h.snippet for h in hits)
    assert {h.kind for h in hits} <= {"communication", "contact"}


def test_ranking_prefers_subject_and_repetition(store: Store, firm: dict) -> None:
    hits = search(store, "biosimilar", kinds=["communication"])
    assert [h.record_id for h in hits] == [firm["subject_biosimilar"], firm["body_biosimilar"]]
    assert hits[0].rank < hits[1].rank


def test_entities_are_found_with_their_labels(store: Store, firm: dict) -> None:
    by_kind = {h.kind: h for h in search(store, "iber")}
    assert by_kind["client"].title == "Banco Ibérico"
    assert by_kind["engagement"].label == "IBER-2026-001"
    contact = search(store, "general counsel", kinds=["contact"])
    assert [(h.record_id, h.label, h.client_id) for h in contact] == [
        (firm["contact"].id, "Banco Ibérico", firm["madrid"].id)]


def test_all_words_must_match_and_last_is_a_prefix(store: Store, firm: dict) -> None:
    assert [h.record_id for h in search(store, "patente eur", kinds=["communication"])] == [firm["senor"]]
    assert search(store, "patente zurich", kinds=["communication"]) == []
    # earlier words are whole words; when that finds nothing, every word is tried as a prefix
    assert [h.record_id for h in search(store, "pate europ", kinds=["communication"])] == [firm["senor"]]


@pytest.mark.parametrize("query", ['"', '"unbalanced', "(((", ")", "a OR", "OR", "NOT", "AND", "NEAR(a b",
                                   "*", "**", "-x", "body:zurich", "^zurich", "+", "'; DROP TABLE client; --",
                                   "zurich\x00", "\u200b", "🙂", "{subject}: x", "a\"b", "zu*rich"])
def test_hostile_queries_never_raise(store: Store, firm: dict, query: str) -> None:
    hits = search(store, query)
    assert isinstance(hits, list)
    assert store.integrity_problems() == []


@pytest.mark.parametrize("query", ["", "   ", "\t\n", '"" () * -'])
def test_empty_queries_find_nothing(store: Store, firm: dict, query: str) -> None:
    assert search(store, query) == []


def test_operators_are_words_not_syntax(store: Store, firm: dict) -> None:
    # 'OR' would widen the query if it reached FTS5 as an operator
    assert search(store, "biosimilar OR zurich", kinds=["communication"]) == []
    assert [h.record_id for h in search(store, "body:zürich", kinds=["communication"])] == []


def test_triggers_keep_the_index_in_sync(store: Store, firm: dict) -> None:
    comm_id = firm["senor"]
    communications.update_communication(store, comm_id, body="Ahora hablamos de marcas registradas.")
    assert search(store, "patente", kinds=["communication"]) == []
    assert [h.record_id for h in search(store, "marcas", kinds=["communication"])] == [comm_id]
    communications.set_follow_up_done(store, comm_id)  # a non-indexed column: the entry stays found
    assert [h.record_id for h in search(store, "marcas", kinds=["communication"])] == [comm_id]
    communications.delete_communication(store, comm_id)
    assert search(store, "marcas") == []

    parties.update_client(store, firm["zurich"].id, name="Genève Re SA")
    assert ("client", firm["zurich"].id) not in kinds_and_ids(search(store, "zurich"))
    assert ("client", firm["zurich"].id) in kinds_and_ids(search(store, "geneve"))
    parties.update_contact(store, firm["contact"].id, role="Head of IP")
    assert search(store, "counsel", kinds=["contact"]) == []
    engagements.update_engagement(store, firm["eng"].id, title="Freedom to operate: insulin pumps")
    assert [h.record_id for h in search(store, "insulin")] == [firm["eng"].id]
    assert index_for(store).integrity_problems() == []


def test_snippet_html_escapes_user_markup(store: Store) -> None:
    parties.create_client(store, name="Acme <script>alert(1)</script> & Co", timezone="UTC")
    [hit] = search(store, "acme")
    html = hit.snippet_html()
    assert "<b>Acme</b>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html


def test_kinds_and_limit(store: Store, firm: dict) -> None:
    assert {h.kind for h in search(store, "iber", kinds=["client"])} == {"client"}
    assert len(search(store, "biosimilar", limit=1)) == 1
    with pytest.raises(ValidationError, match="not something to search"):
        search(store, "x", kinds=["invoice"])


def test_demo_store_is_indexed_by_the_migration_and_the_bulk_load(demo_store: Store) -> None:
    hits = search(demo_store, "wochentl")
    assert hits and all("Wöchentlich" in h.marked() for h in hits)
    assert index_for(demo_store).integrity_problems() == []
    with demo_store.read() as s:
        triggers = s.connection().exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fts_%'").scalar()
    assert triggers == 12  # the bulk load put every trigger back


def test_cjk_runs_are_found_by_their_start_and_marked(store: Store, firm: dict) -> None:
    # Japanese writes no spaces: the whole run is one word to both engines, found by its start
    tokyo = parties.create_client(store, name="東京特許事務所", timezone="Asia/Tokyo")
    for query in ("東京", "東京特許事務所", "東"):
        hits = search(store, query, kinds=["client"])
        assert [h.record_id for h in hits] == [tokyo.id], query
        assert hits[0].marked() == "[東京特許事務所]"
    assert search(store, "京都", kinds=["client"]) == []


def test_a_long_cjk_term_is_found_inside_a_run_on_the_server(store: Store, firm: dict) -> None:
    """PostgreSQL also finds a CJK term of three or more characters inside a run (CJK bigrams, migration 0008);
    FTS5's unicode61 tokenizer can only match a run's start. The one difference between the
    engines, and only ever more hits on the server, never fewer."""
    tokyo = parties.create_client(store, name="東京特許事務所", timezone="Asia/Tokyo")
    hits = search(store, "特許事務", kinds=["client"])
    if store.is_server:
        assert [h.record_id for h in hits] == [tokyo.id]
        assert hits[0].marked() == "[東京特許事務所]"
    else:
        assert hits == []
    assert search(store, "特許", kinds=["client"]) == []  # two characters: a prefix only, on both


def test_the_log_filter_uses_the_same_index(store: Store, firm: dict) -> None:
    """The communications list's text filter (matching_ids): every word a prefix, accents
    optional, on either engine."""
    found = communications.list_communications(store, text="pat europ")
    assert [c.id for c in found] == [firm["senor"]]
    assert {c.id for c in communications.list_communications(store, text="zurich")} == {firm["zurich_body"]}
    assert communications.list_communications(store, text="OR") == []
    assert communications.list_communications(store, text="*") == []


def test_a_very_long_body_is_indexed_without_failing(store: Store, firm: dict) -> None:
    """Imported mail may hold up to 2,000,000 characters: the server indexes its start (a
    tsvector holds at most 1 MB), SQLite all of it; both keep the message and find its start."""
    words = " ".join(f"w{i}x" for i in range(250_000))
    body = "Quarterly reconciliation attached. " + words
    comm_id = communications.log_communication(store, engagement_id=firm["eng"].id, channel="email",
                                               direction="inbound", occurred_at=WHEN, subject="Bulk",
                                               body=body[:2_000_000]).id
    hits = search(store, "reconciliation", kinds=["communication"])
    assert [h.record_id for h in hits] == [comm_id]
    assert "[reconciliation]" in hits[0].marked()


def test_bulk_load_suspends_and_restores_the_index(store: Store, firm: dict) -> None:
    """Rows written inside ``bulk_load`` are searchable after it, and the index upkeep it
    suspended (FTS5 triggers; the server's GIN indexes) is back as the migration made it."""
    index = index_for(store)
    with store.transaction() as session, index.bulk_load(session.connection(), ["communication"]):
        # the service joins the caller's unit of work, so the row goes in inside the bulk load
        communications.log_communication(store, engagement_id=firm["eng"].id, channel="call",
                                         direction="inbound", occurred_at=WHEN, subject="Loaded",
                                         body="Arbitration schedule")
    assert [h.title for h in search(store, "arbitration", kinds=["communication"])] == ["Loaded"]
    assert index.integrity_problems() == []
    assert search(store, "biosimilar", kinds=["communication"])  # the rows from before still found

