"""Client reports in the recipient's language: each shipped language, read back from the PDF;
the catalogs complete and true to the glossary; the language chosen by default and kept."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime

import pytest
from babel.messages.pofile import read_po

from kpo_desk.core import enums
from kpo_desk.core.i18n import EXTRACT_KEYWORDS, LANGUAGES, catalog_path, choose, translations
from kpo_desk.core.reports import (
    build_report_data,
    generate_report,
    list_presets,
    report_defaults,
    save_preset,
)
from kpo_desk.core.reports.presets import preset_language
from kpo_desk.core.reports.vocabulary import ENUMS, WORDS
from kpo_desk.core.resources import resource
from tests.catalogs import catalog_strings, code_messages
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import all_text, flat

MOMENT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SOURCES = ["kpo_desk/core/reports/layout.py", "kpo_desk/core/reports/chart.py",
           "kpo_desk/core/reports/model.py", "kpo_desk/core/reports/theme.py",
           "kpo_desk/core/reports/vocabulary.py", "kpo_desk/core/health/reasons.py"]
ENGLISH_FIXED = ["Executive summary", "Milestones and deliverables", "IP protection", "Open actions",
                 "Next steps", "Reporting period", "Engagement lead", "CLIENT STATUS REPORT",
                 "Not for onward distribution", "Required controls", "Budget burn", "Page 1 of"]


def _code_messages() -> set[object]:
    return code_messages(SOURCES, EXTRACT_KEYWORDS)


def _budgeted(store) -> tuple[int, object]:  # noqa: ANN001
    """An active engagement whose client report has a budget section (hours print there)."""
    from kpo_desk.core.reports import active_engagements

    for engagement_id, _code in active_engagements(store):
        data = build_report_data(store, engagement_id=engagement_id, today=DEMO_TODAY,
                                 sections=["budget"])
        if data.budget is not None and data.budget.budget_hours >= 100:
            return engagement_id, data.budget
    raise AssertionError("the demo has no engagement with a client-visible budget")


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_each_language_prints_its_own_words_dates_amounts_and_page_numbers(demo_store, language) -> None:
    engagement_id, burn = _budgeted(demo_store)
    made = generate_report(demo_store, engagement_id=engagement_id, today=DEMO_TODAY,
                           generated_at=MOMENT, language=language)
    assert (made.language, made.fell_back) == (language, False)
    t = translations(language)
    text = _folded(flat(all_text(made.pdf)))
    squeezed = re.sub(r"\s+", "", text)

    def printed(words: str) -> bool:  # CJK text may come back with or without spaces; labels in caps
        words = _folded(words)
        return flat(words) in text or re.sub(r"\s+", "", words) in squeezed

    for heading in ("Milestones and deliverables", "IP protection", "Next steps", "Reporting period"):
        assert printed(t.gettext(heading)), (language, heading)
    assert printed(t.date(DEMO_TODAY)), "the report date as the locale writes it"
    assert printed(t.hours(burn.budget_hours)), "the budget in hours, written the locale's way"
    assert printed(t.percent(burn.percent_used)), "the share used, as the locale writes percentages"
    english = translations("en")
    assert (t.hours(burn.budget_hours), t.percent(burn.percent_used), t.hours(1234.5)) != (
        english.hours(burn.budget_hours), english.percent(burn.percent_used), english.hours(1234.5))
    assert printed(t.gettext("Page {page} of {total}").format(page=1, total=len(_pages(made.pdf))))
    for english in ENGLISH_FIXED:
        assert _folded(english) not in text, (language, english)


def _folded(text: str) -> str:
    """Case and accents folded: fact labels print in capitals, Greek capitals drop accents."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if not unicodedata.combining(c)).replace("\xa0", " ").replace("\u202f", " ")


def _pages(pdf: bytes) -> list:
    import io

    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(pdf)).pages)


def test_german_writes_dates_and_numbers_the_german_way(demo_store) -> None:
    engagement_id, burn = _budgeted(demo_store)
    made = generate_report(demo_store, engagement_id=engagement_id, today=DEMO_TODAY,
                           generated_at=MOMENT, language="de")
    text = flat(all_text(made.pdf))
    assert "23. November 2026" in text and "Seite 1 von" in text
    assert translations("de").money(123450, "EUR") == "1.234,50\xa0€"
    assert translations("ja").date(DEMO_TODAY) == "2026年11月23日"


def test_a_language_without_a_catalog_falls_back_to_english_and_says_so(demo_store) -> None:
    engagement_id, _ = _budgeted(demo_store)
    made = generate_report(demo_store, engagement_id=engagement_id, today=DEMO_TODAY,
                           generated_at=MOMENT, language="hi")
    assert made.fell_back and made.language == "en"
    assert "Milestones and deliverables" in flat(all_text(made.pdf))
    assert choose("zh-CN").language == "zh_Hans" and choose("no").language == "nb"
    assert choose("zh_TW").fell_back


def test_every_report_message_is_translated_in_every_shipped_language() -> None:
    wanted = _code_messages()
    assert len(wanted) > 100
    for language in LANGUAGES:
        have = catalog_strings(catalog_path(language))
        for msgid in wanted:
            assert msgid in have, f"{language}: {msgid!r} is not in the catalog"
            string = have[msgid]
            forms = [string] if isinstance(string, str) else list(string)
            assert forms and all(forms), f"{language}: {msgid!r} is untranslated"
            names = set(re.findall(r"\{(\w+)\}", msgid if isinstance(msgid, str) else msgid[1]))
            for form in forms:
                assert set(re.findall(r"\{(\w+)\}", form)) <= names | {"n"}, (language, msgid, form)


def test_every_status_word_a_report_prints_is_a_message() -> None:
    for name in ENUMS:
        for member in getattr(enums, name):
            assert member.label in WORDS, f"{name}.{member.name} ({member.label!r}) has no msgid"


def test_catalogs_use_the_glossary_terms() -> None:
    glossary = tomllib.loads(resource("locale", "glossary.toml").read_text(encoding="utf-8"))
    exempt = set(glossary.pop("exempt"))
    checked = 0
    for language in LANGUAGES:
        if language == "en":
            continue
        with catalog_path(language).open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if not message.id:
                continue
            english = message.id if isinstance(message.id, str) else message.id[1]
            if english in exempt:
                continue
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            for term in glossary.values():
                if re.search(rf"\b{re.escape(term['en'])}", english, re.IGNORECASE):
                    forms = [f.casefold() for f in term[language]["forms"]]
                    for string in strings:
                        assert any(f in string.casefold() for f in forms), (language, english, string)
                        checked += 1
    assert checked > 100


def test_the_default_language_is_the_contacts_then_the_clients(demo_store) -> None:
    from sqlmodel import select

    from kpo_desk.core.models import Client, Engagement

    with demo_store.read() as s:
        rows = s.exec(select(Engagement.id, Client.name).join(Client, Client.id == Engagement.client_id)).all()
    by_client = {name: eid for eid, name in rows}
    helvetia = next(eid for name, eid in by_client.items() if name.startswith("Helvetia"))
    sato = next(eid for name, eid in by_client.items() if "Sato" in name)
    assert report_defaults(demo_store, helvetia, DEMO_TODAY).language == "de"  # contacts say nothing
    assert report_defaults(demo_store, sato, DEMO_TODAY).language == "ja"


def test_records_and_presets_keep_the_language(demo_store, tmp_path) -> None:
    import json

    from kpo_desk.core.models import ReportRecord
    from kpo_desk.core.reports import reprint

    engagement_id, _ = _budgeted(demo_store)
    made = generate_report(demo_store, engagement_id=engagement_id, today=DEMO_TODAY,
                           generated_at=MOMENT, language="el")
    with demo_store.read() as s:
        assert json.loads(s.get(ReportRecord, made.record_id).settings_json)["language"] == "el"
    assert reprint(demo_store, made.record_id) == made.pdf
    preset = save_preset(demo_store, name="Monthly, in Polish", engagement_id=engagement_id,
                         period="last_30_days", language="pl")
    assert preset_language(list_presets(demo_store, engagement_id=engagement_id)[0]) == "pl"
    from kpo_desk.core.reports import run_preset

    run = run_preset(demo_store, preset.id, tmp_path, today=DEMO_TODAY, generated_at=MOMENT)
    assert "Kamienie milowe i produkty" in flat(all_text(run.pdf))


def test_the_cli_takes_a_language_and_refuses_an_unknown_one(demo_store, tmp_path) -> None:
    from kpo_desk.core.models import Engagement

    engagement_id, _ = _budgeted(demo_store)
    with demo_store.read() as s:
        code = s.get(Engagement, engagement_id).code
    path = demo_store.path if hasattr(demo_store, "path") else None
    assert path is not None
    demo_store.close()
    run = [sys.executable, "-m", "kpo_desk", "--db", str(path), "report", code]
    bad = subprocess.run([*run, "--language", "xx"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "de (Deutsch)" in bad.stderr and "Traceback" not in bad.stderr
    out = tmp_path / "fr.pdf"
    good = subprocess.run([*run, "--language", "fr", "-o", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert good.returncode == 0, good.stderr
    assert "Jalons et livrables" in flat(all_text(out.read_bytes()))


def test_japanese_headings_print_bold_and_greek_names_print_in_any_language(demo_store) -> None:
    import io

    from pypdf import PdfReader

    engagement_id, _ = _budgeted(demo_store)
    made = generate_report(demo_store, engagement_id=engagement_id, today=DEMO_TODAY,
                           generated_at=MOMENT, language="ja", recipient="Νίκος Παπαδόπουλος")
    streams = b"".join(page["/Contents"].get_object().get_data()
                       for page in PdfReader(io.BytesIO(made.pdf)).pages)
    # the synthetic bold: fill and stroke with a thin line, then back to plain fill
    assert re.search(rb"RG [\d.]+ w 2 Tr ", streams) and b" 0 Tr " in streams
    text = flat(all_text(made.pdf))
    assert "Νίκος Παπαδόπουλος" in text and translations("ja").gettext("Next steps") in text
