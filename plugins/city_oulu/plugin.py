"""Oulu's hook implementations: local rules, fields and reports."""

from datetime import timedelta

from core.toolkit import N_, Widget, WorkflowStep, hookimpl, lazy_gettext
from plugins.casework.api import Measure

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


# Oulu follows family relations as an outcome of its own: its family work runs beside exit work.
FAMILY_RELATIONS = Measure("family_relations", N_("Relations with the family"),
                           ((0, N_("broken off")), (1, N_("strained")), (2, N_("in touch")), (3, N_("supportive"))))


@hookimpl
def outcome_measures():
    return [FAMILY_RELATIONS]
