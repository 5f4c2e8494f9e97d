"""The GUI in German: the window started under the German translator (installed by the same
function app.py calls), the catalog complete and in step with the code, and the language
choice in Settings."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from kpo_desk.core import enums
from kpo_desk.core.resources import resource
from kpo_desk.ui.common.status_words import STATUS_WORDS
from kpo_desk.ui.common.words import gui_date, status_label
from kpo_desk.ui.language import SETTING, chosen_language, install_translators
from tests.ui.helpers import open_window

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TS = resource("translations", "kpo_desk_de.ts")
QM = resource("translations", "kpo_desk_de.qm")


@pytest.fixture
def german(qapp):
    """The German GUI, as app.py installs it (the setting says "de"), undone afterwards."""
    from PySide6.QtCore import QSettings

    QSettings().setValue(SETTING, "de")
    assert install_translators(qapp) == "de"
    yield
    install_translators(qapp, "en")


def _menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_main_window_menus_and_views_speak_german(qtbot, demo_store, german) -> None:
    window = open_window(qtbot, demo_store)
    assert _menu_titles(window) == ["&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"]
    file_items = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert "Neues Mandat…" in file_items and "&Einstellungen…" in file_items and "&Beenden" in file_items
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav == ["Übersicht", "Mandate", "Kunden", "Kommunikation", "Mitarbeitende", "Berichte"]
    window.show_view("Engagements")
    view = window.engagements
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert "Kunde" in headers and "Status" in headers and "Nächster Meilenstein" in headers
    assert not {"Client", "Next milestone"} & set(headers)
    statuses = [view.status_filter.itemText(i) for i in range(view.status_filter.count())]
    assert "Aktiv" in statuses and "Active" not in statuses
    window.show_view("Dashboard")
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None, timeout=60000)
    assert window.dashboard.status_box.title() == "Mandate nach Status"
    assert window.dashboard.heat_box.title().startswith("Offene Risiken")


def test_status_words_and_dates_follow_the_gui_language(german) -> None:
    assert status_label(enums.EngagementStatus.ON_HOLD) == "Pausiert"
    assert gui_date(date(2026, 12, 2)) == "2. Dez. 2026"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"  # Qt's own catalog


def test_english_stays_as_core_writes_it(qapp) -> None:
    install_translators(qapp, "en")
    assert status_label(enums.EngagementStatus.ON_HOLD) == "On hold"
    assert gui_date(date(2026, 12, 2)) == "2 Dec 2026"


def test_every_enum_label_is_marked_for_translation() -> None:
    labels = {m.label for cls in vars(enums).values()
              if isinstance(cls, type) and issubclass(cls, enums._Labelled) and cls is not enums._Labelled
              for m in cls}
    assert labels <= set(STATUS_WORDS)


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name"), m.findtext("source")): m.find("translation")
            for c in root.iter("context") for m in c.iter("message")}


def test_catalog_is_complete_and_in_step_with_the_code(tmp_path) -> None:
    messages = _messages(TS)
    assert len(messages) > 500
    unfinished = [key for key, tr in messages.items() if tr.get("type") == "unfinished" or not (tr.text or "")]
    assert unfinished == []
    copy = tmp_path / "kpo_desk_de.ts"
    shutil.copy(TS, copy)
    subprocess.run([str(BIN / "pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none",
                    str(ROOT / "kpo_desk" / "ui"), "-ts", str(copy)], check=True, capture_output=True)
    fresh = _messages(copy)
    new = [key for key, tr in fresh.items() if tr.get("type") == "unfinished"]
    assert new == [], f"strings in the code missing from the .ts (run make translations): {new[:5]}"
    gone = set(messages) - set(fresh)
    assert gone == set(), f"messages no longer in the code: {sorted(gone)[:5]}"


def test_compiled_catalog_matches_its_source(tmp_path) -> None:
    qm = tmp_path / "kpo_desk_de.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True)
    assert qm.read_bytes() == QM.read_bytes(), "kpo_desk_de.qm is stale: run make translations"


def test_settings_language_choice_is_kept(qtbot, store) -> None:
    from kpo_desk.ui.settings_dialog import SettingsDialog

    assert chosen_language() == "system"
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    combo: QComboBox = dialog.language.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["System", "English", "Deutsch"]
    assert "starts again" in dialog.language.note.text()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the real combo box, from the keyboard
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Deutsch"
    dialog.inputs["firm_name"].setText("Muster AG")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert chosen_language() == "de"
    assert install_translators(QApplication.instance()) == "de"
    install_translators(QApplication.instance(), "en")


def test_system_locale_picks_german(qapp) -> None:
    assert install_translators(qapp, "system", QLocale("de_CH")) == "de"
    assert QLocale().name() == "de_CH"
    assert install_translators(qapp, "system", QLocale("fr_FR")) == "en"




def _placeholders(text: str) -> list[str]:
    """The ``{name}`` fields a translation must keep (a format spec may differ: German dates)."""
    import re

    return sorted({re.sub(r":.*", "", p) for p in re.findall(r"\{([^{}]*)\}", text)})


def test_every_translation_keeps_the_placeholders_and_counts_of_its_source() -> None:
    root = ET.parse(TS).getroot()
    wrong = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.find("translation")
            forms = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
            for form in forms:
                if _placeholders(form) != _placeholders(source) or ("%Ln" in source) != ("%Ln" in form):
                    wrong.append((context.findtext("name"), source, form))
            if message.get("numerus") == "yes":
                assert len(forms) == 2, source  # German: one, other
    assert wrong == []
    assert not [s for s in (m.findtext("source") for m in root.iter("message"))
                if re.search(r"\{(value\d*|escape\d*|esc\d*|len\d*)\}", s)], "placeholders say what they hold"


def test_counts_take_the_plural_form_in_german_and_stay_exact_in_english(qtbot, qapp, tmp_path) -> None:
    from kpo_desk.core.crypto.errors import WrongPassphraseError
    from kpo_desk.ui.protection.unlock import UnlockDialog

    def attempt(_typed: str):  # noqa: ANN202 - the store refuses every passphrase
        raise WrongPassphraseError("wrong")

    def two_wrong_tries() -> str:
        dialog = UnlockDialog(tmp_path / "store.sqlite3", attempt)
        qtbot.addWidget(dialog)
        dialog.show()
        seen = []
        for _ in range(2):
            qtbot.keyClicks(dialog.passphrase, "not it")
            qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
            seen.append(dialog.message.text())
        dialog.close()
        return seen

    assert two_wrong_tries() == ["That passphrase does not open this store (2 tries left).",
                                 "That passphrase does not open this store (1 try left)."]
    install_translators(qapp, "de")
    try:
        assert two_wrong_tries() == ["Diese Passphrase öffnet diesen Datenbestand nicht (noch 2 Versuche).",
                                     "Diese Passphrase öffnet diesen Datenbestand nicht (noch 1 Versuch)."]
    finally:
        install_translators(qapp, "en")


def test_german_dates_typed_or_shown_are_read_back(qtbot, german) -> None:
    from kpo_desk.ui.common.forms import DateLineEdit

    field = DateLineEdit("Due", "due_on")
    qtbot.addWidget(field)
    field.set_date(date(2026, 12, 2))
    assert field.text() == "2. Dez. 2026" and field.date() == date(2026, 12, 2)
    for typed, meant in (("29. Mai 2026", date(2026, 5, 29)), ("3.3.2026", date(2026, 3, 3)), ("2026-01-31", date(2026, 1, 31))):
        field.setText(typed)
        assert field.date() == meant, typed


def test_record_kinds_and_health_words_in_german(german) -> None:
    from kpo_desk.ui.engagements.detail import gate_refusal, health_word
    from kpo_desk.ui.records import kind_name, new_title

    assert new_title("engagement") == "Neues Mandat" and new_title("milestone") == "Neuer Meilenstein"
    assert kind_name("timeentry") == "Zeiteintrag"
    assert health_word("red") == "Rot"
    assert gate_refusal("ACME-1", enums.EngagementStatus.ACTIVE, ["a", "b"]).endswith(
        "2 Punkte der Freigabestufe sind nicht erledigt und geprüft.")
