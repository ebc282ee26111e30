"""The referrals' rows of the authorization matrix, and how the matrix makes the referrals its routes name.

Decisions on a referral are sent with version 0, which no referral has, so an allowed user gets 409 (the guard
let the request through) and no cell changes what another meets; their successes are in test_api.py.
"""

from __future__ import annotations

import uuid

import pytest

from core.testing.matrix import Records, Route
from plugins.network.demo import demo_organisation_id
from plugins.network.domain import part_id
from plugins.referrals.incoming import service as incoming
from plugins.referrals.outgoing import service as outgoing
from plugins.referrals.queries import incoming_row, outgoing_row
from tests.plugins.casework.routes import CASES

SERVICE = part_id(uuid.UUID(demo_organisation_id(1, "Helsinki")), "service", 1).hex  # Helsinki's demo youth work
REFERRAL_IN = {"source": "police", "person": "Matti Matriisi", "concern": "The matrix asks.", "urgency": "soon",
               "person_knows": True, "person_consents": True, "referrer_contact": "Constable, 040 000 0000",
               "organisation": "Matrix police"}
REFERRAL_OUT = {"service_id": SERVICE, "purpose": "The matrix asks.", "items": ["identity"],
                "basis": "other_statutory", "provision": "Matrix Act 1/2026 s. 1"}


class Incoming(Records):
    """Referrals in recorded by the city's exit worker; the city's coordinator triages them all."""

    noun, key, city_wide = "referral in", "referral_id", True

    def create(self, world, city, assignee):
        worker = world.account(f"worker.{city}").actor()
        return incoming.receive_referral(world.store, worker, city, **REFERRAL_IN).hex

    def version(self, world, referral_id):
        row = incoming_row(world.store, referral_id)
        return row.version if row else 0


class Outgoing(Records):
    """Referrals out drafted on a case of the city assigned to the given exit worker."""

    noun, key = "referral out", "referral_id"

    def create(self, world, city, assignee):
        case_id = CASES.create(world, city, assignee)
        coordinator = world.account(f"coordinator.{city}").actor()
        service = SERVICE if city == "helsinki" else part_id(
            uuid.UUID(demo_organisation_id(1, city.capitalize())), "service", 1).hex
        return outgoing.draft_referral(world.store, coordinator, case_id, **{**REFERRAL_OUT,
                                                                             "service_id": service}).hex

    def version(self, world, referral_id):
        row = outgoing_row(world.store, referral_id)
        return row.version if row else 0


INCOMING, OUTGOING = Incoming(), Outgoing()


def page(body: dict):
    return lambda user, version: {k: (",".join(v) if isinstance(v, list) else "true" if v is True else v)
                                  for k, v in body.items()}


def stale(body: dict, form: bool):
    return {**body, "version": "0" if form else 0}


@pytest.hookimpl
def pytest_exitfi_matrix_routes():
    rows = {
        "referrals.queue": Route("referrals.triage", {"GET": 200}),
        "referrals.new_referral": Route("referrals.receive", {"GET": 200, "POST": 302}, lands=True,
                                        body=page(REFERRAL_IN)),
        "referrals.referral": Route("referrals.triage", {"GET": 200}, scope=INCOMING),
        "referrals.case_referrals": Route("referrals.refer_out", {"GET": 200}, scope=CASES),
        "referrals.referral_out": Route("referrals.refer_out", {"GET": 200}, scope=OUTGOING),
        "referrals.draft_referral": Route("referrals.refer_out", {"POST": 302}, scope=CASES, lands=True,
                                          body=page(REFERRAL_OUT)),
        "api_referrals.queue": Route("referrals.triage", {"GET": 200}),
        "api_referrals.receive": Route("referrals.receive", {"POST": 201}, body=REFERRAL_IN),
        "api_referrals.get_incoming": Route("referrals.triage", {"GET": 200}, scope=INCOMING),
        "api_referrals.list_outgoing": Route("referrals.refer_out", {"GET": 200}, scope=CASES),
        "api_referrals.draft": Route("referrals.refer_out", {"POST": 201}, scope=CASES, body=REFERRAL_OUT),
    }
    for name, body in (("accept", {"pseudonym": ""}), ("decline", {"reason": "The matrix asks."}),
                       ("refer_on", {"service_id": SERVICE, "reason": "The matrix asks."}),
                       ("feedback", {"told": "The matrix asks."})):
        rows[f"referrals.{name}"] = Route("referrals.triage", {"POST": 409}, scope=INCOMING, body=stale(body, True))
        rows[f"api_referrals.{name}"] = Route("referrals.triage", {"POST": 409}, scope=INCOMING,
                                              body=stale(body, False))
    for name, body in (("send", {}), ("answer", {"status": "received"}), ("withdraw", {"reason": "The matrix."})):
        rows[f"referrals.{name}"] = Route("referrals.refer_out", {"POST": 409}, scope=OUTGOING,
                                          body=stale(body, True))
        rows[f"api_referrals.{name}"] = Route("referrals.refer_out", {"POST": 409}, scope=OUTGOING,
                                              body=stale(body, False))
    return rows
