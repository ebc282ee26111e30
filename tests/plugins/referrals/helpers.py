"""What the referrals' tests share: a store with the read models they touch, and a directory to refer to."""

from __future__ import annotations

from datetime import date, timedelta

from core.events import Actor
from core.toolkit import finnish_today
from plugins.casework import service as cases
from plugins.casework.meetings.projections import AgencyMeetingList
from plugins.casework.projections import CaseList
from plugins.network import service as network
from plugins.network.projections import Directory
from plugins.referrals.incoming import service as incoming
from plugins.referrals.incoming.projections import IncomingList
from plugins.referrals.outgoing.projections import OutgoingList
from plugins.referrals.statistics import ReferralStatistics

CITIES = ("helsinki", "turku", "oulu")
MANAGER = Actor("network_manager.helsinki", "network_manager", "helsinki")
HOUSING = "Asuntopolku ry"
IN = {"source": "police", "person": "Kaarlo Kuvitteellinen", "concern": "Shares extremist material at school.",
      "urgency": "soon", "person_knows": True, "person_consents": True,
      "referrer_contact": "Constable Testi, 0401234567", "organisation": "Helsingin poliisi"}


def projections():
    return [CaseList(), AgencyMeetingList(), Directory(), IncomingList(), OutgoingList(), ReferralStatistics()]


def past(days: int = 1) -> date:
    return finnish_today() - timedelta(days=days)


def housing_service(store, city: str = "helsinki") -> str:
    """A housing service of the directory in the city; return its id (hex)."""
    organisation_id = network.register_organisation(store, MANAGER, HOUSING, "civil_society", [city], CITIES)
    return network.add_service(store, MANAGER, organisation_id, "Asunto ensin", "housing", [city],
                               "Adults without a home.", "Call the intake line.", ["lang_fi"]).hex


def referral_in(store, actor, **change):
    return incoming.receive_referral(store, actor, actor.city, **{**IN, **change})


def open_case(store, coordinator, worker):
    case_id = cases.open_case(store, coordinator, coordinator.city, "individual", "Lumi", "phone")
    cases.assign_worker(store, coordinator, case_id, worker.user_id)
    return case_id
