"""Casework's rows of the authorization matrix, and how the matrix makes the cases its routes name."""

from __future__ import annotations

import pytest

from core.testing.matrix import Records, Route
from plugins.casework import service
from plugins.casework.queries import case_row
from tests.plugins.casework.assessment_routes import assessment_rows
from tests.plugins.casework.plan_routes import plan_rows
from tests.plugins.casework.outcome_routes import outcome_rows
from tests.plugins.casework.meetings_routes import meeting_rows
from tests.plugins.casework.custody_routes import custody_rows


class Cases(Records):
    """Cases opened by the city's coordinator and assigned to the given exit worker."""

    noun, key = "case", "case_id"

    def create(self, world, city, assignee):
        coordinator = world.account(f"coordinator.{city}").actor()
        case_id = service.open_case(world.store, coordinator, city, "individual", "Matriisi", "agency")
        service.assign_worker(world.store, coordinator, case_id, assignee)
        return case_id.hex

    def version(self, world, case_id):
        row = case_row(world.store, case_id)
        return row.version if row else 0


CASES = Cases()
NEW_CASE = {"kind": "individual", "pseudonym": "Matriisi", "channel": "agency"}


def meeting(user: str, version: int) -> dict:
    return {"held_on": "2026-11-02", "mode": "in_person", "minutes": 45, "version": version}


def meeting_form(user: str, version: int) -> dict:
    return {**meeting(user, version), "minutes": "45", "version": str(version)}


def consent(user: str, version: int) -> dict:
    """Consent to share with an organisation of the user's own: it always holds, so the write always lands."""
    return {"scope": "sharing", "given_on": "2026-11-02", "form": "written", "organisation": f"Partner of {user}",
            "version": version}


def legal_basis(user: str, version: int) -> dict:
    return {"basis": "Child Welfare Act 417/2007, section 36", "version": version}


# Bodies the domain always refuses, whatever the case's state, so that no cell changes what another cell meets:
# an allowed user gets 422 (the guard let the request through), everyone else what the matrix expects. The
# commands' successes are tested in test_case_commands.py.
REFUSED = {
    "change_phase": {"phase": "reintegration", "reason": "straight to the end"},   # not a move from an open start
    "reassign": {"worker_id": "nobody.helsinki"},                                   # no such worker
    "screen_case": {"decision": "maybe", "reason": "unsure"},                      # not a decision
    "request_transfer": {"to_city": "atlantis", "reason": "the client moves"},      # no such city
    "withdraw_consent": {"scope": "participation", "withdrawn_on": "2026-11-02"},  # never given in the matrix
    "close_case": {"closing_reason": "bored", "closed_on": "2026-11-02"},           # not a closing reason
    "reopen_case": {"reason": "the case is open"},                                  # only closed cases reopen
    "record_follow_up": {"reviewed_on": "2026-11-02", "summary": "Doing well."},   # an open case has no follow-up
    "end_follow_up": {"reason": "lost_contact"},                                    # nor any follow-up to end
}


def refused(command: str, page: bool):
    def body(user: str, version: int) -> dict:
        return {**REFUSED[command], "version": str(version) if page else version}
    return body


def commands() -> dict:
    rows = {}
    for name in ("give_consent", "record_legal_basis"):
        make = consent if name == "give_consent" else legal_basis
        rows[f"casework.{name}"] = Route("casework.manage_case", {"POST": 302}, scope=CASES, lands=True,
                                         body=lambda user, version, make=make: {**make(user, version),
                                                                                "version": str(version)})
        rows[f"api_casework.{name}"] = Route("casework.manage_case", {"POST": 200}, scope=CASES, body=make)
    for name in REFUSED:
        rows[f"casework.{name}"] = Route(PERMISSION.get(name, "casework.manage_case"), {"POST": 422}, scope=CASES,
                                         body=refused(name, True))
        rows[f"api_casework.{name}"] = Route(PERMISSION.get(name, "casework.manage_case"), {"POST": 422},
                                             scope=CASES, body=refused(name, False))
    # None as the second worker always holds, so the write always lands.
    rows["casework.choose_second_worker"] = Route("casework.assign", {"POST": 302}, scope=CASES, lands=True,
                                                  body=lambda user, version: {"worker_id": "", "version": str(version)})
    rows["api_casework.choose_second_worker"] = Route("casework.assign", {"POST": 200}, scope=CASES,
                                                      body=lambda user, version: {"worker_id": None, "version": version})
    # Transfers: the list, and answering one; no transfer waits in the matrix, so an answer is a 404 for everyone
    # who may answer (as for a case that does not exist); answering one is tested in test_transfers.py.
    rows["casework.transfers"] = Route("casework.transfer", {"GET": 200})
    rows["api_casework.list_transfers"] = Route("casework.transfer", {"GET": 200})
    answer = {"accept": True, "reason": "", "version": 1}
    rows["casework.answer_transfer"] = Route("casework.transfer", {"POST": 404}, values={"case_id": NO_TRANSFER},
                                             body={**answer, "accept": "true", "version": "1"})
    rows["api_casework.answer_transfer"] = Route("casework.transfer", {"POST": 404}, values={"case_id": NO_TRANSFER},
                                                 body=answer)
    return rows


PERMISSION = {"reassign": "casework.assign", "request_transfer": "casework.transfer"}
NO_TRANSFER = "0" * 32


@pytest.hookimpl
def pytest_exitfi_matrix_routes():
    return {
        # pages
        "casework.caseload": Route("casework.view_case", {"GET": 200}),
        "casework.new_case": Route("casework.open_case", {"GET": 200, "POST": 302}, lands=True, body=NEW_CASE),
        "casework.case": Route("casework.view_case", {"GET": 200}, scope=CASES),
        "casework.case_as_of": Route("casework.view_case", {"GET": 200}, scope=CASES, values={"date": "2026-11-01"}),
        "casework.record_meeting": Route("casework.record_meeting", {"POST": 302}, scope=CASES, lands=True,
                                         body=meeting_form),
        # API
        "api_casework.list_cases": Route("casework.view_case", {"GET": 200}),
        "api_casework.create_case": Route("casework.open_case", {"POST": 201}, body=NEW_CASE),
        "api_casework.get_case": Route("casework.view_case", {"GET": 200}, scope=CASES),
        "api_casework.add_meeting": Route("casework.record_meeting", {"POST": 201}, scope=CASES, body=meeting),
        **commands(),
        **assessment_rows(CASES),
        **plan_rows(CASES),
        **outcome_rows(CASES),
        **meeting_rows(CASES),
        **custody_rows(),
    }
