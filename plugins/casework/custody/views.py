"""The prison-pathway page of a case: status history, release date, the agency contact, handover tasks, forms."""

from __future__ import annotations

from flask import Blueprint

from core.toolkit import current_store, current_user, finnish_today, lazy_gettext, render, requires
from plugins.casework.custody import service
from plugins.casework.custody.domain import DEFAULT_OFFSETS, RECORDED, TASK_KINDS
from plugins.casework.custody.queries import tasks_of
from plugins.casework.custody.schemas import (AgencyContactSchema, ReleaseDateSchema, ReleaseSchema, StatusSchema,
                                              TaskDoneSchema, TaskSchema)
from plugins.casework.custody.web import custody_record
from plugins.casework.web import case_in_scope, case_page_command

bp = Blueprint("casework_custody", __name__)


@bp.get("/cases/<case_id>/custody")
@requires("casework.view_case")
def custody(case_id):
    """A case's prison pathway: its status history, release date, agency contact and handover tasks."""
    return _page(case_in_scope(case_id), form={}, errors={})


def _command(name: str, path: str, schema, run, done):
    """A page endpoint for one custody command (casework.web.case_page_command)."""
    # _page is defined below the commands: looked up when a form fails, not when the module loads.
    case_page_command(bp, lambda *args, **kw: _page(*args, **kw), "custody", service, name, f"custody/{path}",
                      "casework.manage_case", schema, run, done)


def _acting():
    return current_store(), current_user.actor()


_command("record_status", "status", StatusSchema,
         lambda case_id, d: service.record_status(*_acting(), case_id, d["status"], d["since"], d["prison"],
                                                  expected_version=d["version"]),
         lazy_gettext("The custody status was recorded."))
_command("set_release_date", "release-date", ReleaseDateSchema,
         lambda case_id, d: service.set_release_date(*_acting(), case_id, d["expected_on"],
                                                     expected_version=d["version"]),
         lazy_gettext("The expected release date was recorded."))
_command("record_release", "release", ReleaseSchema,
         lambda case_id, d: service.record_release(*_acting(), case_id, d["released_on"],
                                                   expected_version=d["version"]),
         lazy_gettext("The release was recorded."))
_command("record_contact", "contact", AgencyContactSchema,
         lambda case_id, d: service.record_contact(*_acting(), case_id, d["name"], d["phone"], d["email"],
                                                   expected_version=d["version"]),
         lazy_gettext("The agency's contact person was recorded."))
_command("add_task", "tasks", TaskSchema,
         lambda case_id, d: service.add_task(*_acting(), case_id, d["kind"], d["owner"], d["due_on"],
                                             expected_version=d["version"]),
         lazy_gettext("The handover task was added."))
_command("complete_task", "tasks/done", TaskDoneSchema,
         lambda case_id, d: service.complete_task(*_acting(), case_id, d["task"], d["done_on"],
                                                  expected_version=d["version"]),
         lazy_gettext("The handover task was marked done."))


def _page(case, **context):
    return render("casework/custody.html", case=case, custody=custody_record(case.case_id),
                  tasks=tasks_of(current_store(), case.case_id), statuses=RECORDED, kinds=TASK_KINDS,
                  offsets=DEFAULT_OFFSETS, today=finnish_today(), **context)
