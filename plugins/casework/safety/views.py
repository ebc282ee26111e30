"""The safety page of a case: the plan in force, its escalations and their acknowledgement, and the forms."""

from __future__ import annotations

from flask import Blueprint

from core.toolkit import current_store, current_user, lazy_gettext, render, requires
from plugins.casework.safety import service
from plugins.casework.safety.domain import LEGAL_BASES, PROVISIONS, RECIPIENTS
from plugins.casework.safety.schemas import AcknowledgementSchema, EscalationSchema, SafetyPlanSchema
from plugins.casework.safety.web import revealed_plan, safety_record
from plugins.casework.web import case_in_scope, case_page_command

bp = Blueprint("casework_safety", __name__)


@bp.get("/cases/<case_id>/safety")
@requires("casework.view_case")
def safety(case_id):
    """A case's safety plan as last revised, and its escalations to police or child protection."""
    return _page(case_in_scope(case_id), form={}, errors={})


def _command(name: str, path: str, permission: str, schema, run, done):
    """A page endpoint for one safety command (casework.web.case_page_command)."""
    # _page is defined below the commands: looked up when a form fails, not when the module loads.
    case_page_command(bp, lambda *args, **kw: _page(*args, **kw), "safety", service, name, f"safety/{path}",
                      permission, schema, run, done)


def _acting():
    return current_store(), current_user.actor()


_command("revise_plan", "plan", "casework.manage_case", SafetyPlanSchema,
         lambda case_id, d: service.revise_plan(*_acting(), case_id, d["warning_signs"], d["coping"], d["contacts"],
                                                d["measures"], d["reviewed_on"], expected_version=d["version"]),
         lazy_gettext("The safety plan was recorded."))
_command("escalate", "escalations", "casework.manage_case", EscalationSchema,
         lambda case_id, d: service.escalate(*_acting(), case_id, d["recipient"], d["escalated_on"], d["prompted_by"],
                                             d["legal_basis"], expected_version=d["version"]),
         lazy_gettext("The escalation was recorded; the city's coordinator sees it."))
_command("acknowledge", "acknowledgement", "casework.acknowledge_escalation", AcknowledgementSchema,
         lambda case_id, d: service.acknowledge(*_acting(), case_id, d["escalation"], expected_version=d["version"]),
         lazy_gettext("The escalation was acknowledged."))


def _page(case, **context):
    record = safety_record(case.case_id)
    return render("casework/safety.html", case=case, record=record, plan=revealed_plan(record, case.case_id),
                  escalations=sorted(record.escalations.values(), key=lambda e: -e.number) if record else [],
                  recipients=RECIPIENTS, bases=LEGAL_BASES, provisions=PROVISIONS, **context)
