"""Generate report…: period, executive summary, recipient and sections, then the preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QWidget

from kpo_desk.core.reports import SECTION_TITLES, SECTIONS, default_period, generate_report
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog

FIELDS = [
    FieldSpec("period_start", "Period from", "date", required=True),
    FieldSpec("period_end", "Period to", "date", required=True),
    FieldSpec("recipient", "Recipient", placeholder="Dr. Hiroshi Sato, Director IP"),
    FieldSpec("summary", "Executive summary", "multiline", extra={"height": 140},
              help="Written for this report; kept with its record"),
]


class GenerateReportDialog(RecordDialog):
    def __init__(self, store: Store, engagement_id: int, code: str, parent: QWidget | None = None) -> None:
        self.store, self.engagement_id = store, engagement_id
        with store.read() as session:
            start, end = default_period(session, engagement_id, date.today())
        super().__init__(f"Generate report · {code}", FIELDS, self._generate,
                         initial={"period_start": start, "period_end": end}, parent=parent,
                         intro="The report holds only what is marked visible to the client. "
                               "The period starts after the last report, or covers 30 days.")
        self.save_button.setText("Generate")
        box = QGroupBox("Sections")
        grid = QGridLayout(box)
        self.sections: dict[str, QCheckBox] = {}
        for i, key in enumerate(SECTIONS):
            check = QCheckBox(SECTION_TITLES[key], checked=True)
            self.sections[key] = check
            grid.addWidget(check, i // 3, i % 3)
        self.layout().insertWidget(self.layout().count() - 2, box)
        self.generated = None

    def _generate(self, values: dict):  # noqa: ANN202
        chosen = [key for key, check in self.sections.items() if check.isChecked()]
        self.generated = generate_report(self.store, engagement_id=self.engagement_id, sections=chosen,
                                         period_rule="custom", **values)
        return self.generated
