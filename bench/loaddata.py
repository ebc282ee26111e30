"""The instance bench.load serves: built here (a real instance folder, migrations, demo users, cases in bulk, one
case with a long timeline, a triage queue), or one already generated, read through `targets_of`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy

from bench.measure import BenchError
from bench.scale import analyze, counts, load_cases, make_case
from core.config import CONFIG_NAME, init_instance, load_settings
from core.days import finnish_today
from core.demo import demo_actors, demo_password, load_demo
from core.instance import open_instance
from plugins.casework.domain import MEETING_MODES, MISSED_REASONS
from plugins.casework.projections import cases as case_list
from plugins.referrals.incoming import service as incoming
from plugins.referrals.incoming.domain import SOURCES, URGENCIES
from plugins.referrals.queries import triage_queue

CITY = "helsinki"
TIMELINE_EVENTS = 1000  # events of the case whose page is measured
PER_SAVE = 100  # its contacts saved per transaction
WAITING_REFERRALS = 40  # referrals in waiting in the city's triage queue (the demo adds two more)
DECIDED_REFERRALS = 20  # and referrals already declined, listed below the queue
MANIFEST_NAMES = ("manifest.json", "bench-manifest.json")


@dataclass(frozen=True)
class Targets:
    """What the load phases ask for and as whom: the city, its demo worker and coordinator, the long case."""

    city: str
    worker: str
    coordinator: str
    password: str
    long_case: str
    long_case_events: int
    waiting_referrals: int
    cases: int  # rows in the case list, every city
    city_cases: int
    events: int  # records in the log


# -- building ---------------------------------------------------------------------
def build(folder: Path, database_url: str | None, cases: int, timeline_events: int = TIMELINE_EVENTS, progress=None,
          echo=print, budget: float | None = None) -> Targets:
    """Make an instance folder as `exitfi init --demo` does, on `database_url` if given, and fill it (the bulk
    load stops early, at the next transaction, once it has taken `budget` seconds)."""
    init_instance(folder, echo=lambda message: None)
    if database_url:
        config = folder / CONFIG_NAME
        text = config.read_text(encoding="utf-8").replace('database_url = "sqlite:///exitfi.sqlite"',
                                                          f"database_url = {json.dumps(database_url)}")
        config.write_text(text, encoding="utf-8")
    instance = open_instance(folder, load_settings(folder))  # development: the migrations bring the schema up
    try:
        store = instance.store
        load_demo(instance, echo=lambda message: None)
        loaded = load_cases(store, cases, budget=budget, progress=progress).loaded
        echo(f"  {loaded:,} cases loaded; now a case with {timeline_events:,} events and the triage queue")
        long_case = add_long_case(store, CITY, timeline_events)
        add_referrals(store, CITY, WAITING_REFERRALS, DECIDED_REFERRALS)
        analyze(store)
        return describe(store, long_case, demo_password())
    finally:
        instance.close()


def add_long_case(store, city: str, events: int) -> str:
    """A case of the city's demo worker with `events` events: opened, assigned, then contacts (one in ten missed)."""
    worker = demo_actors(city)["worker"]
    case = make_case(city, 10**6, worker.user_id)
    with store.acting(demo_actors(city)["coordinator"]):
        store.save(case)
    first_day, done = finnish_today() - timedelta(days=events), case.version
    while done < events:
        for k in range(done, min(done + PER_SAVE, events)):
            day = first_day + timedelta(days=k)
            if k % 10 == 0:
                case.record_meeting(held_on=day, mode=MEETING_MODES[k % len(MEETING_MODES)], minutes=None,
                                    workers=[worker.user_id], attended=False,
                                    missed_reason=MISSED_REASONS[k % len(MISSED_REASONS)], staff={worker.user_id})
            else:
                case.record_meeting(held_on=day, mode=MEETING_MODES[k % len(MEETING_MODES)], minutes=30 + k % 60,
                                    note=f"Contact {k}: went through the week, work and the plan.",
                                    workers=[worker.user_id], staff={worker.user_id})
        with store.acting(worker):
            store.save(case)
        done = case.version
    return case.id.hex


def add_referrals(store, city: str, waiting: int, decided: int) -> None:
    """Referrals in, received through the referrals service; the last `decided` of them declined."""
    worker, coordinator = demo_actors(city)["worker"], demo_actors(city)["coordinator"]
    today = finnish_today()
    for n in range(waiting + decided):
        referral = incoming.receive_referral(
            store, worker, city, SOURCES[n % len(SOURCES)], f"Referred Person {n}",
            f"Concern {n}: talks of joining a violent group.", URGENCIES[n % len(URGENCIES)], True, n % 3 != 0,
            f"Referrer {n}, +358 40 000 {n:04d}", organisation=f"Organisation {n % 7}",
            received_on=today - timedelta(days=n % 60))
        if n >= waiting:
            incoming.decline_referral(store, coordinator, referral, "Not for exit work; told where to turn.")


# -- reading an instance ----------------------------------------------------------
def describe(store, long_case: str, password: str) -> Targets:
    """The targets of an instance, checked against its database: the long case and the two demo accounts."""
    from core.auth.service import find_account
    with store.reading() as session:
        row = session.execute(sqlalchemy.select(case_list.c.city, case_list.c.worker_id, case_list.c.version)
                              .where(case_list.c.case_id == long_case)).first()
        if row is None:
            raise BenchError(f"the case list has no case {long_case}")
        city_cases = session.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(case_list)
                                     .where(case_list.c.city == row.city)).scalar_one()
    coordinator = f"coordinator.{row.city}"
    for username in (row.worker_id, coordinator):
        if find_account(store, username=username) is None:
            raise BenchError(f"the instance has no account {username} to sign in with")
    sizes = counts(store)
    return Targets(row.city, row.worker_id, coordinator, password, long_case, row.version,
                   len(triage_queue(store, row.city)), sizes["cases"], city_cases, sizes["log"])


def targets_of(folder: Path) -> Targets:
    """The targets of an instance generated elsewhere: the long case from its manifest where it names one, else the
    case with the most events; its worker and its city's demo coordinator, with the manifest's or the demo password."""
    manifest = read_manifest(folder)
    instance = open_instance(folder)
    try:
        long_case = manifest.get("long_case") or manifest.get("timeline_case") or longest_case(instance.store)
        return describe(instance.store, long_case, manifest.get("password") or demo_password())
    finally:
        instance.close()


def read_manifest(folder: Path) -> dict:
    for name in MANIFEST_NAMES:
        if (folder / name).exists():
            found = json.loads((folder / name).read_text(encoding="utf-8"))
            return found if isinstance(found, dict) else {}
    return {}


def longest_case(store) -> str:
    with store.reading() as session:
        found = session.execute(sqlalchemy.select(case_list.c.case_id)
                                .order_by(case_list.c.version.desc()).limit(1)).scalar_one_or_none()
    if found is None:
        raise BenchError("the instance has no cases")
    return found


def as_dict(targets: Targets) -> dict:
    return {k: v for k, v in asdict(targets).items() if k != "password"}
