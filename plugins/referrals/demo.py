"""Demonstration referrals of each city: invented people and organisations, never real ones."""

from __future__ import annotations

from datetime import timedelta

from core.toolkit import finnish_today
from plugins.casework import api as casework
from plugins.network import api as network
from plugins.referrals.incoming import service as incoming
from plugins.referrals.outgoing import service as outgoing

# (source, urgency, days ago, person, concern, referrer's contact, knows and consents)
REFERRALS_IN = (
    ("police", "urgent", 2, "Veikko Vertaus", "Posts threats against a mosque in a closed chat group.",
     "Komisario Kuvitelma, +358 40 000 0201", True),
    ("school", "soon", 9, "Nella Näyte", "A pupil shares a violent group's leaflets and wants to leave it.",
     "Opettaja Olematon, olematon@example.org", True),
    ("family_member", "routine", 20, "Aaro Aihio", "His mother says he has cut off his old friends.",
     "Äiti, +358 40 000 0202", False),
    ("social_services", "soon", 30, "Iida Idea", "Asks for help to leave the group she lives with.",
     "Sosiaalityöntekijä Simulaatio, simulaatio@example.org", True),
)


def add_demo_referrals(store, city, users) -> None:
    """Four referrals in (two waiting, one declined with feedback, one referred on to a service of the directory)
    and two referrals out from a case in support: one completed, one waiting past its answer day."""
    coordinator, worker = users.get("coordinator"), users.get("worker")
    if coordinator is None or worker is None:
        return
    today = finnish_today()
    organisations = network.organisations(store, city.slug)
    services = network.services(store, city=city.slug)
    ids = []
    for number, (source, urgency, days, person, concern, contact, consents) in enumerate(REFERRALS_IN):
        organisation = organisations[number % len(organisations)] if organisations and number < 2 else None
        ids.append(incoming.receive_referral(
            store, worker, city.slug, source, person, concern, urgency, consents, consents, contact,
            organisation_id=organisation.organisation_id if organisation else None,
            contact_id=organisation.contact_ids[0] if organisation and organisation.contact_ids else None,
            organisation=None if organisation or source == "family_member" else f"Sosiaalipalvelut ({city.name})",
            received_on=today - timedelta(days=days)))
    incoming.decline_referral(store, coordinator, ids[2], "He does not want contact now; the family was given "
                                                          "the family support line.")
    incoming.give_feedback(store, coordinator, ids[2], "Told his mother we cannot start without him.", today)
    if services:
        incoming.refer_on(store, coordinator, ids[3], services[-1].service_id,
                          "She first needs a home of her own; the housing service takes it from here.")
        incoming.give_feedback(store, coordinator, ids[3], "Told the social worker where she was referred.", today)
    in_support = [c for c in casework.open_cases(store, city.slug)
                  if c["phase"] in ("support_plan", "active_support", "reintegration")]
    if len(services) < 2 or not in_support:
        return
    case = in_support[0]
    actor = worker if case["worker_id"] == worker.user_id else coordinator
    done = outgoing.draft_referral(store, actor, case["case_id"], services[-1].service_id,
                                   "Needs a home away from the group's flat.", ["identity", "contact_details"],
                                   "other_statutory", "Social Welfare Act 1301/2014 s. 41")
    outgoing.send_referral(store, actor, done, on=today - timedelta(days=25))
    outgoing.answer_referral(store, actor, done, "accepted", on=today - timedelta(days=20),
                             feedback="A flat is offered from next month.")
    outgoing.answer_referral(store, actor, done, "completed", on=today - timedelta(days=2),
                             feedback="Moved in.")
    waiting = outgoing.draft_referral(store, actor, case["case_id"], services[0].service_id,
                                      "Wants to finish vocational studies.", ["identity", "case_phase"],
                                      "other_statutory", "Social Welfare Act 1301/2014 s. 41")
    outgoing.send_referral(store, actor, waiting, on=today - timedelta(days=18))
