"""The GUI's language: the system locale's, or the one chosen in Settings (QSettings
``ui/language``: "system", "en" or "de"; read at start-up, so a change takes effect on restart).

``install_translators`` loads the app's catalog (resources/translations/kpo_desk_<lang>.qm) and
Qt's own (qtbase_<lang>.qm, so that standard buttons read "Abbrechen"), and makes the GUI
locale the default QLocale, which kpo_desk/ui/common/words.py writes dates and numbers with.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from kpo_desk.core.resources import resource

SETTING = "ui/language"
#: Languages the GUI speaks; English is the source and needs no catalog.
GUI_LANGUAGES = ("en", "de")
#: The Settings choices: (stored value, shown name). Each language is named in itself.
CHOICES = (("system", ""), ("en", "English"), ("de", "Deutsch"))

_installed: list[QTranslator] = []


def chosen_language() -> str:
    value = QSettings().value(SETTING, "system")
    return value if value in dict(CHOICES) else "system"


def set_chosen_language(value: str) -> None:
    QSettings().setValue(SETTING, value if value in dict(CHOICES) else "system")


def gui_language(choice: str | None = None, system: QLocale | None = None) -> str:
    """The language code the GUI speaks for ``choice`` ("system" follows ``system``, default
    QLocale.system(); a system language without a catalog falls back to English)."""
    choice = chosen_language() if choice is None else choice
    if choice in GUI_LANGUAGES:
        return choice
    code = (system or QLocale.system()).name().split("_")[0]
    return code if code in GUI_LANGUAGES else "en"


def catalog(language: str):  # noqa: ANN201
    return resource("translations", f"kpo_desk_{language}.qm")


def install_translators(app: QCoreApplication, choice: str | None = None,
                        system: QLocale | None = None) -> str:
    """Install the translators for the GUI language (replacing any installed before) and set the
    default QLocale; returns the language code."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    system = system or QLocale.system()
    language = gui_language(choice, system)
    same = system.name().split("_")[0] == language
    QLocale.setDefault(system if same else QLocale(language))
    if language != "en":
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{language}", qt_folder), (f"kpo_desk_{language}", str(catalog(language).parent))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    return language
