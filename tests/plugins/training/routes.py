"""Training's rows of the authorization matrix, and how the matrix makes the sessions and requests its routes name."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.testing.matrix import Records, Route
from core.toolkit import finnish_today
from plugins.training import service
from plugins.training.queries import request_row, session_row

PLAN = {"title": "Matrix session", "format": "online", "duration_minutes": 90, "topics": ["matrix"],
        "level": "introductory", "trainers": ["trainer"], "capacity": 2}


class Sessions(Records):
    """Upcoming sessions planned by the city's trainer; any holder of the permission in the city opens them."""

    noun, key, city_wide = "session", "session_id", True

    def create(self, world, city, assignee):
        trainer = world.account(f"trainer.{city}").actor()
        return service.plan_session(world.store, trainer, city, 12, held_on=finnish_today() + timedelta(days=30),
                                    **PLAN).hex

    def version(self, world, session_id):
        row = session_row(world.store, session_id)
        return row.version if row else 0


class Requests(Records):
    """Open requests recorded by the city's exit worker."""

    noun, key, city_wide = "request", "request_id", True

    def create(self, world, city, assignee):
        worker = world.account(f"worker.{city}").actor()
        return service.make_request(world.store, worker, city, "Matrix School", "education", "training",
                                    "Teachers ask for an introduction.", "teachers").hex

    def version(self, world, request_id):
        row = request_row(world.store, request_id)
        return row.version if row else 0


SESSIONS, REQUESTS = Sessions(), Requests()
REQUEST = {"organisation": "Matrix School", "sector": "education", "kind": "training",
           "needs": "Teachers ask for an introduction.", "audience": "teachers"}
SESSION = {**PLAN, "held_on": "2030-01-15"}
SESSION_FORM = {**SESSION, "duration_minutes": "90", "topics": "matrix", "trainers": "trainer", "capacity": "2"}
PERSON = {"organisation": "Matrix School", "sector": "education", "role": "teacher"}
NOBODY = "0" * 32


def _page(body: dict):
    return lambda user, version: {**body, "version": str(version)}


def _json(body: dict):
    return lambda user, version: {**body, "version": version}


# Bodies the domain always refuses, so that no cell changes what another meets: accepting against a version no
# request has (409), declining without a reason, scheduling with no seats, cancelling or marking someone who is
# not registered (422). Their successes are tested in test_pages.py and test_api.py.
STALE = {"version": 0}
REFUSED = {"decline_request": {"reason": " "}, "schedule_request": {**SESSION, "capacity": 0},
           "cancel": {"participant_id": NOBODY}, "mark_attendance": {"participant_id": NOBODY, "attended": True}}
REFUSED_FORM = {**REFUSED, "schedule_request": {**SESSION_FORM, "capacity": "0"},
                "mark_attendance": {"participant_id": NOBODY, "attended": "true"}}


@pytest.hookimpl
def pytest_exitfi_matrix_routes():
    return {
        # pages
        "training.index": Route("training.view", {"GET": 200}),
        "training.new_request": Route("training.request", {"GET": 200, "POST": 302}, lands=True, body=REQUEST),
        "training.request": Route("training.view", {"GET": 200}, scope=REQUESTS),
        "training.accept_request": Route("training.manage", {"POST": 409}, scope=REQUESTS, body={"version": "0"}),
        "training.decline_request": Route("training.manage", {"POST": 422}, scope=REQUESTS,
                                          body=_page(REFUSED_FORM["decline_request"])),
        "training.schedule_request": Route("training.manage", {"POST": 422}, scope=REQUESTS,
                                           body=_page(REFUSED_FORM["schedule_request"])),
        "training.new_session": Route("training.manage", {"GET": 200, "POST": 302}, lands=True, body=SESSION_FORM),
        "training.session": Route("training.view", {"GET": 200}, scope=SESSIONS),
        "training.register": Route("training.manage", {"POST": 302}, scope=SESSIONS, lands=True, body=_page(PERSON)),
        "training.cancel": Route("training.manage", {"POST": 422}, scope=SESSIONS, body=_page(REFUSED_FORM["cancel"])),
        "training.mark_attendance": Route("training.manage", {"POST": 422}, scope=SESSIONS,
                                          body=_page(REFUSED_FORM["mark_attendance"])),
        # nobody in the matrix's sessions has attended: a certificate is a 404 for everyone who may print one
        "training.certificate": Route("training.manage", {"GET": 404}, scope=SESSIONS,
                                      values={"participant_id": NOBODY}),
        "training.print_css": Route(None, {"GET": 200}),
        # a code nobody was given: 404 for everyone, signed in or not (the form is tested in test_feedback.py)
        "training.feedback": Route(None, {"GET": 404, "POST": 404}, values={"code": "not-a-code-anyone-was-given"},
                                   body={"usefulness": "5", "knowledge_before": "1", "knowledge_after": "5"}),
        "training.reports": Route("training.report", {"GET": 200}),
        "training.sessions_csv": Route("training.report", {"GET": 200}),
        "training.attendance_csv": Route("training.report", {"GET": 200}),
        "training.qualifications": Route("training.view", {"GET": 200}),
        # nobody is trained in an instrument the matrix names: the instrument "matrix" is offered by no city
        "training.record_qualification": Route("training.manage", {"POST": 422},
                                               body={"username": "worker.helsinki", "instrument": "matrix",
                                                     "trained_on": "2026-01-05"}),
        # API
        "api_training.list_requests": Route("training.view", {"GET": 200}),
        "api_training.make_request": Route("training.request", {"POST": 201}, body=REQUEST),
        "api_training.get_request": Route("training.view", {"GET": 200}, scope=REQUESTS),
        "api_training.accept_request": Route("training.manage", {"POST": 409}, scope=REQUESTS, body=STALE),
        "api_training.decline_request": Route("training.manage", {"POST": 422}, scope=REQUESTS,
                                              body=_json(REFUSED["decline_request"])),
        "api_training.schedule_request": Route("training.manage", {"POST": 422}, scope=REQUESTS,
                                               body=_json(REFUSED["schedule_request"])),
        "api_training.list_sessions": Route("training.view", {"GET": 200}),
        "api_training.plan_session": Route("training.manage", {"POST": 201}, body=SESSION),
        "api_training.get_session": Route("training.view", {"GET": 200}, scope=SESSIONS),
        "api_training.register": Route("training.manage", {"POST": 201}, scope=SESSIONS, body=_json(PERSON)),
        "api_training.cancel": Route("training.manage", {"POST": 422}, scope=SESSIONS, body=_json(REFUSED["cancel"])),
        "api_training.mark_attendance": Route("training.manage", {"POST": 422}, scope=SESSIONS,
                                              body=_json(REFUSED["mark_attendance"])),
    }
