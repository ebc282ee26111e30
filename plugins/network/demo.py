"""Demonstration organisations of each city: invented names, invented people, example.org addresses."""

from __future__ import annotations

from datetime import date, timedelta

from core.toolkit import finnish_today
from plugins.network import service
from plugins.network.agreement import service as agreements
from plugins.network.meeting import service as meetings
from plugins.network.domain import organisation_id_for


# (name pattern, type, whether it joined the network, services: (name, category, eligibility, how to refer, languages))
ORGANISATIONS = (
    ("Nuorisopalvelut Kompassi ({city})", "local_authority", True, (
        ("Etsivä nuorisotyö", "youth_work", "Young people aged 15 to 29 outside school and work.",
         "Call the outreach team or ask the young person to drop in.", ("lang_fi", "lang_sv", "lang_en")),
        ("Opintopolku", "education", "Young adults who want to finish basic or vocational studies.",
         "Send the referral form with the young person's consent.", ("lang_fi", "lang_en")),
    )),
    ("Polku ry ({city})", "civil_society", True, (
        ("Vertaistukiryhmä", "mental_health", "Adults leaving a violent group, and their families.",
         "The person calls the group leader; an exit worker may come to the first meeting.", ("lang_fi", "lang_ar")),
        ("Perheiden ilta", "family_support", "Parents worried about a child's radicalisation.",
         "Email the family worker.", ("lang_fi", "lang_so", "lang_en")),
    )),
    ("Asuntopolku Oy ({city})", "service_provider", False, (
        ("Tukiasunnot", "housing", "Adults who need a home and support to live on their own.",
         "The social worker sends the housing application.", ("lang_fi", "lang_ru")),
    )),
)
# (name, role, phone, email) of invented people, one per organisation
CONTACTS = (
    ("Aino Esimerkki", "Outreach youth worker", "+358 40 000 0101", "aino.esimerkki@example.org"),
    ("Mikko Malli", "Family worker", "+358 40 000 0102", "mikko.malli@example.org"),
    ("Sara Testinen", "Housing counsellor", "", "sara.testinen@example.org"),
)


def demo_name(number: int, city_name: str) -> str:
    """The name of a city's n-th demo organisation (from 1)."""
    return ORGANISATIONS[number - 1][0].format(city=city_name)


def demo_organisation_id(number: int, city_name: str) -> str:
    """The id of a city's n-th demo organisation, known before the demo is made (the id follows from the name)."""
    return organisation_id_for(demo_name(number, city_name)).hex


def add_demo_directory(store, city, users) -> None:
    """Register the city's demo organisations with their services and a contact person each."""
    manager = users.get("network_manager") or users.get("coordinator")
    if manager is None:
        return
    for number, ((_, type, joins, offered), person) in enumerate(zip(ORGANISATIONS, CONTACTS), start=1):
        organisation_id = service.register_organisation(store, manager, demo_name(number, city.name), type,
                                                        [city.slug], [city.slug])
        for name, category, eligibility, how_to_refer, languages in offered:
            service.add_service(store, manager, organisation_id, name, category, [city.slug], eligibility,
                                how_to_refer, languages)
        name, role, phone, email = person
        service.add_contact(store, manager, organisation_id, name, role, phone, email, [city.slug])
        if joins:
            service.join_network(store, manager, organisation_id, date(2026, 3, number))


def demo_reference(city_slug: str, number: int) -> str:
    """The reference of a city's n-th demo agreement."""
    return f"{city_slug.upper()}-2026-{number}"


def add_demo_agreements(store, city, users) -> None:
    """A cooperation agreement that is up for renewal, and a data-sharing agreement that runs two more years."""
    manager = users.get("network_manager") or users.get("coordinator")
    if manager is None:
        return
    ids = [organisation_id_for(demo_name(n, city.name)).hex for n in (1, 2, 3)]
    today = finnish_today()
    agreements.conclude_agreement(store, manager, demo_reference(city.slug, 1), "cooperation",
                                  "Cooperation in exit work", city.slug, ids[:2], today - timedelta(days=700),
                                  today + timedelta(days=45), "", [city.slug], ids)
    agreements.conclude_agreement(store, manager, demo_reference(city.slug, 2), "data_sharing",
                                  "Sharing referral information", city.slug, ids[2:], today - timedelta(days=30),
                                  today + timedelta(days=730),
                                  "GDPR Art. 6(1)(e); the client's written consent for each referral", [city.slug], ids)


MEETING = "Network meeting on referrals"


def demo_meeting_held_on() -> date:
    return finnish_today() - timedelta(days=14)


def add_demo_meetings(store, city, users) -> None:
    """A network meeting held with outcomes and actions (one done), and a community dialogue event to come."""
    manager = users.get("network_manager") or users.get("coordinator")
    if manager is None:
        return
    ids = [organisation_id_for(demo_name(n, city.name)).hex for n in (1, 2, 3)]
    held = demo_meeting_held_on()
    meeting_id = meetings.record_meeting(store, manager, "network_meeting", MEETING, city.slug, held, ids,
                                         "How referrals to housing and youth work go; waiting times.",
                                         [city.slug], ids)
    meetings.record_outcomes(store, manager, meeting_id, "Housing answers referrals within two weeks from now on.",
                             finnish_today())
    meetings.agree_follow_up(store, manager, meeting_id, "Share the referral form with every member.", ids[0],
                             held + timedelta(days=7))
    meetings.agree_follow_up(store, manager, meeting_id, "Invite the schools to the next meeting.", "",
                             held + timedelta(days=30))
    meetings.mark_done(store, manager, meeting_id, 1)
    meetings.record_meeting(store, manager, "community_dialogue", "Evening of dialogue at the library", city.slug,
                            finnish_today() + timedelta(days=21), ids[1:2],
                            "Young people, their parents and the police talk about safety in the neighbourhood.",
                            [city.slug], ids)
