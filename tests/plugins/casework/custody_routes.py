"""The prison-pathway and safety routes' rows of the authorization matrix (joined to casework's in routes.py)."""

from __future__ import annotations

from datetime import date

from core.testing.matrix import Records, Route
from plugins.casework import service as cases
from plugins.casework.custody import service as custody
from plugins.casework.custody.queries import custody_row
from plugins.casework.safety.queries import safety_row


class CustodyCases(Records):
    """Cases of a client serving a sentence since 2026-01-01, released on 2027-01-01, assigned to the given worker."""

    noun, key = "case in custody", "case_id"

    def create(self, world, city, assignee):
        coordinator = world.account(f"coordinator.{city}").actor()
        case_id = cases.open_case(world.store, coordinator, city, "individual", "Matriisi", "agency")
        cases.assign_worker(world.store, coordinator, case_id, assignee)
        custody.record_status(world.store, coordinator, case_id, "serving_sentence", date(2026, 1, 1), "Matrix prison")
        custody.set_release_date(world.store, coordinator, case_id, date(2027, 1, 1))
        return case_id.hex

    def version(self, world, case_id):
        row = custody_row(world.store, case_id)
        return row.version if row else 0


class SafetyCases(Records):
    """Cases assigned to the given worker; their safety record starts with the first write."""

    noun, key = "case", "case_id"

    def create(self, world, city, assignee):
        coordinator = world.account(f"coordinator.{city}").actor()
        case_id = cases.open_case(world.store, coordinator, city, "family", "Matriisi", "family")
        cases.assign_worker(world.store, coordinator, case_id, assignee)
        return case_id.hex

    def version(self, world, case_id):
        row = safety_row(world.store, case_id)
        return row.version if row else 0


IN_CUSTODY, SAFETY = CustodyCases(), SafetyCases()


def body(fields: dict):
    """A body for the page (form strings) or the API (JSON), with the record's current version."""
    def page(user, version):
        return {**{k: str(v) for k, v in fields.items()}, "version": str(version)}

    def api(user, version):
        return {**fields, "version": version}
    return page, api


# Bodies that always land on the matrix's records, whatever ran before: the same status from the same day, the
# same release date, a new task with its own day, a plan reviewed on the same day, one more escalation.
LANDS = {
    "casework_custody": {
        "record_status": {"status": "serving_sentence", "since": "2026-01-01", "prison": "Matrix prison"},
        "set_release_date": {"expected_on": "2027-01-01"},
        "record_contact": {"name": "Matti Matriisi", "phone": "+358 29 000 0000"},
        "add_task": {"kind": "other_task", "owner": "Parish youth work", "due_on": "2026-12-01"},
    },
    "casework_safety": {
        "revise_plan": {"measures": "No meetings in the old neighbourhood.", "reviewed_on": "2026-11-01"},
        "escalate": {"recipient": "police", "escalated_on": "2026-11-02", "legal_basis": "imminent_danger",
                     "prompted_by": "A threat by phone."},
    },
}
# Bodies the domain always refuses, so that no cell changes what another meets (422 for an allowed user): a
# release before the custody began, a task and an escalation that do not exist. Their successes are tested in
# test_custody_web.py and test_safety_web.py.
REFUSED = {
    "casework_custody": {
        "record_release": {"released_on": "2000-01-01"},
        "complete_task": {"task": 999, "done_on": "2026-12-01"},
    },
    "casework_safety": {
        "acknowledge": {"escalation": 999},
    },
}
PERMISSION = {"acknowledge": "casework.acknowledge_escalation"}


def custody_rows() -> dict:
    rows = {
        "casework_custody.custody": Route("casework.view_case", {"GET": 200}, scope=IN_CUSTODY),
        "api_casework_custody.get_custody": Route("casework.view_case", {"GET": 200}, scope=IN_CUSTODY),
        "casework_safety.safety": Route("casework.view_case", {"GET": 200}, scope=SAFETY),
        "api_casework_safety.get_safety": Route("casework.view_case", {"GET": 200}, scope=SAFETY),
        "api_casework_safety.waiting_escalations": Route("casework.acknowledge_escalation", {"GET": 200}),
    }
    for page_status, api_status, given in ((302, 200, LANDS), (422, 422, REFUSED)):
        for blueprint, commands in given.items():
            scope = IN_CUSTODY if blueprint == "casework_custody" else SAFETY
            for name, fields in commands.items():
                page, api = body(fields)
                permission = PERMISSION.get(name, "casework.manage_case")
                rows[f"{blueprint}.{name}"] = Route(permission, {"POST": page_status}, scope=scope,
                                                    lands=page_status == 302, body=page)
                rows[f"api_{blueprint}.{name}"] = Route(permission, {"POST": api_status}, scope=scope, body=api)
    return rows
