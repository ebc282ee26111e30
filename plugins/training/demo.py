"""Demonstration training: invented organisations and people, a request, an upcoming session with a waiting list,
and a session held a month ago with attendance and feedback."""

from __future__ import annotations

from datetime import timedelta

from core.toolkit import finnish_today
from plugins.training import options, service

PLAN = {"format": "in_person", "duration_minutes": 180, "level": "introductory", "capacity": 4,
        "funding_line": "Demo programme grant", "materials": "Slides and a case exercise (demo)."}
# (organisation, sector, role, name): the names are invented; some participants give none
UPCOMING = (
    ("Kivikylä Youth Centre", "youth_work", "youth worker", "Aino Demola"),
    ("Kivikylä Youth Centre", "youth_work", "youth worker", ""),
    ("Harjula School", "education", "teacher", "Veikko Keksitty"),
    ("Harjula School", "education", "school social worker", ""),
    ("Demo District Police", "police", "community police officer", "Liisa Kuvitelma"),
)
HELD = (
    ("Harjula School", "education", "teacher"),
    ("Harjula School", "education", "study counsellor"),
    ("Demo Health Station", "health_care", "nurse"),
    ("Demo Health Station", "health_care", "psychologist"),
    ("Kivikylä Youth Centre", "youth_work", "youth worker"),
    ("Demo Social Services", "social_services", "social worker"),
)
# (usefulness, knowledge before, knowledge after, comments)
ANSWERS = ((5, 2, 4, "The case exercise was the most useful part."), (4, 2, 3, ""), (4, 1, 3, "More time to talk."),
           (5, 3, 4, ""), (3, 2, 3, "Some of it I knew already."))


def add_demo_training(store, city, users) -> None:
    """Give the city a request, an upcoming session with a waiting list and a held session with feedback."""
    trainer, worker = users.get("trainer"), users.get("worker")
    if trainer is None or worker is None:
        return
    today, months = finnish_today(), options.retention_months(city)
    service.make_request(store, worker, city.slug, "Harjula School", "education", "training",
                         "Teachers ask how to recognise and talk about violent extremism with pupils.",
                         "teachers of grades 7-9", "a Wednesday afternoon in the spring term")
    asked = service.make_request(store, worker, city.slug, "Kivikylä Youth Centre", "youth_work",
                                 "practical_support", "A youth worker is worried about a group's online talk.",
                                 "the youth centre's team", "within a month")
    upcoming = service.schedule_request(
        store, trainer, asked, months, title="Recognising violent extremism in youth work",
        held_on=today + timedelta(days=21), topics=["signs of radicalisation", "talking with young people"],
        trainers=[trainer.user_id], **PLAN)
    for organisation, sector, role, name in UPCOMING:  # five for four seats: one waits
        service.register(store, trainer, upcoming, organisation, sector, role, name,
                         f"{name.split()[0].lower()}@example.org" if name else "")
    held_on = today - timedelta(days=30)
    held = service.plan_session(store, trainer, city.slug, months, title="Exit work for first-line practitioners",
                                held_on=held_on, topics=["what exit work is", "referring a person"],
                                trainers=[trainer.user_id], **{**PLAN, "capacity": 12, "level": "intermediate"})
    seats = [service.register(store, trainer, held, *person, today=held_on - timedelta(days=7))[0]
             for person in HELD]
    for index, participant_id in enumerate(seats):
        service.mark_attendance(store, trainer, held, participant_id, index < len(ANSWERS))
    for participant_id, answer in zip(seats, ANSWERS):
        service.give_feedback(store, city.slug, held, participant_id, *answer)
    if "casework" in city.plugins:  # the instrument casework offers every city
        service.record_instrument_training(store, trainer, worker.user_id, city.slug, "exit_pathways",
                                           held_on, {"exit_pathways"}, {worker.user_id})
