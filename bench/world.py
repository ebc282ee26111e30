"""What every unit of the generated data may need of the instance: its cities, their rules, staff and directory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bench.names import organisation_name
from core.demo import demo_actors
from core.events import Actor
from core.toolkit import by_name
from plugins.casework.kinds import kinds_of
from plugins.casework.options import follow_up_months
from plugins.casework.workflow import Workflow, workflow_of
from plugins.network.domain import organisation_id_for, part_id
from plugins.training import options as training_options

CITIES = ("helsinki", "turku", "oulu")
CASES_PER_WORKER = 60  # a worker takes the city's cases in turn, this many each; the demo worker has the first
NAMESPACE = uuid.UUID("2f7d0c1a-94be-4a4b-8a4e-3c5b1e6d9a20")  # of the generated clients' ids


@dataclass(frozen=True)
class City:
    """One city as the pages see it: its workflow, kinds, outcome measures, instrument and options."""

    slug: str
    name: str
    settings: object
    workflow: Workflow
    kinds: tuple[str, ...]
    measures: tuple
    instrument: object
    approval: bool
    follow_ups: tuple[int, ...]
    retention_months: int
    coordinator: Actor
    network_manager: Actor
    trainer: Actor

    def worker_for(self, number: int) -> Actor:
        """The exit worker of the city's case `number` (counted in the city, from 0)."""
        return Actor(worker_name(self.slug, number // CASES_PER_WORKER), "exit_worker", self.slug)


def worker_name(city: str, block: int) -> str:
    """The demo worker takes the first block of a city's cases; worker0001.CITY the next, and so on."""
    return f"worker.{city}" if block == 0 else f"worker{block:04d}.{city}"


def workers_needed(cases: int) -> int:
    """How many workers each city needs for `cases` cases in all (the demo worker among them)."""
    per_city = -(-cases // len(CITIES))
    return max(1, -(-per_city // CASES_PER_WORKER))


@dataclass(frozen=True)
class World:
    """The cities of the instance and the size of its network directory."""

    store: object
    cities: dict[str, City]
    organisations: int  # organisations in the directory, numbered from 0, city by turns
    seed: int
    big_contacts: int  # the contacts of each city's first case

    def city_of(self, number: int) -> City:
        return self.cities[CITIES[number % len(CITIES)]]

    def organisations_of(self, city: str) -> list[int]:
        index = CITIES.index(city)
        return [n for n in range(self.organisations) if n % len(CITIES) == index]

    def organisation_id(self, number: int) -> str:
        return organisation_id_for(organisation_name(number, self.city_of(number).name)).hex

    def service_id(self, number: int) -> str:
        """The first service of organisation `number` (its id follows from the organisation's)."""
        return part_id(uuid.UUID(self.organisation_id(number)), "service", 1).hex


def client_id_for(seed: int, case: int) -> uuid.UUID:
    """The client id of generated case `case`: the same in every run, so a case is found again on resuming."""
    return uuid.uuid5(NAMESPACE, f"{seed}:{case}")


def build_world(instance, organisations: int, seed: int, big_contacts: int) -> World:
    """The world of an opened instance whose cities are CITIES."""
    cities = {}
    for slug in CITIES:
        settings = instance.settings.cities[slug]
        hooks = instance.host.hook(slug)
        actors = demo_actors(slug)
        instruments = by_name(hooks.assessment_instruments(), "instrument")
        cities[slug] = City(
            slug, settings.name, settings, workflow_of(hooks), tuple(kinds_of(hooks).names),
            tuple(by_name(reversed(hooks.outcome_measures()), "outcome measure").values()),
            instruments["exit_pathways"], bool(settings.options.get("assessment_approval", False)),
            follow_up_months(settings), training_options.retention_months(settings),
            actors["coordinator"], actors["network_manager"], actors["trainer"])
    return World(instance.store, cities, organisations, seed, big_contacts)
