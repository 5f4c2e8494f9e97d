"""PDF status reports: the client report, the internal portfolio review, their records,
presets and batches.

Data and drawing are apart: ``data``/``portfolio`` assemble plain frozen values (exactly what
may print), ``layout``/``portfolio`` draw them with reportlab, and ``records`` writes the
history. Nothing here imports Qt; reportlab is imported when this package is.
"""

from kpo_desk.core.reports.batch import BatchResult, active_engagements, generate_batch
from kpo_desk.core.reports.data import (
    ReportDefaults,
    build_report_data,
    default_period,
    load_branding,
    report_defaults,
)
from kpo_desk.core.reports.layout import render_report
from kpo_desk.core.reports.model import SECTION_TITLES, SECTIONS, PortfolioData, ReportData
from kpo_desk.core.reports.portfolio import build_portfolio_data, render_portfolio
from kpo_desk.core.reports.presets import (
    PERIOD_RULES,
    delete_preset,
    list_presets,
    resolve_period,
    run_preset,
    save_preset,
)
from kpo_desk.core.reports.records import (
    GeneratedReport,
    find_engagement_id,
    generate_portfolio,
    generate_report,
    list_reports,
    preview_report,
    report_file_name,
    reprint,
    reprint_matches,
    save_pdf,
)

__all__ = [
    "PERIOD_RULES",
    "SECTIONS",
    "SECTION_TITLES",
    "BatchResult",
    "GeneratedReport",
    "PortfolioData",
    "ReportData",
    "active_engagements",
    "build_portfolio_data",
    "build_report_data",
    "ReportDefaults",
    "default_period",
    "report_defaults",
    "delete_preset",
    "find_engagement_id",
    "generate_batch",
    "generate_portfolio",
    "generate_report",
    "list_presets",
    "list_reports",
    "load_branding",
    "preview_report",
    "render_portfolio",
    "render_report",
    "report_file_name",
    "reprint",
    "reprint_matches",
    "resolve_period",
    "run_preset",
    "save_pdf",
    "save_preset",
]
