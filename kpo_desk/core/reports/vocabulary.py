"""The fixed words a client report takes from data: status names, service types, fee models,
channels, risk words. The report data carries them in English (the enum labels); the layout
translates them with these msgids. tests/core/test_report_catalogs.py checks that every label of
these enums is listed here, so a new status cannot print untranslated.
"""

from __future__ import annotations

from kpo_desk.core.i18n import N_

#: The enums whose labels print in a client report.
ENUMS = ("ServiceType", "EngagementStatus", "FeeModel", "Confidentiality", "MilestoneStatus",
         "ChecklistState", "RiskCategory", "RiskStatus", "Channel", "Direction")

WORDS = (
    # service types
    N_("IP and patent research"), N_("Equity and financial research"), N_("Market research"),
    N_("Legal process"), N_("Medical and clinical"), N_("R&D and engineering"),
    N_("Data analytics"), N_("Design and animation"), N_("Other"),
    # engagement statuses
    N_("Proposed"), N_("Onboarding"), N_("Active"), N_("On hold"), N_("Closed"), N_("Cancelled"),
    # fee models
    N_("Fixed"), N_("Time and materials"), N_("Retainer"),
    # confidentiality (the marking on every page)
    N_("Internal"), N_("Confidential"), N_("Restricted"),
    # milestone statuses
    N_("Planned"), N_("In progress"), N_("In QA"), N_("Delivered"), N_("Accepted"), N_("Rework"),
    # checklist states
    N_("Open"), N_("Done"), N_("Not applicable"), N_("Waived"),
    # risk categories
    N_("Loss of confidential information or IP"), N_("Losing key people"),
    N_("Quality not assured"), N_("Slow start-up"), N_("Communication barriers"),
    # risk statuses ("Open" and "Closed" above)
    N_("Mitigating"),
    # risk ratings (kpo_desk.core.reports.data.risk_rating)
    N_("High"), N_("Medium"), N_("Low"),
    # channels and directions
    N_("E-mail"), N_("Call"), N_("Video"), N_("Meeting"), N_("Chat"), N_("Letter"),
    N_("Inbound"), N_("Outbound"),
)
