"""The network's rows of the authorization matrix.

The directory is national: every staff role reads every organisation, and the organisations, their contact
persons and services are kept jointly by the network managers and coordinators of every city (an organisation
covers several cities, and one register serves every city's referrals), so their routes name no record the
matrix scopes by city or caseload and there is no other-city cell to check; they name Helsinki's first demo
organisation, its first contact person and its first service, whose ids follow from the organisation's name.
Agreements and meetings are a city programme's own: every staff role reads them (the organisation's page lists
them all), but only the city's own managers change them, so their changes are scoped by `Agreements` and
`Meetings` (city-wide records: own city allowed, another city's and a missing one 404, national roles 403).
Adding a contact or a service always lands; every change is sent with version 0, which no record has, so an
allowed user gets 409 (the guard let the request through) and no cell changes what another meets. The changes'
successes are in test_web.py, test_rest.py, test_agreements.py and test_meetings.py.
"""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest

from core.testing.matrix import Records, Route
from plugins.network.agreement import service as agreement_service
from plugins.network.agreement.domain import agreement_id_for
from plugins.network.agreement.queries import agreement_row
from plugins.network.demo import MEETING, demo_meeting_held_on, demo_organisation_id, demo_reference
from plugins.network.domain import part_id
from plugins.network.meeting import service as meeting_service
from plugins.network.meeting.domain import meeting_id_for
from plugins.network.meeting.queries import meeting_row
from plugins.network.queries import organisation_list

ORGANISATION = demo_organisation_id(1, "Helsinki")
CONTACT = part_id(uuid.UUID(ORGANISATION), "contact", 1).hex
SERVICE = part_id(uuid.UUID(ORGANISATION), "service", 1).hex
AT_ORGANISATION = {"organisation_id": ORGANISATION}
AT_CONTACT = {**AT_ORGANISATION, "contact_id": CONTACT}
AT_SERVICE = {**AT_ORGANISATION, "service_id": SERVICE}
AT_MEETING = {"meeting_id": meeting_id_for("helsinki", demo_meeting_held_on(), MEETING).hex}
AT_AGREEMENT = {"agreement_id": agreement_id_for(demo_reference("helsinki", 1)).hex}


class Agreements(Records):
    """An agreement concluded by the city's network manager with Helsinki's first demo organisation."""

    noun, key, city_wide = "agreement", "agreement_id", True

    def create(self, world, city, assignee):
        manager = world.account(f"network_manager.{city}").actor()
        known = [r.organisation_id for r in organisation_list(world.store)]
        return agreement_service.conclude_agreement(
            world.store, manager, f"MATRIX-{uuid.uuid4().hex[:12]}", "cooperation", "Matrix cooperation", city,
            [ORGANISATION], date(2026, 1, 1), date(2027, 1, 1), "", (city,), known).hex

    def version(self, world, agreement_id):
        row = agreement_row(world.store, agreement_id)
        return row.version if row else 0


class Meetings(Records):
    """A meeting recorded by the city's network manager, attended by Helsinki's first demo organisation."""

    noun, key, city_wide = "meeting", "meeting_id", True

    def create(self, world, city, assignee):
        manager = world.account(f"network_manager.{city}").actor()
        known = [r.organisation_id for r in organisation_list(world.store)]
        return meeting_service.record_meeting(
            world.store, manager, "network_meeting", f"Matrix meeting {uuid.uuid4().hex[:8]}", city,
            date(2026, 11, 2), [ORGANISATION], "Who may do what.", (city,), known).hex

    def version(self, world, meeting_id):
        row = meeting_row(world.store, meeting_id)
        return row.version if row else 0


AGREEMENTS, MEETINGS = Agreements(), Meetings()
SERVICE_BODY = {"name": "Matriisipaja", "category": "employment", "cities": ["helsinki"],
                "eligibility": "Adults.", "how_to_refer": "By phone.", "languages": ["lang_fi"]}
CONTACT_BODY = {"name": "Matti Matriisi", "role": "Lead", "phone": "", "email": "matti@example.org",
                "cities": ["helsinki"]}
STALE = {
    "describe_organisation": {"name": "Nuorisopalvelut Kompassi (Helsinki)", "type": "local_authority",
                              "cities": ["helsinki"]},
    "change_membership": {"action": "leave", "on": "2026-06-01", "reason": "The matrix asks."},
    "change_status": {"status": "inactive", "reason": "The matrix asks."},
    "change_contact": CONTACT_BODY,
    "remove_contact": {},
    "change_service": SERVICE_BODY,
    "withdraw_service": {"reason": "The matrix asks."},
}
WHERE = {"change_contact": AT_CONTACT, "remove_contact": AT_CONTACT, "change_service": AT_SERVICE,
         "withdraw_service": AT_SERVICE}


def new_service(user: str, version: int) -> dict:
    """A name no cell used before: an organisation offers a service of a name once."""
    return {**SERVICE_BODY, "name": f"Matriisipaja {uuid.uuid4().hex[:8]}"}


def new_agreement(user: str, version: int) -> dict:
    """A reference no cell used before: a reference is filed once."""
    return {"reference": f"MATRIX-{uuid.uuid4().hex[:12]}", "kind": "cooperation", "title": "Matrix cooperation",
            "city": "helsinki", "parties": [ORGANISATION], "starts_on": "2026-01-01", "ends_on": "2027-01-01"}


def new_agreement_form(user: str, version: int) -> dict:
    return new_agreement(user, version)


def new_meeting(user: str, version: int) -> dict:
    """A title no cell used before: one meeting of a title in a city a day."""
    return {"kind": "network_meeting", "title": f"Matrix meeting {uuid.uuid4().hex[:8]}", "city": "helsinki",
            "held_on": "2026-11-02", "attending": [ORGANISATION], "topics": "Who may do what."}


def new_organisation(user: str, version: int) -> dict:
    """A name no cell used before: a name is registered once."""
    return {"name": f"Matriisi {user} {uuid.uuid4().hex[:8]}", "type": "other", "cities": ["helsinki"]}


def broken_file(user: str, version: int) -> dict:
    return {"file": (io.BytesIO(b"name,type\nMatriisi,other\n"), "matrix.csv")}


def stale(command: str, page: bool):
    def body(user: str, version: int) -> dict:
        return {**STALE[command], "version": "0" if page else 0}
    return body


@pytest.hookimpl
def pytest_exitfi_matrix_routes():
    rows = {
        # pages
        "network.directory": Route("network.view", {"GET": 200}),
        "network.organisations": Route("network.view", {"GET": 200}),
        "network.new_organisation": Route("network.manage", {"GET": 200, "POST": 302}, lands=True,
                                          body=new_organisation),
        "network.organisation": Route("network.view", {"GET": 200}, values=AT_ORGANISATION),
        "network.contact": Route("network.view", {"GET": 200}, values=AT_CONTACT),
        "network.service_page": Route("network.view", {"GET": 200}, values=AT_SERVICE),
        "network.add_contact": Route("network.manage", {"POST": 302}, values=AT_ORGANISATION, lands=True,
                                     body=CONTACT_BODY),
        "network.add_service": Route("network.manage", {"POST": 302}, values=AT_ORGANISATION, lands=True,
                                     body=new_service),
        "network.export_directory": Route("network.view", {"GET": 200}),
        # a file with a wrong header: refused (422) for everyone allowed; the import's success is in test_csv.py
        "network.import_directory": Route("network.manage", {"GET": 200, "POST": 422}, body=broken_file),
        # API
        "api_network.list_services": Route("network.view", {"GET": 200}),
        "api_network.get_service": Route("network.view", {"GET": 200}, values={"service_id": SERVICE}),
        "api_network.list_organisations": Route("network.view", {"GET": 200}),
        "api_network.register_organisation": Route("network.manage", {"POST": 201}, body=new_organisation),
        "api_network.get_organisation": Route("network.view", {"GET": 200}, values=AT_ORGANISATION),
        "api_network.add_contact": Route("network.manage", {"POST": 201}, values=AT_ORGANISATION,
                                         body=CONTACT_BODY),
        "api_network.add_service": Route("network.manage", {"POST": 201}, values=AT_ORGANISATION,
                                         body=new_service),
    }
    rows.update({
        "network_agreement.agreements": Route("network.view", {"GET": 200}),
        "network_agreement.conclude_agreement": Route("network.manage", {"POST": 302}, lands=True,
                                                      body=new_agreement_form),
        "network_agreement.agreement": Route("network.view", {"GET": 200}, values=AT_AGREEMENT),
        "api_network_agreement.list_agreements": Route("network.view", {"GET": 200}),
        "api_network_agreement.conclude_agreement": Route("network.manage", {"POST": 201}, body=new_agreement),
        "api_network_agreement.get_agreement": Route("network.view", {"GET": 200}, values=AT_AGREEMENT),
    })
    for command, body in (("renew_agreement", {"ends_on": "2040-01-01"}),
                          ("terminate_agreement", {"on": "2026-06-01", "reason": "The matrix asks."})):
        rows[f"network_agreement.{command}"] = Route("network.manage", {"POST": 409}, scope=AGREEMENTS,
                                                     body={**body, "version": "0"})
        rows[f"api_network_agreement.{command}"] = Route("network.manage", {"POST": 409}, scope=AGREEMENTS,
                                                         body={**body, "version": 0})
    rows.update({
        "network_meeting.meetings": Route("network.view", {"GET": 200}),
        "network_meeting.record_meeting": Route("network.manage", {"POST": 302}, lands=True, body=new_meeting),
        "network_meeting.meeting": Route("network.view", {"GET": 200}, values=AT_MEETING),
        "api_network_meeting.list_meetings": Route("network.view", {"GET": 200}),
        "api_network_meeting.record_meeting": Route("network.manage", {"POST": 201}, body=new_meeting),
        "api_network_meeting.get_meeting": Route("network.view", {"GET": 200}, values=AT_MEETING),
    })
    for command, body in (("record_outcomes", {"outcomes": "The matrix asks."}),
                          ("agree_follow_up", {"action": "Ask again.", "due_on": "2040-01-01"}),
                          ("mark_done", {"number": 2})):
        rows[f"network_meeting.{command}"] = Route("network.manage", {"POST": 409}, scope=MEETINGS,
                                                   body={**body, "number": "2", "version": "0"}
                                                   if command == "mark_done" else {**body, "version": "0"})
        rows[f"api_network_meeting.{command}"] = Route("network.manage", {"POST": 409}, scope=MEETINGS,
                                                       body={**body, "version": 0})
    for command in STALE:
        where = WHERE.get(command, AT_ORGANISATION)
        rows[f"network.{command}"] = Route("network.manage", {"POST": 409}, values=where, body=stale(command, True))
        rows[f"api_network.{command}"] = Route("network.manage", {"POST": 409}, values=where,
                                               body=stale(command, False))
    return rows
