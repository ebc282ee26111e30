"""Generated training session `number`: asked for by an organisation or planned by the trainer, with participants,
their attendance and, from about half of them, feedback."""

from __future__ import annotations

import random
from datetime import timedelta

from bench.generate.cases import FIRST_DAY, LAST_DAY
from bench.generate.names import full_name, word_for
from bench.generate.steps import Step, created_after
from bench.generate.world import World
from plugins.training import service as training
from plugins.training.domain import SECTORS, TrainingRequest, TrainingSession

TITLES = ("Recognising violent extremism", "Exit work for first-line practitioners", "Talking with young people",
          "Referring a person to exit work")
ROLES = ("teacher", "youth worker", "nurse", "social worker", "police officer", "study counsellor")


def training_steps(world: World, number: int) -> list[Step]:
    """The commands of generated training session `number`, in order."""
    rng = random.Random(f"{world.seed}:training:{number}")
    store, city = world.store, world.city_of(number)
    trainer, asker = city.trainer, city.worker_for(0)
    held_on = FIRST_DAY + timedelta(days=rng.randrange(0, (LAST_DAY - FIRST_DAY).days - 2))
    title = f"{rng.choice(TITLES)} ({word_for(number)})"
    organisation, sector = f"{word_for(number)} School", rng.choice(SECTORS)
    capacity = rng.randint(8, 24)
    plan = {"title": title, "held_on": held_on, "format": rng.choice(("in_person", "online")),
            "duration_minutes": rng.choice((90, 180, 360)), "topics": ["signs of radicalisation", "exit work"],
            "level": rng.choice(("introductory", "intermediate")), "trainers": [trainer.user_id],
            "capacity": capacity, "funding_line": "Programme grant", "materials": "Slides and a case exercise."}
    steps = []
    if rng.random() < 0.4:
        steps.append(Step(lambda c: training.make_request(store, asker, city.slug, organisation, sector, "training",
                                                          "Staff ask how to recognise violent extremism.", "staff"),
                          creates="request", find=lambda c, p: created_after(
                              store, p, TrainingRequest,
                              lambda r: r.city == city.slug and r.organisation == organisation)))
        steps.append(Step(lambda c: training.schedule_request(store, trainer, c["request"], city.retention_months,
                                                              **plan), creates="session"))
    else:
        steps.append(Step(lambda c: training.plan_session(store, trainer, city.slug, city.retention_months, **plan),
                          creates="session", find=lambda c, p: created_after(
                              store, p, TrainingSession, lambda s: s.city == city.slug and s.title == title)))
    seats = rng.randint(capacity // 2, capacity)
    for _ in range(seats):
        name = full_name(rng) if rng.random() < 0.7 else ""
        role = rng.choice(ROLES)
        steps.append(Step(lambda c, n=name, r=role: training.register(
            store, trainer, c["session"], organisation, sector, r, n, "", today=held_on - timedelta(days=7))))
    for seat in range(seats):
        attended = rng.random() < 0.85
        steps.append(Step(lambda c, s=seat, a=attended: training.mark_attendance(
            store, trainer, c["session"], _participant(store, c["session"], s), a)))
        if attended and rng.random() < 0.5:
            scores = (rng.randint(3, 5), rng.randint(1, 3), rng.randint(3, 5))
            steps.append(Step(lambda c, s=seat, x=scores: training.give_feedback(
                store, city.slug, c["session"], _participant(store, c["session"], s), *x, "",
                today=held_on + timedelta(days=1))))
    return steps


def _participant(store, session_id: str, seat: int):
    """The participant registered `seat`-th (from 0): the pages know them by the id registration gave."""
    return list(store.get(session_id).participants)[seat]
