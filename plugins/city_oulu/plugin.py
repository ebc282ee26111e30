"""Oulu's hook implementations: local rules, fields and reports."""

from datetime import timedelta

from core.toolkit import Widget, WorkflowStep, hookimpl, lazy_gettext

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ("casework",)

ANCHOR_DAYS = 14  # Oulu agrees every new case with its Anchor team within two weeks
BEFORE_SUPPORT = ("first_contact", "screening", "anchor_review")


@hookimpl
def workflow_steps(workflow):
    # Oulu's Anchor team reviews every case that screening finds fit for exit work, before the assessment.
    if workflow != "casework.case":
        return []
    return [WorkflowStep("anchor_review", lazy_gettext("Anchor team review"), after="screening")]


@hookimpl
def case_panels(case):
    if case["phase"] not in BEFORE_SUPPORT:
        return []
    due = case["opened_at"] + timedelta(days=ANCHOR_DAYS)
    return [Widget("city_oulu:city_oulu/anchor_panel.html", "casework.view_case", lambda: {"due": due})]
