"""Every core enum label, marked for lupdate: ``status_label`` (kpo_desk/ui/common/words.py)
translates them at display time in the "Status" context. tests/ui/test_german_gui.py checks that
this list covers every label of kpo_desk/core/enums.py."""

from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP

STATUS_WORDS = (
    # ServiceType
    QT_TRANSLATE_NOOP("Status", "IP and patent research"),
    QT_TRANSLATE_NOOP("Status", "Equity and financial research"),
    QT_TRANSLATE_NOOP("Status", "Market research"),
    QT_TRANSLATE_NOOP("Status", "Legal process"),
    QT_TRANSLATE_NOOP("Status", "Medical and clinical"),
    QT_TRANSLATE_NOOP("Status", "R&D and engineering"),
    QT_TRANSLATE_NOOP("Status", "Data analytics"),
    QT_TRANSLATE_NOOP("Status", "Design and animation"),
    QT_TRANSLATE_NOOP("Status", "Other"),
    # EngagementStatus
    QT_TRANSLATE_NOOP("Status", "Proposed"),
    QT_TRANSLATE_NOOP("Status", "Onboarding"),
    QT_TRANSLATE_NOOP("Status", "Active"),
    QT_TRANSLATE_NOOP("Status", "On hold"),
    QT_TRANSLATE_NOOP("Status", "Closed"),
    QT_TRANSLATE_NOOP("Status", "Cancelled"),
    # FeeModel
    QT_TRANSLATE_NOOP("Status", "Fixed"),
    QT_TRANSLATE_NOOP("Status", "Time and materials"),
    QT_TRANSLATE_NOOP("Status", "Retainer"),
    # Confidentiality
    QT_TRANSLATE_NOOP("Status", "Internal"),
    QT_TRANSLATE_NOOP("Status", "Confidential"),
    QT_TRANSLATE_NOOP("Status", "Restricted"),
    # MilestoneStatus
    QT_TRANSLATE_NOOP("Status", "Planned"),
    QT_TRANSLATE_NOOP("Status", "In progress"),
    QT_TRANSLATE_NOOP("Status", "In QA"),
    QT_TRANSLATE_NOOP("Status", "Delivered"),
    QT_TRANSLATE_NOOP("Status", "Accepted"),
    QT_TRANSLATE_NOOP("Status", "Rework"),
    # QAResult
    QT_TRANSLATE_NOOP("Status", "Passed"),
    QT_TRANSLATE_NOOP("Status", "Failed"),
    # ChecklistState
    QT_TRANSLATE_NOOP("Status", "Open"),
    QT_TRANSLATE_NOOP("Status", "Done"),
    QT_TRANSLATE_NOOP("Status", "Not applicable"),
    QT_TRANSLATE_NOOP("Status", "Waived"),
    # Gate
    QT_TRANSLATE_NOOP("Status", "Does not recur"),
    QT_TRANSLATE_NOOP("Status", "Activation"),
    QT_TRANSLATE_NOOP("Status", "Closure"),
    # Recurrence
    QT_TRANSLATE_NOOP("Status", "Monthly"),
    QT_TRANSLATE_NOOP("Status", "Quarterly"),
    QT_TRANSLATE_NOOP("Status", "Yearly"),
    # RiskCategory
    QT_TRANSLATE_NOOP("Status", "Loss of confidential information or IP"),
    QT_TRANSLATE_NOOP("Status", "Losing key people"),
    QT_TRANSLATE_NOOP("Status", "Quality not assured"),
    QT_TRANSLATE_NOOP("Status", "Slow start-up"),
    QT_TRANSLATE_NOOP("Status", "Communication barriers"),
    # RiskStatus
    QT_TRANSLATE_NOOP("Status", "Mitigating"),
    # Channel
    QT_TRANSLATE_NOOP("Status", "E-mail"),
    QT_TRANSLATE_NOOP("Status", "Call"),
    QT_TRANSLATE_NOOP("Status", "Video"),
    QT_TRANSLATE_NOOP("Status", "Meeting"),
    QT_TRANSLATE_NOOP("Status", "Chat"),
    QT_TRANSLATE_NOOP("Status", "Letter"),
    # Direction
    QT_TRANSLATE_NOOP("Status", "Inbound"),
    QT_TRANSLATE_NOOP("Status", "Outbound"),
    # ReportKind
    QT_TRANSLATE_NOOP("Status", "Engagement"),
    QT_TRANSLATE_NOOP("Status", "Portfolio"),
    # AuditAction
    QT_TRANSLATE_NOOP("Status", "Create"),
    QT_TRANSLATE_NOOP("Status", "Update"),
    QT_TRANSLATE_NOOP("Status", "Delete"),
    QT_TRANSLATE_NOOP("Status", "Transition"),
    QT_TRANSLATE_NOOP("Status", "Override"),
    # _ES
    # _MS
)
