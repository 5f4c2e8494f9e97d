"""Engagement health: red, amber or green, always with its reasons.

Rules (each reason names its record and its number):

* overdue milestones (amber, red from ``health.milestone_red_days``), while onboarding or active;
* QA rework loops, counted from the audit trail (``health.rework_amber`` / ``health.rework_red``);
* budget burn against elapsed time, by fee model (``health.budget_*``);
* activation-gate items not done and verified while active (not done: red; unverified: amber);
* overdue follow-ups (amber, red from ``health.follow_up_red_days``);
* a key role with no backup, or whose backup has left (amber), while onboarding or active;
* no inbound or outbound client contact in N days (``health.no_contact_days`` /
  ``health.no_contact_red_days``), while onboarding or active.

Only onboarding, active and on-hold engagements are assessed. Proposed, closed and cancelled
ones are green with no reasons: they are not in flight, and a closed engagement is not in
trouble. A manual override (with a reason and an expiry date) wins until its last day; the
computed reasons stay attached so the picture is never hidden.
"""

from kpo_desk.core.health.engine import assess_engagement, assess_many
from kpo_desk.core.health.monitor import HealthMonitor
from kpo_desk.core.health.overrides import clear_health_override, override_health
from kpo_desk.core.health.reasons import Health, HealthReason
from kpo_desk.core.health.thresholds import THRESHOLDS, health_thresholds, set_health_threshold

__all__ = [
    "THRESHOLDS",
    "Health",
    "HealthMonitor",
    "HealthReason",
    "assess_engagement",
    "assess_many",
    "clear_health_override",
    "health_thresholds",
    "override_health",
    "set_health_threshold",
]
