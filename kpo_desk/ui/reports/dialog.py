"""Generate report…: period, executive summary, recipient, language and sections, then the preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from kpo_desk.core.i18n import available_languages, choose, language_name
from kpo_desk.core.reports import SECTION_TITLES, SECTIONS, generate_report, report_defaults
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate

FIELDS = [
    FieldSpec("period_start", QT_TRANSLATE_NOOP("Fields", "Period from"), "date", required=True),
    FieldSpec("period_end", QT_TRANSLATE_NOOP("Fields", "Period to"), "date", required=True),
    FieldSpec("recipient", QT_TRANSLATE_NOOP("Fields", "Recipient"), placeholder="Dr. Hiroshi Sato, Director IP",
              help=QT_TRANSLATE_NOOP("Fields", "The last report's recipient, else the client's main contact")),
    FieldSpec("summary", QT_TRANSLATE_NOOP("Fields", "Executive summary"), "multiline", extra={"height": 140},
              help=QT_TRANSLATE_NOOP("Fields", "Written for this report; kept with its record")),
    FieldSpec("password", QT_TRANSLATE_NOOP("Fields", "PDF password"), "password",
              placeholder=QT_TRANSLATE_NOOP("Fields", "optional"),
              help=QT_TRANSLATE_NOOP("Fields", "Encrypts the PDF (AES-256) for sending by e-mail; send the "
                                               "password another way")),
]
#: The section titles as the dialog shows them (core's SECTION_TITLES, marked for the GUI's catalog).
_SECTION_WORDS = (
    QT_TRANSLATE_NOOP("ReportSections", "Executive summary"), QT_TRANSLATE_NOOP("ReportSections", "Health"),
    QT_TRANSLATE_NOOP("ReportSections", "Milestones and deliverables"),
    QT_TRANSLATE_NOOP("ReportSections", "IP protection"),
    QT_TRANSLATE_NOOP("ReportSections", "Communications in the period"),
    QT_TRANSLATE_NOOP("ReportSections", "Open actions"), QT_TRANSLATE_NOOP("ReportSections", "Risks"),
    QT_TRANSLATE_NOOP("ReportSections", "Budget burn"), QT_TRANSLATE_NOOP("ReportSections", "Next steps"),
)
#: Columns of section check boxes: three fit the smallest screen (1024 px) with every title whole.
SECTION_COLUMNS = 3
#: The width asked for: room for the section titles; fit_to_screen keeps it on a small screen.
PREFERRED_WIDTH = 680


class GenerateReportDialog(RecordDialog):
    def __init__(self, store: Store, engagement_id: int, code: str, parent: QWidget | None = None) -> None:
        self.store, self.engagement_id = store, engagement_id
        defaults = report_defaults(store, engagement_id, date.today())
        super().__init__(translate("GenerateReport", "Generate report · {code}").format(code=code), FIELDS,
                         self._generate,
                         initial={"period_start": defaults.period_start, "period_end": defaults.period_end,
                                  "recipient": defaults.recipient},
                         parent=parent,
                         intro=translate("GenerateReport",
                                         "The report holds only what is marked visible to the client. "
                                         "The period starts after the last report, or covers 30 days."))
        self.save_button.setText(translate("GenerateReport", "Generate"))
        box = QGroupBox(translate("GenerateReport", "Sections"))
        grid = QGridLayout(box)
        self.sections: dict[str, QCheckBox] = {}
        rows = -(-len(SECTIONS) // SECTION_COLUMNS)
        for i, key in enumerate(SECTIONS):  # down each column, in print order
            check = QCheckBox(translate("ReportSections", SECTION_TITLES[key]), checked=True)
            # never narrower than its title: the dialog grows (or scrolls) instead of clipping it
            check.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            self.sections[key] = check
            grid.addWidget(check, i % rows, i // rows)
        self.layout().insertWidget(self.layout().count() - 2, box)
        self.layout().insertWidget(self.layout().count() - 2, self._language_row(defaults.language))
        self.generated = None
        self.password: str | None = None
        self._fit()

    def _language_row(self, default: str) -> QWidget:
        """The report's language: the recipient's (else the client's) by default; a language
        without a catalog is listed too, and the note under it says the report will be English."""
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        label = QLabel(translate("GenerateReport", "Report language"))
        self.language = QComboBox()
        self.language.setObjectName("report_language")
        for code, name in available_languages():
            self.language.addItem(f"{name} ({code})", code)
        wanted = choose(default)
        index = self.language.findData(wanted.language)
        if wanted.fell_back:  # the contact's language, which has no catalog: kept, and explained
            self.language.addItem(f"{language_name(default)} ({default})", default)
            index = self.language.count() - 1
        self.language.setCurrentIndex(max(index, 0))
        label.setBuddy(self.language)
        self.language_note = QLabel()
        self.language_note.setObjectName("report_language_note")
        self.language_note.setWordWrap(True)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.language, 0, 1)
        grid.addWidget(self.language_note, 1, 1)
        grid.setColumnStretch(1, 1)
        self.language.currentIndexChanged.connect(self._language_changed)
        self._language_changed()
        return row

    def _language_changed(self) -> None:
        code = self.language.currentData() or ""
        fell_back = choose(code).fell_back
        self.language_note.setText(translate(
            "GenerateReport", "There is no {language} translation of the report yet; it will be in English."
        ).format(language=language_name(code, in_language="en")) if fell_back else "")
        self.language_note.setVisible(fell_back)

    def _fit(self) -> None:
        """Tall enough to show the whole form without scrolling, wide enough for every title,
        and never larger than the screen (the form scrolls there instead)."""
        scroll = self.findChild(QScrollArea)
        height = self.sizeHint().height()
        if scroll is not None and scroll.widget() is not None:
            body = scroll.widget()
            body.adjustSize()
            height += max(0, body.sizeHint().height() - scroll.sizeHint().height()) + 4
        width = max(PREFERRED_WIDTH, self.minimumSizeHint().width())
        fit_to_screen(self, width, height)

    def _generate(self, values: dict):  # noqa: ANN202
        chosen = [key for key, check in self.sections.items() if check.isChecked()]
        password = values.pop("password", "") or None
        self.password = password  # the preview needs it to show the protected PDF
        self.generated = generate_report(self.store, engagement_id=self.engagement_id, sections=chosen,
                                         period_rule="custom", password=password,
                                         language=self.language.currentData(), **values)
        return self.generated
