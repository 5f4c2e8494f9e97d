"""IP-protection checklists: templates as data, applying them, the item workflow with four
eyes, evidence files, recurring reviews and expiring evidence, and the compliance score.

Import from this package; the modules behind it are split by concept.
"""

from kpo_desk.core.checklists.apply import ApplyResult, apply_template
from kpo_desk.core.checklists.evidence import (
    MAX_EVIDENCE_BYTES,
    add_evidence,
    attachment_problems,
    evidence_copy_for_viewing,
    evidence_path,
    list_evidence,
    remove_evidence,
    safe_name,
)
from kpo_desk.core.checklists.recurrence import next_occurrence
from kpo_desk.core.checklists.schedule import (
    DueItem,
    RefreshResult,
    due_items,
    refresh_recurring_and_expired,
)
from kpo_desk.core.checklists.score import (
    ComplianceGap,
    ComplianceScore,
    PortfolioCompliance,
    compliance_gaps,
    compliance_scores,
    engagement_compliance,
    portfolio_compliance,
)
from kpo_desk.core.checklists.status import (
    ControlLine,
    IPProtectionStatus,
    control_lines,
    ip_protection_status,
)
from kpo_desk.core.checklists.templates import (
    COMMON,
    TemplateFileStatus,
    TemplateItem,
    items_for_service,
    list_templates,
    load_template,
    template_problems,
    templates_dir,
)
from kpo_desk.core.checklists.workflow import (
    add_item,
    allowed_verifiers,
    complete_item,
    default_doer_id,
    four_eyes_refusal,
    list_items,
    mark_not_applicable,
    next_gate,
    put_back_item,
    reopen_item,
    step_state,
    update_item,
    verify_item,
    waive_item,
)
from kpo_desk.core.compliance import Control, tally

__all__ = [
    "COMMON", "MAX_EVIDENCE_BYTES", "ApplyResult", "ComplianceGap", "ComplianceScore", "Control", "ControlLine",
    "DueItem", "IPProtectionStatus", "PortfolioCompliance", "RefreshResult", "TemplateFileStatus",
    "TemplateItem", "add_evidence", "add_item", "allowed_verifiers", "apply_template",
    "attachment_problems", "default_doer_id", "four_eyes_refusal",
    "complete_item", "compliance_gaps", "compliance_scores", "control_lines", "due_items",
    "engagement_compliance", "evidence_copy_for_viewing", "evidence_path", "ip_protection_status",
    "items_for_service", "list_evidence", "list_items", "list_templates", "load_template",
    "mark_not_applicable", "next_gate", "next_occurrence", "portfolio_compliance", "put_back_item", "refresh_recurring_and_expired",
    "remove_evidence", "reopen_item", "safe_name", "step_state", "tally", "template_problems", "templates_dir",
    "update_item", "verify_item", "waive_item",
]
