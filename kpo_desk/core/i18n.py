"""The report languages: gettext catalogs read with Babel, and locale formatting through CLDR.

Catalogs are plain .po files under ``resources/locale/<lang>/LC_MESSAGES/reports.po`` (they
ship inside the wheel with the rest of resources/). They are read with Babel's ``read_po``
once per language and cached; nothing is compiled. Dates, numbers, money, percentages and
plural rules come from Babel's CLDR data for the report's locale.

English is the source language. Its formats stay the ones the reports always printed ("2 Dec
2026", "12.5 h", "41%"), so an English report is byte-for-byte what it was before catalogs.

Marking: ``N_("text")`` marks a message for extraction without translating it (a table of
texts translated later); ``Nn_("one", "many")`` marks a plural pair. ``babel.messages.extract``
finds both (see :data:`EXTRACT_KEYWORDS`), so a test can compare the code's messages with
every catalog. No Qt here: the GUI has its own .ts files (resources/translations/).

A second domain, ``app`` (``resources/locale/<lang>/LC_MESSAGES/app.po``), holds the sentences
core composes for the window (attention items, health reasons, compliance lines), which the GUI
renders in its language (kpo_desk/ui/common/words.py ``gui_message``) and the CLI in English.
Messages only the window shows are marked ``A_``/``An_`` (so that the report catalogs need not
carry them); the app catalog covers every message of the modules that compose window text,
``N_``/``Nn_`` included (see :data:`APP_EXTRACT_KEYWORDS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from kpo_desk.core.resources import resource

#: The language reports are written in when nothing else is known (and the source language).
SOURCE_LANGUAGE = "en"
#: Every shipped report language, in the order a chooser lists them.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "pt", "ja", "zh_Hans", "el", "pl", "nb")
#: Other spellings of a shipped language (lower case, "-" read as "_").
ALIASES = {
    "zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_hans": "zh_Hans", "zh_sg": "zh_Hans",
    "zh_hans_cn": "zh_Hans", "no": "nb", "nb_no": "nb", "no_no": "nb",
}
#: The keywords :func:`babel.messages.extract.extract_from_dir` looks for in our code.
EXTRACT_KEYWORDS: dict[str, object] = {"_": None, "N_": None, "gettext": None,
                                       "ngettext": (1, 2), "Nn_": (1, 2)}
CATALOG = "reports"
#: The window's domain, and the keywords that find its messages (report messages included: a
#: reason's wording can serve both).
APP_CATALOG = "app"
APP_EXTRACT_KEYWORDS: dict[str, object] = {**EXTRACT_KEYWORDS, "A_": None, "An_": (1, 2)}
_CODE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for translation without translating it here."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - the gettext convention
    """Mark a plural pair for translation without translating it here."""
    return singular, plural


def A_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for the app catalog only (text the window shows, no report prints)."""
    return message


def An_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - the gettext convention
    """Mark a plural pair for the app catalog only."""
    return singular, plural


def english(message: Message) -> str:
    """``message`` as the source language words it (what the CLI prints)."""
    return translations(SOURCE_LANGUAGE).message(message)


class Digits(int):
    """A whole number a :class:`Message` writes with its plain digits ("1234"), in every
    language: for wording that never grouped its figures, so that English stays as it was."""

    __slots__ = ()


class Percent(float):
    """A value out of 100 that a :class:`Message` writes as the locale writes percentages."""

    __slots__ = ()


@dataclass(slots=True, unsafe_hash=True)
class Message:
    """A text to be translated later, in the report's language: a msgid (or a plural pair
    with its count ``n``) and the named values it is formatted with. A ``date`` value is
    written as the locale writes dates; an ``int`` or ``float`` as its numbers.

    A value, never changed once made (hashed and compared by its fields), but not a frozen
    dataclass: one of those takes five times as long to make, and a full health assessment
    makes some 20,000 of these (bench_health)."""

    singular: str
    plural: str = ""
    n: int | None = None
    params: tuple[tuple[str, object], ...] = field(default=())

    @classmethod
    def of(cls, text: str | tuple[str, str], n: int | None = None, **params: object) -> Message:
        if isinstance(text, tuple):
            return cls(text[0], text[1], n, tuple(params.items()))
        return cls(text, "", n, tuple(params.items()))

    @classmethod
    def verbatim(cls, text: str) -> Message:
        """Text typed by a person (a reason given by hand): shown as it is, in every language."""
        return cls("{text}", "", None, (("text", text),))


def normalize(code: str | None) -> str | None:
    """The shipped language a code means ("de_CH" → "de", "zh-CN" → "zh_Hans", "no" → "nb"),
    or None when no catalog serves it."""
    if not code:
        return None
    key = code.strip().replace("-", "_").lower()
    if not key:
        return None
    by_lower = {lang.lower(): lang for lang in LANGUAGES}
    if key in by_lower:
        return by_lower[key]
    if key in ALIASES:
        return ALIASES[key]
    parts = key.split("_")
    if parts[0] == "zh" and any(p in ("hant", "tw", "hk", "mo") for p in parts[1:]):
        return None  # Traditional Chinese: no catalog (Simplified would be the wrong script)
    for n in range(len(parts) - 1, 0, -1):
        prefix = "_".join(parts[:n])
        if prefix in ALIASES:
            return ALIASES[prefix]
        if prefix in by_lower and prefix != "zh":
            return by_lower[prefix]
    return None


def is_language_code(code: str) -> bool:
    """Whether ``code`` looks like a language tag at all ("pt_BR", "zh-Hans", "hi")."""
    return bool(_CODE.match(code.strip()))


@dataclass(frozen=True)
class LanguageChoice:
    """The language asked for, the one a report is written in, and whether it fell back."""

    requested: str
    language: str

    @property
    def fell_back(self) -> bool:
        """True when the requested language has no catalog, so the report is in English."""
        return bool(self.requested) and normalize(self.requested) is None


def choose(code: str | None) -> LanguageChoice:
    """What a report asked for in ``code`` is written in (English when no catalog serves it)."""
    requested = (code or "").strip()
    return LanguageChoice(requested, normalize(requested) or SOURCE_LANGUAGE)


def first_supported(*codes: str | None) -> str:
    """The first of ``codes`` a catalog serves (as given); else the first non-empty one (which
    falls back to English, and says so); else English."""
    given = [c.strip() for c in codes if c and c.strip()]
    for code in given:
        if normalize(code) is not None:
            return code
    return given[0] if given else SOURCE_LANGUAGE


def catalog_path(language: str, domain: str = CATALOG) -> Path:
    return resource("locale", language, "LC_MESSAGES", f"{domain}.po")


def _babel_locale(language: str):  # noqa: ANN202 - babel.Locale, imported lazily
    from babel import Locale

    if language == "zh_Hans":
        return Locale("zh", territory="CN", script="Hans")
    return Locale.parse(language)


def language_name(code: str, *, in_language: str | None = None) -> str:
    """A language's name in its own language ("Deutsch", "日本語"), or in ``in_language``."""
    from babel import Locale, UnknownLocaleError

    try:
        shipped = normalize(code)
        locale = (Locale("zh", script="Hans") if shipped == "zh_Hans"
                  else _babel_locale(shipped or code.replace("-", "_")))
        return (locale.get_display_name(Locale.parse(in_language) if in_language else locale)
                or code)
    except (ValueError, UnknownLocaleError):
        return code


def available_languages() -> list[tuple[str, str]]:
    """(code, native name) of every language with a catalog on disk, English first."""
    return [(lang, language_name(lang)) for lang in LANGUAGES
            if lang == SOURCE_LANGUAGE or catalog_path(lang).is_file()]


def available_codes_sentence() -> str:
    return ", ".join(f"{code} ({name})" for code, name in available_languages())


@cache
def _catalog(language: str, domain: str = CATALOG):  # noqa: ANN202 - babel Catalog
    from babel.messages.pofile import read_po

    path = catalog_path(language, domain)
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=_babel_locale(language), domain=domain)


@cache
def translations(language: str, domain: str = CATALOG) -> Translator:
    """The cached translator of a shipped language (English for anything else), for the report
    catalog or (``domain=APP_CATALOG``) the window's. A language without that domain's catalog
    keeps the English messages (with its own dates and numbers)."""
    return Translator(normalize(language) or SOURCE_LANGUAGE, domain)


class Translator:
    """gettext/ngettext and locale formatting for one report language."""

    def __init__(self, language: str, domain: str = CATALOG) -> None:
        self.language = language
        self.domain = domain
        self.locale = _babel_locale(language)
        self.english = language == SOURCE_LANGUAGE
        catalog = None if self.english else _catalog(language, domain)
        self._messages: dict[object, object] = {}
        from babel.messages.plurals import get_plural

        self._plural_expr = catalog.plural_expr if catalog is not None else get_plural(self.locale).plural_expr
        if catalog is not None:
            for message in catalog:
                if not message.id or message.fuzzy:
                    continue
                key = message.id if isinstance(message.id, str) else tuple(message.id)
                if isinstance(message.string, str):
                    if message.string:
                        self._messages[key] = message.string
                elif message.string and all(message.string):
                    self._messages[key] = tuple(message.string)

    def __repr__(self) -> str:
        return f"Translator({self.language!r}, {self.domain!r})"

    # -- messages -----------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        found = self._messages.get(message)
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._messages.get((singular, plural))
        if isinstance(found, tuple):
            index = self._plural_index(n)
            return found[min(index, len(found) - 1)]
        return singular if n == 1 else plural

    def _plural_index(self, n: int) -> int:
        return int(_plural_rule(self._plural_expr)(n))

    def plural_category(self, n: float) -> str:
        """CLDR's plural category of ``n`` ("one", "few", "many", "other")."""
        return self.locale.plural_form(n)

    def format(self, text: str, params: Mapping[str, object]) -> str:
        """``text`` with its ``{name}`` fields filled, dates and numbers written the locale's way."""
        values = {k: self.value(v) for k, v in params.items()}
        return text.format(**values)

    def message(self, message: Message) -> str:
        """A :class:`Message` translated and filled in."""
        params = dict(message.params)
        if message.plural:
            n = message.n if message.n is not None else 0
            params.setdefault("n", n)
            text = self.ngettext(message.singular, message.plural, n)
        else:
            text = self.gettext(message.singular)
        return self.format(text, params)

    def value(self, value: object) -> str:
        if isinstance(value, Message):  # a part worded on its own ("in 3 days", "red")
            return self.message(value)
        if isinstance(value, Digits):
            return str(int(value))
        if isinstance(value, Percent):
            return self.percent(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        return self.number(value)

    # -- formats ------------------------------------------------------------------------------
    def date(self, value: date | None, empty: str = "—", *, style: str = "long") -> str:
        """A date as the locale writes it ("2. Dezember 2026", "2026年12月2日"); English keeps
        the app's one date format ("2 Dec 2026"). ``style``: a Babel date format ("long",
        "medium") or "numeric"."""
        if value is None:
            return empty
        if self.english:
            from kpo_desk.core.wording import display_date

            return display_date(value, empty)
        if style == "numeric":  # "2.12.2026", "02/12/2026", "2026/12/2": for tight spaces
            from babel.dates import format_skeleton

            return format_skeleton("yMd", value, locale=self.locale)
        from babel.dates import format_date

        return format_date(value, format=style, locale=self.locale)

    def month(self, value: date) -> str:
        """Month and year ("Dez. 2026", "2026年12月"), as chart axes label them."""
        if self.english:
            from kpo_desk.core.wording import MONTHS

            return f"{MONTHS[value.month - 1]} {value.year}"
        from babel.dates import format_skeleton

        return format_skeleton("yMMM", value, locale=self.locale)

    def number(self, value: float, *, decimals: int | None = None) -> str:
        """A number with the locale's digits grouping and decimal sign ("1.234,5")."""
        if decimals is None:
            decimals = 0 if float(value) == int(value) else 1
        if self.english:
            return f"{value:,.{decimals}f}"
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float) -> str:
        """A percentage given out of 100 ("41%", "41 %", "41 %"), whole."""
        if self.english:
            return f"{value:.0f}%"
        from babel.numbers import format_percent

        return format_percent(round(value) / 100, locale=self.locale)

    def hours(self, value: float, *, decimals: int | None = None) -> str:
        """Hours as the reports print them: whole from ten up, else with one decimal."""
        if decimals is None:
            decimals = 0 if value >= 10 or value == int(value) else 1
        if self.english:
            return f"{value:,.{decimals}f} h"
        from babel.units import format_unit

        pattern = "#,##0" + (".0" if decimals else "")
        return format_unit(round(value, decimals), "duration-hour", length="short",
                           format=pattern, locale=self.locale)

    def money(self, cents: int, currency: str) -> str:
        """An amount in minor units as the locale writes money ("1.234,50 €", "€1,234.50")."""
        from babel.numbers import format_currency

        return format_currency(cents / 100, currency, locale=self.locale)


@cache
def _plural_rule(expr: str):  # noqa: ANN202 - a compiled gettext rule
    import gettext

    return gettext.c2py(expr)


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)
