"""Before the cases: the demo users, the cities' exit workers and the network directory, each command skipped when
what it makes is already there (so that a second run adds only what the first did not)."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import date

from argon2 import PasswordHasher

from bench.generate.names import full_name, organisation_name
from bench.generate.world import CITIES, World, worker_name, workers_needed
from core.auth import passwords
from core.auth.service import find_account, register_user
from core.demo import NATIONAL_ROLES, ROLE_NAMES, SETUP_ACTOR, demo_actors, demo_password
from core.errors import NotFoundError
from plugins.network import service as network
from plugins.network.domain import ORGANISATION_TYPES, SERVICE_CATEGORIES

SERVICES = (("Outreach youth work", "Young people aged 15 to 29 outside school and work."),
            ("Supported housing", "Adults who need a home and support to live on their own."),
            ("Peer support group", "Adults leaving a violent group, and their families."),
            ("Study guidance", "Young adults who want to finish their studies."))


def add_users(world: World, cases: int, echo=lambda message: None) -> int:
    """Register the demo users (ROLE.CITY, ROLE.national) and the workers `cases` cases need; return the new ones."""
    store, password, added = world.store, demo_password(), 0
    wanted = [(a.user_id, f"Demo {short} ({world.cities[slug].name})", slug, a.role)
              for slug in CITIES for short, a in demo_actors(slug).items()]
    wanted += [(f"{short}.national", f"Demo {short}", None, ROLE_NAMES[short]) for short in NATIONAL_ROLES]
    for slug in CITIES:
        wanted += [(worker_name(slug, block), f"Worker {block} ({world.cities[slug].name})", slug, "exit_worker")
                   for block in range(1, workers_needed(cases))]
    with one_hash():
        for username, display, city, role in wanted:
            if find_account(store, username=username) is None:
                register_user(store, SETUP_ACTOR, username, display, password, city, roles=[role], language="fi")
                added += 1
                if added % 100 == 0:
                    echo(f"  {added} users registered")
    return added


class _OnceHasher(PasswordHasher):
    """The configured argon2 parameters, hashing each password once: every generated account has the demo password."""

    def hash(self, password, *, salt=None):
        if password not in self.made:
            self.made[password] = super().hash(password, salt=salt)
        return self.made[password]


@contextmanager
def one_hash():
    """Register accounts with one hash of the shared password (a hash takes a good part of a second, and 100,000
    cases need some 1,700 workers); a login still checks it with the configured parameters."""
    configured = passwords._hasher
    hasher = _OnceHasher(configured.time_cost, configured.memory_cost, configured.parallelism, configured.hash_len,
                         configured.salt_len, type=configured.type)
    hasher.made = {}
    passwords.use_hasher(hasher)
    try:
        yield
    finally:
        passwords.use_hasher(configured)


def add_organisation(world: World, number: int) -> None:
    """Organisation `number` of the directory: one to three services, a contact person, for most a membership."""
    store, city = world.store, world.city_of(number)
    rng = random.Random(f"{world.seed}:organisation:{number}")
    manager, organisation_id = city.network_manager, world.organisation_id(number)
    kind, offered = rng.choice(ORGANISATION_TYPES), rng.sample(SERVICES, rng.randint(1, 3))
    contact, joins = full_name(rng), rng.random() < 0.6
    categories = [rng.choice(SERVICE_CATEGORIES) for _ in offered]
    try:
        organisation = store.get(organisation_id)
    except NotFoundError:
        network.register_organisation(store, manager, organisation_name(number, city.name), kind, [city.slug], CITIES)
        organisation = store.get(organisation_id)
    for index, ((name, eligibility), category) in enumerate(zip(offered, categories), start=1):
        if organisation.services_added < index:
            network.add_service(store, manager, organisation_id, name, category, [city.slug], eligibility,
                                "Call the service or send the referral form.", ["lang_fi", "lang_en"])
    if organisation.contacts_added < 1:
        network.add_contact(store, manager, organisation_id, contact, "Coordinator", "+358 40 000 0100",
                            f"contact{number}@example.org", [city.slug])
    if joins and not store.get(organisation_id).member:
        network.join_network(store, manager, organisation_id, date(2024, 1 + number % 12, 1 + number % 28))


def add_directory(world: World, progress=lambda number: None) -> None:
    """Every organisation of the directory, in order."""
    for number in range(world.organisations):
        add_organisation(world, number)
        progress(number)

