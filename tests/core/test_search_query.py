"""The query escaper: whatever a person types becomes words, never FTS5 syntax."""

from __future__ import annotations

import sqlite3
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpo_desk.core.search.query import MAX_TERMS, fts5_match_expression, parse_query
from kpo_desk.core.search.snippets import SCAN_TOKENS, fold, make_snippet


def fts_table() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
    con.execute("INSERT INTO t VALUES ('Zürich señor ACME-2026-003 patent \"quoted\" (paren) OR NEAR')")
    return con


CON = fts_table()
hostile = st.text(alphabet=st.sampled_from(list('"*()-+^:{}ORANDNEAR \t\nzurich') + ["ü", "\x00", "中"]))


@given(st.one_of(st.text(), hostile))
@settings(max_examples=400, deadline=None)
def test_any_text_gives_a_valid_fts5_query(text: str) -> None:
    terms = parse_query(text)
    assert len(terms.terms) <= MAX_TERMS
    for words in terms.terms:
        assert words and all(w.isalnum() for w in words)
    if terms:
        for variant in (terms, terms.widened()):
            CON.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fts5_match_expression(variant),)).fetchone()


@given(st.text(alphabet=st.characters(categories=["P", "S", "Z", "C"])))
def test_punctuation_only_gives_no_terms(text: str) -> None:
    # some symbols are letters in compatibility form ('⼀' is '一'); those are words
    assume(not any(c.isalnum() for c in unicodedata.normalize("NFKC", text)))
    assert not parse_query(text)


def test_words_phrases_and_prefixes() -> None:
    terms = parse_query('ACME-2026 "Zürich"  s')
    assert terms.terms == (("acme", "2026"), ("zürich",), ("s",))
    assert fts5_match_expression(terms) == '"acme 2026" AND "zürich" AND "s"'
    assert fts5_match_expression(parse_query("acme zur")) == '"acme" AND "zur"*'
    assert fts5_match_expression(parse_query("acme zur").widened()) == '"acme"* AND "zur"*'
    assert CON.execute("SELECT count(*) FROM t WHERE t MATCH ?",
                       (fts5_match_expression(parse_query("acme-2026 zur")),)).fetchone() == (1,)


def test_folding_matches_the_tokenizer() -> None:
    assert fold("Zürich") == "zurich" and fold("SEÑOR") == "senor" and fold("Ørsted") == "orsted"
    snippet = make_snippet(["", "Hablamos con el señor Pérez en Zürich."], parse_query("senor zur"),
                           start="[", end="]")
    assert snippet == "Hablamos con el [señor] Pérez en [Zürich]."


def test_snippet_is_a_short_window_even_in_a_long_text() -> None:
    body = "filler " * 10_000 + "the Señor signed. " + "tail " * 10
    snippet = make_snippet(["Subject without it", body], parse_query("senor"), start="[", end="]", words=6)
    assert snippet.startswith("…") and "the [Señor] signed" in snippet and len(snippet) < 80
    assert make_snippet(["Señor first", body], parse_query("senor"), start="<", end=">") == "<Señor> first"
    # past SCAN_TOKENS words the snippet gives up looking (bounded work) and shows the start
    deep = "filler " * (SCAN_TOKENS + 10) + "Señor"
    assert make_snippet(["Subject", deep], parse_query("senor"), start="[", end="]") == "Subject"
