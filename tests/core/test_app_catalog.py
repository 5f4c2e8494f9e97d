"""The window's sentences composed in core (attention items, health reasons, compliance lines):
every message the code marks has its German translation in the app catalog, true to the
glossary; English stays the words the CLI always printed; German reads German."""

from __future__ import annotations

import re
import tomllib
from datetime import date

from kpo_desk.core.compliance import ComplianceScore
from kpo_desk.core.health.reasons import EngagementFacts, evaluate
from kpo_desk.core.i18n import (
    APP_CATALOG,
    APP_EXTRACT_KEYWORDS,
    Digits,
    Message,
    catalog_path,
    english,
    translations,
)
from kpo_desk.core.overview.attention import (
    KINDS,
    AttentionItem,
    attention_summary,
    attention_summary_message,
)
from kpo_desk.core.resources import resource
from tests.catalogs import catalog_strings, code_messages

#: The core modules that compose text the window shows.
SOURCES = ["kpo_desk/core/overview/attention.py", "kpo_desk/core/overview/dashboard_snapshot.py",
           "kpo_desk/core/compliance.py", "kpo_desk/core/health/reasons.py"]
GUI_LANGUAGES = ["de"]


def _code_messages() -> set[object]:
    return code_messages(SOURCES, APP_EXTRACT_KEYWORDS)


def _catalog(language: str) -> dict[object, object]:
    return catalog_strings(catalog_path(language, APP_CATALOG))


def test_every_app_message_is_translated_in_german() -> None:
    wanted = _code_messages()
    assert len(wanted) > 50
    for language in GUI_LANGUAGES:
        have = _catalog(language)
        for msgid in wanted:
            assert msgid in have, f"{language}: {msgid!r} is not in the app catalog"
            string = have[msgid]
            forms = [string] if isinstance(string, str) else list(string)
            assert len(forms) == (1 if isinstance(msgid, str) else 2) and all(forms), (language, msgid)
            names = set(re.findall(r"\{(\w+)\}", msgid if isinstance(msgid, str) else msgid[1]))
            for form in forms:
                assert set(re.findall(r"\{(\w+)\}", form)) <= names | {"n", "total"}, (language, msgid, form)
        assert not set(have) - wanted, f"{language}: messages no code uses: {set(have) - wanted}"


def test_the_app_catalog_uses_the_glossary_terms() -> None:
    glossary = tomllib.loads(resource("locale", "glossary.toml").read_text(encoding="utf-8"))
    exempt = set(glossary.pop("exempt"))
    checked = 0
    for language in GUI_LANGUAGES:
        for msgid, string in _catalog(language).items():
            english_text = msgid if isinstance(msgid, str) else msgid[1]
            if english_text in exempt:
                continue
            strings = [string] if isinstance(string, str) else list(string)
            for term in glossary.values():
                if re.search(rf"\b{re.escape(term['en'])}", english_text, re.IGNORECASE):
                    forms = [f.casefold() for f in term[language]["forms"]]
                    for s in strings:
                        assert any(f in s.casefold() for f in forms), (language, english_text, s)
                        checked += 1
    assert checked > 20


def _item(severity: str) -> AttentionItem:
    return AttentionItem("overdue milestone", severity, 1, "E-1", "Client", None, "engagement", 1)


def test_english_is_what_the_cli_always_printed_and_german_is_german() -> None:
    de = translations("de", APP_CATALOG)
    items = [_item("red"), _item("overdue"), *[_item("due")] * 1232]
    assert attention_summary(items) == "1,234 items need attention; 2 already late or red."
    assert de.message(attention_summary_message(items)) == "1.234 Punkte brauchen Aufmerksamkeit; 2 davon schon überfällig oder rot."
    assert attention_summary(items[:1]) == "1 item needs attention; 1 already late or red."
    assert de.message(attention_summary_message([])) == "Heute ist nichts zu tun."
    score = ComplianceScore(1234, 2000, 1300, 0)
    assert score.summary == "1234 of 2000 verified (61 %)"  # never grouped: as before
    assert de.message(score.summary_message) == "1234 von 2000 geprüft (61 %)"
    assert de.message(ComplianceScore().summary_message) == "noch keine Kontrollen"
    assert {de.gettext(k) for k in KINDS}.isdisjoint(KINDS), "every kind has its German word"
    assert english(Message.verbatim("reason {with} braces")) == "reason {with} braces"
    assert de.message(Message.of(("a {n}", "b {n}"), Digits(1500))) == "b 1500"


def test_health_reasons_read_german_in_the_window_and_stay_english_for_the_cli() -> None:
    from kpo_desk.core.enums import EngagementStatus

    today = date(2026, 11, 23)
    facts = EngagementFacts(1, EngagementStatus.ACTIVE, start_on=date(2026, 1, 5),
                            overdue_milestones=[(7, "Claims chart", date(2026, 9, 17), True)],
                            open_gate_items=[(3, "NDA signed", "open", False)],
                            health_override="amber", health_override_reason="client on holiday",
                            health_override_until=date(2026, 12, 1))
    thresholds = {"health.milestone_red_days": 30, "health.rework_amber": 2, "health.rework_red": 3,
                  "health.budget_amber_pct": 80, "health.budget_red_pct": 100, "health.budget_ahead_points": 20,
                  "health.follow_up_red_days": 14, "health.no_contact_days": 21, "health.no_contact_red_days": 42}
    health = evaluate(facts, thresholds, today)
    texts = [r.text for r in health.reasons]
    assert texts[0] == "set to amber by hand until 2026-12-01: client on holiday"
    assert "milestone 'Claims chart' 67 days overdue" in texts and "'NDA signed' not done while active" in texts
    assert "no client contact in 322 days" in texts
    de = translations("de", APP_CATALOG)
    german = [de.message(r.worded) for r in health.reasons]
    assert german[0] == "bis 2026-12-01 von Hand auf gelb gesetzt: client on holiday"
    assert "Meilenstein „Claims chart“ seit 67 Tagen überfällig" in german
    assert "„NDA signed“ im aktiven Mandat nicht erledigt" in german
    assert "seit 322 Tagen kein Kundenkontakt" in german
    assert de.message(health.tooltip_lines()[0]) == "Von Hand gesetzt: client on holiday"
    # The client's wording for reports is untouched by the window's messages.
    milestone = next(r for r in health.reasons if r.rule == "overdue_milestone")
    assert milestone.for_client() == "deliverable 'Claims chart' is 67 days past its due date (2026-09-17)"
