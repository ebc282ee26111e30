"""A demonstration prison pathway: an invented client serving a sentence, released in about forty days."""

from __future__ import annotations

from datetime import date, timedelta

from core.toolkit import finnish_today
from plugins.casework.custody import service

# (kind of task, owner organisation); each is due its kind's default offset from the release date
TASKS = (("housing_arranged", "Social services of {city}"), ("income_and_benefits", "Kela"),
         ("health_care_continuity", "Prison health care and {city} health services"),
         ("csa_supervision_contact", "Criminal Sanctions Agency, community sanctions office"),
         ("first_meeting_after_release", "EXIT {city}"))


def add_demo_custody(store, city, worker, case_id, today: date | None = None) -> None:
    """Put a demo case in custody with a release about forty days ahead and its handover tasks (the first due
    within two weeks), and the agency official who works with the client."""
    today = today or finnish_today()  # the programme's day, as the rules count it
    service.record_status(store, worker, case_id, "remand", today - timedelta(days=400), "Vantaa prison")
    service.record_status(store, worker, case_id, "serving_sentence", today - timedelta(days=300),
                          "Kylmäkoski prison, open unit")
    service.set_release_date(store, worker, case_id, today + timedelta(days=50))
    service.record_contact(store, worker, case_id, "Senja Esimerkki", "+358 29 000 0000",
                           "senja.esimerkki@example.invalid")
    for kind, owner in TASKS:
        service.add_task(store, worker, case_id, kind, owner.format(city=city.name))
    service.set_release_date(store, worker, case_id, today + timedelta(days=40))  # parole: the tasks move with it
