"""Demo data for the three pilot cities: refused in production."""

from __future__ import annotations

import os

from core.errors import StartupError
from core.events import Actor

CITY_ROLES = ("worker", "coordinator", "trainer", "network_manager", "administrator")
NATIONAL_ROLES = ("national_coordinator", "auditor", "data_protection_officer")
ROLE_NAMES = {
    "worker": "exit_worker",
    "coordinator": "city_coordinator",
    "trainer": "trainer",
    "network_manager": "network_manager",
    "administrator": "administrator",
    "national_coordinator": "national_coordinator",
    "auditor": "auditor",
    "data_protection_officer": "data_protection_officer",
}


def demo_password() -> str:
    """The demo users' password: EXITFI_DEMO_PASSWORD, or a fixed one for local demos."""
    return os.environ.get("EXITFI_DEMO_PASSWORD") or "demo-exit-2026"


def demo_actors(city_slug: str) -> dict[str, Actor]:
    """The demo actors of one city, named ROLE.CITY."""
    return {short: Actor(f"{short}.{city_slug}", ROLE_NAMES[short], city_slug) for short in CITY_ROLES}


SETUP_ACTOR = Actor("setup.demo", "administrator", None)


def load_demo(instance, echo=print) -> None:
    """Create demo users ROLE.CITY and ROLE.national, then ask every city's plugins for demo data."""
    from core.auth.service import find_account, register_user
    from core.follower import catch_up
    if instance.settings.is_production:
        raise StartupError("this instance is configured as production; demo users and data are refused")
    store = instance.store
    with store.reading():
        if store.recorder.max_notification_id():
            echo("demo data: the store already has events; nothing added")
            if find_account(store, username=f"worker.{next(iter(instance.settings.cities))}"):
                print_logins(instance, echo)
            return
    password = demo_password()
    for slug, city in instance.settings.cities.items():
        for short, actor in demo_actors(slug).items():
            register_user(store, SETUP_ACTOR, actor.user_id, f"Demo {short} ({city.name})", password,
                          slug, roles=[actor.role], language=city.language)
    for short in NATIONAL_ROLES:
        register_user(store, SETUP_ACTOR, f"{short}.national", f"Demo {short}", password, None,
                      roles=[ROLE_NAMES[short]], language="fi")
    for slug, city in instance.settings.cities.items():
        hooks = instance.host.hook(slug)
        hooks.demo_data(store=store, city=city, users=demo_actors(slug), hooks=hooks)
        echo(f"demo data added for {city.name}")
    add_demo_erasure_request(instance)
    catch_up(store)  # the followers' figures show the demo at once, before any follower runs
    print_logins(instance, echo)


def add_demo_erasure_request(instance) -> None:
    """One erasure request, refused because the person's retention period still runs, for the auditor's page."""
    from datetime import date

    from core.erasure_requests import request_erasure
    from core.days import finnish_today
    from core.retention import due, holds
    store, host, settings, today = instance.store, instance.host, instance.settings, finnish_today()
    some_day = date(today.year + 100, 1, 1)  # everyone the plugins keep for a while is due by then
    for person_id in due(store, host, settings, some_day):
        if holds(store, host, settings, person_id, today):
            request_erasure(store, host, settings, Actor("auditor.national", "auditor"), person_id,
                            "the person themself, by letter", today, "auditor.national", today=today)
            return


def print_logins(instance, echo) -> None:
    """Say how to sign in to the demo."""
    echo(f"demo users (password: {demo_password()}):")
    for slug in instance.settings.cities:
        echo("  " + "  ".join(f"{short}.{slug}" for short in CITY_ROLES))
    echo("  " + "  ".join(f"{short}.national" for short in NATIONAL_ROLES))


def active_demo_accounts(store) -> list[str]:
    """The usernames of active accounts that the demo set-up registered."""
    from core.auth.service import list_accounts
    found = []
    # Only names the demo gives (ROLE.CITY, ROLE.national) are looked up in the log: start-up stays cheap.
    for account in list_accounts(store):
        if account.active and account.username.split(".")[0] in (*CITY_ROLES, *NATIONAL_ROLES):
            first = next(iter(store.events.get(account.user_id, lte=1)), None)
            if first is not None and first.meta.actor_id == SETUP_ACTOR.user_id:
                found.append(account.username)
    return found
